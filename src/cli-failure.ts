import { ConfigError } from './config';
import { PrerequisiteError } from './graph/embedded-neo4j';
import { StoreConflictError } from './graph/store-marker';
import { BulkLoadRefused } from './seed/load-seeds';
import { SeedValidationError } from './seed/read-seeds';
import { PortInUseError } from './server/listen';

/**
 * How `npm start`, `npm run seed` and `npm run export` report a failure: a known, actionable one (bad settings, a
 * missing tool, a port or store another process owns, invalid seeds, a refused bulk load) by its message alone, which says
 * what to fix; anything else (a bug) with its stack, for a bug report.
 */
export function describeCliFailure(command: string, error: unknown): string {
  const known =
    error instanceof ConfigError ||
    error instanceof PrerequisiteError ||
    error instanceof StoreConflictError ||
    error instanceof PortInUseError ||
    error instanceof SeedValidationError ||
    error instanceof BulkLoadRefused;
  if (known) return `${command}: ${error.message}`;
  return `${command}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

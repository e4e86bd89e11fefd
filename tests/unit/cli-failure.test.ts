import { describeCliFailure } from '../../src/cli-failure';
import { ConfigError } from '../../src/config';
import { PrerequisiteError } from '../../src/graph/embedded-neo4j';
import { StoreConflictError } from '../../src/graph/store-marker';
import { BulkLoadRefused } from '../../src/seed/load-seeds';
import { SeedValidationError } from '../../src/seed/read-seeds';
import { PortInUseError } from '../../src/server/listen';

describe('how the command-line tools report a failure', () => {
  it.each([
    ['a bad setting', new ConfigError(['PORT: expected a number'])],
    ['a missing tool', new PrerequisiteError('Java 17 was not found: install a JDK')],
    ["another checkout's store on the port", new StoreConflictError('Port 7687 is in use by the Neo4j of another store')],
    ['a taken port', new PortInUseError('Port 4000 is already in use: stop the other process or set PORT to a free port.')],
    ['invalid seeds', new SeedValidationError([{ file: 'sources.yaml', path: 'sources[0]', message: 'bad' }])],
    ['a refused bulk load', new BulkLoadRefused('the graph is not empty')],
  ])('gives %s by its message alone, with no stack', (_what, error) => {
    const line = describeCliFailure('seed', error);
    expect(line).toBe(`seed: ${error.message}`);
    expect(line).not.toContain('    at ');
  });

  it('gives anything else (a bug) with its stack, for a bug report', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const line = describeCliFailure('pubgraph', bug);
    expect(line.startsWith('pubgraph: failed: TypeError: cannot read properties of undefined')).toBe(true);
    expect(line).toContain('    at ');
  });

  it('prints a thrown non-error value as it is', () => {
    expect(describeCliFailure('export', 'disk full')).toBe('export: failed: disk full');
  });
});

import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Programs the tests unpack from registry packages (Chromium, redis-server). They live under node_modules/ beside
 * the packages they come from: ignored by git, and `npm ci` clears both together so a stale copy cannot outlive
 * its package.
 */
export const TOOL_CACHE = path.resolve(__dirname, '../../node_modules/.cache/pubgraph-test-tools');

/**
 * `<TOOL_CACHE>/<name>`, built first when absent. `build` fills a private scratch directory (it is told the final
 * path too, for files that must name it) that is then renamed into place, so neither an interrupted run nor two
 * runs racing (a developer's and CI's) can leave or use a half-written tool.
 */
export async function cachedTool(name: string, build: (scratchDir: string, finalDir: string) => Promise<void>): Promise<string> {
  const finalDir = path.join(TOOL_CACHE, name);
  if (existsSync(finalDir)) return finalDir;
  mkdirSync(TOOL_CACHE, { recursive: true });
  const scratchDir = mkdtempSync(path.join(TOOL_CACHE, `${name}.partial-`));
  try {
    await build(scratchDir, finalDir);
    chmodSync(scratchDir, 0o755); // mkdtemp makes it private; the tool inside is not
    try {
      renameSync(scratchDir, finalDir);
    } catch (error) {
      // Another run finished first: its copy is built from the same package, so use it.
      if (!existsSync(finalDir)) throw error;
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  return finalDir;
}

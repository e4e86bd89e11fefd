import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCliFailure } from '../cli-failure';
import { loadConfig } from '../config';
import { openGraph } from '../graph/connect';
import { exportSeeds } from './export-seeds';

/**
 * `npm run export [-- --out <dir> | --in-place]`: writes the graph (with every edit made through the curation
 * API) back in graph-seeds/ form. Default: a new temporary directory, printed at the end, to diff against
 * graph-seeds/; `--in-place` overwrites SEED_DIR so the curated files stay the source of truth.
 */
/** A mistyped command line: reported by its message alone (it says how to call the command), with no stack. */
class UsageError extends Error {}

const USAGE = 'usage: npm run export [-- --out <dir> | --in-place]';

function parseArgs(argv: string[], seedDir: string): string {
  // An unknown flag is refused rather than ignored: a mistyped --in-place must not quietly export elsewhere.
  const unknown = argv.filter((arg, i) => arg !== '--in-place' && arg !== '--out' && argv[i - 1] !== '--out');
  if (unknown.length) throw new UsageError(`unknown argument ${unknown.map((a) => `"${a}"`).join(', ')}: ${USAGE}`);
  const at = argv.indexOf('--out');
  if (argv.includes('--in-place')) {
    if (at >= 0) throw new UsageError(`--out and --in-place exclude each other: ${USAGE}`);
    return seedDir;
  }
  if (at >= 0) {
    const dir = argv[at + 1];
    if (!dir || dir.startsWith('--')) throw new UsageError('--out needs a directory: npm run export -- --out ./exported-seeds');
    return path.resolve(dir);
  }
  return mkdtempSync(path.join(os.tmpdir(), 'pubgraph-export-'));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const dir = parseArgs(process.argv.slice(2), config.seed.dir);
  const graph = await openGraph(config, (line) => console.error(line));
  try {
    const started = performance.now();
    const { catalogue, written, unchanged, removed } = await exportSeeds(graph.executor, dir, { sourceFilesFrom: config.seed.dir });
    console.log(
      `exported ${catalogue.publications.length} publications from ${graph.description} to ${dir} in ${Math.round(performance.now() - started)} ms: ` +
        `${written} files written, ${unchanged} unchanged, ${removed} removed`,
    );
    if (dir !== config.seed.dir) console.log(`compare: diff -r ${path.relative(process.cwd(), config.seed.dir) || '.'} ${dir}`);
  } finally {
    await graph.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `export: ${error.message}` : describeCliFailure('export', error));
  process.exit(1);
});

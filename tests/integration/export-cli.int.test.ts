import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GraphConnection } from '../../src/graph/connect';
import { readSeeds } from '../../src/seed/read-seeds';
import { connectTestGraph, realCatalogue, seedRealCatalogue, testConfig } from '../support/graph';
import { SeedCopy } from '../support/seed-fixtures';

/**
 * `npm run export` (`tsx src/curation/export-cli.ts`) as a real process over the run's test Neo4j, seeded with
 * graph-seeds/: the command line, not only exportSeeds (int/curation-roundtrip covers that). --in-place writes to
 * SEED_DIR, so it is only ever pointed at a throw-away copy of graph-seeds/, never at the repository's.
 */

const ROOT = path.resolve(__dirname, '../..');

let graph: GraphConnection;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
});
afterEach(() => {
  for (const remove of cleanup.splice(0)) remove();
});
afterAll(() => graph.close());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runExport(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const { neo4j } = testConfig();
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, LOG_LEVEL: 'silent', ...extraEnv };
  if (!extraEnv.SEED_DIR) delete env.SEED_DIR;
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'src/curation/export-cli.ts', ...args], { cwd: ROOT, env, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-export-cli-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('npm run export, the command line', () => {
  it('--out <dir> writes the seeded graph to that directory, which reads back equal to graph-seeds/', async () => {
    const out = path.join(tempDir(), 'exported');
    const run = await runExport(['--out', out]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`exported 58 publications`);
    expect(run.stdout).toContain(` to ${out} `);
    expect(readdirSync(path.join(out, 'publications'))).toHaveLength(58);
    const exported = await readSeeds(out);
    const expected = await realCatalogue();
    expect(exported.publications.map((p) => p.id).sort()).toEqual(expected.publications.map((p) => p.id).sort());
    expect(exported).toEqual(expected);
  }, 120_000);

  it('--in-place overwrites SEED_DIR with the graph: an edited copy of graph-seeds/ is written back to what the graph holds', async () => {
    const copy = new SeedCopy();
    cleanup.push(() => copy.remove());
    const [file] = readdirSync(path.join(copy.dir, 'publications'));
    copy.edit(`publications/${file}`, (doc) => (doc.title = 'A title the graph does not have'));
    expect((await readSeeds(copy.dir)).publications.map((p) => p.title)).toContain('A title the graph does not have');
    const run = await runExport(['--in-place'], { SEED_DIR: copy.dir });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`exported 58 publications from ${graph.description} to ${copy.dir} in `);
    expect(run.stdout).not.toContain('compare: diff -r'); // in place there is nothing to compare against
    expect(await readSeeds(copy.dir)).toEqual(await realCatalogue());
    // graph-seeds/ is hand-formatted, so the first export restyles its files; from then on the files are the
    // export's own and an unchanged graph touches none of them.
    const again = await runExport(['--in-place'], { SEED_DIR: copy.dir });
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toMatch(/: 0 files written, \d+ unchanged, 0 removed\n/);
  }, 120_000);

  it('refuses an unknown flag, a directory-less --out and --out with --in-place, each with a message and exit status 1, writing nothing', async () => {
    const copy = new SeedCopy();
    cleanup.push(() => copy.remove());
    copy.edit(`publications/${readdirSync(path.join(copy.dir, 'publications'))[0]}`, (doc) => (doc.title = 'Must stay as the test wrote it'));
    const cases: [string[], RegExp][] = [
      [['--in-plaec'], /^export: unknown argument "--in-plaec": usage: npm run export \[-- --out <dir> \| --in-place\]$/],
      [['--out'], /^export: --out needs a directory: npm run export -- --out \.\/exported-seeds$/],
      [['--out', tempDir(), '--in-place'], /^export: --out and --in-place exclude each other: usage: npm run export/],
    ];
    for (const [args, message] of cases) {
      const run = await runExport(args, { SEED_DIR: copy.dir });
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(run.stderr.trim()).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a usage mistake is not a crash: no stack trace
    }
    expect((await readSeeds(copy.dir)).publications.map((p) => p.title)).toContain('Must stay as the test wrote it');
  }, 180_000);
});

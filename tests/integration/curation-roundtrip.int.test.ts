import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSeeds } from '../../src/curation/export-seeds';
import type { GraphConnection } from '../../src/graph/connect';
import { loadSeeds } from '../../src/seed/load-seeds';
import { readSeeds } from '../../src/seed/read-seeds';
import { graphFingerprint } from '../support/fingerprint';
import { connectTestGraph, realCatalogue, seedRealCatalogue, wipeGraph } from '../support/graph';

/** The export is the inverse of the seed loader: graph-seeds/ -> graph -> files -> graph changes nothing. */
describe('exporting the graph back to graph-seeds/ form', () => {
  let graph: GraphConnection;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-export-test-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    graph = await connectTestGraph();
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await graph.close();
  });

  it('an export of the freshly seeded graph reads back as the same catalogue, and reloads into an empty graph as the same graph', async () => {
    await seedRealCatalogue(graph);
    const seeded = await graphFingerprint(graph, { withoutWriteTimes: true });
    const dir = tempDir();
    await exportSeeds(graph.executor, dir);

    expect(await readSeeds(dir)).toEqual(await realCatalogue());

    await wipeGraph(graph);
    await loadSeeds(graph.executor, await readSeeds(dir));
    expect(await graphFingerprint(graph, { withoutWriteTimes: true })).toBe(seeded);
  });

  it('exporting an unchanged graph twice gives byte-identical files', async () => {
    await seedRealCatalogue(graph);
    const [first, second] = [tempDir(), tempDir()];
    await exportSeeds(graph.executor, first);
    const again = await exportSeeds(graph.executor, second);
    const files = (dir: string) =>
      ['sources.yaml', ...readdirSync(path.join(dir, 'vocabularies')).map((f) => `vocabularies/${f}`), ...readdirSync(path.join(dir, 'publications')).map((f) => `publications/${f}`)]
        .sort()
        .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]);
    expect(files(second)).toEqual(files(first));
    expect(again.written).toBe(files(first).length);
    // Re-exporting into the same directory rewrites nothing.
    expect((await exportSeeds(graph.executor, first)).written).toBe(0);
  });
});

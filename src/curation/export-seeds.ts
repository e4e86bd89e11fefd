import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphExecutor } from '../graph/executor';
import { readSeeds } from '../seed/read-seeds';
import type { SeedCatalogue } from '../seed/schema';
import { readCatalogueFromGraph } from './graph-to-seeds.cypher';
import { writeCatalogue } from './write-seeds';

/** The graph in graph-seeds/ form, read in one read transaction (one consistent state). */
export function exportCatalogue(executor: GraphExecutor): Promise<SeedCatalogue> {
  return executor.transaction('read', 'export catalogue', (tx) => readCatalogueFromGraph(tx), 5 * 60_000);
}

/**
 * Exports the graph into `dir`. The files are first written to a scratch directory and validated with the seed
 * reader (schema and cross-references), so an export that the loader would refuse never reaches `dir` (which
 * may be graph-seeds/ itself).
 */
export async function exportSeeds(executor: GraphExecutor, dir: string): Promise<{ catalogue: SeedCatalogue; written: number; unchanged: number; removed: number }> {
  const catalogue = await exportCatalogue(executor);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'pubgraph-export-check-'));
  try {
    await writeCatalogue(catalogue, scratch);
    await readSeeds(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { catalogue, ...(await writeCatalogue(catalogue, dir)) };
}

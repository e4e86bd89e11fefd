import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphExecutor } from '../graph/executor';
import { projectRoot } from '../config/project-root';
import { readSeeds, SOURCE_FILES_DIR } from '../seed/read-seeds';
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
 * may be graph-seeds/ itself). The catalogue files that sources.yaml cites are not in the graph: they are copied
 * from `sourceFilesFrom` (a seed directory, graph-seeds/ by default), as the reader requires them beside the seeds.
 */
export async function exportSeeds(
  executor: GraphExecutor,
  dir: string,
  options: { sourceFilesFrom?: string } = {},
): Promise<{ catalogue: SeedCatalogue; written: number; unchanged: number; removed: number }> {
  const catalogue = await exportCatalogue(executor);
  const from = path.resolve(options.sourceFilesFrom ?? path.join(projectRoot(), 'graph-seeds'));
  const copySourceFiles = async (target: string) => {
    if (path.resolve(target) === from) return;
    await mkdir(path.join(target, SOURCE_FILES_DIR), { recursive: true });
    for (const source of catalogue.sources) await copyFile(path.join(from, SOURCE_FILES_DIR, source.file), path.join(target, SOURCE_FILES_DIR, source.file));
  };
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'pubgraph-export-check-'));
  try {
    await writeCatalogue(catalogue, scratch);
    await copySourceFiles(scratch);
    await readSeeds(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const result = await writeCatalogue(catalogue, dir);
  await copySourceFiles(dir);
  return { catalogue, ...result };
}

import { cypher, type GraphExecutor } from '../graph/executor';
import { REL } from '../model';
import { computeRelatedIndex, FEATURE_KINDS, type FeatureKind, type RelatedIndexRules, type RelatedSnapshot, type SnapshotPublication } from './related-index';
import { FEATURE_LINKS, RELATION_TYPES } from './related.cypher';
import { refreshTextNeighbours } from './text-neighbours.cypher';
import { CAP_CEILING, CAP_FLOOR, CAP_SHARE, complementaryKinds, NEIGHBOUR_SHARE, RELATED_INDEX_SIZE } from './related.rules';
import type { RelatedWeightsValue } from './related.model';

/**
 * Reads the snapshot the related index is computed from, and writes the index back as `relatedIds` on each
 * publication. Labels and relationship types come from the allowlists in related.cypher.ts.
 */

const SNAPSHOT_PUBLICATIONS = cypher<Omit<SnapshotPublication, 'features'> & { features: Record<FeatureKind, string[]> }>(
  'related index snapshot publications',
  `MATCH (p:Publication)
   RETURN p.id AS id, p.sortTitle AS sortTitle, p.kind AS kind,
          head([(p)-[a:${REL.ABOUT} {primary: true}]->(t:Topic) | t.id]) AS primaryTopic,
          coalesce(p.textNeighbourIds, []) AS textNeighbourIds, coalesce(p.textSimilarities, []) AS textSimilarities,
          { ${FEATURE_LINKS.map((l) => `${l.kind}: [(p)-[:${l.types}]->(n:${l.label}) | n.id]`).join(', ')} } AS features,
          [(p)-[:${RELATION_TYPES}]->(c:Publication) | c.id] AS relatesTo,
          [(p)-[:${REL.EDITION_OF}]->(e:Publication) | e.id] AS editionOf`,
);
const SNAPSHOT_DEGREES = cypher<{ kind: FeatureKind; id: string; df: number }>(
  'related index snapshot degrees',
  FEATURE_LINKS.map((l) => `MATCH (n:${l.label}) RETURN '${l.kind}' AS kind, n.id AS id, coalesce(n.publicationCount, 0) AS df`).join(' UNION ALL '),
);
const SNAPSHOT_BROADER = cypher<{ narrower: string; broader: string }>(
  'related index snapshot broader',
  `MATCH (a:Topic)-[:${REL.BROADER}]->(b:Topic) RETURN a.id AS narrower, b.id AS broader`,
);
const SNAPSHOT_TIME = cypher<{ at: number }>('related index snapshot time', 'RETURN timestamp() AS at');

/**
 * Writes one batch. A publication edited after the snapshot (its `relatedStaleSince` is later) keeps no index
 * entry: it scores live until the next refresh, which the edit scheduled.
 */
const WRITE_INDEX = cypher<{ written: number }>(
  'related index write',
  `UNWIND $rows AS row
   MATCH (p:Publication {id: row.id})
   WHERE coalesce(p.relatedStaleSince, 0) <= $snapshotAt
   SET p.relatedIds = row.ids
   REMOVE p.relatedStaleSince
   RETURN count(p) AS written`,
);
const UNINDEXED = cypher<{ count: number }>('related index missing', 'MATCH (p:Publication) WHERE p.relatedIds IS NULL RETURN count(p) AS count');

export interface RefreshSummary {
  publications: number;
  written: number;
  readMs: number;
  computeMs: number;
  writeMs: number;
}

const WRITE_BATCH = 5_000;
const SNAPSHOT_TIMEOUT_MS = 600_000;

export function indexRules(weights: RelatedWeightsValue): RelatedIndexRules {
  return { weights, capFloor: CAP_FLOOR, capShare: CAP_SHARE, capCeiling: CAP_CEILING, neighbourShare: NEIGHBOUR_SHARE, size: RELATED_INDEX_SIZE, complementaryKinds };
}

/** Reads a consistent snapshot (one read transaction). */
export async function readRelatedSnapshot(executor: GraphExecutor): Promise<RelatedSnapshot & { at: number }> {
  return executor.transaction(
    'read',
    'related index snapshot',
    async (tx) => {
      const [time] = await tx.run(SNAPSHOT_TIME);
      const publications = await tx.run(SNAPSHOT_PUBLICATIONS);
      const degrees = Object.fromEntries(FEATURE_KINDS.map((k) => [k, new Map<string, number>()])) as RelatedSnapshot['degrees'];
      for (const row of await tx.run(SNAPSHOT_DEGREES)) degrees[row.kind].set(row.id, row.df);
      const broader = (await tx.run(SNAPSHOT_BROADER)).map((r): [string, string] => [r.narrower, r.broader]);
      return { at: time!.at, publications, degrees, broader };
    },
    SNAPSHOT_TIMEOUT_MS,
  );
}

/** Recomputes the whole index from the graph as it is now and writes it in batches of WRITE_BATCH. */
export async function refreshRelatedIndex(executor: GraphExecutor, weights: RelatedWeightsValue): Promise<RefreshSummary> {
  const t0 = performance.now();
  // Edited wording counts from here on; the snapshot below reads the text neighbours just written.
  await refreshTextNeighbours(executor);
  const snapshot = await readRelatedSnapshot(executor);
  const t1 = performance.now();
  const index = computeRelatedIndex(snapshot, indexRules(weights));
  const t2 = performance.now();
  const written = await writeRelatedIndex(executor, index, snapshot.at);
  const t3 = performance.now();
  return { publications: snapshot.publications.length, written, readMs: Math.round(t1 - t0), computeMs: Math.round(t2 - t1), writeMs: Math.round(t3 - t2) };
}

/**
 * Writes an index computed from the snapshot taken at `snapshotAt` (Neo4j's clock), in transactions of
 * WRITE_BATCH publications; returns how many publications it set. Publications edited since are skipped.
 */
export async function writeRelatedIndex(executor: GraphExecutor, index: ReadonlyMap<string, string[]>, snapshotAt: number): Promise<number> {
  const rows = [...index].map(([id, ids]) => ({ id, ids }));
  let written = 0;
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const [row] = await executor.transaction('write', 'related index write', (tx) => tx.run(WRITE_INDEX, { rows: rows.slice(i, i + WRITE_BATCH), snapshotAt }), SNAPSHOT_TIMEOUT_MS);
    written += row?.written ?? 0;
  }
  return written;
}

/** How many publications the index does not cover (new, edited, or never computed). */
export async function countUnindexed(executor: GraphExecutor): Promise<number> {
  const [row] = await executor.read(UNINDEXED);
  return row?.count ?? 0;
}

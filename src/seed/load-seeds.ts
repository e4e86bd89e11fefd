import { cypher, type CypherQuery, type GraphExecutor, type GraphTransaction, type UpdateCounts } from '../graph/executor';
import { refreshTextNeighbours } from '../recommendations/text-neighbours.cypher';
import { ensureGraphSchema, type NodeLabel } from '../graph/graph-schema';
import { RELATIONSHIPS, type RelationshipType, VOCABULARY_RELATIONSHIP_TYPES } from '../model';
import type { ProgrammeSeed, PublicationSeed, SeedCatalogue } from './schema';
import { inferenceProps, labelProps, PUBLICATION_DEGREE_LABELS, PUBLICATION_RELATIONSHIPS, publicationNodeProps, storePublicationDegree, topicTextOf } from './stored-form';

/**
 * Writes a validated catalogue into Neo4j so that the graph equals the seed: nodes and relationships are
 * MERGEd by stable id (loading twice changes nothing), and what the seed no longer holds is removed. The whole
 * load is ONE write transaction: a failure at any point (including the caller's progress callback throwing)
 * rolls everything back and leaves the graph exactly as it was.
 */

const BATCH_SIZE = 1000;

export interface LoadProgress {
  step: string;
  done: number;
  total: number;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Transaction time budget; large synthetic catalogues need more than the default request budget. */
  timeoutMs?: number;
  /**
   * Initial import of a large catalogue into an EMPTY graph: each batch commits on its own, so the transaction
   * state never holds the whole catalogue (one transaction for a million publications needs more heap than this
   * machine has). A failure deletes what was written, so the graph is again as it was: empty. Refused on a graph
   * that holds publications (use the normal, one-transaction load there).
   */
  bulk?: boolean;
}

export class BulkLoadRefused extends Error {
  override readonly name = 'BulkLoadRefused';
}

export interface LoadSummary extends UpdateCounts {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  ms: number;
}

type Row = Record<string, unknown>;

export interface NodeSpec {
  label: NodeLabel;
  rows: { id: string; props: Row }[];
}
export interface RelationshipSpec {
  type: string;
  from: NodeLabel;
  to: NodeLabel;
  /** Every source node of `from` label owned by this spec (so stale relationships of a node with none left are removed). */
  owners: string[];
  rows: { from: string; to: string; props: Row }[];
}

// A publication's updatedAt (epoch ms) is its OAI-PMH datestamp (src/oai/): seeding stamps a record it creates or
// whose stored fields it changes, and keeps the stamp of one it writes unchanged (so a re-seed is idempotent and
// harvesters re-collect only what changed); the curation API stamps the one it edits (src/curation/curation.cypher.ts).
const PUBLICATION_STAMP = `WITH n, row, n.updatedAt AS stamped,
       all(k IN keys(row.props) WHERE n[k] = row.props[k] OR (n[k] IS NULL AND row.props[k] IS NULL)) AS unchanged
     SET n = row.props, n.updatedAt = CASE WHEN stamped IS NOT NULL AND unchanged THEN stamped ELSE timestamp() END`;
const upsertNodes = (label: NodeLabel) =>
  cypher(
    `seed upsert ${label}`,
    `UNWIND $rows AS row MERGE (n:${label} {id: row.id}) ${label === 'Publication' ? PUBLICATION_STAMP : 'SET n = row.props'}`,
  );
const deleteStaleNodes = (label: NodeLabel) =>
  cypher(`seed prune ${label}`, `MATCH (n:${label}) WHERE NOT n.id IN $ids DETACH DELETE n`);
export const upsertRelationships = (spec: Pick<RelationshipSpec, 'type' | 'from' | 'to'>) =>
  cypher(
    `seed link ${spec.type}`,
    `UNWIND $rows AS row
     MATCH (a:${spec.from} {id: row.from})
     MATCH (b:${spec.to} {id: row.to})
     MERGE (a)-[r:${spec.type}]->(b)
     SET r = row.props`,
  );
const deleteStaleRelationships = (spec: Pick<RelationshipSpec, 'type' | 'from' | 'to'>) =>
  cypher(
    `seed unlink ${spec.type}`,
    `UNWIND $rows AS row
     MATCH (a:${spec.from} {id: row.from})-[r:${spec.type}]->(b:${spec.to})
     WHERE NOT b.id IN row.to
     DELETE r`,
  );
const countNodes = cypher<{ label: string; count: number }>(
  'seed count nodes',
  'MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label',
);
const countRelationships = cypher<{ type: string; count: number }>(
  'seed count relationships',
  'MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type',
);
const publicationCount = cypher<{ count: number }>('graph publication count', 'MATCH (p:Publication) RETURN count(p) AS count');

const anyNode = cypher<{ any: boolean }>('seed any node', 'RETURN EXISTS { MATCH (n) } AS any');
const deleteSomeNodes = cypher<{ deleted: number }>('seed wipe batch', 'MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted');

/** Deletes every node, ten thousand per transaction (a failed bulk load's way back to the empty graph). */
async function wipeGraph(executor: GraphExecutor): Promise<void> {
  for (;;) {
    const [row] = await executor.write(deleteSomeNodes);
    if ((row?.deleted ?? 0) === 0) return;
  }
}

export async function isGraphEmpty(executor: GraphExecutor): Promise<boolean> {
  const [row] = await executor.read(publicationCount);
  return (row?.count ?? 0) === 0;
}

export async function countGraph(executor: GraphExecutor): Promise<Pick<LoadSummary, 'nodes' | 'relationships'>> {
  const [nodes, relationships] = await Promise.all([executor.read(countNodes), executor.read(countRelationships)]);
  return {
    nodes: Object.fromEntries(nodes.map((r) => [r.label, r.count])),
    relationships: Object.fromEntries(relationships.map((r) => [r.type, r.count])),
  };
}

export async function loadSeeds(executor: GraphExecutor, catalogue: SeedCatalogue, options: LoadOptions = {}): Promise<LoadSummary> {
  const started = performance.now();
  await ensureGraphSchema(executor);
  const nodeSpecs = buildNodeSpecs(catalogue);
  const relationshipSpecs = buildRelationshipSpecs(catalogue);

  const totals: UpdateCounts = { nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0, propertiesSet: 0 };
  const add = (c: UpdateCounts) => {
    for (const key of Object.keys(totals) as (keyof UpdateCounts)[]) totals[key] += c[key];
  };

  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const load = async (tx: GraphTransaction, prune: boolean) => {
    for (const key of Object.keys(totals) as (keyof UpdateCounts)[]) totals[key] = 0; // a retried attempt starts over
    for (const spec of nodeSpecs) {
      await inBatches(tx, upsertNodes(spec.label), spec.rows, `nodes ${spec.label}`, options, add);
      if (prune) add(await tx.update(deleteStaleNodes(spec.label), { ids: spec.rows.map((r) => r.id) }));
    }
    for (const spec of relationshipSpecs) {
      if (prune) {
        const targets = new Map<string, string[]>(spec.owners.map((o) => [o, []]));
        for (const row of spec.rows) targets.get(row.from)?.push(row.to);
        const ownerRows = [...targets].map(([from, to]) => ({ from, to }));
        await inBatches(tx, deleteStaleRelationships(spec), ownerRows, `prune ${spec.type}`, options, add);
      }
      await inBatches(tx, upsertRelationships(spec), spec.rows, `relationships ${spec.type}`, options, add);
    }
    for (const label of PUBLICATION_DEGREE_LABELS) await tx.update(storePublicationDegree(label));
  };

  if (options.bulk) {
    const [held] = await executor.read(anyNode);
    if (held?.any) throw new BulkLoadRefused('A bulk load needs an empty graph (it commits batch by batch and, on failure, deletes everything); this one holds nodes. Use the normal load.');
    // Every statement is its own transaction; on an empty graph nothing is stale, so nothing is pruned.
    const perStatement: GraphTransaction = {
      run: (query, params) => executor.transaction('write', query.name, (tx) => tx.run(query, params), timeoutMs),
      update: (query, params) => executor.transaction('write', query.name, (tx) => tx.update(query, params), timeoutMs),
    };
    try {
      await load(perStatement, false);
    } catch (error) {
      await wipeGraph(executor);
      throw error;
    }
  } else {
    await executor.transaction('write', 'seed load', (tx) => load(tx, true), timeoutMs);
  }

  // Text neighbours depend on the whole catalogue's wording: computed once it is all stored.
  await refreshTextNeighbours(executor);
  const counts = await countGraph(executor);
  return { ...totals, ...counts, ms: Math.round(performance.now() - started) };
}

async function inBatches(
  tx: GraphTransaction,
  query: CypherQuery<unknown>,
  rows: unknown[],
  step: string,
  options: LoadOptions,
  add: (c: UpdateCounts) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    add(await tx.update(query, { rows: rows.slice(i, i + BATCH_SIZE) }));
    options.onProgress?.({ step, done: Math.min(i + BATCH_SIZE, rows.length), total: rows.length });
  }
}

export function buildNodeSpecs(c: SeedCatalogue): NodeSpec[] {
  const topicText = new Map(c.topics.map((t) => [t.id, topicTextOf(labelProps(t.label, t.synonyms))]));
  const languageNames = new Map<string, string>();
  for (const p of c.publications) for (const l of p.languages) if (l.name && !languageNames.has(l.code)) languageNames.set(l.code, l.name);

  return [
    {
      label: 'Source',
      rows: c.sources.map((s, seedOrder) => ({
        id: s.id,
        // Notes in a parallel list ('' = none): Neo4j lists hold no maps or nulls.
        props: { id: s.id, file: s.file, description: s.description, unassignedLinks: s.unassignedLinks.map((l) => l.url), unassignedLinkNotes: s.unassignedLinks.map((l) => l.note ?? ''), seedOrder },
      })),
    },
    { label: 'Language', rows: [...languageNames].map(([code, name]) => ({ id: code, props: { id: code, name } })) },
    // seedOrder: the position in the vocabulary file, so an export writes the file back in the curator's order.
    { label: 'Topic', rows: c.topics.map((t, seedOrder) => ({ id: t.id, props: { id: t.id, name: t.label.en, description: t.description ?? null, ...labelProps(t.label, t.synonyms), seedOrder } })) },
    { label: 'Audience', rows: c.audiences.map((a, seedOrder) => ({ id: a.id, props: { id: a.id, name: a.label.en, description: a.description ?? null, ...labelProps(a.label, a.synonyms), seedOrder } })) },
    {
      label: 'Place',
      rows: c.places.map((p, seedOrder) => ({
        id: p.id,
        props: { id: p.id, name: p.name, type: p.type, iso2: p.iso2 ?? null, ...(p.label ? labelProps(p.label, { en: [], es: [], fr: [] }) : { labelText: p.name }), seedOrder },
      })),
    },
    {
      label: 'Organisation',
      rows: c.organisations.map((o, seedOrder) => ({ id: o.id, props: { id: o.id, name: o.name, acronym: o.acronym ?? null, type: o.type, labelText: [o.name, o.acronym].filter(Boolean).join(' | '), seedOrder } })),
    },
    {
      label: 'Programme',
      rows: c.programmes.map((p, seedOrder) => ({
        id: p.id,
        props: {
          id: p.id,
          name: p.name,
          nameIsDescriptive: p.nameIsDescriptive,
          acronym: p.acronym ?? null,
          kind: p.kind,
          description: p.description ?? null,
          links: p.links,
          evidence: JSON.stringify(p.sources),
          labelText: [p.name, p.acronym].filter(Boolean).join(' | '),
          seedOrder,
        },
      })),
    },
    { label: 'Series', rows: c.series.map((s, seedOrder) => ({ id: s.id, props: { id: s.id, title: s.title, titleIsDescriptive: s.titleIsDescriptive, evidence: JSON.stringify(s.sources), seedOrder } })) },
    { label: 'Publication', rows: c.publications.map((p) => ({ id: p.id, props: publicationNodeProps(p, topicText) })) },
  ];
}

export function buildRelationshipSpecs(c: SeedCatalogue): RelationshipSpec[] {
  const pubIds = c.publications.map((p) => p.id);
  // Pairs come owner by owner in list order, so a running count per owner is the list position (`order`).
  const simple = (type: string, from: NodeLabel, to: NodeLabel, owners: string[], pairs: [string, string, Row?][]): RelationshipSpec => {
    const positions = new Map<string, number>();
    return {
      type,
      from,
      to,
      owners,
      rows: pairs.map(([f, t, props]) => {
        const order = positions.get(f) ?? 0;
        positions.set(f, order + 1);
        return { from: f, to: t, props: props ?? { order } };
      }),
    };
  };
  const perPublication = (type: string, to: NodeLabel, pick: (p: PublicationSeed) => [string, Row?][]) =>
    simple(type, 'Publication', to, pubIds, c.publications.flatMap((p) => pick(p).map(([t, props]): [string, string, Row?] => [p.id, t, props])));

  // Vocabulary facts are listed on the `from` record under the model's seedField (topics[].broader, programmes[].places ...).
  const records: Partial<Record<NodeLabel, { id: string }[]>> = { Topic: c.topics, Place: c.places, Organisation: c.organisations, Programme: c.programmes };
  const vocabulary = (type: RelationshipType): RelationshipSpec => {
    const { from, to, seedField } = RELATIONSHIPS[type];
    const owners = records[from];
    if (!owners) throw new Error(`The graph model lists ${type} on ${from} records, which the seed loader does not read: add ${from} to \`records\` in buildRelationshipSpecs.`);
    // Programme facts may be inferences (programmes[].inferences); the hierarchies are the vocabulary's own structure.
    const targets = (o: { id: string }) =>
      ((o as unknown as Record<string, string[] | undefined>)[seedField] ?? []).map((b, order): [string, string, Row?] => [
        o.id,
        b,
        from === 'Programme' ? { order, ...inferenceProps(o as ProgrammeSeed, seedField, b, type) } : undefined,
      ]);
    return simple(type, from, to, owners.map((o) => o.id), owners.flatMap(targets));
  };

  return [
    ...VOCABULARY_RELATIONSHIP_TYPES.map(vocabulary),
    ...PUBLICATION_RELATIONSHIPS.map(({ type, to, pick }) => perPublication(type, to, pick)),
  ];
}

import { cypher, type CypherQuery, type GraphExecutor, type GraphTransaction, type UpdateCounts } from '../graph/executor';
import { ensureGraphSchema, type NodeLabel } from '../graph/graph-schema';
import type { PublicationSeed, SeedCatalogue } from './schema';

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

const upsertNodes = (label: NodeLabel) =>
  cypher(`seed upsert ${label}`, `UNWIND $rows AS row MERGE (n:${label} {id: row.id}) SET n = row.props`);
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
/** How many publications each vocabulary node is attached to: the document frequency that specificity
 *  weighting (a rare topic counts more than a broad one) and fan-out bounds read without counting at query time. */
const PUBLICATION_DEGREE_RELATIONSHIPS: Record<string, string> = {
  Topic: 'ABOUT',
  Audience: 'FOR_AUDIENCE',
  Place: 'COVERS',
  Organisation: 'PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY',
  Programme: 'UNDER_PROGRAMME',
  Series: 'IN_SERIES',
  Language: 'AVAILABLE_IN',
};
export const PUBLICATION_DEGREE_LABELS = Object.keys(PUBLICATION_DEGREE_RELATIONSHIPS);
const storePublicationDegree = (label: string, types: string) =>
  cypher(`seed degree ${label}`, `MATCH (n:${label}) SET n.publicationCount = COUNT { (n)<-[:${types}]-(:Publication) }`);
/** The same degree, for only the vocabulary nodes one edit touched (the curation API). */
export const storePublicationDegreeOf = (label: string) =>
  cypher(
    `curation degree ${label}`,
    `MATCH (n:${label}) WHERE n.id IN $ids SET n.publicationCount = COUNT { (n)<-[:${PUBLICATION_DEGREE_RELATIONSHIPS[label]}]-(:Publication) }`,
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
    for (const [label, types] of Object.entries(PUBLICATION_DEGREE_RELATIONSHIPS)) {
      await tx.update(storePublicationDegree(label, types));
    }
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

/** Lower-cased, accent-free title for ordering; untitled (snippet-only) records sort last. */
export function sortTitle(p: Pick<PublicationSeed, 'title' | 'summary' | 'id'>): string {
  const basis = p.title ?? `\uffff${p.summary ?? p.id}`;
  return basis.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/^(the|a|an|la|le|les|el|los|las)\s+/, '');
}

/** ISBNs and E-ISBNs without hyphens or spaces, so `publication(isbn:)` matches however it is written. */
export function isbnKey(isbn: string): string {
  return isbn.replace(/[^0-9Xx]/g, '').toUpperCase();
}

export function labelProps(label: { en: string; es?: string; fr?: string }, synonyms: { en: string[]; es: string[]; fr: string[] }): Row {
  return {
    labelEn: label.en,
    labelEs: label.es ?? null,
    labelFr: label.fr ?? null,
    synonymsEn: synonyms.en,
    synonymsEs: synonyms.es,
    synonymsFr: synonyms.fr,
    labelText: [label.en, label.es, label.fr, ...synonyms.en, ...synonyms.es, ...synonyms.fr].filter(Boolean).join(' | '),
  };
}

/** The properties of a Publication node, derived fields included (sort key, ISBN keys, full-text topic labels);
 *  `topicText` maps a topic id to its `labelText`. Shared with the curation API so an edited publication is
 *  stored exactly like a loaded one. */
export function publicationNodeProps(p: PublicationSeed, topicText: ReadonlyMap<string, string>): Row {
  // editor:<name> provenance has no Source node to link to; it is kept on the node with its place in `sources`.
  const editorSources = p.sources.map((s, index) => ({ index, ...s })).filter((s) => s.source.startsWith('editor:'));
  return {
    id: p.id,
    title: p.title,
    sortTitle: sortTitle(p),
    alternativeTitles: p.alternativeTitles,
    alternativeTitlesText: p.alternativeTitles.join(' | '),
    kind: p.kind,
    year: p.year ?? null,
    pages: p.pages ?? null,
    isbn: p.isbn ?? null,
    eisbn: p.eisbn ?? null,
    isbnKeys: [p.isbn, p.eisbn].filter((v): v is string => !!v).map(isbnKey),
    summary: p.summary ?? null,
    summaryTruncated: p.summaryTruncated,
    authors: p.authors,
    categories: p.categories,
    links: p.links,
    incomplete: p.incomplete,
    missing: p.missing,
    notes: p.notes ?? null,
    conflicts: JSON.stringify(p.conflicts),
    editorSources: editorSources.length > 0 ? JSON.stringify(editorSources) : null,
    topicText: p.topics.map((t) => topicText.get(t)).filter(Boolean).join(' | '),
  };
}

/** A publication's outgoing relationships, by type and target label, each row with its list position (`order`)
 *  so the seed file can be written back in the curator's order. */
export const PUBLICATION_RELATIONSHIPS: { type: string; to: NodeLabel; pick: (p: PublicationSeed) => [string, Row][] }[] = [
  { type: 'ABOUT', to: 'Topic', pick: (p) => p.topics.map((t, order) => [t, { primary: t === p.primaryTopic, order }]) },
  { type: 'FOR_AUDIENCE', to: 'Audience', pick: (p) => p.audiences.map((a, order) => [a, { order }]) },
  { type: 'COVERS', to: 'Place', pick: (p) => p.places.map((pl, order) => [pl, { order }]) },
  { type: 'PUBLISHED_BY', to: 'Organisation', pick: (p) => p.publishers.map((o, order) => [o, { order }]) },
  { type: 'IN_PARTNERSHIP_WITH', to: 'Organisation', pick: (p) => p.partners.map((o, order) => [o, { order }]) },
  { type: 'FUNDED_BY', to: 'Organisation', pick: (p) => p.funders.map((o, order) => [o, { order }]) },
  { type: 'UNDER_PROGRAMME', to: 'Programme', pick: (p) => p.programmes.map((o, order) => [o, { order }]) },
  { type: 'IN_SERIES', to: 'Series', pick: (p) => p.series.map((s, order) => [s.id, { position: s.position ?? null, order }]) },
  { type: 'AVAILABLE_IN', to: 'Language', pick: (p) => p.languages.map((l, order) => [l.code, { nameAsListed: l.name ?? null, pdf: l.pdf ?? null, order }]) },
  {
    type: 'LISTED_IN',
    to: 'Source',
    pick: (p) =>
      p.sources.flatMap((s, order): [string, Row][] => (s.source.startsWith('editor:') ? [] : [[s.source, { titleAsListed: s.titleAsListed ?? null, fields: s.fields, order }]])),
  },
  ...(['COMPLEMENTS', 'PART_OF', 'ANNEX_OF', 'MODULE_OF', 'INFORMED_BY', 'EDITION_OF'] as const).map((type) => ({
    type,
    to: 'Publication' as NodeLabel,
    pick: (p: PublicationSeed) =>
      p.relations.flatMap((r, order): [string, Row][] => (r.type === type ? [[r.target, { evidence: r.evidence, source: r.source, order }]] : [])),
  })),
];

export function buildNodeSpecs(c: SeedCatalogue): NodeSpec[] {
  const topicText = new Map(c.topics.map((t) => [t.id, labelProps(t.label, t.synonyms).labelText as string]));
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

  return [
    simple('BROADER', 'Topic', 'Topic', c.topics.map((t) => t.id), c.topics.flatMap((t) => t.broader.map((b): [string, string] => [t.id, b]))),
    simple('WITHIN', 'Place', 'Place', c.places.map((p) => p.id), c.places.flatMap((p) => p.partOf.map((b): [string, string] => [p.id, b]))),
    simple('PART_OF_ORGANISATION', 'Organisation', 'Organisation', c.organisations.map((o) => o.id), c.organisations.flatMap((o) => o.partOf.map((b): [string, string] => [o.id, b]))),
    simple('OPERATES_IN', 'Programme', 'Place', c.programmes.map((p) => p.id), c.programmes.flatMap((p) => p.places.map((b): [string, string] => [p.id, b]))),
    simple('RUN_BY', 'Programme', 'Organisation', c.programmes.map((p) => p.id), c.programmes.flatMap((p) => p.organisations.map((b): [string, string] => [p.id, b]))),
    simple('ADDRESSES', 'Programme', 'Topic', c.programmes.map((p) => p.id), c.programmes.flatMap((p) => p.topics.map((b): [string, string] => [p.id, b]))),
    ...PUBLICATION_RELATIONSHIPS.map(({ type, to, pick }) => perPublication(type, to, pick)),
  ];
}

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
}

export interface LoadSummary extends UpdateCounts {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  ms: number;
}

type Row = Record<string, unknown>;

interface NodeSpec {
  label: NodeLabel;
  rows: { id: string; props: Row }[];
}
interface RelationshipSpec {
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
const upsertRelationships = (spec: Pick<RelationshipSpec, 'type' | 'from' | 'to'>) =>
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
const storePublicationDegree = (label: string, types: string) =>
  cypher(`seed degree ${label}`, `MATCH (n:${label}) SET n.publicationCount = COUNT { (n)<-[:${types}]-(:Publication) }`);

const countNodes = cypher<{ label: string; count: number }>(
  'seed count nodes',
  'MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label',
);
const countRelationships = cypher<{ type: string; count: number }>(
  'seed count relationships',
  'MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type',
);
const publicationCount = cypher<{ count: number }>('graph publication count', 'MATCH (p:Publication) RETURN count(p) AS count');

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

  await executor.transaction(
    'write',
    'seed load',
    async (tx) => {
      for (const key of Object.keys(totals) as (keyof UpdateCounts)[]) totals[key] = 0; // a retried attempt starts over
      for (const spec of nodeSpecs) {
        await inBatches(tx, upsertNodes(spec.label), spec.rows, `nodes ${spec.label}`, options, add);
        add(await tx.update(deleteStaleNodes(spec.label), { ids: spec.rows.map((r) => r.id) }));
      }
      for (const spec of relationshipSpecs) {
        const targets = new Map<string, string[]>(spec.owners.map((o) => [o, []]));
        for (const row of spec.rows) targets.get(row.from)?.push(row.to);
        const ownerRows = [...targets].map(([from, to]) => ({ from, to }));
        await inBatches(tx, deleteStaleRelationships(spec), ownerRows, `prune ${spec.type}`, options, add);
        await inBatches(tx, upsertRelationships(spec), spec.rows, `relationships ${spec.type}`, options, add);
      }
      for (const [label, types] of Object.entries(PUBLICATION_DEGREE_RELATIONSHIPS)) {
        await tx.update(storePublicationDegree(label, types));
      }
    },
    options.timeoutMs ?? 30 * 60_000,
  );

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

function labelProps(label: { en: string; es?: string; fr?: string }, synonyms: { en: string[]; es: string[]; fr: string[] }): Row {
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

function buildNodeSpecs(c: SeedCatalogue): NodeSpec[] {
  const topicText = new Map(c.topics.map((t) => [t.id, labelProps(t.label, t.synonyms).labelText as string]));
  const languageNames = new Map<string, string>();
  for (const p of c.publications) for (const l of p.languages) if (l.name && !languageNames.has(l.code)) languageNames.set(l.code, l.name);

  return [
    { label: 'Source', rows: c.sources.map((s) => ({ id: s.id, props: { id: s.id, file: s.file, description: s.description, unassignedLinks: s.unassignedLinks.map((l) => l.url) } })) },
    { label: 'Language', rows: [...languageNames].map(([code, name]) => ({ id: code, props: { id: code, name } })) },
    { label: 'Topic', rows: c.topics.map((t) => ({ id: t.id, props: { id: t.id, name: t.label.en, description: t.description ?? null, ...labelProps(t.label, t.synonyms) } })) },
    { label: 'Audience', rows: c.audiences.map((a) => ({ id: a.id, props: { id: a.id, name: a.label.en, description: a.description ?? null, ...labelProps(a.label, a.synonyms) } })) },
    {
      label: 'Place',
      rows: c.places.map((p) => ({
        id: p.id,
        props: { id: p.id, name: p.name, type: p.type, iso2: p.iso2 ?? null, ...(p.label ? labelProps(p.label, { en: [], es: [], fr: [] }) : { labelText: p.name }) },
      })),
    },
    { label: 'Organisation', rows: c.organisations.map((o) => ({ id: o.id, props: { id: o.id, name: o.name, acronym: o.acronym ?? null, type: o.type, labelText: [o.name, o.acronym].filter(Boolean).join(' | ') } })) },
    {
      label: 'Programme',
      rows: c.programmes.map((p) => ({
        id: p.id,
        props: { id: p.id, name: p.name, acronym: p.acronym ?? null, kind: p.kind, description: p.description ?? null, evidence: JSON.stringify(p.sources), labelText: [p.name, p.acronym].filter(Boolean).join(' | ') },
      })),
    },
    { label: 'Series', rows: c.series.map((s) => ({ id: s.id, props: { id: s.id, title: s.title, titleIsDescriptive: s.titleIsDescriptive, evidence: JSON.stringify(s.sources) } })) },
    {
      label: 'Publication',
      rows: c.publications.map((p) => ({
        id: p.id,
        props: {
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
          conflicts: JSON.stringify(p.conflicts),
          topicText: p.topics.map((t) => topicText.get(t)).filter(Boolean).join(' | '),
        },
      })),
    },
  ];
}

function buildRelationshipSpecs(c: SeedCatalogue): RelationshipSpec[] {
  const pubIds = c.publications.map((p) => p.id);
  const simple = (type: string, from: NodeLabel, to: NodeLabel, owners: string[], pairs: [string, string, Row?][]): RelationshipSpec => ({
    type,
    from,
    to,
    owners,
    rows: pairs.map(([f, t, props]) => ({ from: f, to: t, props: props ?? {} })),
  });
  const perPublication = (type: string, to: NodeLabel, pick: (p: PublicationSeed) => [string, Row?][]) =>
    simple(type, 'Publication', to, pubIds, c.publications.flatMap((p) => pick(p).map(([t, props]): [string, string, Row?] => [p.id, t, props])));

  const relationTypes = ['COMPLEMENTS', 'PART_OF', 'ANNEX_OF', 'MODULE_OF', 'INFORMED_BY', 'EDITION_OF'] as const;
  return [
    simple('BROADER', 'Topic', 'Topic', c.topics.map((t) => t.id), c.topics.flatMap((t) => t.broader.map((b): [string, string] => [t.id, b]))),
    simple('WITHIN', 'Place', 'Place', c.places.map((p) => p.id), c.places.flatMap((p) => p.partOf.map((b): [string, string] => [p.id, b]))),
    simple('PART_OF_ORGANISATION', 'Organisation', 'Organisation', c.organisations.map((o) => o.id), c.organisations.flatMap((o) => o.partOf.map((b): [string, string] => [o.id, b]))),
    simple('OPERATES_IN', 'Programme', 'Place', c.programmes.map((p) => p.id), c.programmes.flatMap((p) => p.places.map((b): [string, string] => [p.id, b]))),
    simple('RUN_BY', 'Programme', 'Organisation', c.programmes.map((p) => p.id), c.programmes.flatMap((p) => p.organisations.map((b): [string, string] => [p.id, b]))),
    simple('ADDRESSES', 'Programme', 'Topic', c.programmes.map((p) => p.id), c.programmes.flatMap((p) => p.topics.map((b): [string, string] => [p.id, b]))),
    perPublication('ABOUT', 'Topic', (p) => p.topics.map((t) => [t, { primary: t === p.primaryTopic }])),
    perPublication('FOR_AUDIENCE', 'Audience', (p) => p.audiences.map((a) => [a])),
    perPublication('COVERS', 'Place', (p) => p.places.map((pl) => [pl])),
    perPublication('PUBLISHED_BY', 'Organisation', (p) => p.publishers.map((o) => [o])),
    perPublication('IN_PARTNERSHIP_WITH', 'Organisation', (p) => p.partners.map((o) => [o])),
    perPublication('FUNDED_BY', 'Organisation', (p) => p.funders.map((o) => [o])),
    perPublication('UNDER_PROGRAMME', 'Programme', (p) => p.programmes.map((o) => [o])),
    perPublication('IN_SERIES', 'Series', (p) => p.series.map((s) => [s.id, { position: s.position ?? null }])),
    perPublication('AVAILABLE_IN', 'Language', (p) => p.languages.map((l, i) => [l.code, { nameAsListed: l.name ?? null, pdf: l.pdf ?? null, order: i }])),
    perPublication('LISTED_IN', 'Source', (p) => p.sources.map((s) => [s.source, { titleAsListed: s.titleAsListed ?? null, fields: s.fields }])),
    ...relationTypes.map((type) =>
      perPublication(type, 'Publication', (p) => p.relations.filter((r) => r.type === type).map((r) => [r.target, { evidence: r.evidence, source: r.source }])),
    ),
  ];
}

import { cypher, type GraphExecutor } from '../graph/executor';
import { REL, upwards } from '../model';

/**
 * What OAI-PMH disseminates: each publication's header (slug, datestamp, sets) and its Dublin Core facts, read in
 * slug order after a cursor. Every request value is a parameter; relationship types come from the model.
 * The datestamp is `updatedAt` (epoch ms), written by seeding and by every curation edit.
 */

export interface OaiSelection {
  /** Inclusive bounds on updatedAt, epoch ms; null for none. */
  from: number | null;
  until: number | null;
  /** A kind (set kind:<kind>) or a topic slug (set topic:<slug>, with its narrower topics); null for all. */
  kind: string | null;
  topic: string | null;
}

export interface OaiRecord {
  id: string;
  updatedAt: number;
  title: string | null;
  summary: string | null;
  kind: string;
  year: number | null;
  pages: number | null;
  isbn: string | null;
  eisbn: string | null;
  authors: string[];
  links: string[];
  publishers: string[];
  contributors: string[];
  subjects: string[];
  languages: string[];
  places: string[];
  /** Topics the record is filed under, its own and every broader one (its topic sets). */
  topicSets: string[];
}

const SELECTED = `($from IS NULL OR p.updatedAt >= $from) AND ($until IS NULL OR p.updatedAt <= $until)
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($topic IS NULL OR EXISTS { MATCH (p)-[:${REL.ABOUT}]->(:Topic)${upwards('Topic')}(:Topic {id: $topic}) })`;

const RECORD = `p { .id, .updatedAt, .title, .summary, .kind, .year, .pages, .isbn, .eisbn,
  authors: coalesce(p.authors, []), links: coalesce(p.links, []),
  publishers: [(p)-[r:${REL.PUBLISHED_BY}]->(o:Organisation) | o.name],
  contributors: [(p)-[:${REL.IN_PARTNERSHIP_WITH}|${REL.FUNDED_BY}]->(o:Organisation) | o.name],
  subjects: [(p)-[:${REL.ABOUT}]->(t:Topic) | t.name],
  languages: [(p)-[:${REL.AVAILABLE_IN}]->(l:Language) | l.id],
  places: [(p)-[:${REL.COVERS}]->(pl:Place) | pl.name],
  topicSets: COLLECT { MATCH (p)-[:${REL.ABOUT}]->(:Topic)${upwards('Topic')}(t:Topic) RETURN DISTINCT t.id } }`;

export const OAI_RECORD_PAGE = cypher<{ record: OaiRecord }>(
  'oaiRecordPage',
  `MATCH (p:Publication) WHERE ($after IS NULL OR p.id > $after) AND ${SELECTED}
   WITH p ORDER BY p.id LIMIT $limit
   RETURN ${RECORD} AS record`,
);

export const OAI_RECORD_COUNT = cypher<{ count: number }>('oaiRecordCount', `MATCH (p:Publication) WHERE ${SELECTED} RETURN count(p) AS count`);

export const OAI_RECORD_BY_ID = cypher<{ record: OaiRecord }>('oaiRecordById', `MATCH (p:Publication {id: $id}) RETURN ${RECORD} AS record`);

export const OAI_EARLIEST = cypher<{ earliest: number | null }>('oaiEarliestDatestamp', 'MATCH (p:Publication) RETURN min(p.updatedAt) AS earliest');

export const OAI_SETS = cypher<{ topics: { id: string; name: string }[]; kinds: string[] }>(
  'oaiSets',
  `RETURN COLLECT { MATCH (t:Topic) RETURN t { .id, .name } ORDER BY t.id } AS topics,
          COLLECT { MATCH (p:Publication) RETURN DISTINCT p.kind AS kind ORDER BY kind } AS kinds`,
);

const sel = (s: OaiSelection) => ({ from: s.from, until: s.until, kind: s.kind, topic: s.topic });

export async function findOaiRecords(graph: GraphExecutor, selection: OaiSelection, after: string | null, limit: number): Promise<OaiRecord[]> {
  const rows = await graph.read(OAI_RECORD_PAGE, { ...sel(selection), after, limit });
  return rows.map((r) => r.record);
}

export async function countOaiRecords(graph: GraphExecutor, selection: OaiSelection): Promise<number> {
  const [row] = await graph.read(OAI_RECORD_COUNT, sel(selection));
  return row?.count ?? 0;
}

export async function findOaiRecord(graph: GraphExecutor, id: string): Promise<OaiRecord | null> {
  const [row] = await graph.read(OAI_RECORD_BY_ID, { id });
  return row?.record ?? null;
}

export async function findEarliestDatestamp(graph: GraphExecutor): Promise<number | null> {
  const [row] = await graph.read(OAI_EARLIEST, {});
  return row?.earliest ?? null;
}

export async function findOaiSets(graph: GraphExecutor): Promise<{ topics: { id: string; name: string }[]; kinds: string[] }> {
  const [row] = await graph.read(OAI_SETS, {});
  return row ?? { topics: [], kinds: [] };
}

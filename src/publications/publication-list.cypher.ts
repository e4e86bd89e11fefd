import { badInput } from '../errors';
import { isNodeType, LABELS, PUBLICATION_FILTER_FIELDS, publicationLinks, type PublicationField } from '../model';
import { cypher, type CypherQuery, type GraphExecutor } from '../graph/executor';
import { present } from '../node/enum-values';
import { type CompiledFilter, joinParts } from './publication-filter';
import { PUBLICATION_FIELDS, PUBLICATION_RELATIONS, type PublicationRelationName, type PublicationRow, toFoldedRelations, toPublication } from './publication.cypher';
import type { FacetsRecord, PublicationPage } from './publication.model';

/**
 * Filtered, sorted, keyset-paginated publication lists, their counts and facets. The Cypher is assembled only
 * from the fixed fragments in this file and the compiled filter (whose values are parameters).
 */

export type SortName = 'RELEVANCE' | 'TITLE' | 'YEAR_DESC' | 'YEAR_ASC';

/**
 * The publications a list is drawn from: a Cypher fragment binding `p` (and, for full-text search, `score`),
 * with its parameters. Lists, counts and facets of the same set share it.
 */
export interface PublicationSet {
  match: string;
  params: Record<string, unknown>;
  /** True when the fragment binds `score` (full-text search), enabling RELEVANCE order. */
  scored: boolean;
}

/**
 * The publications every filter accepts. The first conjunct that has an anchor (the entity page's own
 * constraint comes first, then a filter's topics, audiences, places, organisations, programmes) drives the
 * match from the vocabulary side; the other conjuncts are tested on what it binds.
 */
export function filteredSet(...filters: CompiledFilter[]): PublicationSet {
  const parts = filters.flatMap((f) => f.parts);
  const params = Object.assign({}, ...filters.map((f) => f.params)) as Record<string, unknown>;
  const driver = parts.find((p) => p.anchor !== undefined);
  const rest = joinParts(parts.filter((p) => p !== driver));
  return { match: driver ? `${driver.anchor} WHERE ${rest}` : `MATCH (p:Publication) WHERE ${rest}`, params, scored: false };
}

/**
 * An entity page's publications: the entity's own constraint AND the caller's filter, compiled separately (with
 * their own parameter prefixes) so the caller's filter keeps its nesting budget and its error paths; the
 * entity's constraint anchors the list.
 */
export function constrainedSet(own: CompiledFilter, theirs: CompiledFilter): PublicationSet {
  return filteredSet(own, theirs);
}

/** Full-text matches of a Lucene query (built by src/search/lucene.ts) that also pass the filter. */
export function searchSet(index: string, lucene: string, filter: CompiledFilter): PublicationSet {
  return {
    match: `CALL db.index.fulltext.queryNodes($fulltextIndex, $lucene) YIELD node AS p, score WHERE ${filter.predicate}`,
    params: { ...filter.params, fulltextIndex: index, lucene },
    scored: true,
  };
}

interface SortKey {
  expression: string;
  descending: boolean;
}

/** Unknown years sort last in both directions; title then id break ties so the order is total. */
const SORTS: Record<SortName, SortKey[]> = {
  RELEVANCE: [
    { expression: 'score', descending: true },
    { expression: 'p.id', descending: false },
  ],
  TITLE: [
    { expression: 'p.sortTitle', descending: false },
    { expression: 'p.id', descending: false },
  ],
  YEAR_DESC: [
    { expression: 'coalesce(p.year, -1)', descending: true },
    { expression: 'p.sortTitle', descending: false },
    { expression: 'p.id', descending: false },
  ],
  YEAR_ASC: [
    { expression: 'coalesce(p.year, 100000)', descending: false },
    { expression: 'p.sortTitle', descending: false },
    { expression: 'p.id', descending: false },
  ],
};

type SortValue = string | number;

export interface ListCursor {
  sort: SortName;
  values: SortValue[];
}

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.values }), 'utf8').toString('base64url');
}

/** Decodes a cursor of this list for this sort, or throws BAD_USER_INPUT. */
export function decodeListCursor(text: string, sort: SortName): ListCursor {
  const bad = () => badInput('"after" is not a cursor of this list: pass the endCursor of a page fetched with the same sort.', 'after', { value: text.slice(0, 80) });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const { s, k } = (value ?? {}) as { s?: unknown; k?: unknown };
  const keys = SORTS[sort];
  if (s !== sort || !Array.isArray(k) || k.length !== keys.length || !k.every((v) => typeof v === 'string' || typeof v === 'number')) throw bad();
  return { sort, values: k as SortValue[] };
}

/** (k1, k2, ...) strictly after the cursor's values in the sort's order, as a predicate over parameters. */
function keysetPredicate(keys: SortKey[], param: (value: unknown) => string, values: SortValue[]): string {
  const alternatives = keys.map((key, i) => {
    const equalPrefix = keys.slice(0, i).map((k, j) => `${k.expression} = $${param(values[j])}`);
    const beyond = `${key.expression} ${key.descending ? '<' : '>'} $${param(values[i])}`;
    return [...equalPrefix, beyond].join(' AND ');
  });
  return `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
}

export interface ListOptions {
  set: PublicationSet;
  sort: SortName;
  first: number;
  after?: ListCursor;
  /** Relations to fetch with each publication of the page, for the loaders (see PUBLICATION_RELATIONS). */
  fold?: readonly PublicationRelationName[];
  /** Also count the whole set (what countPublicationList answers), in the same round-trip. */
  count?: boolean;
}

type ListRow = { publication: PublicationRow; sortKey: SortValue[]; score: number | null; relations: Record<string, unknown[]> };

/** A list query as the database receives it, with what reading its rows needs (the effective sort and fold). */
export interface PublicationListQuery {
  query: CypherQuery<{ rows: ListRow[]; total: number | null }>;
  params: Record<string, unknown>;
  sort: SortName;
  fold: PublicationRelationName[];
  count: boolean;
}

/**
 * A page of the set in one round-trip, with what the caller asked to come with it: the relations to fold into
 * each publication and the count of the whole set. The page is collected into a single row so an empty page
 * still carries its count; the count is its own subquery over the set without the cursor. Pure: the TCK tests
 * (tests/tck) show its Cypher.
 */
export function buildPublicationListQuery(options: ListOptions): PublicationListQuery {
  const { set, first, after } = options;
  // Relevance needs a score: without a search it falls back to title order.
  const sort = options.sort === 'RELEVANCE' && !set.scored ? 'TITLE' : options.sort;
  if (after && after.sort !== sort) throw badInput('"after" belongs to a list in another order.', 'after');
  const keys = SORTS[sort];
  const fold = [...new Set(options.fold ?? [])];
  const count = options.count === true;
  const params: Record<string, unknown> = { ...set.params, limit: first + 1 };
  let counter = 0;
  const param = (value: unknown) => {
    const name = `k${counter++}`;
    params[name] = value;
    return name;
  };
  // The sort expressions stay on `p` (not a computed list) so the planner can use the sortTitle index order.
  // The query name stays one of a few (sort, counted, folded) because it labels metrics.
  const query = cypher<{ rows: ListRow[]; total: number | null }>(
    `publicationList ${sort}${count ? ' counted' : ''}${fold.length > 0 ? ' folded' : ''}`,
    `${count ? `CALL () { ${set.match} RETURN count(p) AS total }` : ''}
     CALL () {
       ${set.match}${after ? ` AND ${keysetPredicate(keys, param, after.values)}` : ''}
       WITH p, ${set.scored ? 'score' : 'null AS score'}
       ORDER BY ${keys.map((k) => `${k.expression}${k.descending ? ' DESC' : ''}`).join(', ')}
       LIMIT $limit
       RETURN collect({
         publication: p { ${PUBLICATION_FIELDS} },
         sortKey: [${keys.map((k) => k.expression).join(', ')}],
         score: score,
         relations: { ${fold.map((name) => `${name}: ${PUBLICATION_RELATIONS[name].items}`).join(', ')} }
       }) AS rows
     }
     RETURN rows, ${count ? 'total' : 'null AS total'}`,
  );
  return { query, params, sort, fold, count };
}

export async function findPublicationList(graph: GraphExecutor, options: ListOptions): Promise<PublicationPage> {
  const { set, first, after } = options;
  const { query, params, sort, fold, count } = buildPublicationListQuery(options);
  const [result] = await graph.read(query, params);
  const rows = result?.rows ?? [];
  const page = rows.slice(0, first);
  return {
    publications: page.map((r) => toPublication(r.publication)),
    cursors: page.map((r) => encodeListCursor({ sort, values: r.sortKey })),
    scores: page.map((r) => r.score),
    folded: page.map((r) => toFoldedRelations(r.publication.id, r.relations, fold)),
    hasNextPage: rows.length > first,
    hasPreviousPage: after !== undefined,
    set,
    ...(count ? { totalCount: result?.total ?? 0 } : {}),
  };
}

export async function countPublicationList(graph: GraphExecutor, set: PublicationSet): Promise<number> {
  const [row] = await graph.read(cypher<{ count: number }>('publicationListCount', `${set.match} RETURN count(p) AS count`), set.params);
  return row?.count ?? 0;
}

/** Facets over vocabulary nodes: the relationship(s) from a publication and the label shown for a bucket. */
const facet = (field: PublicationField) => {
  const { label, pattern } = publicationLinks(field);
  return { pattern: `(p)-[:${pattern}]->(n:${label})`, label: `n.${LABELS[label].display[0]}`, type: isNodeType(label) ? label : null };
};
const LINKED_FACETS = Object.fromEntries(PUBLICATION_FILTER_FIELDS.map((field) => [field, facet(field)]));

/** Facets over publication properties. */
const PROPERTY_FACETS = {
  years: 'p.year',
  kinds: 'p.kind',
} as const;

type BucketRow = { value: string | number; label: string; count: number; nodeType: string | null };

/** Every facet of the filtered set, with a count of publications lacking the field, as one statement. */
export function buildPublicationFacetsQuery(set: PublicationSet, bucketLimit: number): { query: CypherQuery<Record<string, BucketRow[] | number>>; params: Record<string, unknown> } {
  const linked = Object.entries(LINKED_FACETS).map(
    ([name, f]) => `CALL (ps) {
       UNWIND ps AS p MATCH ${f.pattern}
       WITH n, count(DISTINCT p) AS c ORDER BY c DESC, n.id LIMIT $bucketLimit
       RETURN collect({ value: n.id, label: coalesce(${f.label}, n.id), count: c, nodeType: ${f.type ? `'${f.type}'` : 'null'} }) AS ${name}
     }
     CALL (ps) { UNWIND ps AS p WITH p WHERE NOT EXISTS { MATCH ${f.pattern} } RETURN count(p) AS ${name}Missing }`,
  );
  const properties = Object.entries(PROPERTY_FACETS).map(
    ([name, expression]) => `CALL (ps) {
       UNWIND ps AS p WITH ${expression} AS v, count(*) AS c WHERE v IS NOT NULL
       WITH v, c ORDER BY ${name === 'years' ? 'v DESC' : 'c DESC, v'} LIMIT $bucketLimit
       RETURN collect({ value: v, label: toString(v), count: c, nodeType: null }) AS ${name}
     }
     CALL (ps) { UNWIND ps AS p WITH p WHERE ${expression} IS NULL RETURN count(p) AS ${name}Missing }`,
  );
  const names = [...Object.keys(LINKED_FACETS), ...Object.keys(PROPERTY_FACETS)];
  const query = cypher<Record<string, BucketRow[] | number>>(
    'publicationFacets',
    `${set.match}
     WITH collect(p) AS ps
     ${[...linked, ...properties].join('\n')}
     RETURN size(ps) AS total, ${names.map((n) => `${n}, ${n}Missing`).join(', ')}`,
  );
  return { query, params: { ...set.params, bucketLimit } };
}

/** Every facet of the filtered set, with a count of publications lacking the field, in one round-trip. */
export async function findPublicationFacets(graph: GraphExecutor, set: PublicationSet, bucketLimit: number): Promise<FacetsRecord> {
  const { query, params } = buildPublicationFacetsQuery(set, bucketLimit);
  const [row] = await graph.read(query, params);
  // Kind buckets carry the PublicationKind value a client filters with (TRAINING_GUIDE, not training-guide).
  const group = (name: string) => ({
    buckets: ((row?.[name] as BucketRow[] | undefined) ?? []).map((b) =>
      name === 'kinds' ? { ...b, value: present(String(b.value)), label: String(b.value).replace(/-/g, ' ') } : { ...b, value: String(b.value) },
    ),
    missing: (row?.[`${name}Missing`] as number | undefined) ?? 0,
  });
  return {
    total: (row?.total as number | undefined) ?? 0,
    topics: group('topics'),
    audiences: group('audiences'),
    places: group('places'),
    organisations: group('organisations'),
    programmes: group('programmes'),
    languages: group('languages'),
    years: group('years'),
    kinds: group('kinds'),
  };
}

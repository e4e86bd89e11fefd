import Cypher from '@neo4j/cypher-builder';
import { badInput } from '../errors';
import { hierarchyOf, isNodeType, LABELS, PUBLICATION_FILTER_FIELDS, publicationLinks, type PublicationField } from '../model';
import { broaderOf, builtQuery, linkedUpwards, param, relTypes } from '../graph/built-query';
import type { CypherQuery, GraphExecutor } from '../graph/executor';
import { present } from '../node/enum-values';
import { missingReferences, type NodeReference, refuseMissing } from '../node/node-references.cypher';
import type { CompiledFilter } from './publication-filter';
import { PUBLICATION_FIELDS, PUBLICATION_RELATIONS, type PublicationRelationName, type PublicationRow, toFoldedRelations, toPublication } from './publication.cypher';
import type { FacetsRecord, PublicationPage } from './publication.model';

/**
 * Filtered, sorted, keyset-paginated publication lists, their counts and facets, built with
 * @neo4j/cypher-builder from the compiled filter's clauses and predicates (whose values are parameters).
 */

export type SortName = 'RELEVANCE' | 'TITLE' | 'YEAR_DESC' | 'YEAR_ASC';

/**
 * The publication variable of every list statement. Named `p` because the projections it shares with the
 * loaders' queries (PUBLICATION_FIELDS, PUBLICATION_RELATIONS) are fixed Cypher over `p`.
 */
const P = new Cypher.NamedNode('p');
/** The full-text score a search set binds beside `p`. */
const SCORE = new Cypher.NamedVariable('score');
/** The columns the list statement returns (ListRow). */
const ROWS = new Cypher.NamedVariable('rows');
const TOTAL = new Cypher.NamedVariable('total');
const MISSING = new Cypher.NamedVariable('missing');

/**
 * The publications a list is drawn from: clauses binding `p` (and, for full-text search, `score`) to the set's
 * members that also pass `also` (a page's cursor). Lists, counts and facets of the same set share it; each call
 * builds fresh clauses over the same variables and parameters.
 */
export interface PublicationSet {
  match: (also?: Cypher.Predicate) => Cypher.Clause;
  /** True when the clauses bind `score` (full-text search), enabling RELEVANCE order. */
  scored: boolean;
  /** The nodes the caller's filter names: the list statement refuses those the catalogue lacks. */
  references: readonly NodeReference[];
}

/** The fixed projection of a publication bound to `p`, shared with the loaders' queries. */
const publicationProjection = () => new Cypher.Raw(`p { ${PUBLICATION_FIELDS} }`);

/** Refuses a filter compiled over another variable (the related query's `c`): its tests would not see `p`. */
function requireOverP(filters: readonly CompiledFilter[]): void {
  const other = filters.find((f) => f.variable.name !== P.name);
  if (other) throw new Error(`A publication set is over \`${P.name}\`; this filter was compiled over \`${other.variable.name}\`.`);
}

/**
 * The publications every filter accepts. The first conjunct that has an anchor (the entity page's own
 * constraint comes first, then a filter's topics, audiences, places, organisations, programmes) drives the
 * match from the vocabulary side; the other conjuncts are tested on what it binds.
 */
export function filteredSet(...filters: CompiledFilter[]): PublicationSet {
  requireOverP(filters);
  const parts = filters.flatMap((f) => f.parts);
  const driver = parts.find((p) => p.anchor !== undefined);
  const rest = parts.filter((p) => p !== driver).map((p) => p.predicate);
  return {
    match: (also) => {
      const where = Cypher.and(...rest, also);
      if (driver?.anchor) return driver.anchor(where);
      const all = new Cypher.Match(new Cypher.Pattern(P, { labels: 'Publication' }));
      return where ? all.where(where) : all;
    },
    scored: false,
    references: filters.flatMap((f) => f.references),
  };
}

/**
 * An entity page's publications: the entity's own constraint AND the caller's filter, compiled separately (with
 * their own parameter prefixes) so the caller's filter keeps its nesting budget and its error paths; the
 * entity's constraint anchors the list.
 */
export function constrainedSet(own: CompiledFilter, theirs: CompiledFilter): PublicationSet {
  // The entity's own constraint names the entity the page is of: only the caller's references need checking.
  return { ...filteredSet(own, theirs), references: theirs.references };
}

interface SortKey {
  expression: Cypher.Expr;
  descending: boolean;
}

/** Unknown years sort last in both directions; title then id break ties so the order is total. */
const SORTS: Record<SortName, SortKey[]> = {
  RELEVANCE: [
    { expression: SCORE, descending: true },
    { expression: P.property('id'), descending: false },
  ],
  TITLE: [
    { expression: P.property('sortTitle'), descending: false },
    { expression: P.property('id'), descending: false },
  ],
  YEAR_DESC: [
    { expression: Cypher.coalesce(P.property('year'), new Cypher.Literal(-1)), descending: true },
    { expression: P.property('sortTitle'), descending: false },
    { expression: P.property('id'), descending: false },
  ],
  YEAR_ASC: [
    { expression: Cypher.coalesce(P.property('year'), new Cypher.Literal(100000)), descending: false },
    { expression: P.property('sortTitle'), descending: false },
    { expression: P.property('id'), descending: false },
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
function keysetPredicate(keys: SortKey[], values: SortValue[]): Cypher.Predicate {
  const cursor = values.map((value) => param(value, 'k'));
  const alternatives = keys.map((key, i) => {
    const equalPrefix = keys.slice(0, i).map((k, j) => Cypher.eq(k.expression, cursor[j]!));
    const beyond = key.descending ? Cypher.lt(key.expression, cursor[i]!) : Cypher.gt(key.expression, cursor[i]!);
    return Cypher.and(...equalPrefix, beyond);
  });
  return Cypher.or(...alternatives)!;
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
type ListResult = { rows: ListRow[]; total: number | null; missing?: { type: NodeReference['type']; id: string }[] };

/** A list query as the database receives it, with what reading its rows needs (the effective sort and fold). */
export interface PublicationListQuery {
  query: CypherQuery<ListResult>;
  params: Record<string, unknown>;
  sort: SortName;
  fold: PublicationRelationName[];
  count: boolean;
}

/**
 * A page of the set in one round-trip, with what the caller asked to come with it: the relations to fold into
 * each publication and the count of the whole set. The page is collected into a single row so an empty page
 * still carries its count; the count is its own subquery over the set without the cursor. When the filter names
 * nodes, a first subquery returns those the catalogue lacks (`missing`), so checking them costs no round-trip
 * of its own. Pure: the TCK tests (tests/tck) show its Cypher.
 */
export function buildPublicationListQuery(options: ListOptions): PublicationListQuery {
  const { set, first, after } = options;
  // Relevance needs a score: without a search it falls back to title order.
  const sort = options.sort === 'RELEVANCE' && !set.scored ? 'TITLE' : options.sort;
  if (after && after.sort !== sort) throw badInput('"after" belongs to a list in another order.', 'after');
  const keys = SORTS[sort];
  const fold = [...new Set(options.fold ?? [])];
  const count = options.count === true;
  // The sort expressions stay on `p` (not a computed list) so the planner can use the sortTitle index order.
  const page = new Cypher.Call(
    Cypher.utils.concat(
      set.match(after ? keysetPredicate(keys, after.values) : undefined),
      new Cypher.With(P, set.scored ? SCORE : [Cypher.Null, SCORE])
        .orderBy(...keys.map((k): [Cypher.Expr, Cypher.Order] => [k.expression, k.descending ? 'DESC' : 'ASC']))
        .limit(new Cypher.NamedParam('limit', first + 1))
        .return([
          Cypher.collect(
            new Cypher.Map({
              publication: publicationProjection(),
              sortKey: new Cypher.List(keys.map((k) => k.expression)),
              score: SCORE,
              relations: new Cypher.Map(Object.fromEntries(fold.map((name) => [name, new Cypher.Raw(PUBLICATION_RELATIONS[name].items)]))),
            }),
          ),
          ROWS,
        ]),
    ),
    [],
  );
  const checked = set.references.length > 0;
  const statement = Cypher.utils.concat(
    checked ? missingReferences(set.references, MISSING) : undefined,
    count ? new Cypher.Call(Cypher.utils.concat(set.match(), new Cypher.Return([Cypher.count(P), TOTAL])), []) : undefined,
    page,
    new Cypher.Return(ROWS, count ? TOTAL : [Cypher.Null, TOTAL], ...(checked ? [MISSING] : [])),
  );
  // The query name stays one of a few (sort, counted, folded) because it labels metrics.
  const { query, params } = builtQuery<ListResult>(`publicationList ${sort}${count ? ' counted' : ''}${fold.length > 0 ? ' folded' : ''}`, statement);
  return { query, params, sort, fold, count };
}

export async function findPublicationList(graph: GraphExecutor, options: ListOptions): Promise<PublicationPage> {
  const { set, first, after } = options;
  const { query, params, sort, fold, count } = buildPublicationListQuery(options);
  const [result] = await graph.read(query, params);
  refuseMissing(set.references, result?.missing);
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
  const { query, params } = builtQuery<{ count: number }>('publicationListCount', Cypher.utils.concat(set.match(), new Cypher.Return([Cypher.count(P), 'count'])));
  const [row] = await graph.read(query, params);
  return row?.count ?? 0;
}

/** Facets over vocabulary nodes: the relationship(s) from a publication, the label shown for a bucket, its node type. */
const facet = (field: PublicationField) => {
  const { label, types } = publicationLinks(field);
  return { types, label, display: LABELS[label].display[0], type: isNodeType(label) ? label : null };
};
const LINKED_FACETS = Object.fromEntries(PUBLICATION_FILTER_FIELDS.map((field) => [field, facet(field)]));

/** Facets over publication properties, with the order of their buckets. */
const PROPERTY_FACETS = {
  years: { property: 'year', byValue: true },
  kinds: { property: 'kind', byValue: false },
} as const;

type BucketRow = { value: string | number; label: string; count: number; nodeType: string | null; parents: string[] };

/** A bucket as BucketRow reads it. */
const bucket = (value: Cypher.Expr, label: Cypher.Expr, count: Cypher.Expr, nodeType: string | null, parents: Cypher.Expr = new Cypher.List([])) =>
  new Cypher.Map({ value, label, count, nodeType: nodeType ? new Cypher.Literal(nodeType) : Cypher.Null, parents });

/**
 * Every facet of the filtered set, with a count of publications lacking the field, as one statement. A facet over
 * a hierarchy (topics, places, organisations) counts a node's publications as a filter on it selects them: those
 * linked to it or to a node below it (the filter's own widening step, linkedUpwards), each publication once
 * (DISTINCT), so a bucket's count is the filtered total for its value; each bucket names its parents.
 */
export function buildPublicationFacetsQuery(set: PublicationSet, bucketLimit: number): { query: CypherQuery<Record<string, BucketRow[] | number>>; params: Record<string, unknown> } {
  const ps = new Cypher.NamedVariable('ps');
  const limit = new Cypher.NamedParam('bucketLimit', bucketLimit);
  /** `CALL (ps) { UNWIND ps AS p <rest> }`: a subquery over the collected set. */
  const overSet = (rest: (unwound: Cypher.Unwind) => Cypher.Clause) => new Cypher.Call(rest(new Cypher.Unwind([ps, P])), [ps]);
  const missing = (name: string, lacking: Cypher.Predicate) =>
    overSet((unwound) => unwound.with(P).where(lacking).return([Cypher.count(P), new Cypher.NamedVariable(`${name}Missing`)]));

  // Each subquery's own variables are named (each CALL is its own scope), so the statement reads as written by hand.
  const n = new Cypher.NamedNode('n');
  const broader = new Cypher.NamedNode('broader');
  const c = new Cypher.NamedVariable('c');
  const v = new Cypher.NamedVariable('v');
  const linked = Object.entries(LINKED_FACETS).flatMap(([name, f]) => {
    const tree = hierarchyOf(f.label) !== undefined;
    const parents = tree ? new Cypher.PatternComprehension(broaderOf(n, f.label, broader)).map(broader.property('id')) : undefined;
    // Ties in count put a node before the nodes below it (a node has more upward paths than any node above it), so
    // `limit` never keeps a bucket and drops a parent of equal count: every kept bucket's parents are kept too.
    const above = tree ? [[new Cypher.Count(new Cypher.Match(broaderOf(n, f.label, new Cypher.Node(), true))), 'ASC'] as [Cypher.Expr, Cypher.Order]] : [];
    return [
      overSet((unwound) =>
        unwound
          .match(linkedUpwards(new Cypher.Pattern(P), f.types, f.label, n))
          .with(n, [Cypher.count(P).distinct(), c])
          .orderBy([c, 'DESC'], ...above, n.property('id'))
          .limit(limit)
          .return([Cypher.collect(bucket(n.property('id'), Cypher.coalesce(n.property(f.display), n.property('id')), c, f.type, parents)), new Cypher.NamedVariable(name)]),
      ),
      // Publications linked to no node of the label (a node's hierarchy above it adds none, so one step suffices).
      missing(name, Cypher.not(new Cypher.Exists(new Cypher.Match(new Cypher.Pattern(P).related({ type: relTypes(f.types), direction: 'right' }).to(n, { labels: f.label }))))),
    ];
  });
  const properties = Object.entries(PROPERTY_FACETS).flatMap(([name, f]) => {
    return [
      overSet((unwound) =>
        unwound
          .with([P.property(f.property), v], [Cypher.count('*'), c])
          .where(Cypher.isNotNull(v))
          .with(v, c)
          .orderBy(...(f.byValue ? [[v, 'DESC'] as [Cypher.Expr, Cypher.Order]] : [[c, 'DESC'] as [Cypher.Expr, Cypher.Order], v]))
          .limit(limit)
          .return([Cypher.collect(bucket(v, Cypher.toString(v), c, null)), new Cypher.NamedVariable(name)]),
      ),
      missing(name, Cypher.isNull(P.property(f.property))),
    ];
  });
  const names = [...Object.keys(LINKED_FACETS), ...Object.keys(PROPERTY_FACETS)];
  const statement = Cypher.utils.concat(
    set.match(),
    new Cypher.With([Cypher.collect(P), ps]),
    ...linked,
    ...properties,
    new Cypher.Return([Cypher.size(ps), 'total'], ...names.flatMap((n) => [new Cypher.NamedVariable(n), new Cypher.NamedVariable(`${n}Missing`)])),
  );
  return builtQuery<Record<string, BucketRow[] | number>>('publicationFacets', statement);
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

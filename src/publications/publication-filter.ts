import Cypher from '@neo4j/cypher-builder';
import { badInput, LimitExceededError } from '../errors';
import { linkedUpwards, narrowerOf, param as parameter, relTypes } from '../graph/built-query';
import { hierarchyOf, isNodeType, LANGUAGE_CODE_PATTERN, type NodeLabel, type NodeType, publicationLinks, type PublicationField, type RelationshipType } from '../model';
import { slugReference } from '../node/global-id';
import type { NodeReference } from '../node/node-references.cypher';

/**
 * Compiles a PublicationFilter (GraphQL input) into a Cypher predicate over a publication variable, built with
 * @neo4j/cypher-builder: every value is a `Cypher.Param`, labels and relationship types come from the graph
 * model, and the builder combines the tests (user input never becomes Cypher text). Within one filter object the fields combine with AND; a list field matches any of its values;
 * AND / OR / NOT nest.
 *
 * Hierarchies widen the match: a topic matches its narrower topics, a place the places within it (a region
 * includes its countries), an organisation its offices (src/model/hierarchies.ts).
 *
 * The result is structured, not a string to search: the top-level conjuncts (`parts`) are kept apart, and a
 * conjunct on a vocabulary field carries an anchor, the pattern that binds the publication variable to exactly
 * the publications it accepts. filteredSet (publication-list.cypher.ts) combines the parts of one or more
 * compiled filters, drives the list from one anchor and tests the rest.
 */

export interface PublicationFilterInput {
  topics?: readonly string[] | null;
  audiences?: readonly string[] | null;
  places?: readonly string[] | null;
  languages?: readonly string[] | null;
  kinds?: readonly string[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  organisations?: readonly string[] | null;
  programmes?: readonly string[] | null;
  incomplete?: boolean | null;
  AND?: readonly PublicationFilterInput[] | null;
  OR?: readonly PublicationFilterInput[] | null;
  NOT?: PublicationFilterInput | null;
}

/**
 * The clauses binding the publication variable (DISTINCT) to exactly the publications a vocabulary test accepts,
 * from the vocabulary side; `where` filters what the closing `WITH DISTINCT` binds. A function because builder
 * clauses are mutable: each statement gets clauses of its own over the same variables and parameters.
 */
export type Anchor = (where?: Cypher.Predicate) => Cypher.Clause;

/** One top-level conjunct of a filter. */
export interface FilterPart {
  /** A boolean expression over the publication variable. */
  predicate: Cypher.Predicate;
  /**
   * For a test on vocabulary nodes (topics, places, organisations, audiences, programmes): the same set as an
   * anchor, so a list can be driven from the vocabulary side. Without one the planner scans every publication
   * and checks the EXISTS on each (O(catalogue) per list: 5.4M db hits at 10k publications).
   */
  anchor?: Anchor;
}

export interface CompiledFilter {
  /** The publication variable the predicates test. */
  variable: Cypher.NamedNode;
  /** The whole filter as one boolean expression over `variable`; `true` for an empty filter. */
  predicate: Cypher.Predicate;
  /** The top-level conjuncts `predicate` joins with AND, in order; none for an empty filter. */
  parts: FilterPart[];
  /**
   * Every node the filter names (topics, audiences, places, organisations, programmes, at any depth), with its
   * path in the filter: whoever runs the filter refuses those the catalogue lacks (src/node/node-references.cypher.ts).
   */
  references: NodeReference[];
}

const MAX_DEPTH = 5;
/**
 * Clauses one filter may hold: every condition (a field given), every value of a list and every filter nested
 * in AND / OR / NOT counts one. Neo4j 5 checks the transaction timeout only now and then while it plans, and
 * planning grows with the predicate: an OR of 800 topic tests planned for 29 s under a 2 s timeout, 400 for 8 s,
 * at roughly 30 ms of Neo4j CPU per EXISTS test. At this cap the worst filter holds 9 EXISTS tests: a list with
 * its count and all eight facets (each a statement of its own) then costs about 2 s of Neo4j CPU with cold plans.
 * The explorer's filters (a few facet values) are far below it.
 */
export const MAX_FILTER_CLAUSES = 20;

/**
 * The clauses of a filter as MAX_FILTER_CLAUSES counts them, for any value (the request-wide budget in
 * src/server/limits.ts counts raw arguments before they are coerced). Iterative, and stops past `limit`.
 */
export function countFilterClauses(filter: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let clauses = 0;
  const pending: unknown[] = [filter];
  while (pending.length > 0 && clauses <= limit) {
    const f = pending.pop();
    if (f === null || typeof f !== 'object' || Array.isArray(f)) continue;
    for (const [key, value] of Object.entries(f)) {
      if (value === null || value === undefined) continue;
      if (key === 'AND' || key === 'OR') {
        const members = Array.isArray(value) ? value : [value];
        clauses += members.length;
        pending.push(...members);
      } else if (key === 'NOT') {
        clauses += 1;
        pending.push(value);
      } else {
        clauses += 1 + (Array.isArray(value) ? value.length : 0);
      }
    }
  }
  return clauses;
}

const badFilter = (message: string, path: string) => badInput(`Invalid filter at ${path}: ${message}`, 'filter', { path });
const filterTooLarge = (message: string, path: string) => new LimitExceededError(`Invalid filter at ${path}: ${message}`, 'filter', { path });

/** The vocabulary fields: each tests the publication's links to nodes of one label (read from the graph model). */
const LINKED_FIELDS = ['topics', 'audiences', 'places', 'organisations', 'programmes'] as const satisfies readonly PublicationField[];
type LinkedField = (typeof LINKED_FIELDS)[number];

interface Linked {
  type: NodeType;
  /** The publication variable linked to a node whose id is in `ids`, or to a node below one in its hierarchy. */
  test: (v: Cypher.Node, ids: Cypher.Param) => Cypher.Predicate;
  /** The same set as an anchor binding `v`, from the vocabulary side. */
  anchor: (v: Cypher.Node, ids: Cypher.Param) => Anchor;
}

/** `EXISTS { MATCH (v)-[:TYPE]->(x:Label) WHERE x.id IN $ids }`, widened up the label's hierarchy if it has one. */
function linkedTo(v: Cypher.Node, types: readonly RelationshipType[], label: NodeLabel, ids: Cypher.Param): Cypher.Predicate {
  const x = new Cypher.Node();
  return new Cypher.Exists(new Cypher.Match(linkedUpwards(new Cypher.Pattern(v), types, label, x)).where(Cypher.in(x.property('id'), ids)));
}

/** The anchor's own variables: named, so plans and logs read `anchor:Topic(id)`. */
const ANCHOR = new Cypher.NamedNode('anchor');
const NARROWER = new Cypher.NamedNode('narrower');

function linked(field: LinkedField): Linked {
  const { label, types } = publicationLinks(field);
  if (!isNodeType(label)) throw new Error(`The graph model links ${field} to ${label}, which is not a Node type: filters take Node ids.`);
  const taggedBy = (tagged: Cypher.Node, v: Cypher.Node) => new Cypher.Pattern(tagged).related({ type: relTypes(types), direction: 'left' }).to(v, { labels: 'Publication' });
  const seek = (ids: Cypher.Param) => new Cypher.Match(new Cypher.Pattern(ANCHOR, { labels: label })).where(Cypher.in(ANCHOR.property('id'), ids));
  const bound = (clause: Cypher.Match, v: Cypher.Node, where?: Cypher.Predicate) => {
    const distinct = clause.with(v).distinct();
    return where ? distinct.where(where) : distinct;
  };
  return {
    type: label,
    test: (v, ids) => linkedTo(v, types, label, ids),
    anchor: hierarchyOf(label)
      ? (v, ids) => (where) => bound(seek(ids).match(narrowerOf(ANCHOR, label, NARROWER)).with(NARROWER).distinct().match(taggedBy(NARROWER, v)), v, where)
      : (v, ids) => (where) => bound(seek(ids).match(taggedBy(ANCHOR, v)), v, where),
  };
}
const LINKED: Record<LinkedField, Linked> = Object.fromEntries(LINKED_FIELDS.map((f) => [f, linked(f)])) as Record<LinkedField, Linked>;
const LANGUAGES = publicationLinks('languages');

export function compilePublicationFilter(filter: PublicationFilterInput | null | undefined, variable = 'p', paramPrefix = 'f'): CompiledFilter {
  const v = new Cypher.NamedNode(variable);
  const param = (value: unknown) => parameter(value, paramPrefix);
  const references: NodeReference[] = [];

  /** The conjuncts of one filter object; only the top level's are kept apart (nested ones are joined). */
  const compileParts = (f: PublicationFilterInput, path: string, depth: number): FilterPart[] => {
    if (depth > MAX_DEPTH) throw filterTooLarge(`nested deeper than ${MAX_DEPTH} levels`, path);
    const parts: FilterPart[] = [];
    const test = (predicate: Cypher.Predicate) => parts.push({ predicate });
    const list = (key: keyof PublicationFilterInput) => {
      const values = f[key] as readonly string[] | null | undefined;
      if (values === undefined || values === null) return undefined;
      if (values.length === 0) throw badFilter('an empty list matches nothing; leave the field out instead', `${path}.${key}`);
      return values;
    };

    for (const key of LINKED_FIELDS) {
      const values = list(key);
      if (!values) continue;
      const { type, test: linkTest, anchor } = LINKED[key];
      const named = values.map((value, i) => slugReference(value, type, 'filter', `${path}.${key}[${i}]`));
      references.push(...named);
      const ids = param(named.map((r) => r.slug));
      parts.push({ predicate: linkTest(v, ids), anchor: anchor(v, ids) });
    }
    const languages = list('languages');
    if (languages) {
      const codes = languages.map((code, i) => {
        if (!LANGUAGE_CODE_PATTERN.test(code)) throw badFilter(`"${code.slice(0, 20)}" is not an ISO 639 language code such as "es"`, `${path}.languages[${i}]`);
        return code;
      });
      test(linkedTo(v, LANGUAGES.types, LANGUAGES.label, param(codes)));
    }
    const kinds = list('kinds');
    if (kinds) test(Cypher.in(v.property('kind'), param(kinds.map((k) => k.toLowerCase().replace(/_/g, '-')))));
    if (f.yearFrom !== undefined && f.yearFrom !== null) test(Cypher.gte(v.property('year'), param(f.yearFrom)));
    if (f.yearTo !== undefined && f.yearTo !== null) test(Cypher.lte(v.property('year'), param(f.yearTo)));
    if (f.yearFrom != null && f.yearTo != null && f.yearFrom > f.yearTo) throw badFilter('yearFrom is after yearTo', path);
    if (f.incomplete !== undefined && f.incomplete !== null) test(Cypher.eq(v.property('incomplete'), param(f.incomplete)));

    for (const [i, g] of (f.AND ?? []).entries()) test(compile(g, `${path}.AND[${i}]`, depth + 1));
    if (f.OR) {
      if (f.OR.length === 0) throw badFilter('OR needs at least one filter', `${path}.OR`);
      test(Cypher.or(...f.OR.map((g, i) => compile(g, `${path}.OR[${i}]`, depth + 1)))!);
    }
    if (f.NOT) test(Cypher.not(compile(f.NOT, `${path}.NOT`, depth + 1)));
    return parts;
  };
  const compile = (f: PublicationFilterInput, path: string, depth: number): Cypher.Predicate => joinParts(compileParts(f, path, depth));

  const clauses = countFilterClauses(filter, MAX_FILTER_CLAUSES);
  if (clauses > MAX_FILTER_CLAUSES) {
    throw filterTooLarge(
      `more than ${MAX_FILTER_CLAUSES} clauses (MAX_FILTER_CLAUSES: each condition, list value and nested AND/OR/NOT filter counts one); split it into several requests or use fewer values`,
      'filter',
    );
  }
  const parts = filter ? compileParts(filter, 'filter', 0) : [];
  return { variable: v, predicate: joinParts(parts), parts, references };
}

/** Conjuncts as one predicate: `true` when there are none. */
export function joinParts(parts: readonly Pick<FilterPart, 'predicate'>[]): Cypher.Predicate {
  return Cypher.and(...parts.map((p) => p.predicate)) ?? Cypher.true;
}

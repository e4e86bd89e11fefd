import { GraphQLError } from 'graphql';
import type { NodeType } from '../node/global-id';
import { parseGlobalId } from '../node/global-id';
import { ID_PATTERN } from '../seed/schema';

/**
 * Compiles a PublicationFilter (GraphQL input) into a Cypher predicate over a publication variable, with every
 * value passed as a parameter. The Cypher text comes only from the fixed fragments below; user input never
 * reaches it. Within one filter object the fields combine with AND; a list field matches any of its values;
 * AND / OR / NOT nest.
 *
 * Hierarchies widen the match: a topic matches its narrower topics, a place the places within it (a region
 * includes its countries), an organisation its offices.
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

export interface CompiledFilter {
  /** A boolean Cypher expression over the publication variable; 'true' for an empty filter. */
  predicate: string;
  params: Record<string, unknown>;
  /**
   * For a filter whose top level names topics: a pattern binding `p` to the publications of those topics (and
   * their narrower ones), to drive a list from the topic side. Without it the planner scans every publication
   * and checks the topic EXISTS on each (O(catalogue) per list: 5.4M db hits at 10k publications). The
   * anchor replaces the top-level topic test: `anchoredPredicate` is the rest of the predicate.
   */
  anchor?: string;
  anchoredPredicate?: string;
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

const badFilter = (message: string, path: string) =>
  new GraphQLError(`Invalid filter at ${path}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter', path } });

/** Accepts a global id of the expected type or a plain slug. */
function toSlug(value: string, type: NodeType, path: string): string {
  const parsed = parseGlobalId(value);
  if (parsed) {
    if (parsed.type !== type) throw badFilter(`"${value.slice(0, 60)}" is a ${parsed.type} id, expected a ${type}`, path);
    return parsed.slug;
  }
  if (!ID_PATTERN.test(value) || value.length > 200) throw badFilter(`"${value.slice(0, 60)}" is neither a ${type} id nor a slug`, path);
  return value;
}

type Fragment = (v: string, param: string) => string;

/** Relationship-based fields: the pattern each one checks, with `$param` holding the slugs. */
const LINKED: Record<'topics' | 'audiences' | 'places' | 'organisations' | 'programmes', { type: NodeType; fragment: Fragment }> = {
  topics: { type: 'Topic', fragment: (v, p) => `EXISTS { MATCH (${v})-[:ABOUT]->(:Topic)-[:BROADER*0..]->(x:Topic) WHERE x.id IN $${p} }` },
  audiences: { type: 'Audience', fragment: (v, p) => `EXISTS { MATCH (${v})-[:FOR_AUDIENCE]->(x:Audience) WHERE x.id IN $${p} }` },
  places: { type: 'Place', fragment: (v, p) => `EXISTS { MATCH (${v})-[:COVERS]->(:Place)-[:WITHIN*0..]->(x:Place) WHERE x.id IN $${p} }` },
  organisations: {
    type: 'Organisation',
    fragment: (v, p) =>
      `EXISTS { MATCH (${v})-[:PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY]->(:Organisation)-[:PART_OF_ORGANISATION*0..]->(x:Organisation) WHERE x.id IN $${p} }`,
  },
  programmes: { type: 'Programme', fragment: (v, p) => `EXISTS { MATCH (${v})-[:UNDER_PROGRAMME]->(x:Programme) WHERE x.id IN $${p} }` },
};

export function compilePublicationFilter(filter: PublicationFilterInput | null | undefined, variable = 'p', paramPrefix = 'f'): CompiledFilter {
  const params: Record<string, unknown> = {};
  let counter = 0;
  const param = (value: unknown) => {
    const name = `${paramPrefix}${counter++}`;
    params[name] = value;
    return name;
  };

  const compile = (f: PublicationFilterInput, path: string, depth: number): string => {
    if (depth > MAX_DEPTH) throw badFilter(`nested deeper than ${MAX_DEPTH} levels`, path);
    const parts: string[] = [];
    const list = (key: keyof PublicationFilterInput) => {
      const values = f[key] as readonly string[] | null | undefined;
      if (values === undefined || values === null) return undefined;
      if (values.length === 0) throw badFilter('an empty list matches nothing; leave the field out instead', `${path}.${key}`);
      return values;
    };

    for (const key of Object.keys(LINKED) as (keyof typeof LINKED)[]) {
      const values = list(key);
      if (!values) continue;
      const { type, fragment } = LINKED[key];
      const slugs = values.map((value, i) => toSlug(value, type, `${path}.${key}[${i}]`));
      parts.push(fragment(variable, param(slugs)));
    }
    const languages = list('languages');
    if (languages) {
      const codes = languages.map((code, i) => {
        if (!/^[a-z]{2,3}$/.test(code)) throw badFilter(`"${code.slice(0, 20)}" is not an ISO 639 language code such as "es"`, `${path}.languages[${i}]`);
        return code;
      });
      parts.push(`EXISTS { MATCH (${variable})-[:AVAILABLE_IN]->(x:Language) WHERE x.id IN $${param(codes)} }`);
    }
    const kinds = list('kinds');
    if (kinds) parts.push(`${variable}.kind IN $${param(kinds.map((k) => k.toLowerCase().replace(/_/g, '-')))}`);
    if (f.yearFrom !== undefined && f.yearFrom !== null) parts.push(`${variable}.year >= $${param(f.yearFrom)}`);
    if (f.yearTo !== undefined && f.yearTo !== null) parts.push(`${variable}.year <= $${param(f.yearTo)}`);
    if (f.yearFrom != null && f.yearTo != null && f.yearFrom > f.yearTo) throw badFilter('yearFrom is after yearTo', path);
    if (f.incomplete !== undefined && f.incomplete !== null) parts.push(`${variable}.incomplete = $${param(f.incomplete)}`);

    if (f.AND) parts.push(...f.AND.map((g, i) => `(${compile(g, `${path}.AND[${i}]`, depth + 1)})`));
    if (f.OR) {
      if (f.OR.length === 0) throw badFilter('OR needs at least one filter', `${path}.OR`);
      parts.push(`(${f.OR.map((g, i) => `(${compile(g, `${path}.OR[${i}]`, depth + 1)})`).join(' OR ')})`);
    }
    if (f.NOT) parts.push(`NOT (${compile(f.NOT, `${path}.NOT`, depth + 1)})`);
    return parts.length > 0 ? parts.join(' AND ') : 'true';
  };

  const clauses = countFilterClauses(filter, MAX_FILTER_CLAUSES);
  if (clauses > MAX_FILTER_CLAUSES) {
    throw badFilter(
      `more than ${MAX_FILTER_CLAUSES} clauses (MAX_FILTER_CLAUSES: each condition, list value and nested AND/OR/NOT filter counts one); split it into several requests or use fewer values`,
      'filter',
    );
  }
  const predicate = filter ? compile(filter, 'filter', 0) : 'true';
  // compile() named the top-level topics parameter first (LINKED lists topics first), so it is `${paramPrefix}0`.
  const topicTest = LINKED.topics.fragment(variable, `${paramPrefix}0`);
  if (!filter?.topics || variable !== 'p' || !predicate.startsWith(topicTest)) return { predicate, params };
  return {
    predicate,
    params,
    anchor: `MATCH (anchor:Topic) WHERE anchor.id IN $${paramPrefix}0 MATCH (narrower:Topic)-[:BROADER*0..]->(anchor) WITH DISTINCT narrower MATCH (narrower)<-[:ABOUT]-(p:Publication) WITH DISTINCT p`,
    anchoredPredicate: predicate.slice(topicTest.length).replace(/^ AND /, '') || 'true',
  };
}


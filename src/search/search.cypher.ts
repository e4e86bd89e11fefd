import { cypher, type GraphExecutor } from '../graph/executor';
import { PUBLICATION_FULLTEXT_INDEX, VOCABULARY_FULLTEXT_INDEX } from '../graph/graph-schema';
import Cypher from '@neo4j/cypher-builder';
import type { NodeType } from '../model';
import type { CompiledFilter } from '../publications/publication-filter';
import type { PublicationSet } from '../publications/publication-list.cypher';
import type { ClauseLookups } from './lucene';

/**
 * The publications a parsed search query matches (see lucene.ts), that also pass the filter, with a relevance
 * score: a clause matches a publication when any of its lookups (folded index, stemmed indexes) does, its
 * typo lookups counting only when the exact ones find nothing at all; every wanted clause must match and no
 * excluded one. The score sums each wanted clause's best lookup score. No clause (only stop words): no match.
 */
export function textSearchSet(clauses: ClauseLookups[], filter: CompiledFilter): PublicationSet {
  const searchClauses = new Cypher.NamedParam('searchClauses', clauses);
  const searchWanted = new Cypher.NamedParam('searchWanted', clauses.filter((c) => !c.exclude).length);
  const p = new Cypher.NamedNode('p');
  const score = new Cypher.NamedVariable('score');
  // A fixed statement: the index names and Lucene texts arrive as parameters (lucene.ts escapes every term). A
  // function, as builder clauses are mutable: a clause concatenated into two statements (a counted list's count and
  // its page) would be rendered inside the first.
  const matches = () => new Cypher.Raw(
    (context) => `CALL () {
       UNWIND ${context.compile(searchClauses)} AS clause
       CALL (clause) {
         UNWIND clause.lookups AS lookup
         CALL db.index.fulltext.queryNodes(lookup.index, lookup.lucene) YIELD node, score
         RETURN node, lookup.fuzzy AS fuzzy, score
       }
       WITH clause, collect({ node: node, fuzzy: fuzzy, score: score }) AS hits
       WITH clause, CASE WHEN any(h IN hits WHERE NOT h.fuzzy) THEN [h IN hits WHERE NOT h.fuzzy] ELSE hits END AS hits
       UNWIND hits AS hit
       WITH clause, hit.node AS node, max(hit.score) AS best
       WITH node, sum(CASE WHEN clause.exclude THEN 0.0 ELSE best END) AS score,
            count(CASE WHEN NOT clause.exclude THEN 1 END) AS wanted, count(CASE WHEN clause.exclude THEN 1 END) AS excluded
       WHERE wanted = ${context.compile(searchWanted)} AND excluded = 0
       RETURN node AS p, score
     }`,
  );
  return {
    match: (also) => {
      const where = Cypher.and(filter.parts.length > 0 ? filter.predicate : undefined, also);
      const keep = new Cypher.With(p, score);
      return Cypher.utils.concat(matches(), where ? keep.where(where) : keep);
    },
    scored: true,
    references: filter.references,
  };
}

/** Autocomplete over the two full-text indexes; the Lucene text is built by lucene.ts from sanitised terms. */

export type SuggestionKind = 'TOPIC' | 'AUDIENCE' | 'PLACE' | 'ORGANISATION' | 'PROGRAMME' | 'TITLE';

export const SUGGESTION_LABELS: Record<Exclude<SuggestionKind, 'TITLE'>, NodeType> = {
  TOPIC: 'Topic',
  AUDIENCE: 'Audience',
  PLACE: 'Place',
  ORGANISATION: 'Organisation',
  PROGRAMME: 'Programme',
};

export interface SuggestionRow {
  nodeType: NodeType;
  id: string;
  name: string | null;
  labelEn: string | null;
  labelEs: string | null;
  labelFr: string | null;
  score: number;
  /** How many publications the suggested node is attached to (1 for a title). */
  popularity: number;
}

const VOCABULARY_SUGGESTIONS = cypher<SuggestionRow>(
  'vocabularySuggestions',
  `CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
   WITH node, score, [l IN labels(node) WHERE l IN $labels][0] AS nodeType
   WHERE nodeType IS NOT NULL
   RETURN nodeType, node.id AS id, node.name AS name, node.labelEn AS labelEn, node.labelEs AS labelEs, node.labelFr AS labelFr, score, coalesce(node.publicationCount, 0) AS popularity
   ORDER BY score DESC, popularity DESC, id
   LIMIT $limit`,
);

const TITLE_SUGGESTIONS = cypher<SuggestionRow>(
  'titleSuggestions',
  `CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
   WHERE node.title IS NOT NULL
   RETURN 'Publication' AS nodeType, node.id AS id, node.title AS name, null AS labelEn, null AS labelEs, null AS labelFr, score, 1 AS popularity
   ORDER BY score DESC, id
   LIMIT $limit`,
);

/** Candidates fetched per query before suggestions.ts ranks them (a label beginning with what was typed can
 *  overtake a higher raw score, so more than the page is read). */
const CANDIDATES_PER_TYPE = 40;

export async function findSuggestions(graph: GraphExecutor, options: { vocabularyLucene: string; titleLucene: string; kinds: SuggestionKind[]; perType: number }): Promise<SuggestionRow[]> {
  const labels = options.kinds.filter((k): k is Exclude<SuggestionKind, 'TITLE'> => k !== 'TITLE').map((k) => SUGGESTION_LABELS[k]);
  const perType = Math.max(options.perType, CANDIDATES_PER_TYPE);
  const [vocabulary, titles] = await Promise.all([
    labels.length > 0 ? graph.read(VOCABULARY_SUGGESTIONS, { index: VOCABULARY_FULLTEXT_INDEX, lucene: options.vocabularyLucene, labels, limit: perType * labels.length }) : [],
    options.kinds.includes('TITLE') ? graph.read(TITLE_SUGGESTIONS, { index: PUBLICATION_FULLTEXT_INDEX, lucene: options.titleLucene, limit: perType }) : [],
  ]);
  return [...vocabulary, ...titles];
}

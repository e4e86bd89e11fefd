import { cypher, type GraphExecutor } from '../graph/executor';
import { PUBLICATION_FULLTEXT_INDEX, VOCABULARY_FULLTEXT_INDEX } from '../graph/graph-schema';
import type { NodeType } from '../model';

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

export async function findSuggestions(graph: GraphExecutor, options: { vocabularyLucene: string; titleLucene: string; kinds: SuggestionKind[]; limit: number }): Promise<SuggestionRow[]> {
  const labels = options.kinds.filter((k): k is Exclude<SuggestionKind, 'TITLE'> => k !== 'TITLE').map((k) => SUGGESTION_LABELS[k]);
  const [vocabulary, titles] = await Promise.all([
    labels.length > 0 ? graph.read(VOCABULARY_SUGGESTIONS, { index: VOCABULARY_FULLTEXT_INDEX, lucene: options.vocabularyLucene, labels, limit: options.limit }) : [],
    options.kinds.includes('TITLE') ? graph.read(TITLE_SUGGESTIONS, { index: PUBLICATION_FULLTEXT_INDEX, lucene: options.titleLucene, limit: options.limit }) : [],
  ]);
  return [...vocabulary, ...titles];
}

import { LABELS, NODE_LABELS, type NodeLabel, VOCABULARY_TEXT_LABELS } from '../model';
import { cypher, type GraphExecutor } from './executor';

/**
 * The constraints and indexes of the node labels the graph model declares (src/model/labels.ts): each label
 * keyed by a unique `id`, plus the indexes its queries need. Applied at start and before every seed load;
 * every statement is idempotent (IF NOT EXISTS), and a full-text index declared differently from the one the
 * store holds (another analyzer, other properties) is dropped and created again.
 */
export { NODE_LABELS, type NodeLabel };

/**
 * A full-text index: Neo4j allows one per set of labels and properties, and its analyzer applies to every
 * property it covers, so each analyzer needs a property set of its own.
 */
export interface FullTextIndex {
  labels: readonly string[];
  properties: readonly string[];
  /** A Lucene analyzer `CALL db.index.fulltext.listAvailableAnalyzers()` lists. */
  analyzer: string;
}

/** Publications' title, alternative titles, summary and the labels/synonyms (en/es/fr) of their topics, folded
 *  (accents and case removed, English stop words dropped, no stemming): exact words, prefixes and typos, and a
 *  Spanish or French word finds English material tagged with the same topic. */
export const PUBLICATION_FULLTEXT_INDEX = 'publication_text';
/** The same text stemmed per catalogue language; each adds its language's topic labels and synonyms, which also
 *  gives each index the property set of its own that Neo4j requires. */
export const PUBLICATION_STEMMED_INDEXES = { en: 'publication_text_en', es: 'publication_text_es', fr: 'publication_text_fr' } as const;
/** Full-text index for autocomplete over vocabulary names and labels, folded. */
export const VOCABULARY_FULLTEXT_INDEX = 'vocabulary_text';

const PUBLICATION_TEXT = ['title', 'alternativeTitlesText', 'summary'] as const;

export const FULLTEXT_INDEXES: Readonly<Record<string, FullTextIndex>> = {
  [PUBLICATION_FULLTEXT_INDEX]: { labels: ['Publication'], properties: [...PUBLICATION_TEXT, 'topicText'], analyzer: 'standard-folding' },
  [PUBLICATION_STEMMED_INDEXES.en]: { labels: ['Publication'], properties: [...PUBLICATION_TEXT, 'topicTextEn'], analyzer: 'english' },
  [PUBLICATION_STEMMED_INDEXES.es]: { labels: ['Publication'], properties: [...PUBLICATION_TEXT, 'topicTextEs'], analyzer: 'spanish' },
  [PUBLICATION_STEMMED_INDEXES.fr]: { labels: ['Publication'], properties: [...PUBLICATION_TEXT, 'topicTextFr'], analyzer: 'french' },
  [VOCABULARY_FULLTEXT_INDEX]: { labels: VOCABULARY_TEXT_LABELS, properties: ['name', 'labelText'], analyzer: 'standard-folding' },
};

const createFullText = (name: string, { labels, properties, analyzer }: FullTextIndex) =>
  `CREATE FULLTEXT INDEX ${name} IF NOT EXISTS FOR (n:${labels.join('|')}) ON EACH [${properties.map((p) => `n.${p}`).join(', ')}] OPTIONS { indexConfig: { \`fulltext.analyzer\`: '${analyzer}' } }`;

/** Index (or constraint-backing index) name -> the statement that creates it. */
export const GRAPH_SCHEMA_STATEMENTS: Record<string, string> = {
  ...Object.fromEntries(
    NODE_LABELS.map((label) => [`${label.toLowerCase()}_id`, `CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`]),
  ),
  ...Object.fromEntries(
    NODE_LABELS.flatMap((label) =>
      Object.entries(LABELS[label].indexes as Record<string, readonly string[]>).map(([name, properties]) => [
        name,
        `CREATE RANGE INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON (${properties.map((p) => `n.${p}`).join(', ')})`,
      ]),
    ),
  ),
  ...Object.fromEntries(Object.entries(FULLTEXT_INDEXES).map(([name, index]) => [name, createFullText(name, index)])),
};

export interface ExistingIndex {
  name: string;
  state: string;
  labels: string[] | null;
  properties: string[] | null;
  analyzer: string | null;
}

const EXISTING_INDEXES = cypher<ExistingIndex>(
  'existing indexes',
  "SHOW INDEXES YIELD name, state, labelsOrTypes, properties, options RETURN name, state, labelsOrTypes AS labels, properties, options.indexConfig['fulltext.analyzer'] AS analyzer",
);

/** A full-text index whose labels, properties or analyzer differ from the declared ones (a store made by an
 *  older version): `IF NOT EXISTS` would keep it as it is, so it is dropped and created again. */
export function isOutdatedFullText(existing: ExistingIndex): boolean {
  const wanted = FULLTEXT_INDEXES[existing.name];
  if (!wanted) return false;
  const same = (a: readonly string[] | null, b: readonly string[]) => a !== null && a.length === b.length && a.every((x, i) => x === b[i]);
  return !same([...(existing.labels ?? [])].sort(), [...wanted.labels].sort()) || !same(existing.properties, wanted.properties) || existing.analyzer !== wanted.analyzer;
}

export async function ensureGraphSchema(executor: GraphExecutor): Promise<void> {
  // Schema transactions are slow even when they change nothing, so only the missing ones are run.
  const found = await executor.read(EXISTING_INDEXES);
  const outdated = found.filter(isOutdatedFullText);
  for (const { name } of outdated) await executor.schema(cypher(`drop ${name}`, `DROP INDEX ${name} IF EXISTS`));
  const existing = new Map(found.filter((r) => !outdated.includes(r)).map((r) => [r.name, r.state]));
  const missing = Object.entries(GRAPH_SCHEMA_STATEMENTS).filter(([name]) => !existing.has(name));
  for (const [name, statement] of missing) await executor.schema(cypher(`create ${name}`, statement));
  // New indexes populate in the background; queries must not race them on a fresh database.
  if (missing.length > 0 || [...existing.values()].some((state) => state !== 'ONLINE')) {
    await executor.schema(cypher('await indexes', 'CALL db.awaitIndexes(300)'));
  }
}

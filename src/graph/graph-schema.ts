import { LABELS, NODE_LABELS, type NodeLabel, VOCABULARY_TEXT_LABELS } from '../model';
import { cypher, type GraphExecutor } from './executor';

/**
 * The constraints and indexes of the node labels the graph model declares (src/model/labels.ts): each label
 * keyed by a unique `id`, plus the indexes its queries need. Applied at start and before every seed load;
 * every statement is idempotent (IF NOT EXISTS).
 */
export { NODE_LABELS, type NodeLabel };

/** Full-text index over a publication's title, summary and the labels/synonyms (en/es/fr) of its topics, so a
 *  Spanish or French word finds English material tagged with the same topic. */
export const PUBLICATION_FULLTEXT_INDEX = 'publication_text';
/** Full-text index for autocomplete over vocabulary names and labels. */
export const VOCABULARY_FULLTEXT_INDEX = 'vocabulary_text';

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
  [PUBLICATION_FULLTEXT_INDEX]: `CREATE FULLTEXT INDEX ${PUBLICATION_FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Publication) ON EACH [n.title, n.alternativeTitlesText, n.summary, n.topicText]`,
  [VOCABULARY_FULLTEXT_INDEX]: `CREATE FULLTEXT INDEX ${VOCABULARY_FULLTEXT_INDEX} IF NOT EXISTS FOR (n:${VOCABULARY_TEXT_LABELS.join('|')}) ON EACH [n.name, n.labelText]`,
};

const EXISTING_INDEXES = cypher<{ name: string; state: string }>('existing indexes', 'SHOW INDEXES YIELD name, state RETURN name, state');

export async function ensureGraphSchema(executor: GraphExecutor): Promise<void> {
  // Schema transactions are slow even when they change nothing, so only the missing ones are run.
  const existing = new Map((await executor.read(EXISTING_INDEXES)).map((r) => [r.name, r.state]));
  const missing = Object.entries(GRAPH_SCHEMA_STATEMENTS).filter(([name]) => !existing.has(name));
  for (const [name, statement] of missing) await executor.schema(cypher(`create ${name}`, statement));
  // New indexes populate in the background; queries must not race them on a fresh database.
  if (missing.length > 0 || [...existing.values()].some((state) => state !== 'ONLINE')) {
    await executor.schema(cypher('await indexes', 'CALL db.awaitIndexes(300)'));
  }
}

import Cypher from '@neo4j/cypher-builder';

/**
 * What the TCK snapshots show: the statement as Neo4j receives it, each line trimmed and blank lines dropped
 * (the template strings' indentation is source layout, not Cypher), and parameters as plain JSON.
 */
export function formatCypher(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

export function formatParams(params: Record<string, unknown>): string {
  return JSON.stringify(params, null, 2);
}

/** A predicate on its own as the builder compiles it inside a statement: its text and the parameters it names. */
export function buildPredicate(predicate: Cypher.Predicate): { cypher: string; params: Record<string, unknown> } {
  return new Cypher.Raw((context) => context.compile(predicate)).build();
}

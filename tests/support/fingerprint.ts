import { createHash } from 'node:crypto';
import { cypher } from '../../src/graph/executor';
import type { GraphConnection } from '../../src/graph/connect';

/**
 * A hash of every node (labels + properties) and relationship (ends with their labels, type, properties) in the
 * graph, so a test can assert that a failed operation left the graph exactly as it was. The hash depends on the
 * content alone: rows are sorted here, in their canonical form, because ORDER BY n.id leaves nodes that share an id
 * under different labels in store order, which changes when deleted records are reused.
 */
export async function graphFingerprint(graph: GraphConnection, options: { withoutWriteTimes?: boolean } = {}): Promise<string> {
  const read = await graph.executor.read(
    cypher<{ n: { labels: string[]; props: Record<string, unknown> } }>('test fingerprint nodes', 'MATCH (n) RETURN { labels: labels(n), props: properties(n) } AS n'),
  );
  // `withoutWriteTimes`: two loads of the same catalogue at different moments differ only in when they wrote a
  // record (a publication's updatedAt, its OAI datestamp); everything else must be equal.
  const nodes = options.withoutWriteTimes
    ? read.map(({ n }) => ({ n: { ...n, props: Object.fromEntries(Object.entries(n.props).filter(([k]) => k !== 'updatedAt')) } }))
    : read;
  const relationships = await graph.executor.read(
    cypher<{ r: Record<string, unknown> }>(
      'test fingerprint relationships',
      'MATCH (a)-[r]->(b) RETURN { from: [labels(a), a.id], type: type(r), to: [labels(b), b.id], props: properties(r) } AS r',
    ),
  );
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    );
  const sorted = (rows: unknown[]): string[] => rows.map(canonical).sort();
  return createHash('sha256')
    .update(canonical({ nodes: sorted(nodes.map((row) => row.n)), relationships: sorted(relationships.map((row) => row.r)) }))
    .digest('hex');
}

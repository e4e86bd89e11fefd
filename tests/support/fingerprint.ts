import { createHash } from 'node:crypto';
import { cypher } from '../../src/graph/executor';
import type { GraphConnection } from '../../src/graph/connect';

/** A hash of every node (labels + properties) and relationship (ends, type, properties) in the graph, so a test
 *  can assert that a failed operation left the graph exactly as it was. */
export async function graphFingerprint(graph: GraphConnection): Promise<string> {
  const nodes = await graph.executor.read(
    cypher<{ row: string }>('test fingerprint nodes', "MATCH (n) WITH n ORDER BY n.id RETURN reduce(s = '', l IN labels(n) | s + ':' + l) + ' ' + toString(n.id) AS row"),
  );
  const props = await graph.executor.read(cypher<{ p: Record<string, unknown> }>('test fingerprint props', 'MATCH (n) WITH n ORDER BY n.id RETURN properties(n) AS p'));
  const relationships = await graph.executor.read(
    cypher<{ r: Record<string, unknown> }>(
      'test fingerprint relationships',
      'MATCH (a)-[r]->(b) WITH a, r, b ORDER BY a.id, type(r), b.id RETURN { from: a.id, type: type(r), to: b.id, props: properties(r) } AS r',
    ),
  );
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    );
  return createHash('sha256').update(canonical({ nodes, props, relationships })).digest('hex');
}

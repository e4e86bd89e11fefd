import { cypher, type GraphExecutor } from '../graph/executor';
import type { NodeType } from '../model';
import { displayTitle } from '../publications/display-title';
import { EXPLAINABLE_PATTERN, isEntity, labelOf, nodeTypeOf, PUBLICATION_TAG_PATTERN } from './graph-vocabulary';
import type { GraphEdgeRecord, GraphNodeRecord, NeighbourhoodRecord } from './explore.model';

/**
 * The neighbourhood of one node in two round-trips: the first chooses the nodes, the second fetches the
 * relationships among them and the co-occurrence counts. Both are assembled from the allowlists in
 * graph-vocabulary.ts; the depth is a validated 1 or 2.
 *
 * The choice happens in the database, from bounded work whatever the catalogue's size: the centre's first
 * RING_SAMPLE relationships give the nodes one step away; at depth 2 each of them is expanded over its first
 * DEGREE_CAP relationships. Every node reached is weighed by the paths (of those) that join it to the centre,
 * per type the nearest then heaviest `limitPerType` are kept, and a node two steps away only while one of the
 * nodes that connect it is kept or was left out by the `types` filter (not by the limit). Depth 2 therefore
 * costs at most RING_SAMPLE × DEGREE_CAP relationship reads, and the answer ships only the chosen nodes.
 * The real catalogue has no node with more relationships than either bound, so there every answer is exact.
 */

/** Relationships of the centre read at most: beyond it, its first ones stand for all (a sample). */
export const RING_SAMPLE = 500;
/** Relationships read at most from each node one step away, when looking two steps away. */
export const DEGREE_CAP = 100;

interface NodeRow {
  elementId: string;
  slug: string;
  type: NodeType;
  label: string | null;
  summary: string | null;
  publicationCount: number | null;
}
interface ChosenRow extends NodeRow {
  paths: number;
  distance: number;
}

const NODE_FIELDS = (v: string) =>
  `elementId: elementId(${v}), slug: ${v}.id, type: ${nodeTypeOf(v)}, label: ${labelOf(v)},
   summary: CASE WHEN ${v}:Publication AND ${v}.title IS NULL THEN left(${v}.summary, 300) END, publicationCount: ${v}.publicationCount`;

/** Paths of length 2 through `x` (one step away) to its own neighbours: depth 2 only, at most DEGREE_CAP of them. */
const SECOND_STEP = `
       UNION ALL
       MATCH (x)-[:${EXPLAINABLE_PATTERN}]-(n) WHERE n <> c AND ${isEntity('n')}
       WITH n LIMIT $degreeCap
       RETURN n, direct AS paths, 2 AS distance, x AS via`;

/** Nearest first, then heaviest, then the more specific (fewer publications), then by label and slug. */
const RANK = 'w.distance, w.paths DESC, w.publicationCount, w.label, w.slug';

/** Per type, the first of an already ranked list, up to `$limit` with those of the type `taken` already. */
const FIRST_PER_TYPE = (list: string, keep: string, imports: string, taken?: string) => `CALL (${imports}) {
       UNWIND ${list} AS w
       WITH w WHERE ${keep}
       WITH w.type AS type, collect(w) AS ofType
       WITH ofType[..$limit${taken ? ` - size([t IN ${taken} WHERE t.type = type])` : ''}] AS kept, size(ofType) AS candidates
       RETURN reduce(flat = [], l IN collect(kept) | flat + l) AS kept, coalesce(sum(candidates), 0) AS candidates
     }`;

/** The chosen nodes (exported for the TCK tests in tests/tck). */
export const neighbourhoodQuery = (label: NodeType, depth: 1 | 2) =>
  cypher<{ center: NodeRow; chosen: ChosenRow[]; truncated: boolean }>(
    `neighbourhood ${label} ${depth}`,
    `MATCH (c:${label} {id: $slug})
     CALL (c) {
       CALL (c) {
         MATCH (c)-[:${EXPLAINABLE_PATTERN}]-(x) WHERE x <> c AND ${isEntity('x')}
         RETURN x LIMIT $ringSample
       }
       RETURN collect(x) AS sample
     }
     CALL (c, sample) {
       UNWIND sample AS x
       WITH c, x, count(*) AS direct
       CALL (c, x, direct) {
         RETURN x AS n, direct AS paths, 1 AS distance, null AS via${depth === 2 ? SECOND_STEP : ''}
       }
       WITH n, sum(paths) AS paths, min(distance) AS distance, collect(DISTINCT via) AS via
       WITH n, paths, distance, via, ${nodeTypeOf('n')} AS type
       WITH {node: n, type: type, wanted: $types IS NULL OR type IN $types, paths: paths, distance: distance, via: via,
             publicationCount: coalesce(n.publicationCount, 0), label: coalesce(${labelOf('n')}, ''), slug: n.id} AS w
       ORDER BY ${RANK}
       WITH collect(w) AS ranked
       RETURN [w IN ranked WHERE w.distance = 1] AS ring1, [w IN ranked WHERE w.distance = 2] AS ring2
     }
     WITH c, ring1, ring2, size(sample) >= $ringSample AS sampled
     ${FIRST_PER_TYPE('ring1', 'w.wanted', 'ring1')}
     WITH c, ring2, sampled, kept AS kept1, candidates AS candidates1,
          [w IN kept + [w IN ring1 WHERE NOT w.wanted] | w.node] AS connecting
     ${FIRST_PER_TYPE('ring2', 'w.wanted AND any(v IN w.via WHERE v IN connecting)', 'ring2, connecting, kept1', 'kept1')}
     WITH c, kept1 + kept AS kept, sampled OR size(kept1) < candidates1 OR size(kept) < size([w IN ring2 WHERE w.wanted]) AS truncated
     CALL (kept) {
       UNWIND kept AS w
       WITH w ORDER BY ${RANK}
       WITH w.node AS n, w
       RETURN collect(n { ${NODE_FIELDS('n')}, paths: w.paths, distance: w.distance }) AS chosen
     }
     RETURN c { ${NODE_FIELDS('c')} } AS center, chosen, truncated`,
  );

/**
 * Stored relationships among the chosen nodes (each pair checked from its less connected end), and CO_OCCURS
 * from a vocabulary centre: the publications of the centre's first RING_SAMPLE (all, in the real catalogue)
 * that are also tagged with the node.
 */
export const EDGES_AMONG = cypher<{ source: string; target: string; type: string; weight: number }>(
  'neighbourhoodEdges',
  `CALL () {
     MATCH (a) WHERE elementId(a) IN $ids
     WITH collect(a) AS chosen
     UNWIND chosen AS a
     UNWIND chosen AS b
     MATCH (a)-[r:${EXPLAINABLE_PATTERN}]->(b)
     RETURN elementId(a) AS source, elementId(b) AS target, type(r) AS type, 1.0 AS weight
     UNION ALL
     MATCH (c) WHERE elementId(c) = $center AND NOT c:Publication
     CALL (c) {
       MATCH (c)<-[:${PUBLICATION_TAG_PATTERN}]-(p:Publication)
       RETURN DISTINCT p LIMIT $ringSample
     }
     MATCH (p)-[:${PUBLICATION_TAG_PATTERN}]->(n) WHERE elementId(n) IN $ids AND n <> c
     WITH c, n, count(DISTINCT p) AS shared
     RETURN elementId(c) AS source, elementId(n) AS target, 'CO_OCCURS' AS type, toFloat(shared) AS weight
   }
   RETURN source, target, type, weight`,
);

const toNode = (row: NodeRow, weight: number, distance: number): GraphNodeRecord => ({
  type: row.type,
  slug: row.slug,
  label: row.type === 'Publication' ? displayTitle({ id: row.slug, title: row.label, summary: row.summary }) : (row.label ?? row.slug),
  weight,
  distance,
  publicationCount: row.type === 'Publication' ? null : (row.publicationCount ?? 0),
});

export interface NeighbourhoodOptions {
  type: NodeType;
  slug: string;
  depth: 1 | 2;
  /** Node types to keep; undefined keeps all. */
  types?: ReadonlySet<NodeType>;
  limitPerType: number;
}

export async function findNeighbourhood(graph: GraphExecutor, options: NeighbourhoodOptions): Promise<NeighbourhoodRecord | null> {
  const [row] = await graph.read(neighbourhoodQuery(options.type, options.depth), {
    slug: options.slug,
    types: options.types ? [...options.types] : null,
    limit: options.limitPerType,
    ringSample: RING_SAMPLE,
    degreeCap: DEGREE_CAP,
  });
  if (!row) return null;
  const { chosen, truncated } = row;
  const center = toNode(row.center, 0, 0);
  const nodes = [center, ...chosen.map((c) => toNode(c, c.paths, c.distance))];
  const byElementId = new Map<string, { type: NodeType; slug: string }>([
    [row.center.elementId, { type: row.center.type, slug: row.center.slug }],
    ...chosen.map((c): [string, { type: NodeType; slug: string }] => [c.elementId, { type: c.type, slug: c.slug }]),
  ]);
  const edgeRows = await graph.read(EDGES_AMONG, { ids: [...byElementId.keys()], center: row.center.elementId, ringSample: RING_SAMPLE });
  const seen = new Set<string>();
  const edges: GraphEdgeRecord[] = [];
  for (const e of edgeRows) {
    const key = `${e.source}|${e.target}|${e.type}`;
    const source = byElementId.get(e.source);
    const target = byElementId.get(e.target);
    if (!source || !target || seen.has(key)) continue;
    seen.add(key);
    edges.push({ source, target, type: e.type, weight: e.weight });
  }
  return { center, nodes, edges, truncated };
}

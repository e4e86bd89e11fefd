import { cypher, type GraphExecutor } from '../graph/executor';
import type { NodeType } from '../model';
import { displayTitle } from '../publications/display-title';
import { EXPLAINABLE_PATTERN, isEntity, labelOf, nodeTypeOf, PUBLICATION_TAG_PATTERN } from './graph-vocabulary';
import type { GraphEdgeRecord, GraphNodeRecord, NeighbourhoodRecord } from './explore.model';

/**
 * The neighbourhood of one node in two round-trips: the first finds every node within `depth` steps with how
 * many paths reach it and through which nodes; the selection per type happens here in TypeScript (it needs
 * the whole candidate list); the second fetches the relationships among the chosen nodes and the
 * co-occurrence counts. Both statements are assembled from the allowlists in graph-vocabulary.ts; the
 * depth is a validated 1 or 2 mapped to a fixed range.
 */

interface NodeRow {
  elementId: string;
  slug: string;
  type: NodeType;
  label: string | null;
  summary: string | null;
  publicationCount: number | null;
}
interface CandidateRow extends NodeRow {
  paths: number;
  distance: number;
  /** Element ids of the nodes that join a distance-2 path's ends. */
  via: string[];
}

const DEPTH_RANGE: Record<1 | 2, string> = { 1: '1..1', 2: '1..2' };

const NODE_FIELDS = (v: string) =>
  `elementId: elementId(${v}), slug: ${v}.id, type: ${nodeTypeOf(v)}, label: ${labelOf(v)},
   summary: CASE WHEN ${v}:Publication AND ${v}.title IS NULL THEN left(${v}.summary, 300) END, publicationCount: ${v}.publicationCount`;

/** The first statement (exported for the TCK tests in tests/tck). */
export const neighbourhoodCandidatesQuery = (label: NodeType, depth: 1 | 2) =>
  cypher<{ center: NodeRow; candidates: CandidateRow[] }>(
    `neighbourhoodCandidates ${label} ${depth}`,
    `MATCH (c:${label} {id: $slug})
     CALL (c) {
       MATCH path = (c)-[:${EXPLAINABLE_PATTERN}*${DEPTH_RANGE[depth]}]-(n)
       WHERE n <> c AND all(x IN nodes(path) WHERE ${isEntity('x')})
       WITH n, count(path) AS paths, min(length(path)) AS distance,
            collect(DISTINCT CASE WHEN length(path) = 2 THEN elementId(nodes(path)[1]) END) AS via
       RETURN collect(n { ${NODE_FIELDS('n')}, paths: paths, distance: distance, via: via }) AS candidates
     }
     RETURN c { ${NODE_FIELDS('c')} } AS center, candidates`,
  );

/** Stored relationships among the chosen nodes, and CO_OCCURS from a vocabulary centre (shared publications). */
export const EDGES_AMONG = cypher<{ source: string; target: string; type: string; weight: number }>(
  'neighbourhoodEdges',
  `CALL () {
     MATCH (a) WHERE elementId(a) IN $ids
     MATCH (a)-[r:${EXPLAINABLE_PATTERN}]->(b) WHERE elementId(b) IN $ids
     RETURN elementId(a) AS source, elementId(b) AS target, type(r) AS type, 1.0 AS weight
     UNION ALL
     MATCH (c) WHERE elementId(c) = $center AND NOT c:Publication
     MATCH (n) WHERE elementId(n) IN $ids AND n <> c AND NOT n:Publication
     WITH c, n, size(COLLECT { MATCH (c)<-[:${PUBLICATION_TAG_PATTERN}]-(p:Publication)-[:${PUBLICATION_TAG_PATTERN}]->(n) RETURN DISTINCT p }) AS shared
     WHERE shared > 0
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

/** Heaviest first; ties go to the more specific node (fewer publications), then by label and slug. */
const heaviestFirst = (a: CandidateRow, b: CandidateRow) =>
  b.paths - a.paths || (a.publicationCount ?? 0) - (b.publicationCount ?? 0) || (a.label ?? '').localeCompare(b.label ?? '') || a.slug.localeCompare(b.slug);

export interface NeighbourhoodOptions {
  type: NodeType;
  slug: string;
  depth: 1 | 2;
  /** Node types to keep; undefined keeps all. */
  types?: ReadonlySet<NodeType>;
  limitPerType: number;
}

/**
 * Keeps, per type, the nearest then heaviest `limitPerType` candidates. A distance-2 candidate is only
 * eligible while one of its connecting nodes is kept or was left out by the `types` filter (not by the limit),
 * so the picture stays connected. `truncated` reports any candidate the limit removed.
 */
export function selectNeighbours(candidates: CandidateRow[], options: Pick<NeighbourhoodOptions, 'types' | 'limitPerType'>) {
  const wanted = candidates.filter((c) => !options.types || options.types.has(c.type));
  const chosen: CandidateRow[] = [];
  const taken = new Map<NodeType, number>();
  const cut = new Set<string>();
  let truncated = false;
  for (const distance of [1, 2]) {
    const ring = wanted.filter((c) => c.distance === distance).sort(heaviestFirst);
    for (const c of ring) {
      const connected = distance === 1 || c.via.some((v) => !cut.has(v));
      const count = taken.get(c.type) ?? 0;
      if (connected && count < options.limitPerType) {
        chosen.push(c);
        taken.set(c.type, count + 1);
      } else {
        cut.add(c.elementId);
        truncated = true;
      }
    }
  }
  return { chosen, truncated };
}

export async function findNeighbourhood(graph: GraphExecutor, options: NeighbourhoodOptions): Promise<NeighbourhoodRecord | null> {
  const [row] = await graph.read(neighbourhoodCandidatesQuery(options.type, options.depth), { slug: options.slug });
  if (!row) return null;
  const { chosen, truncated } = selectNeighbours(row.candidates, options);
  const center = toNode(row.center, 0, 0);
  const nodes = [center, ...chosen.map((c) => toNode(c, c.paths, c.distance))];
  const byElementId = new Map<string, { type: NodeType; slug: string }>([
    [row.center.elementId, { type: row.center.type, slug: row.center.slug }],
    ...chosen.map((c): [string, { type: NodeType; slug: string }] => [c.elementId, { type: c.type, slug: c.slug }]),
  ]);
  const edgeRows = await graph.read(EDGES_AMONG, { ids: [...byElementId.keys()], center: row.center.elementId });
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

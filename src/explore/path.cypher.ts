import { cypher, type GraphExecutor } from '../graph/executor';
import type { NodeType } from '../model';
import { displayTitle } from '../publications/display-title';
import { alsoPhraseOf, phraseOf } from '../model';
import { isEntity, labelOf, nodeTypeOf, PATH_PATTERN } from './graph-vocabulary';
import type { ConnectionPathRecord, GraphNodeKind, PathNodeRecord, PathStepRecord } from './explore.model';

/**
 * Shortest explainable paths between two nodes: allShortestPaths (a bidirectional breadth-first search that
 * stops at the shortest length) over the explainable relationships plus series membership, never through
 * Language or Source nodes and (with avoidHubs) not through hubs. A hub is the world, a node attached to more
 * than half of the publications, or one attached to more than HUB_PUBLICATIONS (WIDER_HUB_PUBLICATIONS when no
 * path avoids those): the search expands no node with more, so each step of its frontier grows at most that
 * many times and the cost stays bounded whatever the catalogue's size. Ranked here by specificity; sentences are built from the relationship phrases of the
 * graph model (src/model).
 */

/** How many shortest paths are fetched for ranking. */
const PATH_CANDIDATES = 200;
/**
 * With avoidHubs, a path first avoids every node attached to more publications than this: a path through it says
 * little (ln(N / df) is small) and expanding it costs a frontier of that many publications. Only when no path
 * within maxLength avoids them does the search run again (in the same statement) allowing nodes up to
 * WIDER_HUB_PUBLICATIONS, keeping fewer candidates. Both are well above any node of the real catalogue, so there
 * only the half-of-the-publications rule applies.
 */
export const HUB_PUBLICATIONS = 500;
export const WIDER_HUB_PUBLICATIONS = 2_000;
const WIDER_PATH_CANDIDATES = 50;

interface PathNodeRow {
  slug: string;
  type: GraphNodeKind;
  label: string | null;
  summary: string | null;
  publicationCount: number | null;
}
interface PathRow {
  nodes: PathNodeRow[];
  relationships: { type: string; forward: boolean }[];
}

export const connectionPathQuery = (from: NodeType, to: NodeType, maxLength: number) => {
  /** The shortest paths whose inner nodes are entities or series, and with avoidHubs no hubs of more than `cap`. */
  const SHORTEST = (cap: string, limit: number) => `WITH a, b, total WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
       MATCH path = allShortestPaths((a)-[:${PATH_PATTERN}*..${maxLength}]-(b))
       WHERE all(x IN nodes(path) WHERE x = a OR x = b OR (
         (${isEntity('x')} OR x:Series)
         AND (NOT $avoidHubs OR (coalesce(x.publicationCount, 0) * 2 <= total AND coalesce(x.publicationCount, 0) <= ${cap}
                                 AND NOT (x:Place AND x.type = 'world')))))
       WITH path LIMIT ${limit}`;
  return cypher<{ fromFound: boolean; toFound: boolean; total: number; paths: PathRow[] }>(
    `connectionPaths ${from} ${to} ${maxLength}`,
    `OPTIONAL MATCH (a:${from} {id: $from})
     OPTIONAL MATCH (b:${to} {id: $to})
     CALL () { MATCH (p:Publication) RETURN count(p) AS total }
     CALL (a, b, total) {
       ${SHORTEST('$hubPublications', PATH_CANDIDATES)}
       RETURN collect(path) AS near
     }
     CALL (a, b, total, near) {
       WITH a, b, total WHERE $avoidHubs AND size(near) = 0
       ${SHORTEST('$widerHubPublications', WIDER_PATH_CANDIDATES)}
       RETURN collect(path) AS wide
     }
     CALL (near, wide) {
       UNWIND near + wide AS path
       RETURN collect({
         nodes: [x IN nodes(path) | { slug: x.id, type: ${nodeTypeOf('x')}, label: ${labelOf('x')},
                 summary: CASE WHEN x:Publication AND x.title IS NULL THEN left(x.summary, 300) END, publicationCount: x.publicationCount }],
         relationships: [i IN range(0, length(path) - 1) | { type: type(relationships(path)[i]), forward: startNode(relationships(path)[i]) = nodes(path)[i] }]
       }) AS paths
     }
     RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, total, paths`,
  );
};

function toPathNode(row: PathNodeRow): PathNodeRecord {
  const label = row.type === 'Publication' ? displayTitle({ id: row.slug, title: row.label, summary: row.summary }) : (row.label ?? row.slug);
  return { type: row.type, slug: row.slug, label };
}

/** "A is about Counter-trafficking, which B is also about; ..." */
export function explain(nodes: PathNodeRecord[], steps: PathStepRecord[]): string {
  let text = '';
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (i === 0) text = step.sentence;
    // X -r-> shared <-r- Y reads "X r shared, which Y also r".
    else if (previous && previous.direction === 'FORWARD' && step.direction === 'BACKWARD' && previous.relation === step.relation && alsoPhraseOf(step.relation)) {
      text += `, which ${step.to.label} ${alsoPhraseOf(step.relation)}`;
    } else text += `; ${step.sentence}`;
  });
  return nodes.length > 0 ? `${text}.` : '';
}

/** ln(N / df) of an inner node; an inner publication counts as df = 1 (it is one specific work). */
const specificityOf = (node: PathNodeRow, total: number) => Math.log(Math.max(total, 1) / Math.max(node.type === 'Publication' ? 1 : (node.publicationCount ?? 1), 1));

export interface PathResult {
  fromFound: boolean;
  toFound: boolean;
  paths: ConnectionPathRecord[];
}

export async function findConnectionPaths(
  graph: GraphExecutor,
  options: { from: { type: NodeType; slug: string }; to: { type: NodeType; slug: string }; maxLength: number; first: number; avoidHubs: boolean },
): Promise<PathResult> {
  const [row] = await graph.read(connectionPathQuery(options.from.type, options.to.type, options.maxLength), {
    from: options.from.slug,
    to: options.to.slug,
    avoidHubs: options.avoidHubs,
    hubPublications: HUB_PUBLICATIONS,
    widerHubPublications: WIDER_HUB_PUBLICATIONS,
  });
  if (!row) return { fromFound: false, toFound: false, paths: [] };
  const paths = row.paths.map((p): ConnectionPathRecord => {
    const nodes = p.nodes.map(toPathNode);
    const steps = p.relationships.map((r, i): PathStepRecord => {
      const from = nodes[i]!;
      const to = nodes[i + 1]!;
      return { from, to, relation: r.type, direction: r.forward ? 'FORWARD' : 'BACKWARD', sentence: `${from.label} ${phraseOf(r.type, r.forward)} ${to.label}` };
    });
    const specificity = p.nodes.slice(1, -1).reduce((sum, n) => sum + specificityOf(n, row.total), 0);
    return { length: steps.length, specificity: Math.round(specificity * 1000) / 1000, nodes, steps, explanation: explain(nodes, steps) };
  });
  paths.sort((a, b) => a.length - b.length || b.specificity - a.specificity || a.explanation.localeCompare(b.explanation));
  return { fromFound: row.fromFound, toFound: row.toFound, paths: paths.slice(0, options.first) };
}

import Cypher from '@neo4j/cypher-builder';
import { hierarchyOf, type NodeLabel, type RelationshipType } from '../model';
import { cypher, type CypherQuery, type Params } from './executor';

/**
 * Statements composed with @neo4j/cypher-builder (the builder the Neo4j GraphQL library compiles with): clauses,
 * patterns and predicates are values combined by the builder, which names the variables and parameters, and
 * `.build()` hands the text and its parameters to the executor together. Labels and relationship types come
 * only from the graph model (src/model); every value from a request is a `Cypher.Param`.
 */

/** A built statement as the executor runs it: the named query and the parameters `.build()` collected. */
export function builtQuery<Row>(name: string, clause: Cypher.Clause): { query: CypherQuery<Row>; params: Params } {
  const { cypher: text, params } = clause.build();
  return { query: cypher<Row>(name, text), params };
}

/** A parameter the builder names `${prefix}N` (N counts the statement's parameters, so names never collide). */
export function param(value: unknown, prefix?: string): Cypher.Param {
  const p = new Cypher.Param(value);
  if (prefix) p.prefix = prefix;
  return p;
}

/** Relationship types of the model as a pattern's type: one type, or the alternation of several. */
export const relTypes = (types: readonly [RelationshipType, ...RelationshipType[]] | readonly RelationshipType[]): string | Cypher.LabelExpr =>
  types.length === 1 ? types[0]! : Cypher.labelExpr.or(...types);

/**
 * `(from)-[:TYPE]->(:Label)-[:BROADER*0..]->(to:Label)`: from `from` across `types` to a node of `label` and on up
 * its hierarchy (src/model/hierarchies.ts) to `to`, which is then that node or one above it. A label without a
 * hierarchy reaches `to` directly: `(from)-[:TYPE]->(to:Label)`. `to` goes unlabelled when it is bound already.
 */
export function linkedUpwards(from: Cypher.Pattern, types: readonly RelationshipType[], label: NodeLabel, to: Cypher.Node, bound = false): Cypher.Pattern {
  const hierarchy = hierarchyOf(label);
  const link = from.related({ type: relTypes(types), direction: 'right' });
  const target = bound ? {} : { labels: label };
  return hierarchy ? link.to({ labels: label }).related({ type: hierarchy, direction: 'right', length: { min: 0 } }).to(to, target) : link.to(to, target);
}

/** `(narrower:Label)-[:BROADER*0..]->(node)`: the nodes at or below `node` in its label's hierarchy, bound to `narrower`. */
export function narrowerOf(node: Cypher.Node, label: NodeLabel, narrower: Cypher.Node): Cypher.Pattern {
  const hierarchy = hierarchyOf(label);
  if (!hierarchy) throw new Error(`The graph model has no hierarchy for ${label}.`);
  return new Cypher.Pattern(narrower, { labels: label }).related({ type: hierarchy, direction: 'right', length: { min: 0 } }).to(node);
}

/**
 * `(node)-[:BROADER]->(broader:Label)`: one step up `label`'s hierarchy, from `node` to a node directly above it;
 * with `anyDepth`, `-[:BROADER*1..]->` to every node above it (once per path).
 */
export function broaderOf(node: Cypher.Node, label: NodeLabel, broader: Cypher.Node, anyDepth = false): Cypher.Pattern {
  const hierarchy = hierarchyOf(label);
  if (!hierarchy) throw new Error(`The graph model has no hierarchy for ${label}.`);
  return new Cypher.Pattern(node).related({ type: hierarchy, direction: 'right', ...(anyDepth ? { length: { min: 1 } } : {}) }).to(broader, { labels: label });
}

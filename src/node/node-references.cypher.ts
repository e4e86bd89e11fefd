import Cypher from '@neo4j/cypher-builder';
import DataLoader from 'dataloader';
import { notFound } from '../errors';
import { builtQuery, param } from '../graph/built-query';
import type { GraphExecutor } from '../graph/executor';
import type { NodeType } from '../model';

/**
 * Arguments that name nodes (a filter's topics, a reading path's topic ...) must name nodes the catalogue holds:
 * an unknown slug is the caller's mistake, not a question whose answer is "nothing". The arguments' translators
 * (slugArgument, the filter compiler) collect what they were given as references, with where each was; one
 * statement then finds the ones no node answers to, either as a subquery of the statement that uses them (a
 * publication list checks its filter in its own round-trip) or, for arguments read by a loader per parent
 * (`related(filter:)`), through a per-request loader that checks every reference of the request in one batch.
 */

/** One node an argument names, and where: `argument` as the schema names it, `path` inside it (`filter.topics[0]`). */
export interface NodeReference {
  type: NodeType;
  slug: string;
  /** What the caller wrote (a slug or a global id), quoted back in the refusal. */
  value: string;
  argument: string;
  path: string;
}

export type ReferenceKey = { type: NodeType; id: string };
const keyOf = (r: { type: NodeType; slug?: string; id?: string }) => `${r.type}:${r.slug ?? r.id}`;

/** The references no node answers to, each once per (type, slug), from the statement's `missing` column. */
const REF = new Cypher.NamedVariable('ref');

/**
 * `CALL () { UNWIND $refs AS ref WITH ref WHERE NOT CASE ref.type WHEN 'Topic' THEN EXISTS { MATCH (:Topic {id: ref.id}) } ... END
 * RETURN collect(ref) AS missing }`: the (type, id) maps of `references` that name no node, as `missing`. Each
 * test is a unique-index seek on the label's id; only the types among the references get a branch.
 */
export function missingReferences(references: readonly NodeReference[], missing: Cypher.Variable): Cypher.Call {
  const keys = new Map<string, ReferenceKey>(references.map((r) => [keyOf(r), { type: r.type, id: r.slug }]));
  const types = [...new Set(references.map((r) => r.type))];
  const exists = new Cypher.Case(REF.property('type'));
  for (const type of types) {
    const node = new Cypher.Node();
    exists.when(new Cypher.Literal(type)).then(new Cypher.Exists(new Cypher.Match(new Cypher.Pattern(node, { labels: type, properties: { id: REF.property('id') } }))));
  }
  exists.else(Cypher.false);
  return new Cypher.Call(
    new Cypher.Unwind([param([...keys.values()], 'refs'), REF])
      .with(REF)
      .where(Cypher.not(exists))
      .return([Cypher.collect(REF), missing]),
    [],
  );
}

/** Throws NotFoundError naming every one of `references` (all missing) with where it was; the first one's argument and path lead. */
export function refuse(references: readonly [NodeReference, ...NodeReference[]]): never {
  const [first] = references;
  const named = (r: NodeReference) => (r.value === r.slug ? JSON.stringify(r.slug) : `${JSON.stringify(r.value.slice(0, 80))} (slug ${JSON.stringify(r.slug)})`);
  // Where, as slugArgument says it: a plain argument quoted ("topic"), a place inside one as its path (filter.topics[0]).
  const where = (r: NodeReference) => (r.path === r.argument ? `"${r.argument}"` : r.path);
  const each = references.map((r) => `${where(r)}: no ${r.type} has the id or slug ${named(r)}`);
  throw notFound(`${each.join('; ')}. Name an existing ${first.type} by its slug or id (the ${first.type.toLowerCase()} lists and autocomplete give them).`, first.argument, first.value.slice(0, 80), first.path);
}

/** Throws NotFoundError for those of `references` that `missing` (as the check returned it) names. */
export function refuseMissing(references: readonly NodeReference[], missing: readonly ReferenceKey[] | null | undefined): void {
  const unknown = new Set((missing ?? []).map(keyOf));
  const refused = references.filter((r) => unknown.has(keyOf(r)));
  if (refused.length > 0) refuse(refused as [NodeReference, ...NodeReference[]]);
}

const MISSING = new Cypher.NamedVariable('missing');

/** The statement alone, for arguments not checked inside the statement that uses them. */
export function buildMissingReferencesQuery(references: readonly NodeReference[]) {
  return builtQuery<{ missing: ReferenceKey[] }>('missingReferences', Cypher.utils.concat(missingReferences(references, MISSING), new Cypher.Return(MISSING)));
}

/**
 * Per request: whether a node of `type` has the slug, every key of a tick checked by one statement. Related
 * lists take a filter per parent publication; through this loader a page of them checks its filter once.
 */
export function createNodeReferenceLoaders(executor: GraphExecutor) {
  return {
    exists: new DataLoader<NodeReference, boolean, string>(
      async (references) => {
        const { query, params } = buildMissingReferencesQuery(references);
        const [row] = await executor.read(query, params);
        const unknown = new Set((row?.missing ?? []).map(keyOf));
        return references.map((r) => !unknown.has(keyOf(r)));
      },
      { cacheKeyFn: keyOf },
    ),
  };
}

/** Refuses references naming no node, checked through the request's loader (one batch for all of a tick). */
export async function requireReferences(loader: DataLoader<NodeReference, boolean, string>, references: readonly NodeReference[]): Promise<void> {
  if (references.length === 0) return;
  const found = await Promise.all(references.map((r) => loader.load(r)));
  const refused = references.filter((_, i) => !found[i]);
  if (refused.length > 0) refuse(refused as [NodeReference, ...NodeReference[]]);
}

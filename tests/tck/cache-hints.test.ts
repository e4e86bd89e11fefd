import { type GraphQLField, type GraphQLNamedType, getNamedType, isAbstractType, isCompositeType, isObjectType } from 'graphql';
import { buildSchema } from '../../src/server/schema';

/**
 * Apollo marks a response cacheable only when every field returning an object (and every root field) has a cache
 * hint, from its type or itself; one unhinted field makes the whole answer `no-store`. So every type and field a
 * query can reach carries one (schema/cache.graphql), except the by-id lookups, which stay uncached on purpose, and
 * federation's own root fields (added by @apollo/subgraph, where no SDL can hint them): a gateway asks for entities
 * by POST, which no HTTP cache keeps, and `_service` is read once when a supergraph is composed.
 */

const UNHINTED_ROOT_FIELDS = new Set(['node', 'nodes', '_entities', '_service']);

const schema = buildSchema();
const hinted = (nodes: readonly { directives?: readonly { name: { value: string } }[] }[]) => nodes.some((n) => n.directives?.some((d) => d.name.value === 'cacheControl'));
const typeHinted = (type: GraphQLNamedType) => hinted([...(type.astNode ? [type.astNode] : []), ...type.extensionASTNodes]);
const fieldHinted = (field: GraphQLField<unknown, unknown>) => hinted(field.astNode ? [field.astNode] : []);

/** Every field a query reaches (type.field) that would make its answer uncacheable. */
function unhintedFields(): string[] {
  const missing: string[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType, root: boolean) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    const objects = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    for (const object of objects) visit(object, false);
    if (!isObjectType(type)) return;
    for (const field of Object.values(type.getFields())) {
      if (root && UNHINTED_ROOT_FIELDS.has(field.name)) continue;
      const target = getNamedType(field.type);
      const needsHint = root || isCompositeType(target);
      const covered = fieldHinted(field) || (isObjectType(target) && typeHinted(target));
      if (needsHint && !covered) missing.push(`${type.name}.${field.name}`);
      visit(target, false);
    }
  };
  visit(schema.getQueryType()!, true);
  return missing;
}

describe('cache hints', () => {
  it('cover every type and field a query can reach, so public reads are cacheable', () => {
    expect(unhintedFields()).toEqual([]);
  });
});

import type DataLoader from 'dataloader';
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import type { Resolvers } from '../__generated__/resolvers-types';
import { ID_PATTERN, NODE_TYPES, type NodeType } from '../model';
import { parseGlobalId } from '../node/global-id';

/**
 * Apollo Federation's entity references (`Query._entities`, schema/federation.graphql): a gateway names a node by
 * one of its keys, its global `id` or its `slug`, and gets the node back. Every reference goes through the request's
 * `byId` loader of its type, so a gateway's batch of references, however long, is one Cypher round-trip per type.
 */

/** The keys a representation may carry (the `@key`s of schema/federation.graphql). */
interface EntityReference {
  id?: unknown;
  slug?: unknown;
}

/** Longest slug a reference may carry (as for arguments, src/node/global-id.ts). */
const MAX_SLUG_LENGTH = 200;

/**
 * The slug a reference names, or undefined when it names nothing of `type`: a global id of another type or not
 * ours, or a slug that cannot be one. Like `node(id:)`, such a reference resolves to null rather than an error.
 */
export function referencedSlug(reference: EntityReference, type: NodeType): string | undefined {
  if (typeof reference.id === 'string') {
    const parsed = parseGlobalId(reference.id);
    return parsed?.type === type ? parsed.slug : undefined;
  }
  if (typeof reference.slug === 'string' && reference.slug.length <= MAX_SLUG_LENGTH && ID_PATTERN.test(reference.slug)) return reference.slug;
  return undefined;
}

function load<T>(reference: EntityReference, type: NodeType, byId: DataLoader<string, T | null>): Promise<T | null> | null {
  const slug = referencedSlug(reference, type);
  return slug === undefined ? null : byId.load(slug);
}

export const entityReferenceResolvers: Resolvers = {
  Publication: { __resolveReference: (reference, ctx) => load(reference, 'Publication', ctx.loaders.publications.byId) },
  Topic: { __resolveReference: (reference, ctx) => load(reference, 'Topic', ctx.loaders.topics.byId) },
  Audience: { __resolveReference: (reference, ctx) => load(reference, 'Audience', ctx.loaders.audiences.byId) },
  Place: { __resolveReference: (reference, ctx) => load(reference, 'Place', ctx.loaders.places.byId) },
  Organisation: { __resolveReference: (reference, ctx) => load(reference, 'Organisation', ctx.loaders.organisations.byId) },
  Programme: { __resolveReference: (reference, ctx) => load(reference, 'Programme', ctx.loaders.programmes.byId) },
};

const ENTITY_TYPES: readonly string[] = NODE_TYPES;

function representation(value: unknown): EntityReference {
  const typename = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { __typename?: unknown }).__typename : undefined;
  if (typeof typename !== 'string' || !ENTITY_TYPES.includes(typename)) {
    throw new TypeError(`A representation is an object with the __typename of an entity (${ENTITY_TYPES.join(', ')}) and one of its keys, id or slug.`);
  }
  return value as EntityReference;
}

/**
 * `_Any`, the type of `_entities(representations:)`. @apollo/subgraph's own accepts any value and fails inside the
 * resolver (an internal error) on one without an entity's `__typename`; this one refuses it as the variable's
 * coercion error, a client error like any other argument of the wrong shape.
 */
export const representationScalar = new GraphQLScalarType({
  name: '_Any',
  serialize: (value) => value,
  parseValue: representation,
  parseLiteral: (ast, variables) => representation(valueFromASTUntyped(ast, variables)),
});

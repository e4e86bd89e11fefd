import type { Resolvers } from '../__generated__/resolvers-types';
import type { GraphQLContext } from '../server/context';
import { parseGlobalId } from './global-id';
import type { NodeType } from '../model';

/** Relay object identification: any node by global id, through the same per-request loaders as the fields. */
function loaderFor(type: NodeType, ctx: GraphQLContext) {
  switch (type) {
    case 'Publication':
      return ctx.loaders.publications.byId;
    case 'Topic':
      return ctx.loaders.topics.byId;
    case 'Audience':
      return ctx.loaders.audiences.byId;
    case 'Place':
      return ctx.loaders.places.byId;
    case 'Organisation':
      return ctx.loaders.organisations.byId;
    case 'Programme':
      return ctx.loaders.programmes.byId;
  }
}

/** Any node by type and slug, through the request's loaders (batched with every other lookup of the tick). */
export function loadNodeBySlug(ctx: GraphQLContext, type: NodeType, slug: string) {
  return loaderFor(type, ctx).load(slug);
}

async function loadNode(id: string, ctx: GraphQLContext) {
  const parsed = parseGlobalId(id);
  // An id that is not ours is, like an unknown one, simply not a node: Relay clients expect null, not an error.
  if (!parsed) return null;
  return loadNodeBySlug(ctx, parsed.type, parsed.slug);
}

export const nodeResolvers: Resolvers = {
  Query: {
    node: (_root, args, ctx) => loadNode(args.id, ctx),
    nodes: (_root, args, ctx) => Promise.all(args.ids.map((id) => loadNode(id, ctx))),
  },
  Node: {
    __resolveType: (node) => node.__typename,
  },
};

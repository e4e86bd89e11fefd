import type { GraphNodeType, Resolvers } from '../__generated__/resolvers-types';
import { nodeIdArgument, slugReference, toGlobalId } from '../node/global-id';
import { type NodeReference, refuse } from '../node/node-references.cypher';
import { type NodeType, NODE_TYPES } from '../model';
import { loadNodeBySlug } from '../node/node.resolvers';
import { primePublications } from '../publications/publication.loaders';
import type { GraphQLContext } from '../server/context';
import type { PathNodeRecord } from './explore.model';
import { findNeighbourhood } from './neighbourhood.cypher';
import { findConnectionPaths } from './path.cypher';
import { findReadingPath } from './reading-path';
import { badInput, limitExceeded } from '../errors';

export const MAX_LIMIT_PER_TYPE = 50;
export const MAX_PATH_LENGTH = 6;
export const MAX_PATHS = 10;

const graphType = (type: NodeType | 'Series') => type.toUpperCase() as GraphNodeType;
const fromGraphType = (type: GraphNodeType): NodeType | undefined => NODE_TYPES.find((t) => t.toUpperCase() === type);

const pathNodeId = (n: PathNodeRecord) => (n.type === 'Series' ? null : toGlobalId(n.type, n.slug));

/** An argument that takes only a global id, as a reference to refuse if no node has it. */
function idReference(value: string, argument: string): NodeReference {
  return { ...nodeIdArgument(value, argument), value, argument, path: argument };
}

/** The neighbourhood's centre: a global id, or a type and a slug (slugReference, as every slug argument). */
function centreOf(args: { id?: string | null; type?: GraphNodeType | null; slug?: string | null }): NodeReference {
  const byId = args.id !== undefined && args.id !== null;
  const given = (name: 'type' | 'slug') => args[name] !== undefined && args[name] !== null;
  if (byId === (given('type') || given('slug'))) throw badInput('Give either "id" (a global id) or "type" and "slug", not both and not neither.', byId ? 'slug' : 'id');
  if (byId) return idReference(args.id!, 'id');
  if (!given('type') || !given('slug')) throw badInput('"type" and "slug" go together: give both (e.g. type: TOPIC, slug: "counter-trafficking").', given('type') ? 'slug' : 'type');
  const type = fromGraphType(args.type!);
  if (!type) throw badInput(`"type" ${args.type} names no Node type: a neighbourhood is drawn around a ${NODE_TYPES.join(', ')}.`, 'type');
  return slugReference(args.slug!, type, 'slug');
}

export const exploreResolvers: Resolvers = {
  Query: {
    neighbourhood: async (_root, args, ctx) => {
      const centre = centreOf(args);
      const depth = args.depth ?? 1;
      if (depth !== 1 && depth !== 2) throw badInput(`"depth" must be 1 or 2 (got ${depth}).`, 'depth');
      const limitPerType = args.limitPerType ?? 10;
      if (!Number.isInteger(limitPerType) || limitPerType < 1 || limitPerType > MAX_LIMIT_PER_TYPE) {
        throw limitExceeded(`"limitPerType" must be between 1 and ${MAX_LIMIT_PER_TYPE} (got ${limitPerType}).`, 'limitPerType');
      }
      const types = args.types ? new Set(args.types.map(fromGraphType).filter((t): t is NodeType => t !== undefined)) : undefined;
      const result = await findNeighbourhood(ctx.graph, { type: centre.type, slug: centre.slug, depth, types, limitPerType });
      if (!result) return refuse([centre]);
      return result;
    },
    path: async (_root, args, ctx) => {
      const from = idReference(args.from, 'from');
      const to = idReference(args.to, 'to');
      const maxLength = args.maxLength ?? 4;
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_PATH_LENGTH) {
        throw limitExceeded(`"maxLength" must be between 1 and ${MAX_PATH_LENGTH} (got ${maxLength}).`, 'maxLength');
      }
      const first = args.first ?? 3;
      if (!Number.isInteger(first) || first < 1 || first > MAX_PATHS) throw limitExceeded(`"first" must be between 1 and ${MAX_PATHS} (got ${first}).`, 'first');
      if (from.type === to.type && from.slug === to.slug) throw badInput('"from" and "to" are the same object: a path needs two different ends.', 'to');
      const ends = { from: { type: from.type, slug: from.slug }, to: { type: to.type, slug: to.slug } };
      const result = await findConnectionPaths(ctx.graph, { ...ends, maxLength, first, avoidHubs: args.avoidHubs ?? true });
      if (!result.fromFound) return refuse([from, ...(result.toFound ? [] : [to])]);
      if (!result.toFound) return refuse([to]);
      return result.paths;
    },
    readingPath: async (_root, args, ctx) => {
      const topic = slugReference(args.topic, 'Topic', 'topic');
      const audience = args.audience ? slugReference(args.audience, 'Audience', 'audience') : null;
      const steps = await findReadingPath(ctx.graph, topic, audience);
      primePublications(ctx.loaders, steps);
      return steps;
    },
  },

  Neighbourhood: {},
  GraphNode: {
    id: (n) => toGlobalId(n.type, n.slug),
    type: (n) => graphType(n.type),
    node: async (n, _args, ctx: GraphQLContext) => {
      const node = await loadNodeBySlug(ctx, n.type, n.slug);
      if (!node) throw new Error(`${n.type} ${n.slug} vanished`);
      return node;
    },
  },
  GraphEdge: {
    source: (e) => toGlobalId(e.source.type, e.source.slug),
    target: (e) => toGlobalId(e.target.type, e.target.slug),
  },
  ConnectionPath: {},
  PathStep: {},
  PathNode: {
    id: (n) => pathNodeId(n),
    type: (n) => graphType(n.type),
    node: (n, _args, ctx) => (n.type === 'Series' ? null : loadNodeBySlug(ctx, n.type, n.slug)),
  },
  ReadingStep: {},

  Publication: {
    jsonLd: async (p, _args, ctx) => {
      const value = await ctx.loaders.explore.jsonLd.load(p.id);
      if (!value) throw new Error(`publication ${p.id} vanished`);
      return JSON.stringify(value);
    },
  },
};

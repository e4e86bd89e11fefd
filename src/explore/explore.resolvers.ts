import type { GraphNodeType, Resolvers } from '../__generated__/resolvers-types';
import { nodeIdArgument, slugArgument, toGlobalId } from '../node/global-id';
import { type NodeType, NODE_TYPES } from '../model';
import { loadNodeBySlug } from '../node/node.resolvers';
import { primePublications } from '../publications/publication.loaders';
import type { GraphQLContext } from '../server/context';
import type { PathNodeRecord } from './explore.model';
import { findNeighbourhood } from './neighbourhood.cypher';
import { findConnectionPaths } from './path.cypher';
import { findReadingPath } from './reading-path';
import { badInput, limitExceeded, notFound } from '../errors';

export const MAX_LIMIT_PER_TYPE = 50;
export const MAX_PATH_LENGTH = 6;
export const MAX_PATHS = 10;

const graphType = (type: NodeType | 'Series') => type.toUpperCase() as GraphNodeType;
const fromGraphType = (type: GraphNodeType): NodeType | undefined => NODE_TYPES.find((t) => t.toUpperCase() === type);

const pathNodeId = (n: PathNodeRecord) => (n.type === 'Series' ? null : toGlobalId(n.type, n.slug));

function describeMissing(which: string, value: { type: NodeType; slug: string }) {
  return `"${which}": no ${value.type} has the id ${JSON.stringify(toGlobalId(value.type, value.slug))} (slug ${JSON.stringify(value.slug)}).`;
}

export const exploreResolvers: Resolvers = {
  Query: {
    neighbourhood: async (_root, args, ctx) => {
      const centre = nodeIdArgument(args.id, 'id');
      const depth = args.depth ?? 1;
      if (depth !== 1 && depth !== 2) throw badInput(`"depth" must be 1 or 2 (got ${depth}).`, 'depth');
      const limitPerType = args.limitPerType ?? 10;
      if (!Number.isInteger(limitPerType) || limitPerType < 1 || limitPerType > MAX_LIMIT_PER_TYPE) {
        throw limitExceeded(`"limitPerType" must be between 1 and ${MAX_LIMIT_PER_TYPE} (got ${limitPerType}).`, 'limitPerType');
      }
      const types = args.types ? new Set(args.types.map(fromGraphType).filter((t): t is NodeType => t !== undefined)) : undefined;
      const result = await findNeighbourhood(ctx.graph, { ...centre, depth, types, limitPerType });
      if (!result) throw notFound(describeMissing('id', centre), 'id');
      return result;
    },
    path: async (_root, args, ctx) => {
      const from = nodeIdArgument(args.from, 'from');
      const to = nodeIdArgument(args.to, 'to');
      const maxLength = args.maxLength ?? 4;
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_PATH_LENGTH) {
        throw limitExceeded(`"maxLength" must be between 1 and ${MAX_PATH_LENGTH} (got ${maxLength}).`, 'maxLength');
      }
      const first = args.first ?? 3;
      if (!Number.isInteger(first) || first < 1 || first > MAX_PATHS) throw limitExceeded(`"first" must be between 1 and ${MAX_PATHS} (got ${first}).`, 'first');
      if (from.type === to.type && from.slug === to.slug) throw badInput('"from" and "to" are the same object: a path needs two different ends.', 'to');
      const result = await findConnectionPaths(ctx.graph, { from, to, maxLength, first, avoidHubs: args.avoidHubs ?? true });
      if (!result.fromFound) throw notFound(describeMissing('from', from), 'from');
      if (!result.toFound) throw notFound(describeMissing('to', to), 'to');
      return result.paths;
    },
    readingPath: async (_root, args, ctx) => {
      const topic = slugArgument(args.topic, 'Topic', 'topic');
      const audience = args.audience ? slugArgument(args.audience, 'Audience', 'audience') : null;
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

import type { PlaceType, Resolvers } from '../__generated__/resolvers-types';
import { stored } from '../node/enum-values';
import { listPageSize } from '../publications/publication-page';
import type { GraphQLContext } from '../server/context';
import { decodeVocabularyCursor, findVocabularyPage, type VocabularyListName } from './vocabulary-list.cypher';
import type { VocabularyPage, VocabularyRecord } from './vocabulary.model';

/**
 * The root lists of every vocabulary (Query.topics, audiences, places, organisations, programmes): Relay
 * connections of its nodes. Topics, places and organisations can be listed from their roots and browsed down as
 * trees (narrower, contains, offices); each node's `publications` is its entity page, with facets.
 */

interface ListArgs {
  first?: number | null;
  after?: string | null;
  roots?: boolean | null;
  type?: PlaceType | null;
}

async function listOf<N extends VocabularyListName>(name: N, args: ListArgs, ctx: GraphQLContext) {
  const first = listPageSize(args.first, ctx, 50);
  const after = args.after ? decodeVocabularyCursor(name, args.after) : undefined;
  const page = await findVocabularyPage(ctx.graph, name, { first, after, roots: args.roots ?? false, type: args.type ? stored(args.type) : null });
  // The nodes' own fields and lookups later in the request need no other round-trip.
  const byId = ctx.loaders[name].byId as { prime(id: string, value: VocabularyRecord): unknown };
  for (const node of page.nodes) byId.prime(node.id, node);
  return page;
}

function connectionFields<T extends VocabularyRecord>() {
  return {
    edges: (page: VocabularyPage<T>) => page.nodes.map((node, i) => ({ cursor: page.cursors[i]!, node })),
    nodes: (page: VocabularyPage<T>) => page.nodes,
    totalCount: (page: VocabularyPage<T>) => page.totalCount,
    pageInfo: (page: VocabularyPage<T>) => ({
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors.at(-1) ?? null,
    }),
  };
}

export const vocabularyListResolvers: Resolvers = {
  Query: {
    topics: (_root, args, ctx) => listOf('topics', args, ctx),
    audiences: (_root, args, ctx) => listOf('audiences', args, ctx),
    places: (_root, args, ctx) => listOf('places', args, ctx),
    organisations: (_root, args, ctx) => listOf('organisations', args, ctx),
    programmes: (_root, args, ctx) => listOf('programmes', args, ctx),
  },
  TopicConnection: connectionFields(),
  AudienceConnection: connectionFields(),
  PlaceConnection: connectionFields(),
  OrganisationConnection: connectionFields(),
  ProgrammeConnection: connectionFields(),
};

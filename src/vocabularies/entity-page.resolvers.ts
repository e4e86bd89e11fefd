import type { GraphQLResolveInfo } from 'graphql';
import type { PublicationFilter, PublicationSort, Resolvers } from '../__generated__/resolvers-types';
import { nodeIdArgument } from '../node/global-id';
import type { NodeType } from '../model';
import { compilePublicationFilter, type PublicationFilterInput } from '../publications/publication-filter';
import { constrainedSet, decodeListCursor } from '../publications/publication-list.cypher';
import { listPageSize, publicationPage } from '../publications/publication-page';
import type { PublicationPage } from '../publications/publication.model';
import type { GraphQLContext } from '../server/context';
import { findPlaceByIso2 } from './entity-page.cypher';
import { badInput, limitExceeded } from '../errors';

/**
 * Entity pages: lookups of topics, places, audiences, programmes and organisations, each with its publications
 * (the list machinery of Query.publications, so totalCount, facets and cursors work the same) and, for topics
 * and places, what surrounds them.
 */

/** Exactly one of the lookup arguments may be given. */
function exactlyOne(args: Record<string, unknown>, names: string[]) {
  const given = names.filter((n) => args[n] !== undefined && args[n] !== null);
  if (given.length !== 1) throw badInput(`Give exactly one of ${names.join(', ')}.`, given[1] ?? names[0]!);
}

/** The slug named by a global id of `type` or a slug (the loader answers null when no node has it). */
const slugOf = (type: NodeType, args: { id?: string | null; slug?: string | null }): string =>
  args.id !== undefined && args.id !== null ? nodeIdArgument(args.id, 'id', type).slug : (args.slug ?? '');

interface ListArgs {
  filter?: PublicationFilter | null;
  sort?: PublicationSort | null;
  first?: number | null;
  after?: string | null;
}

/** The entity's own constraint AND the caller's filter (see constrainedSet). */
async function publicationsOf(constraint: PublicationFilterInput, args: ListArgs, ctx: GraphQLContext, info: GraphQLResolveInfo): Promise<PublicationPage> {
  const first = listPageSize(args.first, ctx);
  const sort = args.sort ?? 'TITLE';
  const after = args.after ? decodeListCursor(args.after, sort) : undefined;
  const own = compilePublicationFilter(constraint, 'p', 'e');
  const theirs = compilePublicationFilter(args.filter as PublicationFilterInput | null | undefined, 'p', 'f');
  const set = constrainedSet(own, theirs);
  return publicationPage(ctx, info, { set, sort, first, after });
}

function firstOf(value: number | null | undefined): number {
  const first = value ?? 10;
  if (!Number.isInteger(first) || first < 1 || first > 50) throw limitExceeded(`"first" must be between 1 and 50 (got ${first}).`, 'first');
  return first;
}

async function surroundings(id: string, ctx: GraphQLContext) {
  const value = await ctx.loaders.topics.surroundings.load(id);
  return value ?? { relatedTopics: [], audiences: [], places: [], programmes: [] };
}

export const entityPageResolvers: Resolvers = {
  Query: {
    topic: (_root, args, ctx) => (exactlyOne(args, ['id', 'slug']), ctx.loaders.topics.byId.load(slugOf('Topic', args))),
    audience: (_root, args, ctx) => (exactlyOne(args, ['id', 'slug']), ctx.loaders.audiences.byId.load(slugOf('Audience', args))),
    programme: (_root, args, ctx) => (exactlyOne(args, ['id', 'slug']), ctx.loaders.programmes.byId.load(slugOf('Programme', args))),
    organisation: (_root, args, ctx) => (exactlyOne(args, ['id', 'slug']), ctx.loaders.organisations.byId.load(slugOf('Organisation', args))),
    place: async (_root, args, ctx) => {
      exactlyOne(args, ['id', 'slug', 'iso2']);
      if (args.iso2 !== undefined && args.iso2 !== null) {
        if (!/^[A-Za-z]{2}$/.test(args.iso2)) throw badInput(`"iso2" must be an ISO 3166-1 alpha-2 code such as "NG" (got ${JSON.stringify(args.iso2.slice(0, 20))}).`, 'iso2');
        const place = await findPlaceByIso2(ctx.graph, args.iso2);
        if (place) ctx.loaders.places.byId.prime(place.id, place);
        return place;
      }
      return ctx.loaders.places.byId.load(slugOf('Place', args));
    },
  },
  Topic: {
    publications: (t, args, ctx, info) => publicationsOf({ topics: [t.id] }, args, ctx, info),
    relatedTopics: async (t, args, ctx) => (await surroundings(t.id, ctx)).relatedTopics.slice(0, firstOf(args.first)),
    audiences: async (t, args, ctx) => (await surroundings(t.id, ctx)).audiences.slice(0, firstOf(args.first)),
    places: async (t, args, ctx) => (await surroundings(t.id, ctx)).places.slice(0, firstOf(args.first)),
    programmes: async (t, args, ctx) => (await surroundings(t.id, ctx)).programmes.slice(0, firstOf(args.first)),
  },
  Place: {
    publications: (p, args, ctx, info) => publicationsOf({ places: [p.id] }, args, ctx, info),
    contains: (p, _args, ctx) => ctx.loaders.places.contained.load(p.id),
    ancestors: (p, _args, ctx) => ctx.loaders.places.ancestors.load(p.id),
  },
  Audience: {
    publications: (a, args, ctx, info) => publicationsOf({ audiences: [a.id] }, args, ctx, info),
  },
  Programme: {
    publications: (p, args, ctx, info) => publicationsOf({ programmes: [p.id] }, args, ctx, info),
  },
  Organisation: {
    publications: (o, args, ctx, info) => publicationsOf({ organisations: [o.id] }, args, ctx, info),
  },
  TopicCooccurrence: {},
  AudienceCount: {},
  PlaceCount: {},
  ProgrammeCount: {},
};

import type { CompanionRelation, PublicationKind, Resolvers } from '../__generated__/resolvers-types';
import { nodeIdArgument, toGlobalId } from '../node/global-id';
import { loadNodeBySlug } from '../node/node.resolvers';
import { isbnKey, REL, RELATIONSHIPS } from '../model';
import { present } from '../node/enum-values';
import { type NodeType, NODE_TYPES } from '../model';
import { displayTitle } from './display-title';
import { compilePublicationFilter } from './publication-filter';
import { countPublicationList, decodeListCursor, filteredSet, findPublicationFacets } from './publication-list.cypher';
import { findPublicationByIsbn } from './publication.cypher';
import { listPageSize, publicationPage } from './publication-page';
import type { GraphQLContext } from '../server/context';
import type { ConflictRecord, PublicationPage } from './publication.model';
import { badInput, limitExceeded } from '../errors';

function renderValue(value: ConflictRecord['chosen']): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Fields every publication list (plain or search) resolves the same way; totalCount and facets cover the
 *  whole set the page was drawn from. */
export const listFields = {
  nodes: (page: PublicationPage) => page.publications,
  pageInfo: (page: PublicationPage) => ({
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.cursors[0] ?? null,
    endCursor: page.cursors.at(-1) ?? null,
  }),
  totalCount: (page: PublicationPage, _args: unknown, ctx: GraphQLContext) => page.totalCount ?? countPublicationList(ctx.graph, page.set),
  facets: (page: PublicationPage, args: { limit?: number | null }, ctx: GraphQLContext) => {
    const limit = args.limit ?? 20;
    if (limit < 1 || limit > 200) throw limitExceeded('"limit" must be between 1 and 200.', 'limit');
    return findPublicationFacets(ctx.graph, page.set, limit);
  },
};

const EDITION_RELATIONS: ReadonlySet<string> = new Set([REL.EDITION_OF, RELATIONSHIPS.EDITION_OF.inverse]);

async function editionsOf(id: string, ctx: GraphQLContext) {
  const companions = await ctx.loaders.publications.companions.load(id);
  const seen = new Set<string>();
  return companions.filter((c) => EDITION_RELATIONS.has(c.relation) && !seen.has(c.publication.id) && seen.add(c.publication.id));
}

export const publicationResolvers: Resolvers = {
  Query: {
    publication: async (_root, args, ctx) => {
      const given = [args.id, args.slug, args.isbn].filter((v) => v !== undefined && v !== null);
      if (given.length !== 1) throw badInput('Give exactly one of id, slug or isbn.', 'id');
      if (args.id !== undefined && args.id !== null) return ctx.loaders.publications.byId.load(nodeIdArgument(args.id, 'id', 'Publication').slug);
      if (args.slug !== undefined && args.slug !== null) return ctx.loaders.publications.byId.load(args.slug);
      const key = isbnKey(args.isbn ?? '');
      if (key.length !== 10 && key.length !== 13) throw badInput(`"${String(args.isbn).slice(0, 40)}" is not an ISBN (10 or 13 digits).`, 'isbn');
      return findPublicationByIsbn(ctx.graph, key);
    },
    publications: async (_root, args, ctx, info) => {
      const first = listPageSize(args.first, ctx);
      const sort = args.sort ?? 'TITLE';
      const after = args.after ? decodeListCursor(args.after, sort) : undefined;
      return publicationPage(ctx, info, { set: filteredSet(compilePublicationFilter(args.filter)), sort, first, after });
    },
  },

  PublicationConnection: {
    edges: (page) => page.publications.map((p, i) => ({ cursor: page.cursors[i]!, node: p })),
    ...listFields,
  },

  LanguageEdition: {
    publication: async (l, _args, ctx) => {
      const publication = await ctx.loaders.publications.byId.load(l.publicationId);
      if (!publication) throw new Error(`edition ${l.publicationId} vanished`);
      return publication;
    },
  },

  Series: {
    slug: (s) => s.id,
    publications: async (s, _args, ctx) => {
      const members = await ctx.loaders.publications.seriesMembers.load(s.id);
      for (const p of members) ctx.loaders.publications.byId.prime(p.id, p);
      return members;
    },
  },

  FacetBucket: {
    node: (bucket, _args, ctx) => {
      if (!bucket.nodeType || !(NODE_TYPES as readonly string[]).includes(bucket.nodeType)) return null;
      return loadNodeBySlug(ctx, bucket.nodeType as NodeType, bucket.value);
    },
  },

  Publication: {
    id: (p) => toGlobalId('Publication', p.id),
    slug: (p) => p.id,
    displayTitle: (p) => displayTitle(p),
    kind: (p) => present<PublicationKind>(p.kind),
    missingFields: (p) => p.missing,
    languages: (p, _args, ctx) => ctx.loaders.publications.languages.load(p.id),
    editions: async (p, _args, ctx) => (await editionsOf(p.id, ctx)).map((c) => c.publication),
    workLanguages: async (p, _args, ctx) => {
      const editions = await editionsOf(p.id, ctx);
      const lists = await Promise.all([p.id, ...editions.map((e) => e.publication.id)].map((id) => ctx.loaders.publications.languages.load(id)));
      const seen = new Set<string>();
      return lists.flat().filter((l) => !seen.has(l.code) && seen.add(l.code));
    },
    topics: async (p, _args, ctx) => (await ctx.loaders.publications.topicTags.load(p.id)).map((t) => t.topic),
    primaryTopic: async (p, _args, ctx) => (await ctx.loaders.publications.topicTags.load(p.id)).find((t) => t.primary)?.topic ?? null,
    audiences: (p, _args, ctx) => ctx.loaders.publications.audiences.load(p.id),
    places: (p, _args, ctx) => ctx.loaders.publications.places.load(p.id),
    publishers: (p, _args, ctx) => ctx.loaders.publications.publishers.load(p.id),
    partners: (p, _args, ctx) => ctx.loaders.publications.partners.load(p.id),
    funders: (p, _args, ctx) => ctx.loaders.publications.funders.load(p.id),
    programmes: (p, _args, ctx) => ctx.loaders.publications.programmes.load(p.id),
    series: (p, _args, ctx) => ctx.loaders.publications.series.load(p.id),
    companions: async (p, args, ctx) => {
      const all = await ctx.loaders.publications.companions.load(p.id);
      for (const c of all) ctx.loaders.publications.byId.prime(c.publication.id, c.publication);
      const wanted = args.relations ? new Set<CompanionRelation>(args.relations) : undefined;
      return wanted ? all.filter((c) => wanted.has(c.relation)) : all;
    },
    sources: (p, _args, ctx) => ctx.loaders.publications.sources.load(p.id),
    inferences: (p, _args, ctx) => ctx.loaders.publications.inferences.load(p.id),
    conflicts: (p) =>
      p.conflicts.map((c) => ({
        field: c.field,
        chosen: renderValue(c.chosen),
        reason: c.reason,
        values: c.values.map((v) => ({ value: renderValue(v.value), sources: v.sources })),
      })),
  },
  Companion: {
    inferred: (c) => c.reasoning !== null,
  },
};

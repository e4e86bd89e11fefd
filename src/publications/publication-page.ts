import type { GraphQLResolveInfo } from 'graphql';
import { limitExceeded } from '../errors';
import type { GraphQLContext } from '../server/context';
import { listFetchPlan } from './list-selection';
import { findPublicationList, type ListOptions } from './publication-list.cypher';
import { primeFromPage } from './publication.loaders';
import type { PublicationPage } from './publication.model';

/**
 * The list pipeline shared by every publication list (Query.publications, Query.search, the entity pages'
 * publications): the page size checked the same way, and the page fetched with what the selection needs folded in
 * and primed into the request's loaders. Each caller builds its own set and decodes its cursor in its own order.
 */

/** `first` of a publication list, defaulted and checked against the configured page size. */
export function listPageSize(first: number | null | undefined, ctx: GraphQLContext, defaultFirst = 20): number {
  const size = first ?? defaultFirst;
  if (size < 0 || size > ctx.limits.maxPageSize) throw limitExceeded(`"first" must be between 0 and ${ctx.limits.maxPageSize}.`, 'first', size);
  return size;
}

/** The page `options` asks for, with the relations the selection reads folded in and primed. */
export async function publicationPage(ctx: GraphQLContext, info: GraphQLResolveInfo, options: Pick<ListOptions, 'set' | 'sort' | 'first' | 'after'>): Promise<PublicationPage> {
  const page = await findPublicationList(ctx.graph, { ...options, ...listFetchPlan(info) });
  primeFromPage(ctx.loaders, page);
  return page;
}

import { badInput } from '../errors';
import { compilePublicationFilter } from '../publications/publication-filter';
import { decodeListCursor, filteredSet, findPublicationList } from '../publications/publication-list.cypher';
import { listPageSize } from '../publications/publication-page';
import { primeFromPage } from '../publications/publication.loaders';
import type { PublicationRecord } from '../publications/publication.model';
import { searchLookups } from '../search/lucene';
import { textSearchSet } from '../search/search.cypher';
import { searchQuery } from '../search/search.resolvers';
import type { GraphQLContext } from '../server/context';
import type { PublicationFilter } from '../__generated__/resolvers-types';
import { type CitationFormatName, type CitationLanguage, type CitationStyle, CITATION_STYLES, FILE_EXTENSIONS, isCitationStyle, MEDIA_TYPES, renderCitations } from './citation-formats';
import { type CslItem, toCslItem } from './csl-item';

/** The style argument checked against the styles the service ships. */
export function citationStyle(style: string | null | undefined): CitationStyle | undefined {
  if (style === null || style === undefined) return undefined;
  if (!isCitationStyle(style)) throw badInput(`"${style.slice(0, 60)}" is not a citation style here: use one of ${CITATION_STYLES.join(', ')}.`, 'style');
  return style;
}

/** The CSL items of publications, their publishers and languages read through the request's loaders (one batch
 *  per relation for the whole list, none when a list page primed them). */
export async function cslItems(ctx: Pick<GraphQLContext, 'loaders'>, publications: readonly PublicationRecord[]): Promise<CslItem[]> {
  const { publishers, languages } = ctx.loaders.publications;
  return Promise.all(
    publications.map(async (publication) => {
      const [ps, ls] = await Promise.all([publishers.load(publication.id), languages.load(publication.id)]);
      return toCslItem({ publication, publishers: ps, languages: ls });
    }),
  );
}

export async function citePublication(
  ctx: Pick<GraphQLContext, 'loaders'>,
  publication: PublicationRecord,
  format: CitationFormatName,
  options: { style?: string | null; language?: CitationLanguage | null },
): Promise<string> {
  const style = citationStyle(options.style);
  return renderCitations(await cslItems(ctx, [publication]), format, { style, language: options.language ?? undefined });
}

export interface CitationFileRecord {
  format: CitationFormatName;
  mediaType: string;
  fileName: string;
  count: number;
  hasNextPage: boolean;
  endCursor: string | null;
  content: string;
}

/** One file citing a page of a list or of a search, through the same set, sort and cursor as those lists. */
export async function citeList(
  ctx: GraphQLContext,
  args: { format: CitationFormatName; filter?: PublicationFilter | null; query?: string | null; style?: string | null; language?: CitationLanguage | null; first?: number | null; after?: string | null },
): Promise<CitationFileRecord> {
  const style = citationStyle(args.style);
  const first = listPageSize(args.first, ctx, 100);
  const filter = compilePublicationFilter(args.filter);
  const set = args.query === null || args.query === undefined ? filteredSet(filter) : textSearchSet(searchLookups(searchQuery(args.query)), filter);
  const sort = set.scored ? 'RELEVANCE' : 'TITLE';
  const after = args.after ? decodeListCursor(args.after, sort) : undefined;
  const page = await findPublicationList(ctx.graph, { set, sort, first, after, fold: ['publishers', 'languages'] });
  primeFromPage(ctx.loaders, page);
  const content = renderCitations(await cslItems(ctx, page.publications), args.format, { style, language: args.language ?? undefined });
  return {
    format: args.format,
    mediaType: MEDIA_TYPES[args.format],
    fileName: `publications.${FILE_EXTENSIONS[args.format]}`,
    count: page.publications.length,
    hasNextPage: page.hasNextPage,
    endCursor: page.cursors.at(-1) ?? null,
    content,
  };
}

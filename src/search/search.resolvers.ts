import type { Resolvers, SuggestionType } from '../__generated__/resolvers-types';
import { loadNodeBySlug } from '../node/node.resolvers';
import { compilePublicationFilter } from '../publications/publication-filter';
import { listPageSize, publicationPage } from '../publications/publication-page';
import { listFields } from '../publications/publication.resolvers';
import { decodeListCursor } from '../publications/publication-list.cypher';
import { highlight, type Highlighted, toHtml } from './highlight';
import { prefixQuery, queryTerms, searchLookups } from './lucene';
import { foldText as fold, parseSearchQuery, type SearchQuery, wantedWords } from './query-language';
import { rankSuggestions } from './suggestions';
import { findSuggestions, type SuggestionKind, textSearchSet } from './search.cypher';
import { badInput, limitExceeded } from '../errors';

const ALL_KINDS: SuggestionKind[] = ['TOPIC', 'AUDIENCE', 'PLACE', 'ORGANISATION', 'PROGRAMME', 'TITLE'];
const MAX_QUERY_LENGTH = 500;

function checkLength(text: string, argumentName: string): void {
  if (text.length > MAX_QUERY_LENGTH) throw badInput(`"${argumentName}" is too long (at most ${MAX_QUERY_LENGTH} characters).`, argumentName);
}

function terms(text: string, argumentName: string): string[] {
  checkLength(text, argumentName);
  const found = queryTerms(text);
  if (found.length === 0) throw badInput(`"${argumentName}" has no words to search for.`, argumentName);
  return found;
}

/** The parsed query (also read by Query.citations); one of only stop words is kept (it matches nothing), one without words or only exclusions is refused. */
export function searchQuery(text: string): SearchQuery {
  checkLength(text, 'query');
  const query = parseSearchQuery(text);
  if (query.clauses.length === 0 && query.ignored.length === 0) throw badInput('"query" has no words to search for.', 'query');
  if (query.clauses.length > 0 && query.clauses.every((c) => c.exclude)) throw badInput('"query" only excludes words: add a word to search for.', 'query');
  return query;
}

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_root, args, ctx, info) => {
      const first = listPageSize(args.first, ctx);
      const query = searchQuery(args.query);
      const sort = args.sort ?? 'RELEVANCE';
      const set = textSearchSet(searchLookups(query), compilePublicationFilter(args.filter));
      const after = args.after ? decodeListCursor(args.after, sort) : undefined;
      return { ...(await publicationPage(ctx, info, { set, sort, first, after })), terms: wantedWords(query) };
    },
    autocomplete: async (_root, args, ctx) => {
      const first = args.first ?? 10;
      if (first < 1 || first > 50) throw limitExceeded('"first" must be between 1 and 50.', 'first');
      const perType = args.perType ?? 5;
      if (perType < 1 || perType > 50) throw limitExceeded('"perType" must be between 1 and 50.', 'perType');
      if (args.types && args.types.length === 0) throw badInput('"types" must name at least one type, or be left out for all.', 'types');
      const words = terms(args.prefix, 'prefix');
      const rows = await findSuggestions(ctx.graph, {
        vocabularyLucene: prefixQuery(words),
        titleLucene: prefixQuery(words, 'title'),
        kinds: (args.types ?? ALL_KINDS) as SuggestionKind[],
        perType,
      });
      return rankSuggestions(rows, args.prefix, { first, perType }).map(({ row, score }) => {
        const label =
          (args.language === 'ES' ? row.labelEs : args.language === 'FR' ? row.labelFr : null) ?? row.labelEn ?? row.name ?? row.id;
        const type = (row.nodeType === 'Publication' ? 'TITLE' : row.nodeType.toUpperCase()) as SuggestionType;
        return { type, label, score, nodeType: row.nodeType, slug: row.id };
      });
    },
  },

  SearchConnection: {
    edges: (page) =>
      page.publications.map((p, i) => ({ cursor: page.cursors[i]!, node: p, score: page.scores[i] ?? 0, terms: page.terms })),
    ...listFields,
  },

  SearchEdge: {
    snippet: (edge) => {
      const inTitle = edge.node.title ? highlight(edge.node.title, edge.terms, 1000) : undefined;
      const inSummary = edge.node.summary ? highlight(edge.node.summary, edge.terms) : undefined;
      // The summary passage unless only the title has the words (or there is no summary).
      const useSummary = inSummary !== undefined && (inSummary.highlights.length > 0 || !inTitle?.highlights.length);
      const field = useSummary ? 'summary' : 'title';
      const h: Highlighted = (useSummary ? inSummary : inTitle) ?? { text: '', highlights: [] };
      return { field, text: h.text, html: toHtml(h), highlights: h.highlights };
    },
    matchedTopics: async (edge, _args, ctx) => {
      const folded = edge.terms.map(fold);
      const tags = await ctx.loaders.publications.topicTags.load(edge.node.id);
      return tags
        .map((t) => t.topic)
        .filter((topic) => {
          const words = [topic.labelEn, topic.labelEs, topic.labelFr, ...topic.synonymsEn, ...topic.synonymsEs, ...topic.synonymsFr]
            .filter((w): w is string => !!w)
            .flatMap((w) => fold(w).split(/[^\p{L}\p{N}]+/u));
          return folded.some((term) => words.some((w) => w.startsWith(term)));
        });
    },
  },

  Suggestion: {
    node: async (s, _args, ctx) => {
      const node = await loadNodeBySlug(ctx, s.nodeType, s.slug);
      if (!node) throw new Error(`suggested ${s.nodeType} ${s.slug} vanished`);
      return node;
    },
  },
};

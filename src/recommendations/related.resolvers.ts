import type { InputMaybe, PublicationFilter, RelatedWeights, Resolvers } from '../__generated__/resolvers-types';
import { slugArgument } from '../node/global-id';
import { compilePublicationFilter, type PublicationFilterInput } from '../publications/publication-filter';
import { primePublications } from '../publications/publication.loaders';
import type { GraphQLContext } from '../server/context';
import { recommend } from './recommend';
import { DEFAULT_WEIGHTS } from './related.rules';
import type { RelatedArgs } from './related.loaders';
import type { RelatedPublicationRecord, RelatedWeightsValue } from './related.model';
import { badInput, limitExceeded, notFound } from '../errors';

export const MAX_RELATED = 50;
export const MAX_SEEDS = 20;
const MAX_WEIGHT = 10;

function weightsOf(input: InputMaybe<RelatedWeights> | undefined): RelatedWeightsValue {
  const weights = { ...DEFAULT_WEIGHTS };
  for (const name of Object.keys(weights) as (keyof RelatedWeightsValue)[]) {
    const value = input?.[name];
    if (value === undefined || value === null) continue;
    if (!Number.isFinite(value) || value < 0 || value > MAX_WEIGHT) throw limitExceeded(`"weights.${name}" must be between 0 and ${MAX_WEIGHT} (got ${value}).`, 'weights');
    weights[name] = value;
  }
  return weights;
}

/** Validates and defaults the arguments shared by Publication.related and Query.recommend. */
function relatedArgs(args: { first?: number | null; weights?: InputMaybe<RelatedWeights>; filter?: InputMaybe<PublicationFilter>; preferLanguage?: string | null }, defaultFirst: number): RelatedArgs {
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > MAX_RELATED) throw limitExceeded(`"first" must be between 1 and ${MAX_RELATED} (got ${first}).`, 'first');
  const preferLanguage = args.preferLanguage ?? null;
  if (preferLanguage !== null && !/^[a-z]{2,3}$/.test(preferLanguage)) {
    throw badInput(`"preferLanguage" must be an ISO 639 language code such as "es" (got ${JSON.stringify(preferLanguage.slice(0, 20))}).`, 'preferLanguage');
  }
  return { first, weights: weightsOf(args.weights), filter: compilePublicationFilter(args.filter as PublicationFilterInput | null | undefined, 'c', 'rf'), preferLanguage };
}

/** The lists' publications (and their language editions) are handed to the publications module's loaders. */
function primed(ctx: GraphQLContext, list: RelatedPublicationRecord[]): RelatedPublicationRecord[] {
  primePublications(ctx.loaders, list);
  return list;
}

export const recommendationResolvers: Resolvers = {
  Publication: {
    related: async (p, args, ctx) => primed(ctx, await ctx.loaders.recommendations.related.load({ id: p.id, args: relatedArgs(args, 5) })),
  },
  Query: {
    recommend: async (_root, args, ctx) => {
      const positive = [...new Set(args.positive.map((id) => slugArgument(id, 'Publication', 'positive')))];
      const negative = [...new Set((args.negative ?? []).map((id) => slugArgument(id, 'Publication', 'negative')))];
      if (positive.length === 0) throw badInput('"positive" needs at least one publication.', 'positive');
      if (positive.length + negative.length > MAX_SEEDS) throw limitExceeded(`At most ${MAX_SEEDS} publications in "positive" and "negative" together.`, 'positive');
      const both = positive.find((id) => negative.includes(id));
      if (both) throw badInput(`"${both}" is in both "positive" and "negative".`, 'negative');
      const result = await recommend((q, params) => ctx.graph.read(q, params), positive, negative, relatedArgs(args, 10));
      if (result.missing.length > 0) {
        const argument = positive.includes(result.missing[0]!) ? 'positive' : 'negative';
        throw notFound(`"${argument}": no publication has the id or slug ${result.missing.map((m) => JSON.stringify(m)).join(', ')}.`, argument);
      }
      return primed(ctx, result.items);
    },
  },
  RelatedPublication: {},
  RecommendationReason: {},
};

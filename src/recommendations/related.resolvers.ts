import type { InputMaybe, PublicationFilter, RelatedWeights, Resolvers } from '../__generated__/resolvers-types';
import { slugReference } from '../node/global-id';
import { refuseMissing, requireReferences } from '../node/node-references.cypher';
import { compilePublicationFilter, type PublicationFilterInput } from '../publications/publication-filter';
import { primePublications } from '../publications/publication.loaders';
import type { GraphQLContext } from '../server/context';
import { recommend } from './recommend';
import { DEFAULT_WEIGHTS } from './related.rules';
import type { RelatedArgs } from './related.loaders';
import type { RelatedPublicationRecord, RelatedWeightsValue } from './related.model';
import { badInput, limitExceeded } from '../errors';

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
  const filter = compilePublicationFilter(args.filter as PublicationFilterInput | null | undefined, 'c', 'rf');
  return { first, weights: weightsOf(args.weights), filter, filterKey: JSON.stringify(args.filter ?? null), preferLanguage };
}

/** The lists' publications (and their language editions) are handed to the publications module's loaders. */
function primed(ctx: GraphQLContext, list: RelatedPublicationRecord[]): RelatedPublicationRecord[] {
  primePublications(ctx.loaders, list);
  return list;
}

export const recommendationResolvers: Resolvers = {
  Publication: {
    related: async (p, args, ctx) => {
      const related = relatedArgs(args, 5);
      // The filter's nodes are checked beside the scoring, through the request's loader: once for a whole page.
      const [list] = await Promise.all([ctx.loaders.recommendations.related.load({ id: p.id, args: related }), requireReferences(ctx.loaders.nodes.exists, related.filter.references)]);
      return primed(ctx, list);
    },
  },
  Query: {
    recommend: async (_root, args, ctx) => {
      const seeds = [
        ...args.positive.map((id, i) => slugReference(id, 'Publication', 'positive', `positive[${i}]`)),
        ...(args.negative ?? []).map((id, i) => slugReference(id, 'Publication', 'negative', `negative[${i}]`)),
      ];
      const positive = [...new Set(seeds.filter((s) => s.argument === 'positive').map((s) => s.slug))];
      const negative = [...new Set(seeds.filter((s) => s.argument === 'negative').map((s) => s.slug))];
      if (positive.length === 0) throw badInput('"positive" needs at least one publication.', 'positive');
      if (positive.length + negative.length > MAX_SEEDS) throw limitExceeded(`At most ${MAX_SEEDS} publications in "positive" and "negative" together.`, 'positive');
      const both = positive.find((id) => negative.includes(id));
      if (both) throw badInput(`"${both}" is in both "positive" and "negative".`, 'negative');
      const related = relatedArgs(args, 10);
      // The scoring finds the seeds (answering those it lacks as missing); the filter's nodes are checked beside it.
      const [result] = await Promise.all([recommend((q, params) => ctx.graph.read(q, params), positive, negative, related), requireReferences(ctx.loaders.nodes.exists, related.filter.references)]);
      refuseMissing(seeds, result.missing.map((id) => ({ type: 'Publication', id })));
      return primed(ctx, result.items);
    },
  },
  RelatedPublication: {},
  RecommendationReason: {},
};

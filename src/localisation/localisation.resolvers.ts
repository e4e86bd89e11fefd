import type { PublicationKind, Resolvers } from '../__generated__/resolvers-types';
import { present } from '../node/enum-values';
import { displayTitle } from '../publications/display-title';
import { explainRecommendation, reasonLabel } from '../recommendations/reason-sentence';
import { KIND_LABELS } from './catalogue-strings';
import { labelIn, nameIn } from './localised-text';

/** The fields of schema/localisation.graphql: texts in a reader's language, each saying whether it fell back. */
export const localisationResolvers: Resolvers = {
  Topic: { labelIn: (t, args) => labelIn(t, args.language) },
  Audience: { labelIn: (a, args) => labelIn(a, args.language) },
  Place: { labelIn: (p, args) => nameIn(p.name, args.language) },
  Publication: {
    kindLabel: (p, args) => {
      const language = args.language ?? 'EN';
      return { text: KIND_LABELS[language][present<PublicationKind>(p.kind)], language, fallback: false };
    },
  },
  RelatedPublication: {
    explanation: async (item, args, ctx) => {
      // A catalogued relation's sentence names the seed it relates to; seeds are this request's publications already.
      const seeds = [...new Set(item.reasons.flatMap((r) => (r.seed ? [r.seed] : [])))];
      const loaded = await ctx.loaders.publications.byId.loadMany(seeds);
      const titles = new Map(loaded.flatMap((p) => (p && !(p instanceof Error) ? [[p.id, displayTitle(p)] as const] : [])));
      return explainRecommendation(item.reasons, titles, args.language ?? 'EN');
    },
  },
  RecommendationReason: {
    label: (r, args) => reasonLabel(r, args.language ?? 'EN').text,
    labelIn: (r, args) => reasonLabel(r, args.language),
  },
};

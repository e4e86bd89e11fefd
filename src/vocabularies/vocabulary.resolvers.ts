import type { OrganisationType, PlaceType, ProgrammeKind, Resolvers, VocabularyLanguage } from '../__generated__/resolvers-types';
import { toGlobalId } from '../node/global-id';
import { present } from '../node/enum-values';
import type { LabelledRecord } from './vocabulary.model';
import { labelIn } from '../localisation/localised-text';

const label = (record: LabelledRecord, language: VocabularyLanguage | null | undefined): string => labelIn(record, language ?? 'EN').text;

function synonyms(record: LabelledRecord, language: VocabularyLanguage | null | undefined): string[] {
  if (language === 'EN') return record.synonymsEn;
  if (language === 'ES') return record.synonymsEs;
  if (language === 'FR') return record.synonymsFr;
  return [...record.synonymsEn, ...record.synonymsEs, ...record.synonymsFr];
}

export const vocabularyResolvers: Resolvers = {
  Topic: {
    id: (t) => toGlobalId('Topic', t.id),
    slug: (t) => t.id,
    label: (t, args) => label(t, args.language),
    synonyms: (t, args) => synonyms(t, args.language),
    broader: (t, _args, ctx) => ctx.loaders.topics.broader.load(t.id),
    narrower: (t, _args, ctx) => ctx.loaders.topics.narrower.load(t.id),
    publicationCount: async (t, _args, ctx) => (await ctx.loaders.topics.publicationCount.load(t.id)) ?? 0,
  },
  Audience: {
    id: (a) => toGlobalId('Audience', a.id),
    slug: (a) => a.id,
    label: (a, args) => label(a, args.language),
    synonyms: (a, args) => synonyms(a, args.language),
    publicationCount: async (a, _args, ctx) => (await ctx.loaders.audiences.publicationCount.load(a.id)) ?? 0,
  },
  Place: {
    id: (p) => toGlobalId('Place', p.id),
    slug: (p) => p.id,
    type: (p) => present<PlaceType>(p.type),
    within: (p, _args, ctx) => ctx.loaders.places.within.load(p.id),
    publicationCount: async (p, _args, ctx) => (await ctx.loaders.places.publicationCount.load(p.id)) ?? 0,
  },
  Organisation: {
    id: (o) => toGlobalId('Organisation', o.id),
    slug: (o) => o.id,
    type: (o) => present<OrganisationType>(o.organisationType),
    partOf: (o, _args, ctx) => ctx.loaders.organisations.parents.load(o.id),
    offices: (o, _args, ctx) => ctx.loaders.organisations.offices.load(o.id),
    publicationCount: async (o, _args, ctx) => (await ctx.loaders.organisations.publicationCount.load(o.id)) ?? 0,
  },
  Programme: {
    id: (p) => toGlobalId('Programme', p.id),
    slug: (p) => p.id,
    kind: (p) => present<ProgrammeKind>(p.kind),
    inferences: (p, _args, ctx) => ctx.loaders.programmes.inferences.load(p.id),
    organisations: (p, _args, ctx) => ctx.loaders.programmes.organisations.load(p.id),
    places: (p, _args, ctx) => ctx.loaders.programmes.places.load(p.id),
    topics: (p, _args, ctx) => ctx.loaders.programmes.topics.load(p.id),
    publicationCount: async (p, _args, ctx) => (await ctx.loaders.programmes.publicationCount.load(p.id)) ?? 0,
  },
};

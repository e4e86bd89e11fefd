import type { PlaceType, ProgrammeKind, Resolvers, VocabularyLanguage } from '../__generated__/resolvers-types';
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
  },
  Audience: {
    id: (a) => toGlobalId('Audience', a.id),
    slug: (a) => a.id,
    label: (a, args) => label(a, args.language),
    synonyms: (a, args) => synonyms(a, args.language),
  },
  Place: {
    id: (p) => toGlobalId('Place', p.id),
    slug: (p) => p.id,
    type: (p) => present<PlaceType>(p.type),
    within: (p, _args, ctx) => ctx.loaders.places.within.load(p.id),
  },
  Organisation: {
    id: (o) => toGlobalId('Organisation', o.id),
    slug: (o) => o.id,
  },
  Programme: {
    id: (p) => toGlobalId('Programme', p.id),
    slug: (p) => p.id,
    kind: (p) => present<ProgrammeKind>(p.kind),
    inferences: (p, _args, ctx) => ctx.loaders.programmes.inferences.load(p.id),
  },
};

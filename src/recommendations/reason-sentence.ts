import type { PublicationKind } from '../__generated__/resolvers-types';
import { KIND_LABELS, REASON_PHRASES, type ReasonPhraseKey } from '../localisation/catalogue-strings';
import { present } from '../node/enum-values';
import { labelIn, type Language, type LocalisedText, nameIn } from '../localisation/localised-text';
import { INVERSE_OF } from '../model';
import type { TopicRecord, AudienceRecord } from '../vocabularies/vocabulary.model';
import type { RecommendationReasonRecord } from './related.model';

/**
 * How a recommendation explains itself to a reader, in the reader's language: one short sentence from the
 * strongest reasons ("Also about counter-trafficking and victim assistance, for law enforcement"). Pure: the
 * resolver hands it the reasons and the seeds' titles.
 */

/** Reasons read for the sentence (the strongest first), kinds of phrase shown, things per phrase. */
const REASONS_READ = 4;
const PHRASES_SHOWN = 2;
const THINGS_PER_PHRASE = 2;
const TITLE_LENGTH = 70;

/** A companion relation read from the other end: the reason gives it from the seed's side, the sentence speaks of the recommended publication. */
const READ_FROM_OTHER_END: ReadonlyMap<string, string> = new Map([...INVERSE_OF].flatMap(([type, inverse]) => [[type, inverse] as const, [inverse, type] as const]));

const labelled = (node: RecommendationReasonRecord['node']): node is TopicRecord | AudienceRecord =>
  node !== null && (node.__typename === 'Topic' || node.__typename === 'Audience');

/** The shared thing's label in `language`: topics and audiences have one in each language, names are as printed. */
export function reasonLabel(reason: RecommendationReasonRecord, language: Language): LocalisedText {
  if (reason.kind === 'COMPLEMENTARY_KIND' && reason.publicationKind) {
    return { text: KIND_LABELS[language][present<PublicationKind>(reason.publicationKind)], language, fallback: false };
  }
  // TEXT names words as the seed's text writes them: quoted, never translated.
  return labelled(reason.node) ? labelIn(reason.node, language) : nameIn(reason.label, language);
}

export function shorten(text: string, max = TITLE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** Common nouns read better lower-cased mid-sentence ("also about counter-trafficking"); names keep their case. */
function inSentence(reason: RecommendationReasonRecord, label: string): string {
  const common = labelled(reason.node) || reason.kind === 'COMPLEMENTARY_KIND';
  return common && /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function phraseKey(reason: RecommendationReasonRecord): ReasonPhraseKey {
  if (reason.kind !== 'RELATION') return reason.kind;
  const relation = reason.relation ?? 'SAME_SERIES';
  return (READ_FROM_OTHER_END.get(relation) ?? relation) as ReasonPhraseKey;
}

/**
 * One sentence from the reasons that add to the score (largest first): reasons of one kind are joined, at most
 * two kinds are shown. `seedTitles` gives, for a catalogued relation, the title of the seed it relates to.
 * `fallback` is true when any label in it had to be given in English.
 */
export function explainRecommendation(reasons: readonly RecommendationReasonRecord[], seedTitles: ReadonlyMap<string, string>, language: Language): LocalisedText {
  const { phrases: table, and } = REASON_PHRASES[language];
  const phrases: { key: ReasonPhraseKey; things: string[] }[] = [];
  let fallback = false;
  for (const reason of reasons.filter((r) => r.contribution > 0).slice(0, REASONS_READ)) {
    const key = phraseKey(reason);
    let thing: string;
    if (reason.kind === 'RELATION') {
      thing = shorten(seedTitles.get(reason.seed ?? '') ?? reason.label);
    } else {
      const label = reasonLabel(reason, language);
      if (label.fallback && (reason.kind === 'TOPIC' || reason.kind === 'AUDIENCE')) fallback = true;
      thing = inSentence(reason, label.text);
    }
    const existing = phrases.find((p) => p.key === key);
    if (existing) {
      if (existing.things.length < THINGS_PER_PHRASE && !existing.things.includes(thing)) existing.things.push(thing);
    } else if (phrases.length < PHRASES_SHOWN) {
      phrases.push({ key, things: [thing] });
    }
  }
  const sentence = phrases.map((p) => table[p.key].replace('{x}', p.things.join(` ${and} `))).join(', ');
  return { text: sentence.charAt(0).toUpperCase() + sentence.slice(1), language, fallback };
}

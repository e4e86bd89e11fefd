import type { LabelledRecord } from '../vocabularies/vocabulary.model';

/**
 * The catalogue's three languages and how a text is given in one of them. Topics and audiences carry EN/ES/FR
 * labels in graph-seeds/; places, organisations, programmes and series carry the one name the catalogue prints
 * (English): asked in another language they fall back to it, and say so. Nothing is machine-translated.
 */
export type Language = 'EN' | 'ES' | 'FR';

/** A text, the language it is really in, and whether that is not the language asked for. */
export interface LocalisedText {
  text: string;
  language: Language;
  fallback: boolean;
}

const given = (text: string, language: Language, asked: Language): LocalisedText => ({ text, language, fallback: language !== asked });

/** A vocabulary label in `language`, else its English label (the seed schema requires one), flagged as a fallback. */
export function labelIn(record: Pick<LabelledRecord, 'labelEn' | 'labelEs' | 'labelFr'>, language: Language): LocalisedText {
  const localised = language === 'ES' ? record.labelEs : language === 'FR' ? record.labelFr : record.labelEn;
  return localised ? given(localised, language, language) : given(record.labelEn, 'EN', language);
}

/** A proper name the catalogue prints once, in English: the same in every language, a fallback outside English. */
export const nameIn = (name: string, language: Language): LocalisedText => given(name, 'EN', language);

import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { eng, fra, spa } from 'stopword';

/**
 * How alike two publications are worded: TF-IDF cosine over their titles and summaries, across English, Spanish
 * and French. Pure: documents and the topic vocabulary in, each publication's nearest neighbours out, with the
 * terms they share. The related index writes the result on each publication (text-neighbours.cypher.ts), and the
 * scoring query reads it as a TEXT reason, so live scoring and the index see the same numbers.
 *
 * Terms:
 *  - a document's language is the one of English, Spanish and French whose stop words it uses most (a title
 *    and summary are in one language; an untranslated snippet in German is read as English, harmlessly);
 *  - the labels and synonyms of a topic, in the document's language, become one shared term `#topic-id`
 *    (longest phrase first, matched on stems), which bridges languages: "trata de personas" in a Spanish
 *    summary and "trafficking in persons" in an English one are the same term. An all-capitals synonym (TIP,
 *    GBV) matches only a word written in capitals, so "tip" in "safety tips" is not trafficking;
 *  - every other word is folded (case, accents), dropped if it is a stop word or a number, and stemmed by the
 *    Snowball stemmer of the document's language (snowball-stemmers), stop words from `stopword` plus the
 *    catalogue's own generic words (CATALOGUE_WORDS);
 *  - title terms count TITLE_BOOST times; tf is sublinear (1 + ln tf), idf ln(N / df); vectors are L2-normalised.
 */

export type TextLanguage = 'en' | 'es' | 'fr';
const LANGUAGES: readonly TextLanguage[] = ['en', 'es', 'fr'];

export interface TextDocument {
  id: string;
  /** The title and any alternative titles. */
  titles: string[];
  summary: string | null;
}

export interface TopicPhrases {
  id: string;
  /** Label and synonyms per language. */
  phrases: Record<TextLanguage, string[]>;
}

export interface TextNeighbour {
  id: string;
  /** Cosine of the two TF-IDF vectors, 0 to 1. */
  similarity: number;
  /** The shared terms that weigh most, as the seed's text writes them (and, for a topic, the neighbour's wording when it differs). */
  terms: string[];
}

export interface TextSimilarityOptions {
  /** Neighbours kept per publication. */
  size: number;
  /** Below this cosine, wording is not called similar. */
  minSimilarity: number;
  /** Shared terms named per neighbour. */
  termsShown: number;
}

export const TITLE_BOOST = 2;

/**
 * Words every catalogue entry uses whatever it is about: the names of kinds of work (the kind itself is a reason
 * of its own, COMPLEMENTARY_KIND) and the verbs of blurbs ("this handbook draws on experience and provides...").
 * Left in, they make all handbooks alike.
 */
const CATALOGUE_WORDS: Record<TextLanguage, readonly string[]> = {
  en: ['publication', 'handbook', 'guide', 'guidance', 'manual', 'module', 'modules', 'course', 'toolkit', 'document', 'iom',
       'experience', 'draws', 'different', 'requires', 'aims', 'aim', 'provides', 'offers', 'presents', 'outlines', 'includes', 'particular',
       'particularly', 'specifically', 'relevant', 'various', 'others', 'well', 'also', 'developed', 'addition', 'additional', 'useful'],
  es: ['publicacion', 'manual', 'guia', 'modulo', 'curso', 'oim', 'presenta', 'ofrece', 'incluye', 'tambien', 'forma', 'parte'],
  fr: ['publication', 'manuel', 'guide', 'module', 'modules', 'cours', 'oim', 'presente', 'propose', 'comprend', 'egalement'],
};
const LANGUAGE_STOPWORDS: Record<TextLanguage, ReadonlySet<string>> = { en: new Set(eng.map(fold)), es: new Set(spa.map(fold)), fr: new Set(fra.map(fold)) };
const STOPWORDS: Record<TextLanguage, ReadonlySet<string>> = {
  en: new Set([...eng, ...CATALOGUE_WORDS.en].map(fold)),
  es: new Set([...spa, ...CATALOGUE_WORDS.es].map(fold)),
  fr: new Set([...fra, ...CATALOGUE_WORDS.fr].map(fold)),
};
const STEMMERS: Record<TextLanguage, Stemmer> = { en: newStemmer('english'), es: newStemmer('spanish'), fr: newStemmer('french') };

export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words as written (letters and digits, with inner hyphens and apostrophes split off). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The language among en, es, fr whose stop words the text uses most; English on a tie. */
export function guessLanguage(text: string): TextLanguage {
  const folded = words(text).map(fold);
  let best: TextLanguage = 'en';
  let bestCount = -1;
  for (const language of LANGUAGES) {
    const count = folded.filter((w) => LANGUAGE_STOPWORDS[language].has(w)).length;
    if (count > bestCount) [best, bestCount] = [language, count];
  }
  return best;
}

const stemOf = (word: string, language: TextLanguage) => STEMMERS[language].stem(fold(word));
const isAcronym = (word: string) => word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word);

export interface Phrase {
  topic: string;
  stems: string[];
  acronym: boolean;
}

/** Per language, the topic phrases by the stem of their first word, longest first. */
export function phraseTable(topics: readonly TopicPhrases[]): Record<TextLanguage, Map<string, Phrase[]>> {
  const table = { en: new Map(), es: new Map(), fr: new Map() } as Record<TextLanguage, Map<string, Phrase[]>>;
  for (const language of LANGUAGES) {
    for (const topic of topics) {
      for (const text of topic.phrases[language]) {
        const ws = words(text);
        if (ws.length === 0) continue;
        const phrase = { topic: topic.id, stems: ws.map((w) => stemOf(w, language)), acronym: ws.length === 1 && isAcronym(ws[0]!) };
        const list = table[language].get(phrase.stems[0]!) ?? [];
        list.push(phrase);
        table[language].set(phrase.stems[0]!, list);
      }
    }
    for (const list of table[language].values()) list.sort((a, b) => b.stems.length - a.stems.length || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  }
  return table;
}

/** A term of a document and how the document writes it (its first occurrence). */
interface Term {
  term: string;
  surface: string;
}

/** The terms of one text in `language`: topic phrases as `#topic-id`, other content words as stems. */
export function termsOf(text: string, language: TextLanguage, phrases: ReadonlyMap<string, Phrase[]>): Term[] {
  const ws = words(text);
  const stems = ws.map((w) => stemOf(w, language));
  const terms: Term[] = [];
  for (let i = 0; i < ws.length; ) {
    const match = (phrases.get(stems[i]!) ?? []).find(
      (p) => p.stems.every((s, k) => stems[i + k] === s) && (!p.acronym || isAcronym(ws[i]!)),
    );
    if (match) {
      terms.push({ term: `#${match.topic}`, surface: ws.slice(i, i + match.stems.length).join(' ') });
      i += match.stems.length;
      continue;
    }
    const word = fold(ws[i]!);
    if (word.length > 1 && !/^\p{N}+$/u.test(word) && !STOPWORDS[language].has(word)) terms.push({ term: stems[i]!, surface: ws[i]! });
    i += 1;
  }
  return terms;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each document's neighbours by wording, most similar first (ties by id), at most `size`, none below `minSimilarity`. */
export function computeTextNeighbours(documents: readonly TextDocument[], topics: readonly TopicPhrases[], options: TextSimilarityOptions): Map<string, TextNeighbour[]> {
  const table = phraseTable(topics);
  // Term counts (titles boosted) and the first way each document writes each term.
  const bags = documents.map((d) => {
    const language = guessLanguage([...d.titles, d.summary ?? ''].join(' '));
    const counts = new Map<string, number>();
    const surfaces = new Map<string, string>();
    const add = (terms: Term[], by: number) => {
      for (const t of terms) {
        counts.set(t.term, (counts.get(t.term) ?? 0) + by);
        if (!surfaces.has(t.term)) surfaces.set(t.term, t.surface);
      }
    };
    for (const title of d.titles) add(termsOf(title, language, table[language]), TITLE_BOOST);
    if (d.summary) add(termsOf(d.summary, language, table[language]), 1);
    return { counts, surfaces };
  });

  const total = documents.length;
  const df = new Map<string, number>();
  for (const b of bags) for (const term of b.counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const vectors = bags.map((b) => {
    const v = new Map<string, number>();
    let norm = 0;
    // Terms in a fixed order, so the norm (a float sum) does not depend on the text's word order.
    for (const term of [...b.counts.keys()].sort(byCodeUnits)) {
      const idf = Math.log(total / df.get(term)!);
      const w = (1 + Math.log(b.counts.get(term)!)) * idf;
      if (w > 0) {
        v.set(term, w);
        norm += w * w;
      }
    }
    norm = Math.sqrt(norm);
    for (const [term, w] of v) v.set(term, w / norm);
    return v;
  });

  const postings = new Map<string, number[]>();
  vectors.forEach((v, i) => {
    for (const term of v.keys()) {
      const list = postings.get(term) ?? [];
      list.push(i);
      postings.set(term, list);
    }
  });

  const result = new Map<string, TextNeighbour[]>();
  documents.forEach((d, i) => {
    const seed = vectors[i]!;
    const candidates = new Set<number>();
    for (const term of seed.keys()) for (const j of postings.get(term)!) if (j !== i) candidates.add(j);
    const scored: TextNeighbour[] = [];
    for (const j of candidates) {
      const other = vectors[j]!;
      const shared = [...seed.keys()].filter((t) => other.has(t)).sort(byCodeUnits);
      const parts = shared.map((t) => ({ t, w: seed.get(t)! * other.get(t)! }));
      const similarity = parts.reduce((sum, p) => sum + p.w, 0);
      if (similarity < options.minSimilarity) continue;
      const terms = parts
        .sort((a, b) => b.w - a.w || byCodeUnits(a.t, b.t))
        .slice(0, options.termsShown)
        .map(({ t }) => {
          const mine = bags[i]!.surfaces.get(t)!;
          const theirs = bags[j]!.surfaces.get(t)!;
          // A topic written differently (another synonym, another language) shows both wordings; a word shows the seed's.
          return t.startsWith('#') && fold(mine) !== fold(theirs) ? `${mine} / ${theirs}` : mine;
        });
      scored.push({ id: documents[j]!.id, similarity, terms });
    }
    scored.sort((a, b) => b.similarity - a.similarity || byCodeUnits(a.id, b.id));
    result.set(d.id, scored.slice(0, options.size));
  });
  return result;
}

/** Type declarations for the two small text libraries the text similarity of recommendations uses; neither ships its own. */

declare module 'snowball-stemmers' {
  export interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(language: string): Stemmer;
  export function algorithms(): string[];
}

declare module 'stopword' {
  /** ISO 639-3 keyed stop-word lists. */
  export const eng: string[];
  export const spa: string[];
  export const fra: string[];
}

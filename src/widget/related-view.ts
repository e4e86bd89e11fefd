/**
 * What the related-publications widget asks and says, shared by the browser widget (web/widget/pubgraph-related.ts)
 * and its server-rendered HTML fragment (related-fragment.ts), so both show the same list in the same words.
 * No DOM and no Node APIs here: esbuild bundles this file into the ES2019 widget.
 */

/**
 * The reader's language steers the list (works they can read first) and every text in it: the reason sentence
 * and the kind come from the API in that language.
 */
export const RELATED_QUERY = `query PubgraphRelated($id: ID, $slug: String, $first: Int, $lang: String, $language: VocabularyLanguage) {
  publication(id: $id, slug: $slug) {
    related(first: $first, preferLanguage: $lang) {
      explanation(language: $language) { text }
      publication { id slug displayTitle year kindLabel(language: $language) { text } languages { code } }
    }
  }
}`;

export interface RelatedItem {
  explanation: { text: string };
  publication: { id: string; slug: string; displayTitle: string; year: number | null; kindLabel: { text: string }; languages: { code: string }[] };
}
export interface RelatedAnswer {
  data?: { publication: { related: RelatedItem[] } | null } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The variables of RELATED_QUERY for a publication (slug or global id), a page size and a reader's language. */
export function relatedVariables(publication: string, limit: number, lang: string | null): Record<string, unknown> {
  const bySlug = /^[a-z0-9][a-z0-9-]*$/.test(publication);
  // The API's texts exist in English, Spanish and French; another reader's language still steers the list.
  const language = lang === 'es' || lang === 'fr' ? lang.toUpperCase() : 'EN';
  return { [bySlug ? 'slug' : 'id']: publication, first: limit, lang, language };
}

/** The widget's own UI strings; texts about the catalogue come from the API in the same language. */
const EN = {
  heading: 'Related publications',
  loading: 'Loading related publications…',
  empty: 'No related publications found.',
  notFound: 'This publication is not in the catalogue.',
  error: 'Related publications could not be loaded.',
  retry: 'Try again',
  languages: 'Languages',
};
export type WidgetStrings = Record<keyof typeof EN, string>;
const STRINGS: Record<string, WidgetStrings | undefined> = {
  en: EN,
  es: {
    heading: 'Publicaciones relacionadas',
    loading: 'Cargando publicaciones relacionadas…',
    empty: 'No se encontraron publicaciones relacionadas.',
    notFound: 'Esta publicación no está en el catálogo.',
    error: 'No se pudieron cargar las publicaciones relacionadas.',
    retry: 'Reintentar',
    languages: 'Idiomas',
  },
  fr: {
    heading: 'Publications liées',
    loading: 'Chargement des publications liées…',
    empty: 'Aucune publication liée trouvée.',
    notFound: 'Cette publication ne figure pas au catalogue.',
    error: 'Les publications liées n’ont pas pu être chargées.',
    retry: 'Réessayer',
    languages: 'Langues',
  },
};
export const widgetStrings = (lang: string | null): WidgetStrings => STRINGS[lang ?? 'en'] ?? EN;

/** An item's href: `{slug}` and `{id}` in the template replaced, URL-encoded. */
export function itemHref(template: string, item: { slug: string; id: string }): string {
  return template.replace(/\{slug\}/g, encodeURIComponent(item.slug)).replace(/\{id\}/g, encodeURIComponent(item.id));
}

/** The line under a title: year, kind, and the language codes (with their spoken label for screen readers). */
export function metaOf(item: RelatedItem): { text: string; codes: string[] } {
  const p = item.publication;
  return { text: [p.year === null ? '' : String(p.year), p.kindLabel.text].filter(Boolean).join(' · '), codes: p.languages.map((l) => l.code.toUpperCase()) };
}

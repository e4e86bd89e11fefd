/**
 * <pubgraph-related publication="slug-or-global-id" limit="5" lang="es"></pubgraph-related>
 *
 * A dependency-free Web Component listing the publications related to one publication, each with a short
 * reason ("Also about counter-trafficking, for law enforcement"). It reads the pubgraph GraphQL API over GET
 * so that browsers and CDNs can reuse the answers (the API marks them `Cache-Control: public`), renders into
 * a shadow root (the host page's CSS does not leak in), and is themed through CSS custom properties.
 * Attributes are documented in the README ("Embed the related-publications widget").
 */

const SCRIPT_START = performance.now();
const CURRENT_SCRIPT = document.currentScript as HTMLScriptElement | null;
/** Where this script was loaded from: the default API and explorer origin. */
const SCRIPT_ORIGIN = CURRENT_SCRIPT?.src ? new URL(CURRENT_SCRIPT.src, location.href).origin : location.origin;

const QUERY = `query PubgraphRelated($id: ID, $slug: String, $first: Int, $lang: String) {
  publication(id: $id, slug: $slug) {
    displayTitle
    related(first: $first, preferLanguage: $lang) {
      score
      reasons { kind label relation }
      publication { id slug displayTitle year kind languages { code } }
    }
  }
}`;

interface Reason {
  kind: string;
  label: string;
  relation: string | null;
}
interface Item {
  score: number;
  reasons: Reason[];
  publication: { id: string; slug: string; displayTitle: string; year: number | null; kind: string; languages: { code: string }[] };
}
interface Answer {
  data?: { publication: { displayTitle: string; related: Item[] } | null };
  errors?: { message: string }[];
}

/* Minimal UI strings; reason phrases take {x} (the shared thing or the seed publication's title). */
const EN = {
  heading: 'Related publications',
  loading: 'Loading related publications…',
  empty: 'No related publications found.',
  error: 'Related publications could not be loaded.',
  retry: 'Try again',
  languages: 'Languages',
  and: 'and',
  TOPIC: 'also about {x}',
  AUDIENCE: 'for {x}',
  PLACE: 'also covers {x}',
  PROGRAMME: 'same programme: {x}',
  ORGANISATION: 'also from {x}',
  SERIES: 'same series: {x}',
  COMPLEMENTS: 'complements {x}',
  COMPLEMENTED_BY: 'complemented by {x}',
  PART_OF: 'part of {x}',
  HAS_PART: 'includes {x}',
  ANNEX_OF: 'annex to {x}',
  HAS_ANNEX: 'has {x} as an annex',
  MODULE_OF: 'module of {x}',
  HAS_MODULE: 'has {x} as a module',
  FOLLOWS_STRUCTURE_OF: 'follows the structure of {x}',
  STRUCTURE_FOLLOWED_BY: 'lends its structure to {x}',
  INFORMED_BY: 'based on {x}',
  INFORMS: 'informed {x}',
  EDITION_OF: 'another edition of {x}',
  HAS_EDITION: 'another edition of {x}',
  SAME_SERIES: 'same series as {x}',
};
type Strings = Record<keyof typeof EN, string>;
const STRINGS: Record<string, Strings | undefined> = {
  en: EN,
  es: {
    heading: 'Publicaciones relacionadas',
    loading: 'Cargando publicaciones relacionadas…',
    empty: 'No se encontraron publicaciones relacionadas.',
    error: 'No se pudieron cargar las publicaciones relacionadas.',
    retry: 'Reintentar',
    languages: 'Idiomas',
    and: 'y',
    TOPIC: 'también sobre {x}',
    AUDIENCE: 'para {x}',
    PLACE: 'también cubre {x}',
    PROGRAMME: 'mismo programa: {x}',
    ORGANISATION: 'también de {x}',
    SERIES: 'misma serie: {x}',
    COMPLEMENTS: 'complementa {x}',
    COMPLEMENTED_BY: 'complementada por {x}',
    PART_OF: 'parte de {x}',
    HAS_PART: 'incluye {x}',
    ANNEX_OF: 'anexo de {x}',
    HAS_ANNEX: 'tiene como anexo {x}',
    MODULE_OF: 'módulo de {x}',
    HAS_MODULE: 'tiene como módulo {x}',
    FOLLOWS_STRUCTURE_OF: 'sigue la estructura de {x}',
    STRUCTURE_FOLLOWED_BY: 'sirve de estructura a {x}',
    INFORMED_BY: 'basada en {x}',
    INFORMS: 'sirvió de base a {x}',
    EDITION_OF: 'otra edición de {x}',
    HAS_EDITION: 'otra edición de {x}',
    SAME_SERIES: 'misma serie que {x}',
  },
  fr: {
    heading: 'Publications liées',
    loading: 'Chargement des publications liées…',
    empty: 'Aucune publication liée trouvée.',
    error: 'Les publications liées n’ont pas pu être chargées.',
    retry: 'Réessayer',
    languages: 'Langues',
    and: 'et',
    TOPIC: 'aussi sur {x}',
    AUDIENCE: 'pour {x}',
    PLACE: 'couvre aussi {x}',
    PROGRAMME: 'même programme : {x}',
    ORGANISATION: 'aussi de {x}',
    SERIES: 'même série : {x}',
    COMPLEMENTS: 'complète {x}',
    COMPLEMENTED_BY: 'complété par {x}',
    PART_OF: 'fait partie de {x}',
    HAS_PART: 'comprend {x}',
    ANNEX_OF: 'annexe de {x}',
    HAS_ANNEX: 'a pour annexe {x}',
    MODULE_OF: 'module de {x}',
    HAS_MODULE: 'a pour module {x}',
    FOLLOWS_STRUCTURE_OF: 'suit la structure de {x}',
    STRUCTURE_FOLLOWED_BY: 'sert de structure à {x}',
    INFORMED_BY: 'fondé sur {x}',
    INFORMS: 'a servi de base à {x}',
    EDITION_OF: 'autre édition de {x}',
    HAS_EDITION: 'autre édition de {x}',
    SAME_SERIES: 'même série que {x}',
  },
};

const STYLE = `
:host{display:block;font:var(--pubgraph-font,inherit);color:var(--pubgraph-text,#1d2330);background:var(--pubgraph-bg,transparent);border-radius:var(--pubgraph-radius,8px)}
:host([hidden]){display:none}
h2{font-size:1.05em;margin:0 0 var(--pubgraph-gap,.75rem)}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--pubgraph-gap,.75rem)}
li{padding:.6em .75em;border:1px solid #d6dbe3;border-color:color-mix(in srgb,var(--pubgraph-muted,#5b6473) 30%,transparent);border-radius:var(--pubgraph-radius,8px)}
a{color:var(--pubgraph-accent,#0b5cad);font-weight:600;text-decoration:none}
a:hover{text-decoration:underline}
a:focus-visible,button:focus-visible{outline:3px solid var(--pubgraph-accent,#0b5cad);outline-offset:2px;border-radius:2px}
p{margin:.25em 0 0}
.meta,.status{color:var(--pubgraph-muted,#5b6473);font-size:.875em}
.reason{font-size:.9em}
button{font:inherit;margin-left:.5em;color:var(--pubgraph-accent,#0b5cad);background:none;border:1px solid currentColor;border-radius:var(--pubgraph-radius,8px);padding:.1em .6em;cursor:pointer}
`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function humanKind(kind: string): string {
  const words = kind.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function shorten(text: string, max = 70): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** Common nouns read better lower-cased mid-sentence ("also about counter-trafficking"); names keep their case. */
function inSentence(kind: string, label: string): string {
  return (kind === 'TOPIC' || kind === 'AUDIENCE') && /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/**
 * The API gives a RELATION reason's `relation` from the seed's side (on the handbook's widget, a guidance note
 * that complements it comes with COMPLEMENTED_BY); the sentence describes the listed item, so it is inverted.
 */
const INVERSE: Record<string, string | undefined> = {
  COMPLEMENTS: 'COMPLEMENTED_BY',
  COMPLEMENTED_BY: 'COMPLEMENTS',
  PART_OF: 'HAS_PART',
  HAS_PART: 'PART_OF',
  ANNEX_OF: 'HAS_ANNEX',
  HAS_ANNEX: 'ANNEX_OF',
  MODULE_OF: 'HAS_MODULE',
  HAS_MODULE: 'MODULE_OF',
  FOLLOWS_STRUCTURE_OF: 'STRUCTURE_FOLLOWED_BY',
  STRUCTURE_FOLLOWED_BY: 'FOLLOWS_STRUCTURE_OF',
  INFORMED_BY: 'INFORMS',
  INFORMS: 'INFORMED_BY',
};

/** One short sentence from the strongest reasons: reasons of one kind are joined, at most two kinds shown. */
export function reasonSentence(reasons: Reason[], seedTitle: string, strings: Strings): string {
  const phrases: { key: string; values: string[] }[] = [];
  for (const r of reasons.slice(0, 4)) {
    const key = r.kind === 'RELATION' ? (INVERSE[r.relation ?? ''] ?? r.relation ?? 'SAME_SERIES') : r.kind;
    const value = r.kind === 'RELATION' ? shorten(seedTitle) : inSentence(r.kind, r.label);
    const existing = phrases.find((p) => p.key === key);
    if (existing) {
      if (existing.values.length < 2 && !existing.values.includes(value)) existing.values.push(value);
    } else if (phrases.length < 2) {
      phrases.push({ key, values: [value] });
    }
  }
  const sentence = phrases
    .map((p) => ((strings as Record<string, string | undefined>)[p.key] ?? '{x}').replace('{x}', p.values.join(` ${strings.and} `)))
    .join(', ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export class PubgraphRelated extends HTMLElement {
  static get observedAttributes(): string[] {
    return ['publication', 'limit', 'lang', 'api', 'link-template', 'heading'];
  }

  private readonly root: ShadowRoot;
  private controller?: AbortController;
  private scheduled = false;
  private connectedAt = 0;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback(): void {
    this.connectedAt = performance.now();
    this.schedule();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule();
  }

  /** Several attributes set in a row cause one request. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.load();
    });
  }

  private get strings(): Strings {
    const lang = (this.getAttribute('lang') ?? document.documentElement.lang ?? 'en').slice(0, 2).toLowerCase();
    return STRINGS[lang] ?? EN;
  }

  private get api(): string {
    return (this.getAttribute('api') ?? SCRIPT_ORIGIN).replace(/\/+$/, '');
  }

  private href(item: Item['publication']): string {
    const template = this.getAttribute('link-template') ?? `${SCRIPT_ORIGIN}/#/publication/{slug}`;
    return template.replace(/\{slug\}/g, encodeURIComponent(item.slug)).replace(/\{id\}/g, encodeURIComponent(item.id));
  }

  private frame(): { section: HTMLElement; status: HTMLElement } {
    const s = this.strings;
    const section = el('section', { part: 'container', 'aria-labelledby': 'pubgraph-heading' });
    section.append(el('h2', { id: 'pubgraph-heading', part: 'heading' }, this.getAttribute('heading') ?? s.heading));
    const status = el('p', { class: 'status', role: 'status', part: 'status' });
    section.append(status);
    const style = el('style', {}, STYLE);
    this.root.replaceChildren(style, section);
    return { section, status };
  }

  private announce(state: 'items' | 'empty' | 'error', count: number): void {
    const now = performance.now();
    this.setAttribute('data-state', state);
    this.dispatchEvent(
      new CustomEvent('pubgraph-related:rendered', {
        bubbles: true,
        composed: true,
        detail: { state, count, msSinceScriptStart: now - SCRIPT_START, msSinceConnected: now - this.connectedAt, msSinceNavigation: now },
      }),
    );
  }

  private async load(): Promise<void> {
    const s = this.strings;
    const publication = (this.getAttribute('publication') ?? '').trim();
    const limit = Math.min(50, Math.max(1, parseInt(this.getAttribute('limit') ?? '5', 10) || 5));
    const lang = this.getAttribute('lang');
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;

    const { section, status } = this.frame();
    section.setAttribute('aria-busy', 'true');
    this.setAttribute('data-state', 'loading');
    status.textContent = s.loading;

    if (!publication) return this.showError(section, status, 'the "publication" attribute is empty');
    const bySlug = /^[a-z0-9][a-z0-9-]*$/.test(publication);
    const variables = { [bySlug ? 'slug' : 'id']: publication, first: limit, lang: lang || null };
    const url = `${this.api}/graphql?${new URLSearchParams({ operationName: 'PubgraphRelated', query: QUERY, variables: JSON.stringify(variables) })}`;
    try {
      // The header makes Apollo Server's CSRF protection accept a GET (it forces a CORS preflight cross-origin).
      const response = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' }, signal: controller.signal });
      const answer = (await response.json()) as Answer;
      if (controller.signal.aborted) return;
      if (!response.ok || answer.errors?.length || !answer.data) throw new Error(answer.errors?.[0]?.message ?? `HTTP ${response.status}`);
      const seed = answer.data.publication;
      if (!seed) throw new Error(`no publication "${publication}"`);
      this.showItems(section, status, seed.displayTitle, seed.related);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.showError(section, status, error instanceof Error ? error.message : String(error));
    }
  }

  private showItems(section: HTMLElement, status: HTMLElement, seedTitle: string, items: Item[]): void {
    const s = this.strings;
    section.removeAttribute('aria-busy');
    if (items.length === 0) {
      status.textContent = s.empty;
      return this.announce('empty', 0);
    }
    status.textContent = '';
    const list = el('ul', { part: 'list' });
    for (const item of items) {
      const p = item.publication;
      const li = el('li', { part: 'item' });
      li.append(el('a', { href: this.href(p), part: 'link' }, p.displayTitle));
      const meta = [p.year === null ? '' : String(p.year), humanKind(p.kind)].filter(Boolean).join(' · ');
      const codes = p.languages.map((l) => l.code.toUpperCase());
      const metaLine = el('p', { class: 'meta', part: 'meta' }, meta);
      if (codes.length) {
        metaLine.append(' · ');
        metaLine.append(el('span', { 'aria-label': `${s.languages}: ${codes.join(', ')}` }, codes.join(' ')));
      }
      li.append(metaLine);
      li.append(el('p', { class: 'reason', part: 'reason' }, reasonSentence(item.reasons, seedTitle, s)));
      list.append(li);
    }
    section.append(list);
    this.announce('items', items.length);
  }

  private showError(section: HTMLElement, status: HTMLElement, detail: string): void {
    const s = this.strings;
    section.removeAttribute('aria-busy');
    status.setAttribute('role', 'alert');
    status.textContent = s.error;
    status.title = detail;
    const retry = el('button', { type: 'button', part: 'retry' }, s.retry);
    retry.addEventListener('click', () => this.schedule());
    status.append(retry);
    this.announce('error', 0);
  }
}

if (!customElements.get('pubgraph-related')) customElements.define('pubgraph-related', PubgraphRelated);

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

/**
 * The reader's language steers the list (works they can read first) and every text in it: the reason sentence
 * and the kind come from the API in that language, so the widget holds no catalogue phrases of its own.
 */
const QUERY = `query PubgraphRelated($id: ID, $slug: String, $first: Int, $lang: String, $language: VocabularyLanguage) {
  publication(id: $id, slug: $slug) {
    related(first: $first, preferLanguage: $lang) {
      explanation(language: $language) { text }
      publication { id slug displayTitle year kindLabel(language: $language) { text } languages { code } }
    }
  }
}`;

interface Item {
  explanation: { text: string };
  publication: { id: string; slug: string; displayTitle: string; year: number | null; kindLabel: { text: string }; languages: { code: string }[] };
}
interface Answer {
  data?: { publication: { related: Item[] } | null };
  errors?: { message: string }[];
}

/* The widget's own UI strings; texts about the catalogue come from the API in the same language. */
const EN = {
  heading: 'Related publications',
  loading: 'Loading related publications…',
  empty: 'No related publications found.',
  error: 'Related publications could not be loaded.',
  retry: 'Try again',
  languages: 'Languages',
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
  },
  fr: {
    heading: 'Publications liées',
    loading: 'Chargement des publications liées…',
    empty: 'Aucune publication liée trouvée.',
    error: 'Les publications liées n’ont pas pu être chargées.',
    retry: 'Réessayer',
    languages: 'Langues',
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

  /** The reader's language: the `lang` attribute, else the page's; null when neither says. */
  private get readerLanguage(): string | null {
    const lang = (this.getAttribute('lang') || document.documentElement.lang || '').slice(0, 2).toLowerCase();
    return /^[a-z]{2}$/.test(lang) ? lang : null;
  }

  private get strings(): Strings {
    return STRINGS[this.readerLanguage ?? 'en'] ?? EN;
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
    const lang = this.readerLanguage;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;

    const { section, status } = this.frame();
    section.setAttribute('aria-busy', 'true');
    this.setAttribute('data-state', 'loading');
    status.textContent = s.loading;

    if (!publication) return this.showError(section, status, 'the "publication" attribute is empty');
    const bySlug = /^[a-z0-9][a-z0-9-]*$/.test(publication);
    // The API's texts exist in English, Spanish and French; another reader's language still steers the list.
    const language = lang === 'es' || lang === 'fr' ? lang.toUpperCase() : 'EN';
    const variables = { [bySlug ? 'slug' : 'id']: publication, first: limit, lang, language };
    const url = `${this.api}/graphql?${new URLSearchParams({ operationName: 'PubgraphRelated', query: QUERY, variables: JSON.stringify(variables) })}`;
    try {
      // The header makes Apollo Server's CSRF protection accept a GET (it forces a CORS preflight cross-origin).
      const response = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' }, signal: controller.signal });
      const answer = (await response.json()) as Answer;
      if (controller.signal.aborted) return;
      if (!response.ok || answer.errors?.length || !answer.data) throw new Error(answer.errors?.[0]?.message ?? `HTTP ${response.status}`);
      const seed = answer.data.publication;
      if (!seed) throw new Error(`no publication "${publication}"`);
      this.showItems(section, status, seed.related);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.showError(section, status, error instanceof Error ? error.message : String(error));
    }
  }

  private showItems(section: HTMLElement, status: HTMLElement, items: Item[]): void {
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
      const meta = [p.year === null ? '' : String(p.year), p.kindLabel.text].filter(Boolean).join(' · ');
      const codes = p.languages.map((l) => l.code.toUpperCase());
      const metaLine = el('p', { class: 'meta', part: 'meta' }, meta);
      if (codes.length) {
        metaLine.append(' · ');
        metaLine.append(el('span', { 'aria-label': `${s.languages}: ${codes.join(', ')}` }, codes.join(' ')));
      }
      li.append(metaLine);
      li.append(el('p', { class: 'reason', part: 'reason' }, item.explanation.text));
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

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

import { itemHref, metaOf, RELATED_QUERY, type RelatedAnswer, type RelatedItem, relatedVariables, widgetStrings, type WidgetStrings } from '../../src/widget/related-view';

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

  private get strings(): WidgetStrings {
    return widgetStrings(this.readerLanguage);
  }

  private get api(): string {
    return (this.getAttribute('api') ?? SCRIPT_ORIGIN).replace(/\/+$/, '');
  }

  private href(item: RelatedItem['publication']): string {
    return itemHref(this.getAttribute('link-template') ?? `${SCRIPT_ORIGIN}/#/publication/{slug}`, item);
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

  private announce(state: 'items' | 'empty' | 'not-found' | 'error', count: number): void {
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
    const variables = relatedVariables(publication, limit, lang);
    const url = `${this.api}/graphql?${new URLSearchParams({ operationName: 'PubgraphRelated', query: RELATED_QUERY, variables: JSON.stringify(variables) })}`;
    try {
      // The header makes Apollo Server's CSRF protection accept a GET (it forces a CORS preflight cross-origin).
      const response = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' }, signal: controller.signal });
      const answer = (await response.json()) as RelatedAnswer;
      if (controller.signal.aborted) return;
      // An id the catalogue lacks (null) or refuses as malformed: retrying cannot help, so no retry button.
      if (answer.data?.publication === null || answer.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT') return this.showNotFound(section, status);
      if (!response.ok || answer.errors?.length || !answer.data?.publication) throw new Error(answer.errors?.[0]?.message ?? `HTTP ${response.status}`);
      this.showItems(section, status, answer.data.publication.related);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.showError(section, status, error instanceof Error ? error.message : String(error));
    }
  }

  private showNotFound(section: HTMLElement, status: HTMLElement): void {
    section.removeAttribute('aria-busy');
    status.textContent = this.strings.notFound;
    this.announce('not-found', 0);
  }

  private showItems(section: HTMLElement, status: HTMLElement, items: RelatedItem[]): void {
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
      const { text: meta, codes } = metaOf(item);
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

import type cytoscape from 'cytoscape';
import { gql } from './api';
import { h, humanKind, stateMessage } from './dom';
import { drawNeighbourhood, type GraphEdgeView, type GraphNodeView, TYPE_COLOURS } from './graph';

/*
 * The explorer: hash routes over the GraphQL API of this origin.
 *   #/ and #/search?q=...&topics=a,b&kinds=...   search or browse, with facets (click to filter)
 *   #/publication/<slug>                        a publication, its companions and related publications
 *   #/topic/<slug>, #/place/<slug>              a topic or place and its neighbourhood graph
 */

interface Card {
  slug: string;
  displayTitle: string;
  year: number | null;
  kind: string;
  languages: { code: string }[];
  topics: { slug: string; label: string }[];
}
interface Bucket {
  value: string;
  label: string;
  count: number;
}
type FacetName = 'topics' | 'kinds' | 'languages' | 'places' | 'audiences' | 'organisations' | 'programmes' | 'years';
type Facets = Partial<Record<FacetName, { buckets: Bucket[] }>>;

// Inlined rather than a fragment: fragment spreads add to the API's query-cost estimate.
const CARD = 'slug displayTitle year kind languages { code } topics { slug label }';
const SEARCH = `query ExplorerSearch($q: String!, $filter: PublicationFilter) {
  search(query: $q, filter: $filter, first: 40) { totalCount edges { snippet { html } node { ${CARD} } } }
}`;
const BROWSE = `query ExplorerBrowse($filter: PublicationFilter) {
  publications(filter: $filter, first: 40, sort: YEAR_DESC) { totalCount nodes { ${CARD} } }
}`;
/** Facet counts in two requests of four groups: one request for all eight exceeds the API's query-cost limit. */
const FACET_GROUPS: FacetName[][] = [
  ['topics', 'kinds', 'languages', 'audiences'],
  ['places', 'years', 'organisations', 'programmes'],
];
function facetsQuery(field: 'search' | 'publications', groups: FacetName[]): string {
  const args = field === 'search' ? '$q: String!, $filter: PublicationFilter' : '$filter: PublicationFilter';
  const call = field === 'search' ? 'search(query: $q, filter: $filter, first: 0)' : 'publications(filter: $filter, first: 0)';
  return `query ExplorerFacets(${args}) { ${call} { facets(limit: 10) { ${groups.map((g) => `${g} { buckets { value label count } }`).join(' ')} } } }`;
}
const SUGGEST = `query ExplorerSuggest($prefix: String!) {
  autocomplete(prefix: $prefix, types: [TOPIC, PLACE], first: 8) { type label node { ... on Topic { slug } ... on Place { slug } } }
}`;
const PUBLICATION = `query ExplorerPublication($slug: String) {
  publication(slug: $slug) {
    id slug displayTitle title kind year pages isbn authors summary summaryTruncated incomplete missingFields
    topics { slug label } places { slug name } audiences { slug label } publishers { slug name }
    languages { code name pdfUrl }
    companions { relation evidence source publication { slug displayTitle year kind } }
    editions { slug displayTitle languages { code } }
  }
}`;
const JSON_LD = `query ExplorerJsonLd($slug: String) { publication(slug: $slug) { jsonLd } }`;
const SLUG_OF = `... on Publication { slug } ... on Topic { slug } ... on Place { slug } ... on Audience { slug } ... on Organisation { slug } ... on Programme { slug }`;
const NEIGHBOURHOOD = `query ExplorerNeighbourhood($id: ID!) {
  neighbourhood(id: $id, depth: 2, limitPerType: 10) {
    truncated
    nodes { id type label weight distance node { ${SLUG_OF} } }
    edges { source target type weight }
  }
}`;
const TOPIC = `query ExplorerTopic($slug: String, $key: ID!) {
  topic(slug: $slug) { id slug label description broader { slug label } narrower { slug label } }
  publications(filter: { topics: [$key] }, first: 50, sort: YEAR_DESC) { totalCount nodes { ${CARD} } }
}`;
const PLACE = `query ExplorerPlace($slug: String, $key: ID!) {
  place(slug: $slug) { id slug name type iso2 within { slug name } }
  publications(filter: { places: [$key] }, first: 50, sort: YEAR_DESC) { totalCount nodes { ${CARD} } }
}`;

const FACET_TITLES: [FacetName, string][] = [
  ['topics', 'Topics'],
  ['kinds', 'Kind'],
  ['languages', 'Language'],
  ['audiences', 'Audience'],
  ['places', 'Places'],
  ['years', 'Year'],
  ['organisations', 'Organisations'],
  ['programmes', 'Programmes'],
];

const main = document.getElementById('main') as HTMLElement;
const searchInput = document.getElementById('q') as HTMLInputElement;
let renderToken = 0;
let currentCy: cytoscape.Core | undefined;

/** For tests and the curious: the graph drawn on the current topic or place view. */
declare global {
  interface Window {
    pubgraphExplorer: { cy?: cytoscape.Core; route: string };
  }
  interface HTMLElementTagNameMap {
    'pubgraph-related': HTMLElement;
  }
}
window.pubgraphExplorer = { route: '' };

function show(...children: (Node | string)[]): void {
  main.replaceChildren(...children);
}

function hrefFor(type: string, slug: string): string {
  switch (type) {
    case 'PUBLICATION':
      return `#/publication/${slug}`;
    case 'TOPIC':
      return `#/topic/${slug}`;
    case 'PLACE':
      return `#/place/${slug}`;
    case 'AUDIENCE':
      return `#/search?audiences=${slug}`;
    case 'ORGANISATION':
      return `#/search?organisations=${slug}`;
    case 'PROGRAMME':
      return `#/search?programmes=${slug}`;
    default:
      return '';
  }
}

function card(p: Card, extra: (Node | null)[] = []): HTMLElement {
  return h(
    'li',
    {},
    h('h3', {}, h('a', { href: `#/publication/${p.slug}` }, p.displayTitle)),
    h('div', { class: 'meta' }, [p.year ?? 'n.d.', humanKind(p.kind), p.languages.map((l) => l.code.toUpperCase()).join(' ')].filter(Boolean).join(' · ')),
    ...extra,
    p.topics.length ? h('ul', { class: 'chips', 'aria-label': 'Topics' }, p.topics.slice(0, 5).map((t) => h('li', {}, h('a', { class: 'topic', href: `#/topic/${t.slug}` }, t.label)))) : null,
  );
}

// ---- search ------------------------------------------------------------------------------------------------

type Params = URLSearchParams;

function filterFrom(params: Params): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const name of ['topics', 'kinds', 'languages', 'places', 'audiences', 'organisations', 'programmes'] as const) {
    const values = params.get(name)?.split(',').filter(Boolean);
    // Kind facet buckets come as "guidance-note"; the filter takes the enum value GUIDANCE_NOTE.
    if (values?.length) filter[name] = name === 'kinds' ? values.map((v) => v.toUpperCase().replace(/-/g, '_')) : values;
  }
  const year = Number(params.get('years'));
  if (year) Object.assign(filter, { yearFrom: year, yearTo: year });
  return filter;
}

function toggled(params: Params, facet: FacetName, value: string): string {
  const next = new URLSearchParams(params);
  const values = new Set(next.get(facet)?.split(',').filter(Boolean));
  if (values.has(value)) values.delete(value);
  else {
    if (facet === 'years') values.clear(); // one year at a time
    values.add(value);
  }
  if (values.size) next.set(facet, [...values].join(','));
  else next.delete(facet);
  return `#/search?${next}`;
}

function facetPanel(facets: Facets, params: Params): HTMLElement {
  const panel = h('aside', { class: 'panel facets', 'aria-label': 'Filter results' });
  for (const [name, title] of FACET_TITLES) {
    const buckets = facets[name]?.buckets ?? [];
    if (!buckets.length) continue;
    const selected = new Set(params.get(name)?.split(',') ?? []);
    panel.append(
      h('h3', { id: `facet-${name}` }, title),
      h(
        'ul',
        { 'aria-labelledby': `facet-${name}`, 'data-facet': name },
        buckets.map((b) =>
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', 'aria-pressed': String(selected.has(b.value)), 'data-value': b.value, onclick: () => (location.hash = toggled(params, name, b.value)) },
              h('span', {}, name === 'kinds' ? humanKind(b.value.replace(/-/g, '_')) : name === 'years' ? b.value : b.label),
              h('span', { class: 'count' }, String(b.count)),
            ),
          ),
        ),
      ),
    );
  }
  return panel;
}

async function searchView(params: Params, token: number): Promise<void> {
  const q = params.get('q')?.trim() ?? '';
  searchInput.value = q;
  document.title = q ? `“${q}” · pubgraph explorer` : 'pubgraph explorer';
  const filter = filterFrom(params);
  show(stateMessage('Searching…'));
  type SearchAnswer = { search: { totalCount: number; edges: { snippet: { html: string }; node: Card }[] } };
  type BrowseAnswer = { publications: { totalCount: number; nodes: Card[] } };
  const field = q ? 'search' : 'publications';
  const facetParts = Promise.all(
    FACET_GROUPS.map((groups) => gql<Record<string, { facets: Facets }>>(facetsQuery(field, groups), q ? { q, filter } : { filter }).then((d) => d[field]!.facets)),
  );
  const [result, facetList, suggestions] = await Promise.all([
    q
      ? gql<SearchAnswer>(SEARCH, { q, filter }).then((d) => ({ total: d.search.totalCount, items: d.search.edges }))
      : gql<BrowseAnswer>(BROWSE, { filter }).then((d) => ({ total: d.publications.totalCount, items: d.publications.nodes.map((node) => ({ node, snippet: null })) })),
    facetParts,
    q ? gql<{ autocomplete: { type: string; label: string; node: { slug?: string } }[] }>(SUGGEST, { prefix: q }).catch(() => ({ autocomplete: [] })) : Promise.resolve({ autocomplete: [] }),
  ]);
  if (token !== renderToken) return;

  const active = [...params.entries()].filter(([k]) => k !== 'q');
  const list = h(
    'ol',
    { class: 'results', 'aria-label': 'Results' },
    result.items.map((item) => {
      const snippet = item.snippet ? h('p', { class: 'snippet' }) : null;
      // The API returns the passage HTML-escaped with only <mark> added (Snippet.html), safe to insert.
      if (snippet && item.snippet) snippet.innerHTML = item.snippet.html;
      return card(item.node, [snippet]);
    }),
  );
  const topicLinks = suggestions.autocomplete.filter((s) => s.node.slug);
  show(
    h(
      'div',
      { class: 'layout' },
      facetPanel(Object.assign({}, ...facetList) as Facets, params),
      h(
        'section',
        { 'aria-labelledby': 'results-heading' },
        h('h1', { id: 'results-heading' }, q ? `${result.total} publication${result.total === 1 ? '' : 's'} for “${q}”` : `${result.total} publications`),
        topicLinks.length
          ? h('ul', { class: 'chips', 'aria-label': 'Topics and places matching the query' }, topicLinks.map((s) => h('li', {}, h('a', { class: s.type.toLowerCase(), href: hrefFor(s.type, s.node.slug!) }, `${s.type === 'TOPIC' ? 'Topic' : 'Place'}: ${s.label}`))))
          : null,
        active.length
          ? h(
              'div',
              { class: 'active-filters' },
              active.flatMap(([k, v]) => v.split(',').map((value) => h('button', { type: 'button', onclick: () => (location.hash = toggled(params, k as FacetName, value)) }, `${k}: ${value} ✕`))),
            )
          : null,
        result.items.length ? list : stateMessage('Nothing matches. Try fewer words or remove a filter.'),
      ),
    ),
  );
}

// ---- publication ---------------------------------------------------------------------------------------------

interface PublicationView extends Omit<Card, 'languages'> {
  id: string;
  title: string | null;
  pages: number | null;
  isbn: string | null;
  authors: string[];
  summary: string | null;
  summaryTruncated: boolean;
  incomplete: boolean;
  missingFields: string[];
  places: { slug: string; name: string }[];
  audiences: { slug: string; label: string }[];
  publishers: { slug: string; name: string }[];
  languages: { code: string; name: string; pdfUrl: string | null }[];
  companions: { relation: string; evidence: string | null; source: string | null; publication: { slug: string; displayTitle: string; year: number | null; kind: string } }[];
  editions: { slug: string; displayTitle: string; languages: { code: string }[] }[];
}

function chips(label: string, items: { href: string; text: string; cls?: string }[]): HTMLElement | null {
  if (!items.length) return null;
  return h('ul', { class: 'chips', 'aria-label': label }, items.map((i) => h('li', {}, h('a', { href: i.href, class: i.cls }, i.text))));
}

async function publicationView(slug: string, token: number): Promise<void> {
  show(stateMessage('Loading publication…'));
  const { publication: p } = await gql<{ publication: PublicationView | null }>(PUBLICATION, { slug });
  if (token !== renderToken) return;
  if (!p) return show(stateMessage(`No publication “${slug}”.`, true));
  document.title = `${p.displayTitle} · pubgraph explorer`;
  const facts = h('dl', { class: 'facts' });
  const fact = (k: string, v: Node | string | null | undefined) => v && facts.append(h('dt', {}, k), h('dd', {}, v));
  fact('Kind', humanKind(p.kind));
  fact('Year', p.year ? String(p.year) : null);
  fact('Pages', p.pages ? String(p.pages) : null);
  fact('ISBN', p.isbn);
  fact('Authors', p.authors.join('; ') || null);
  fact('Published by', p.publishers.map((o) => o.name).join('; ') || null);
  fact(
    'Languages',
    h('span', {}, ...p.languages.flatMap((l, i) => [i ? ', ' : '', l.pdfUrl ? h('a', { href: l.pdfUrl, rel: 'noopener', hreflang: l.code }, `${l.name} (PDF)`) : l.name])),
  );
  if (p.incomplete) fact('Incomplete record', `unknown: ${p.missingFields.join(', ')}`);

  const companions = p.companions.length
    ? h(
        'ul',
        { class: 'companions', 'data-testid': 'companions' },
        p.companions.map((c) =>
          h(
            'li',
            {},
            h('div', { class: 'relation' }, humanKind(c.relation)),
            h('a', { href: `#/publication/${c.publication.slug}` }, c.publication.displayTitle),
            h('span', { class: 'meta' }, ` · ${[c.publication.year, humanKind(c.publication.kind)].filter(Boolean).join(' · ')}`),
            c.evidence ? h('blockquote', {}, `“${c.evidence}”`, c.source ? h('span', { class: 'meta' }, ` (${c.source})`) : null) : null,
          ),
        ),
      )
    : stateMessage('No catalogued companions.');

  const widget = h('pubgraph-related', { publication: p.slug, limit: 6, 'link-template': '#/publication/{slug}' });
  show(
    h(
      'div',
      { class: 'pub-grid' },
      h(
        'article',
        { 'aria-labelledby': 'pub-title' },
        h('h1', { id: 'pub-title' }, p.displayTitle),
        facts,
        p.summary ? h('p', {}, p.summary, p.summaryTruncated ? ' […]' : '') : null,
        chips('Topics', p.topics.map((t) => ({ href: `#/topic/${t.slug}`, text: t.label, cls: 'topic' }))),
        chips('Places', p.places.map((t) => ({ href: `#/place/${t.slug}`, text: t.name, cls: 'place' }))),
        chips('Audiences', p.audiences.map((t) => ({ href: `#/search?audiences=${t.slug}`, text: t.label }))),
        h('h2', {}, 'Companions'),
        companions,
        p.editions.length ? h('h2', {}, 'Other editions') : null,
        p.editions.length ? h('ul', {}, p.editions.map((e) => h('li', {}, h('a', { href: `#/publication/${e.slug}` }, e.displayTitle), ` (${e.languages.map((l) => l.code.toUpperCase()).join(', ')})`))) : null,
      ),
      h('aside', { class: 'panel', 'aria-label': 'Related publications' }, widget),
    ),
  );
  // schema.org metadata for crawlers and link previews; optional, so a failure leaves the page as it is.
  gql<{ publication: { jsonLd: string } | null }>(JSON_LD, { slug })
    .then((d) => {
      if (token !== renderToken || !d.publication) return;
      document.getElementById('pubgraph-jsonld')?.remove();
      document.head.append(h('script', { type: 'application/ld+json', id: 'pubgraph-jsonld' }, d.publication.jsonLd));
    })
    .catch(() => undefined);
}

// ---- topic and place -------------------------------------------------------------------------------------------

interface NeighbourhoodAnswer {
  neighbourhood: {
    truncated: boolean;
    nodes: { id: string; type: string; label: string; weight: number; distance: number; node: { slug?: string } }[];
    edges: GraphEdgeView[];
  };
}

async function graphSection(centreId: string, token: number): Promise<HTMLElement> {
  const container = h('div', { id: 'graph', role: 'img', 'aria-label': 'Neighbourhood graph; the same nodes are listed beside it' });
  const side = h('nav', { class: 'panel neighbours', 'aria-label': 'Neighbours' }, stateMessage('Loading neighbourhood…'));
  const section = h(
    'section',
    { 'aria-labelledby': 'graph-heading' },
    h('h2', { id: 'graph-heading' }, 'Neighbourhood'),
    h('ul', { class: 'legend' }, Object.entries(TYPE_COLOURS).filter(([t]) => t !== 'SERIES').map(([t, c]) => h('li', {}, h('i', { style: `background:${c}` }), humanKind(t)))),
    h('div', { class: 'graph-wrap' }, container, side),
  );
  void gql<NeighbourhoodAnswer>(NEIGHBOURHOOD, { id: centreId })
    .then(({ neighbourhood }) => {
      if (token !== renderToken) return;
      const nodes: GraphNodeView[] = neighbourhood.nodes.map((n) => ({ ...n, href: n.node.slug ? hrefFor(n.type, n.node.slug) : '' }));
      currentCy = drawNeighbourhood(container, nodes, neighbourhood.edges);
      window.pubgraphExplorer.cy = currentCy;
      container.setAttribute('data-nodes', String(currentCy.nodes().length));
      const byType = new Map<string, GraphNodeView[]>();
      for (const n of nodes.filter((x) => x.distance > 0)) byType.set(n.type, [...(byType.get(n.type) ?? []), n]);
      side.replaceChildren(
        ...[...byType].flatMap(([type, list]) => [
          h('h3', {}, humanKind(type)),
          h('ul', {}, list.map((n) => h('li', {}, n.href ? h('a', { href: n.href }, n.label) : n.label))),
        ]),
        neighbourhood.truncated ? h('p', { class: 'meta' }, 'Only the strongest neighbours of each type are shown.') : '',
      );
    })
    .catch((error: Error) => {
      if (token === renderToken) side.replaceChildren(stateMessage(`The neighbourhood could not be loaded: ${error.message}`, true));
    });
  return section;
}

async function topicView(slug: string, token: number): Promise<void> {
  show(stateMessage('Loading topic…'));
  type Answer = {
    topic: { id: string; slug: string; label: string; description: string | null; broader: { slug: string; label: string }[]; narrower: { slug: string; label: string }[] } | null;
    publications: { totalCount: number; nodes: Card[] };
  };
  const { topic, publications } = await gql<Answer>(TOPIC, { slug, key: slug });
  if (token !== renderToken) return;
  if (!topic) return show(stateMessage(`No topic “${slug}”.`, true));
  document.title = `${topic.label} · pubgraph explorer`;
  show(
    h('h1', {}, topic.label, h('span', { class: 'meta' }, ' · topic')),
    topic.description ? h('p', {}, topic.description) : '',
    chips('Broader topics', topic.broader.map((t) => ({ href: `#/topic/${t.slug}`, text: `↑ ${t.label}`, cls: 'topic' }))) ?? '',
    chips('Narrower topics', topic.narrower.map((t) => ({ href: `#/topic/${t.slug}`, text: `↓ ${t.label}`, cls: 'topic' }))) ?? '',
    await graphSection(topic.id, token),
    h('h2', {}, `${publications.totalCount} publications about ${topic.label}`),
    h('ol', { class: 'results' }, publications.nodes.map((p) => card(p))),
  );
}

async function placeView(slug: string, token: number): Promise<void> {
  show(stateMessage('Loading place…'));
  type Answer = {
    place: { id: string; slug: string; name: string; type: string; iso2: string | null; within: { slug: string; name: string }[] } | null;
    publications: { totalCount: number; nodes: Card[] };
  };
  const { place, publications } = await gql<Answer>(PLACE, { slug, key: slug });
  if (token !== renderToken) return;
  if (!place) return show(stateMessage(`No place “${slug}”.`, true));
  document.title = `${place.name} · pubgraph explorer`;
  show(
    h('h1', {}, place.name, h('span', { class: 'meta' }, ` · ${humanKind(place.type)}${place.iso2 ? ` (${place.iso2})` : ''}`)),
    chips('Within', place.within.map((t) => ({ href: `#/place/${t.slug}`, text: `within ${t.name}`, cls: 'place' }))) ?? '',
    await graphSection(place.id, token),
    h('h2', {}, `${publications.totalCount} publications covering ${place.name}`),
    h('ol', { class: 'results' }, publications.nodes.map((p) => card(p))),
  );
}

// ---- routing ---------------------------------------------------------------------------------------------------

async function route(): Promise<void> {
  const token = ++renderToken;
  currentCy?.destroy();
  currentCy = undefined;
  window.pubgraphExplorer = { route: location.hash };
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = hash.split('?');
  const [view, rawSlug = ''] = path.split('/');
  const slug = decodeURIComponent(rawSlug);
  try {
    if (view === 'publication' && slug) await publicationView(slug, token);
    else if (view === 'topic' && slug) await topicView(slug, token);
    else if (view === 'place' && slug) await placeView(slug, token);
    else await searchView(new URLSearchParams(query), token);
  } catch (error) {
    if (token === renderToken) show(stateMessage(`Something went wrong: ${error instanceof Error ? error.message : String(error)}`, true));
  }
  if (token === renderToken) {
    main.setAttribute('data-route', hash || 'home');
    if (document.activeElement !== searchInput) main.focus({ preventScroll: true });
  }
}

document.getElementById('search-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = searchInput.value.trim();
  location.hash = q ? `#/search?${new URLSearchParams({ q })}` : '#/';
});
window.addEventListener('hashchange', () => void route());
void route();

import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import type { SeedCatalogue } from '../../src/seed/schema';
import type { RunningServer } from '../../src/server/app';
import { ANALYZER_STOPWORDS } from '../../src/search/stopwords';
import { realCatalogue } from '../support/graph';
import { closeService, openSeededService, postGraphQL } from '../support/http';

/**
 * Search and autocomplete across English, Spanish and French over HTTP: accents and case folded, word forms
 * stemmed per language, stop words ignored, phrases, OR, prefixes, exclusions and typos, with the expected works
 * computed from graph-seeds/ (each publication's own text and its topics' labels and synonyms, folded).
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService());
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const wordsOf = (s: string): string[] => fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];

/** A publication's own text (title, alternative titles, summary), folded. */
const ownText = (p: SeedCatalogue['publications'][number]) => fold([p.title, ...p.alternativeTitles, p.summary].filter(Boolean).join(' \n '));
/** Its own words and those of its topics' labels and synonyms in every language, folded. */
function allWords(p: SeedCatalogue['publications'][number]): Set<string> {
  const topics = catalogue.topics.filter((t) => p.topics.includes(t.id));
  const labels = topics.flatMap((t) => [t.label.en, t.label.es, t.label.fr, ...t.synonyms.en, ...t.synonyms.es, ...t.synonyms.fr].filter((l): l is string => !!l));
  return new Set([ownText(p), ...labels].flatMap(wordsOf));
}
const withWord = (predicate: (words: Set<string>) => boolean) => catalogue.publications.filter((p) => predicate(allWords(p))).map((p) => p.id).sort();

const SEARCH = 'query($q: String!) { search(query: $q, first: 100) { totalCount nodes { slug } } }';
async function found(q: string): Promise<string[]> {
  const res = await postGraphQL<{ search: { totalCount: number; nodes: { slug: string }[] } }>(server, SEARCH, { q });
  expect(res.errors).toBeUndefined();
  const slugs = res.data!.search.nodes.map((n) => n.slug);
  expect(res.data!.search.totalCount).toBe(slugs.length);
  return slugs.sort();
}

describe('search across languages', () => {
  it('"guia" finds what "guía" finds: every work with the word, accents aside', async () => {
    const expected = withWord((w) => w.has('guia'));
    expect(expected.length).toBeGreaterThan(0);
    expect(await found('guia')).toEqual(await found('guía'));
    expect(await found('guia')).toEqual(expect.arrayContaining(expected));
  });

  it('"atencion" finds what "atención" finds, and "sante" every work that says santé', async () => {
    const atencion = withWord((w) => w.has('atencion'));
    expect(atencion.length).toBeGreaterThan(1);
    expect(await found('atencion')).toEqual(await found('atención'));
    expect(await found('atencion')).toEqual(expect.arrayContaining(atencion));
    const sante = withWord((w) => w.has('sante'));
    expect(sante.length).toBeGreaterThan(0);
    expect(await found('sante')).toEqual(expect.arrayContaining(sante));
    expect(await found('SANTÉ')).toEqual(await found('sante'));
  });

  it('"déplacés internes" finds the works tagged "personnes déplacées internes", through French stemming, and only works saying déplacé(e)s', async () => {
    const expected = withWord((w) => w.has('deplacees') && w.has('internes'));
    expect(expected.length).toBeGreaterThan(0);
    const hits = await found('déplacés internes');
    expect(hits).toEqual(expect.arrayContaining(expected));
    const deplac = withWord((w) => [...w].some((x) => x.startsWith('deplac')));
    for (const slug of hits) expect(deplac).toContain(slug);
    expect(await found('deplaces internes')).toEqual(hits);
  });

  it('"returnee" finds what "returnees" finds, through English stemming', async () => {
    const expected = withWord((w) => w.has('returnees') || w.has('returnee'));
    expect(expected.length).toBeGreaterThan(5);
    expect(await found('returnee')).toEqual(await found('returnees'));
    expect(await found('returnee')).toEqual(expect.arrayContaining(expected));
  });

  it('"the" alone finds nothing: a stop word of one of the three languages is ignored, and the lists are the analyzers\' own', async () => {
    expect(await found('the')).toEqual([]);
    expect(await found('The de des')).toEqual([]);
    expect(await found('the returnees')).toEqual(await found('returnees'));
    const rows = await graph.executor.read(
      cypher<{ analyzer: string; stopwords: string[] }>('test analyzers', "CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, stopwords WHERE analyzer IN ['english', 'spanish', 'french', 'standard-folding'] RETURN analyzer, stopwords"),
    );
    const byName = new Map(rows.map((r) => [r.analyzer, [...r.stopwords].sort()]));
    for (const [name, list] of Object.entries(ANALYZER_STOPWORDS)) expect([...list].sort()).toEqual(byName.get(name));
    expect(byName.get('standard-folding')).toEqual([...ANALYZER_STOPWORDS.english].sort());
  });

  it('a quoted phrase finds its words next to each other in a title or summary, not merely both words', async () => {
    const phrase = /trafficking\W+in\W+persons/u;
    const expected = catalogue.publications.filter((p) => phrase.test(ownText(p))).map((p) => p.id).sort();
    expect(expected.length).toBeGreaterThan(2);
    const hits = await found('"trafficking in persons"');
    expect(hits).toEqual(expect.arrayContaining(expected));
    const both = await found('trafficking persons');
    expect(hits.every((slug) => both.includes(slug))).toBe(true);
    expect(hits.length).toBeLessThan(both.length);
    expect(await found('"persons trafficking"')).toEqual([]);
  });

  it('OR finds either, a prefix every word it begins, and -word leaves out what matches', async () => {
    const [smuggling, returnees] = [await found('smuggling'), await found('returnees')];
    expect(await found('smuggling OR returnees')).toEqual([...new Set([...smuggling, ...returnees])].sort());
    expect(await found('smuggling | returnees')).toEqual(await found('smuggling OR returnees'));

    const prefixed = withWord((w) => [...w].some((x) => x.startsWith('traffick')));
    const traffick = await found('traffick*');
    expect(traffick).toEqual(prefixed);
    expect(traffick).toEqual(expect.arrayContaining([...(await found('trafficked')), ...(await found('trafficking'))]));

    const children = await found('children');
    expect(children.length).toBeGreaterThan(0);
    expect(await found('trafficking -children')).toEqual((await found('trafficking')).filter((s) => !children.includes(s)));
  });

  it('tolerates a typo in a word that matches nothing, and none in a word of three letters', async () => {
    expect(withWord((w) => w.has('trafficing'))).toEqual([]);
    expect(await found('trafficing')).toEqual(expect.arrayContaining(withWord((w) => w.has('trafficking'))));
    expect(await found('trafficing victims')).toEqual(expect.arrayContaining(withWord((w) => w.has('trafficking') && w.has('victims'))));
    expect(withWord((w) => w.has('iox'))).toEqual([]);
    expect(await found('iox')).toEqual([]);
  });

  it('refuses a query that only excludes, and answers one of stop words with an empty page', async () => {
    const res = await postGraphQL(server, '{ search(query: "-trafficking") { totalCount } }');
    expect(res.errors![0]).toMatchObject({ message: expect.stringMatching(/only excludes/), extensions: { code: 'BAD_USER_INPUT' } });
    const stop = await postGraphQL<{ search: { totalCount: number } }>(server, '{ search(query: "of the") { totalCount } }');
    expect(stop.errors).toBeUndefined();
    expect(stop.data!.search.totalCount).toBe(0);
  });
});

describe('autocomplete as users type', () => {
  type Suggestion = { type: string; label: string; score: number; node: { __typename: string; slug?: string } };
  const Q =
    'query($p: String!, $perType: Int, $first: Int) { autocomplete(prefix: $p, perType: $perType, first: $first) { type label score node { __typename ... on Topic { slug } ... on Audience { slug } ... on Place { slug } ... on Organisation { slug } ... on Programme { slug } ... on Publication { slug } } } }';
  async function suggest(p: string, extra: Record<string, unknown> = {}): Promise<Suggestion[]> {
    const res = await postGraphQL<{ autocomplete: Suggestion[] }>(server, Q, { p, ...extra });
    expect(res.errors).toBeUndefined();
    const scores = res.data!.autocomplete.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    return res.data!.autocomplete;
  }
  const titlesMatching = (words: string[], last: string) =>
    catalogue.publications.filter((p) => p.title && words.every((w) => wordsOf(p.title!).includes(w)) && wordsOf(p.title!).some((w) => w.startsWith(last))).map((p) => p.id);

  it('completes a one-letter last word: "trafficking in p", "victim i", "iom h"', async () => {
    const tip = await suggest('trafficking in p');
    expect(tip.map((s) => s.node.slug)).toEqual(expect.arrayContaining(titlesMatching(['trafficking'], 'p').filter((id) => /^trafficking in p/u.test(fold(catalogue.publications.find((p) => p.id === id)!.title!)))));
    expect(tip.length).toBeGreaterThan(0);
    const victim = await suggest('victim i');
    expect(victim[0]).toMatchObject({ type: 'TOPIC', node: { slug: 'victim-identification' } });
    const iom = await suggest('iom h', { perType: 10 });
    const expected = titlesMatching(['iom'], 'h');
    expect(expected.length).toBeGreaterThan(0);
    expect(iom.filter((s) => s.type === 'TITLE').map((s) => s.node.slug)).toEqual(expect.arrayContaining(expected));
  });

  it('folds accents both ways: "guia", "sante", "ninos"', async () => {
    expect((await suggest('guia')).map((s) => s.node.slug)).toContain('guia-atencion-psicosocial-personas-migrantes-mesoamerica');
    const santeTopics = catalogue.topics.filter((t) => [t.label.fr, ...t.synonyms.fr].some((l) => l && wordsOf(l).some((w) => w.startsWith('sante')))).map((t) => t.id);
    expect(santeTopics.length).toBeGreaterThan(0);
    const sante = await suggest('sante', { perType: 20, first: 50 });
    expect(sante.filter((s) => s.type === 'TOPIC').map((s) => s.node.slug)).toEqual(expect.arrayContaining(santeTopics));
    const ninosTopics = catalogue.topics.filter((t) => [t.label.es, ...t.synonyms.es].some((l) => l && wordsOf(l).some((w) => w.startsWith('ninos')))).map((t) => t.id);
    expect(ninosTopics.length).toBeGreaterThan(0);
    const ninos = await suggest('ninos', { perType: 20, first: 50 });
    expect(ninos.filter((s) => s.type === 'TOPIC').map((s) => s.node.slug)).toEqual(expect.arrayContaining(ninosTopics));
  });

  it('sorts by its own score, a label beginning with what was typed first ("cari"), and caps each type', async () => {
    const cari = await suggest('cari');
    expect(cari.length).toBeGreaterThan(2);
    expect(fold(cari[0]!.label).startsWith('cari')).toBe(true);
    const p = await suggest('p', { perType: 2, first: 20 });
    const perType = new Map<string, number>();
    for (const s of p) perType.set(s.type, (perType.get(s.type) ?? 0) + 1);
    expect(Math.max(...perType.values())).toBe(2);
    expect(perType.size).toBeGreaterThan(2);
  });
});

import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import type { SeedCatalogue } from '../../src/seed/schema';
import { realCatalogue } from '../support/graph';
import { closeService, openSeededService, postGraphQL } from '../support/http';

/**
 * The API in the catalogue's three languages (issue "Languages mix"): labels say when they fall back, the
 * widget's reason sentences are in the reader's language throughout, and a reader's language keeps works they
 * cannot read out of their list unless nothing else fits. Expectations come from graph-seeds/.
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService());
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

type Lang = 'EN' | 'ES' | 'FR';
const SPANISH_PHRASES = /^(También sobre|Para|También cubre|Mismo programa|También de|Misma serie|Complementa|Complementada por|Parte de|Incluye|Anexo de|Tiene como anexo|Módulo de|Tiene como módulo|Basada en|Sirvió de base a|Otra edición de|Sigue la estructura de|Sirve de estructura a|Redacción parecida:) /;

interface Item {
  explanation: { text: string; language: Lang; fallback: boolean };
  reasons: { kind: string; contribution: number; node: { __typename: string; slug?: string } | null }[];
  publication: { slug: string; languages: { code: string }[]; kindLabel: { text: string } };
}

/** Every publication's related list, a page of 20 at a time (a page of 100 is over the query cost limit). */
async function everyRelatedList(args: string, language: Lang): Promise<{ slug: string; related: Item[] }[]> {
  const lists: { slug: string; related: Item[] }[] = [];
  let after: string | null = null;
  do {
    const res: Awaited<ReturnType<typeof postGraphQL<{ publications: { nodes: { slug: string; related: Item[] }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> =
      await postGraphQL(
        server,
        `query($language: VocabularyLanguage, $after: Cursor) { publications(first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { slug related(${args}) {
          explanation(language: $language) { text language fallback }
          reasons { kind contribution node { __typename ... on Topic { slug } ... on Audience { slug } } }
          publication { slug languages { code } kindLabel(language: $language) { text } } } } } }`,
        { language, after },
      );
    expect(res.errors).toBeUndefined();
    lists.push(...res.data!.publications.nodes);
    after = res.data!.publications.pageInfo.hasNextPage ? res.data!.publications.pageInfo.endCursor : null;
  } while (after);
  expect(lists).toHaveLength(catalogue.publications.length);
  return lists;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

describe('every label takes a language and says when it falls back', () => {
  it('a topic and an audience give their label in each language as graph-seeds/ states it, never as a fallback', async () => {
    const topic = catalogue.topics.find((t) => t.id === 'counter-trafficking')!;
    const audience = catalogue.audiences.find((a) => a.id === 'project-managers')!;
    const res = await postGraphQL<Record<string, { labelIn: { text: string; language: Lang; fallback: boolean } }>>(
      server,
      `{ tEs: topic(slug: "counter-trafficking") { labelIn(language: ES) { text language fallback } }
         tFr: topic(slug: "counter-trafficking") { labelIn(language: FR) { text language fallback } }
         aEs: audience(slug: "project-managers") { labelIn(language: ES) { text language fallback } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.tEs!.labelIn).toEqual({ text: topic.label.es, language: 'ES', fallback: false });
    expect(res.data!.tFr!.labelIn).toEqual({ text: topic.label.fr, language: 'FR', fallback: false });
    expect(res.data!.aEs!.labelIn).toEqual({ text: audience.label.es, language: 'ES', fallback: false });
  });

  it('a place keeps the one name the catalogue prints, flagged as an English fallback outside English', async () => {
    const nigeria = catalogue.places.find((p) => p.id === 'nigeria')!;
    const res = await postGraphQL<Record<string, { labelIn: unknown }>>(
      server,
      `{ fr: place(slug: "nigeria") { labelIn(language: FR) { text language fallback } } en: place(slug: "nigeria") { labelIn(language: EN) { text language fallback } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.fr!.labelIn).toEqual({ text: nigeria.name, language: 'EN', fallback: true });
    expect(res.data!.en!.labelIn).toEqual({ text: nigeria.name, language: 'EN', fallback: false });
  });

  it("a publication's kind reads in the reader's language", async () => {
    const note = catalogue.publications.find((p) => p.kind === 'guidance-note')!;
    const res = await postGraphQL<{ publication: Record<string, { text: string; language: Lang }> }>(
      server,
      `{ publication(slug: "${note.id}") { en: kindLabel { text language } es: kindLabel(language: ES) { text language } fr: kindLabel(language: FR) { text language } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publication).toEqual({
      en: { text: 'Guidance note', language: 'EN' },
      es: { text: 'Nota de orientación', language: 'ES' },
      fr: { text: "Note d'orientation", language: 'FR' },
    });
  });
});

describe("a widget in the reader's language", () => {
  it('explains every recommendation of every publication in Spanish, with Spanish topic and audience labels and no English ones', async () => {
    const lists = await everyRelatedList('first: 5, preferLanguage: "es"', 'ES');
    const labels = new Map<string, { en: string; es: string }>([
      ...catalogue.topics.map((t) => [`Topic:${t.id}`, { en: t.label.en, es: t.label.es ?? t.label.en }] as const),
      ...catalogue.audiences.map((a) => [`Audience:${a.id}`, { en: a.label.en, es: a.label.es ?? a.label.en }] as const),
    ]);
    let explained = 0;
    for (const { related } of lists) {
      for (const item of related) {
        expect(item.explanation).toMatchObject({ language: 'ES', fallback: false });
        expect(item.explanation.text).toMatch(SPANISH_PHRASES);
        // The strongest reason is always told; a topic or audience in Spanish, its English label nowhere.
        const strongest = item.reasons.find((r) => r.contribution > 0)!;
        const node = strongest.node;
        if (node && (node.__typename === 'Topic' || node.__typename === 'Audience')) {
          const label = labels.get(`${node.__typename}:${node.slug}`)!;
          expect(item.explanation.text.toLowerCase()).toContain(label.es.toLowerCase());
          if (label.en.toLowerCase() !== label.es.toLowerCase()) expect(item.explanation.text).not.toContain(lowerFirst(label.en));
        }
        explained++;
      }
    }
    expect(explained).toBeGreaterThan(200);
  });

  it('gives each kind in the reader\'s language too ("Manual" for a handbook in Spanish, "Manuel" in French)', async () => {
    const [es, fr] = await Promise.all([everyRelatedList('first: 5', 'ES'), everyRelatedList('first: 5', 'FR')]);
    const kindOf = new Map(catalogue.publications.map((p) => [p.id, p.kind]));
    const handbookInEs = es.flatMap((l) => l.related).find((i) => kindOf.get(i.publication.slug) === 'handbook')!;
    const handbookInFr = fr.flatMap((l) => l.related).find((i) => kindOf.get(i.publication.slug) === 'handbook')!;
    expect(handbookInEs.publication.kindLabel.text).toBe('Manual');
    expect(handbookInFr.publication.kindLabel.text).toBe('Manuel');
  });
});

describe("the reader's language steers recommendations", () => {
  const readable = (item: Item, code: string) => item.publication.languages.some((l) => l.code === code);

  it('lists works the reader can read first, and the others only to fill the list', async () => {
    const [steered, plain] = await Promise.all([everyRelatedList('first: 5, preferLanguage: "en"', 'EN'), everyRelatedList('first: 5', 'EN')]);
    const plainBySeed = new Map(plain.map((l) => [l.slug, l.related]));
    for (const { slug, related } of steered) {
      const flags = related.map((i) => readable(i, 'en'));
      // Never an unreadable work before a readable one.
      expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
      // Steering never shortens a list, and never hides a readable work the plain list shows.
      expect(related).toHaveLength(plainBySeed.get(slug)!.length);
      const readableBefore = plainBySeed.get(slug)!.filter((i) => readable(i, 'en')).map((i) => i.publication.slug);
      for (const s of readableBefore) expect(related.map((i) => i.publication.slug)).toContain(s);
    }
  });

  it("keeps the untitled German snippet out of an English reader's widget where readable works fit", async () => {
    const SNIPPET = 'snippet-return-reintegration-vulnerable-persons-handbook-de';
    const plain = await everyRelatedList('first: 5', 'EN');
    const showing = plain.filter((l) => l.related.some((i) => i.publication.slug === SNIPPET)).map((l) => l.slug);
    expect(showing.length).toBeGreaterThan(0); // without the reader's language, it is recommended somewhere
    const steered = new Map((await everyRelatedList('first: 5, preferLanguage: "en"', 'EN')).map((l) => [l.slug, l.related]));
    for (const seed of showing) {
      const list = steered.get(seed)!;
      if (list.every((i) => readable(i, 'en'))) expect(list.map((i) => i.publication.slug)).not.toContain(SNIPPET);
    }
    expect(showing.some((seed) => !steered.get(seed)!.some((i) => i.publication.slug === SNIPPET))).toBe(true);
  });
});

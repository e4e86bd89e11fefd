import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { loadSeeds } from '../../src/seed/load-seeds';
import { realCatalogue, seedRealCatalogue } from '../support/graph';
import { closeService, openSeededService, postGraphQL, roundTrips } from '../support/http';

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
const REFERRAL = 'iom-guidance-referral-mechanisms';

let graph: GraphConnection;
let server: RunningServer;

beforeAll(async () => ({ graph, server } = await openSeededService()));
afterAll(() => closeService({ graph, server }));

interface PublicationView {
  id: string;
  slug: string;
  title: string | null;
  displayTitle: string;
  kind: string;
  year: number | null;
  languages: { code: string; name: string; pdfUrl: string | null }[];
  topics: { slug: string; label: string }[];
  places: { slug: string; iso2: string | null }[];
  companions: { relation: string; evidence: string | null; source: string | null; publication: { slug: string } }[];
}

const PUBLICATION_FIELDS = `
  id slug title displayTitle kind year
  languages { code name pdfUrl }
  topics { slug label }
  places { slug iso2 }
  companions { relation evidence source publication { slug } }`;

describe('the GraphQL service over HTTP', () => {
  it('answers /healthz and /readyz', async () => {
    const base = server.url.replace('/graphql', '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('lists the guidance notes that complement the IOM Handbook, with the sentence that says so', async () => {
    const res = await postGraphQL<{ publication: PublicationView }>(
      server,
      `query($slug: String) { publication(slug: $slug) { ${PUBLICATION_FIELDS} } }`,
      { slug: HANDBOOK },
    );
    expect(res.errors).toBeUndefined();
    const complementedBy = res.data!.publication.companions.filter((c) => c.relation === 'COMPLEMENTED_BY');
    expect(complementedBy.map((c) => c.publication.slug).sort()).toEqual(['iom-guidance-referral-mechanisms', 'iom-guidance-response-planning']);
    for (const c of complementedBy) expect(c.evidence).toMatch(/complementing the IOM Handbook/);
  });

  it('lists, on a guidance note, the handbook it complements', async () => {
    const res = await postGraphQL<{ publication: PublicationView }>(server, `{ publication(slug: "${REFERRAL}") { ${PUBLICATION_FIELDS} } }`);
    const c = res.data!.publication.companions;
    expect(c).toEqual(expect.arrayContaining([expect.objectContaining({ relation: 'COMPLEMENTS', source: 'cat-002', publication: { slug: HANDBOOK } })]));
  });

  it('filters companions by relation', async () => {
    const res = await postGraphQL<{ publication: PublicationView }>(
      server,
      `{ publication(slug: "${HANDBOOK}") { companions(relations: [HAS_PART]) { relation } } }`,
    );
    expect(res.data!.publication.companions).toEqual([]);
  });

  it('finds a publication by ISBN with or without hyphens, and by its global id', async () => {
    const byIsbn = await postGraphQL<{ publication: PublicationView }>(server, `{ publication(isbn: "9789290688051") { ${PUBLICATION_FIELDS} } }`);
    const p = byIsbn.data!.publication;
    expect(p).toMatchObject({ slug: 'ending-child-labour-forced-labour-trafficking-supply-chains', year: 2019, kind: 'REPORT' });
    expect(p.languages.map((l) => l.code).sort()).toEqual(['en', 'es', 'fr']);

    const byEisbn = await postGraphQL<{ publication: { slug: string } }>(server, '{ publication(isbn: "978-92-9068-806-8") { slug } }');
    expect(byEisbn.data!.publication.slug).toBe(p.slug);

    const byId = await postGraphQL<{ node: { __typename: string; slug: string } }>(server, `{ node(id: "${p.id}") { __typename ... on Publication { slug } } }`);
    expect(byId.data!.node).toEqual({ __typename: 'Publication', slug: p.slug });
  });

  it('resolves nodes of every type by global id, null for unknown ids', async () => {
    const res = await postGraphQL<{ publication: { topics: { id: string }[]; places: { id: string }[] } }>(
      server,
      '{ publication(slug: "community-engagement-gbv-tip-training-guide") { topics { id } places { id } } }',
    );
    const ids = [res.data!.publication.topics[0]!.id, res.data!.publication.places[0]!.id, 'bm90LWFuLWlk', 'not base64 at all!'];
    const nodes = await postGraphQL<{ nodes: ({ __typename: string } | null)[] }>(server, 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }', { ids });
    expect(nodes.data!.nodes).toEqual([{ __typename: 'Topic' }, { __typename: 'Place' }, null, null]);
  });

  it('shows the Nigeria training guide with its places, topics and languages', async () => {
    const res = await postGraphQL<{ publication: PublicationView }>(server, `{ publication(slug: "community-engagement-gbv-tip-training-guide") { ${PUBLICATION_FIELDS} } }`);
    const p = res.data!.publication;
    expect(p.kind).toBe('TRAINING_GUIDE');
    expect(p.places).toEqual(expect.arrayContaining([expect.objectContaining({ iso2: 'NG' })]));
    expect(p.topics.map((t) => t.slug)).toEqual(expect.arrayContaining(['counter-trafficking', 'gender-based-violence']));
    expect(p.languages).toEqual([expect.objectContaining({ code: 'en', name: 'English' })]);
  });

  it('gives topic labels in Spanish and French', async () => {
    const res = await postGraphQL<{ publication: { topics: { slug: string; es: string; fr: string }[] } }>(
      server,
      '{ publication(slug: "iom-handbook-direct-assistance-victims-of-trafficking") { topics { slug es: label(language: ES) fr: label(language: FR) } } }',
    );
    expect(res.data!.publication.topics).toEqual(
      expect.arrayContaining([{ slug: 'counter-trafficking', es: 'Lucha contra la trata', fr: 'Lutte contre la traite' }]),
    );
  });

  it('pages through every publication once, in title order, with a stable totalCount', async () => {
    const catalogue = await realCatalogue();
    const seen: string[] = [];
    const titles: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: Awaited<ReturnType<typeof postGraphQL<{ publications: { totalCount: number; edges: { cursor: string; node: { slug: string; displayTitle: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> =
        await postGraphQL(server, 'query($after: Cursor) { publications(first: 7, after: $after) { totalCount edges { cursor node { slug displayTitle } } pageInfo { hasNextPage endCursor } } }', { after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.publications;
      expect(page.totalCount).toBe(catalogue.publications.length);
      seen.push(...page.edges.map((e) => e.node.slug));
      titles.push(...page.edges.map((e) => e.node.displayTitle));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(catalogue.publications.length / 7));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(catalogue.publications.map((p) => p.id).sort());
    // Titled works first; untitled snippet records, shown as "[untitled] ...", come last.
    const firstUntitled = titles.findIndex((t) => t.startsWith('[untitled]'));
    expect(titles.slice(firstUntitled).every((t) => t.startsWith('[untitled]'))).toBe(true);
  });

  it('fetches a page of 20 with nested relationships in a constant number of round-trips', async () => {
    const query = `query($first: Int) { publications(first: $first) { nodes {
      title topics { label broader { label } } places { name within { name } } audiences { label } publishers { name }
      languages { code } companions { relation publication { title topics { label } } } sources { source { id } } } } }`;
    const five = await postGraphQL(server, query, { first: 5 });
    const twenty = await postGraphQL(server, query, { first: 20 });
    expect(five.errors).toBeUndefined();
    expect(twenty.errors).toBeUndefined();
    // 1 page + one batch per relationship field and level: independent of the page size.
    expect(roundTrips(twenty)).toBe(roundTrips(five));
    expect(roundTrips(twenty)).toBeLessThanOrEqual(11);
  });

  it('refuses bad arguments with BAD_USER_INPUT and a message naming the argument', async () => {
    const tooMany = await postGraphQL(server, '{ publications(first: 101) { totalCount } }');
    expect(tooMany.errors![0]).toMatchObject({ message: expect.stringMatching(/"first" must be between 0 and 100/), extensions: { code: 'BAD_USER_INPUT' } });
    // Far larger pages are already refused by the query-cost limit, before any resolver runs.
    const huge = await postGraphQL(server, '{ publications(first: 50000) { totalCount nodes { title } } }');
    expect(huge.errors![0]!.message).toMatch(/cost/i);

    const badCursor = await postGraphQL(server, '{ publications(after: "garbage") { totalCount } }');
    expect(badCursor.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    const noKey = await postGraphQL(server, '{ publication { title } }');
    expect(noKey.errors![0]).toMatchObject({ message: 'Give exactly one of id, slug or isbn.', extensions: { code: 'BAD_USER_INPUT' } });

    const wrongType = await postGraphQL(server, '{ publication(id: "VG9waWM6cHJvdGVjdGlvbg") { title } }');
    expect(wrongType.errors![0]).toMatchObject({ message: expect.stringMatching(/not a Publication id/), extensions: { code: 'BAD_USER_INPUT' } });

    const unknownField = await postGraphQL(server, '{ publications { nope } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers an unknown publication with null, not an error', async () => {
    const res = await postGraphQL(server, '{ publication(slug: "no-such-work") { title } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ publication: null });
  });

  describe('language editions', () => {
    // The catalogue lists no separate language edition yet, so this test adds one to its own copy of the graph.
    const SPANISH = 'guia-atencion-psicosocial-personas-migrantes-mesoamerica';
    const ENGLISH = 'manual-community-based-mhpss-emergencies-displacement';
    beforeAll(async () => {
      const catalogue = await realCatalogue();
      await loadSeeds(graph.executor, {
        ...catalogue,
        publications: catalogue.publications.map((p) =>
          p.id === SPANISH ? { ...p, relations: [...p.relations, { type: 'EDITION_OF' as const, target: ENGLISH, evidence: 'test fixture', source: 'cat-000' }] } : p,
        ),
      });
    });
    afterAll(() => seedRealCatalogue(graph));

    it('groups editions so a reader sees one work with all its languages', async () => {
      const q = (slug: string) => `{ publication(slug: "${slug}") { editions { slug } languages { code } workLanguages { code publication { slug } } } }`;
      const en = await postGraphQL<{ publication: { editions: { slug: string }[]; languages: { code: string }[]; workLanguages: { code: string; publication: { slug: string } }[] } }>(server, q(ENGLISH));
      expect(en.data!.publication.editions).toEqual([{ slug: SPANISH }]);
      expect(en.data!.publication.languages.map((l) => l.code)).toEqual(['en']);
      expect(en.data!.publication.workLanguages).toEqual([
        { code: 'en', publication: { slug: ENGLISH } },
        { code: 'es', publication: { slug: SPANISH } },
      ]);
      const es = await postGraphQL<{ publication: { editions: { slug: string }[] } }>(server, q(SPANISH));
      expect(es.data!.publication.editions).toEqual([{ slug: ENGLISH }]);
    });
  });
});

import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import { toGlobalId } from '../../src/node/global-id';
import type { RunningServer } from '../../src/server/app';

import { complementaryKinds, DEFAULT_WEIGHTS, NEIGHBOUR_SHARE, TEXT_NEIGHBOURS } from '../../src/recommendations/related.rules';
import { computeTextNeighbours } from '../../src/recommendations/text-similarity';
import type { SeedCatalogue } from '../../src/seed/schema';
import { realCatalogue } from '../support/graph';
import { closeService, openSeededService, postGraphQL, roundTrips } from '../support/http';

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
const REFERRAL = 'iom-guidance-referral-mechanisms';
const RESPONSE_PLANNING = 'iom-guidance-response-planning';
const COMMUNITY_ENGAGEMENT = 'community-engagement-gbv-tip-training-guide';
const NIGERIA = [
  'assessment-borno-adamawa-gbv-tip-north-east-nigeria',
  'strengthening-law-enforcement-response-gbv-tip-borno-adamawa',
  'tip-victim-identification-assistance-training-guide',
];

let graph: GraphConnection;
let server: RunningServer;

beforeAll(async () => ({ graph, server } = await openSeededService()));
afterAll(() => closeService({ graph, server }));

interface Reason {
  kind: string;
  label: string;
  contribution: number;
  relation: string | null;
  evidence: string | null;
  node: { __typename: string; slug?: string } | null;
}
interface Related {
  score: number;
  publication: { slug: string; title: string | null; kind: string };
  reasons: Reason[];
}

const RELATED_FIELDS = `score publication { slug title kind }
  reasons { kind label contribution relation evidence node { __typename ... on Topic { slug } ... on Place { slug } ... on Publication { slug } ... on Audience { slug } ... on Organisation { slug } ... on Programme { slug } } }`;

async function related(slug: string, args = '', variables: Record<string, unknown> = {}, variableDefs = ''): Promise<Related[]> {
  const res = await postGraphQL<{ publication: { related: Related[] } }>(
    server,
    `query(${['$slug: String', variableDefs].filter(Boolean).join(', ')}) { publication(slug: $slug) { related${args ? `(${args})` : ''} { ${RELATED_FIELDS} } } }`,
    { slug, ...variables },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.publication.related;
}

type Seed = SeedCatalogue['publications'][number];
const FEATURES: { kind: string; weight: keyof typeof DEFAULT_WEIGHTS; ids: (p: Seed) => string[] }[] = [
  { kind: 'SERIES', weight: 'series', ids: (p) => p.series.map((x) => x.id) },
  { kind: 'TOPIC', weight: 'topic', ids: (p) => p.topics },
  { kind: 'AUDIENCE', weight: 'audience', ids: (p) => p.audiences },
  { kind: 'PLACE', weight: 'place', ids: (p) => p.places },
  { kind: 'PROGRAMME', weight: 'programme', ids: (p) => p.programmes },
  { kind: 'ORGANISATION', weight: 'organisation', ids: (p) => [...p.publishers, ...p.partners, ...p.funders] },
];

/** The text neighbours of every publication, computed from the seed files' titles, summaries and topic vocabulary. */
function textNeighboursOf(catalogue: SeedCatalogue) {
  const documents = catalogue.publications.map((p) => ({ id: p.id, titles: [p.title, ...p.alternativeTitles].filter((t): t is string => !!t), summary: p.summary ?? null }));
  const phrases = (label: string | undefined, synonyms: string[]) => [label, ...synonyms].filter((x): x is string => !!x);
  const topics = catalogue.topics.map((t) => ({ id: t.id, phrases: { en: phrases(t.label.en, t.synonyms.en), es: phrases(t.label.es, t.synonyms.es), fr: phrases(t.label.fr, t.synonyms.fr) } }));
  return computeTextNeighbours(documents, topics, TEXT_NEIGHBOURS);
}

/**
 * The reasons (as "KIND node contribution") and score of `candidate` for `seed`, computed from the seed files by the
 * rule the API documents (related.cypher.ts): each stored relation either way weighs `relation`; each feature both
 * share weighs weight × ln(N / df), df the number of links to it, × (1 + primaryTopic) for a topic that is the
 * primaryTopic of both; a topic of the candidate one BROADER step from a seed topic that neither shares the other
 * way weighs topic × NEIGHBOUR_SHARE × its idf; a candidate among the seed's text neighbours (titles and summaries,
 * text-similarity.ts) weighs text × cosine, naming the shared terms; and when all that is above zero, a candidate
 * of a kind complementing the seed's gets complementaryKind.
 */
function expectedScoring(catalogue: SeedCatalogue, textNeighbours: ReturnType<typeof textNeighboursOf>, seedId: string, candidateId: string): { score: number; reasons: string[] } {
  const byId = new Map(catalogue.publications.map((p) => [p.id, p]));
  const [seed, candidate] = [byId.get(seedId)!, byId.get(candidateId)!];
  const total = catalogue.publications.length;
  const links = (kind: string, id: string) => catalogue.publications.reduce((n, p) => n + FEATURES.find((f) => f.kind === kind)!.ids(p).filter((x) => x === id).length, 0);
  const idf = (kind: string, id: string) => {
    const df = links(kind, id);
    return df > 0 && df < total ? Math.log(total / df) : 0;
  };
  const reasons: [string, number][] = [];
  for (const r of seed.relations.filter((r) => r.target === candidateId)) reasons.push([`RELATION ${r.type}`, DEFAULT_WEIGHTS.relation]);
  for (const r of candidate.relations.filter((r) => r.target === seedId)) reasons.push([`RELATION ${r.type}`, DEFAULT_WEIGHTS.relation]);
  for (const f of FEATURES) {
    // A series is not a node of the API: its reason is named by its title.
    const name = (id: string) => (f.kind === 'SERIES' ? catalogue.series.find((x) => x.id === id)!.title : id);
    for (const id of new Set(f.ids(seed))) {
      if (!f.ids(candidate).includes(id)) continue;
      const primary = f.kind === 'TOPIC' && seed.primaryTopic === id && candidate.primaryTopic === id ? 1 + DEFAULT_WEIGHTS.primaryTopic : 1;
      reasons.push([`${f.kind} ${name(id)}`, DEFAULT_WEIGHTS[f.weight] * idf(f.kind, id) * primary]);
    }
  }
  const broader = new Map(catalogue.topics.map((t) => [t.id, t.broader]));
  const adjacent = (a: string, b: string) => broader.get(a)!.includes(b) || broader.get(b)!.includes(a);
  for (const n of candidate.topics) {
    if (seed.topics.includes(n)) continue;
    if (seed.topics.some((t) => adjacent(t, n) && !candidate.topics.includes(t))) reasons.push([`TOPIC ${n}`, DEFAULT_WEIGHTS.topic * NEIGHBOUR_SHARE * idf('TOPIC', n)]);
  }
  const text = textNeighbours.get(seedId)!.find((n) => n.id === candidateId);
  if (text) reasons.push([`TEXT ${text.terms.join('; ')}`, DEFAULT_WEIGHTS.text * text.similarity]);
  const kept = reasons.filter(([, c]) => c > 0);
  if (kept.length > 0 && complementaryKinds(seed.kind, candidate.kind)) kept.push(['COMPLEMENTARY_KIND', DEFAULT_WEIGHTS.complementaryKind]);
  return { score: kept.reduce((sum, [, c]) => sum + c, 0), reasons: kept.map(([what, c]) => `${what} ${c.toFixed(6)}`).sort() };
}

/** What the API says about one recommendation, in the same "KIND node contribution" form. */
const reasonsAsText = (item: Related) =>
  item.reasons.map((r) => `${reasonAsText(r)} ${r.contribution.toFixed(6)}`).sort();
const reasonAsText = (r: Reason) => {
  switch (r.kind) {
    case 'RELATION':
      return `RELATION ${storedType(r.relation!)}`;
    case 'SERIES':
      return `SERIES ${r.label}`;
    case 'TEXT':
      return `TEXT ${r.evidence}`;
    case 'COMPLEMENTARY_KIND':
      return 'COMPLEMENTARY_KIND';
    default:
      return `${r.kind} ${r.node!.slug}`;
  }
};
/** COMPLEMENTED_BY is COMPLEMENTS read from the other side, and so on: the stored type, as the seed files name it. */
const storedType = (relation: string) => ({ COMPLEMENTED_BY: 'COMPLEMENTS', HAS_PART: 'PART_OF', HAS_ANNEX: 'ANNEX_OF', HAS_MODULE: 'MODULE_OF', INFORMS: 'INFORMED_BY', HAS_EDITION: 'EDITION_OF', STRUCTURE_FOLLOWED_BY: 'FOLLOWS_STRUCTURE_OF' })[relation] ?? relation;

function expectWellFormed(list: Related[]): void {
  for (let i = 1; i < list.length; i++) expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
  for (const item of list) {
    expect(item.score).toBeCloseTo(item.reasons.reduce((sum, r) => sum + r.contribution, 0), 9);
    for (let i = 1; i < item.reasons.length; i++) expect(item.reasons[i - 1]!.contribution).toBeGreaterThanOrEqual(item.reasons[i]!.contribution);
  }
}

describe('related publications', () => {
  it('lists first, on the IOM Handbook, the guidance notes that complement it, with the sentence that says so', async () => {
    const list = await related(HANDBOOK);
    expect(list.slice(0, 2).map((r) => r.publication.slug).sort()).toEqual([REFERRAL, RESPONSE_PLANNING]);
    for (const item of list.slice(0, 2)) {
      const relation = item.reasons[0]!;
      expect(relation).toMatchObject({ kind: 'RELATION', relation: 'COMPLEMENTED_BY', label: item.publication.title, node: { __typename: 'Publication', slug: item.publication.slug } });
      expect(relation.evidence).toMatch(/complementing the IOM Handbook/);
    }
    expectWellFormed(list);
  });

  it('reads a relation from the seed side: the guidance note complements the handbook', async () => {
    const [first] = await related(REFERRAL, 'first: 1');
    expect(first!.publication.slug).toBe(HANDBOOK);
    expect(first!.reasons[0]).toMatchObject({ kind: 'RELATION', relation: 'COMPLEMENTS', label: expect.stringMatching(/^IOM Handbook/) });
  });

  it('recommends, for a Nigeria training guide, the other Nigeria GBV/TIP publications for their shared topics and places', async () => {
    const list = await related(COMMUNITY_ENGAGEMENT, 'first: 3');
    expect(list.map((r) => r.publication.slug).sort()).toEqual([...NIGERIA].sort());
    for (const item of list) {
      expect(item.reasons).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'TOPIC', label: 'Gender-based violence', node: { __typename: 'Topic', slug: 'gender-based-violence' } }),
        expect.objectContaining({ kind: 'PLACE', label: 'Nigeria', node: { __typename: 'Place', slug: 'nigeria' } }),
        expect.objectContaining({ kind: 'AUDIENCE', label: 'Law enforcement' }),
      ]));
    }
    expectWellFormed(list);
  });

  it('gives IOM as publisher almost no weight: specificity makes common things count little', async () => {
    const list = await related(HANDBOOK, 'first: 10');
    const iom = list.flatMap((r) => r.reasons).filter((r) => r.kind === 'ORGANISATION' && r.label.startsWith('International Organization for Migration'));
    expect(iom.length).toBeGreaterThan(0);
    const rareTopic = list.flatMap((r) => r.reasons).find((r) => r.kind === 'TOPIC' && r.label === 'Migrants in vulnerable situations')!;
    for (const r of iom) expect(r.contribution).toBeLessThan(rareTopic.contribution / 10);
  });

  it('is sorted by score, each score the sum of its reasons, and the same on every call', async () => {
    const once = await related(HANDBOOK, 'first: 20');
    const twice = await related(HANDBOOK, 'first: 20');
    expect(twice).toEqual(once);
    expectWellFormed(once);
  });

  it('scores each recommendation as computed by hand from graph-seeds/: the same reasons, contributions and sum', async () => {
    const catalogue = await realCatalogue();
    const textNeighbours = textNeighboursOf(catalogue);
    for (const [seed, first] of [[HANDBOOK, 10], [COMMUNITY_ENGAGEMENT, 5], [REFERRAL, 5]] as const) {
      const list = await related(seed, `first: ${first}`);
      expect(list).toHaveLength(first);
      for (const item of list) {
        const expected = expectedScoring(catalogue, textNeighbours, seed, item.publication.slug);
        expect({ seed, candidate: item.publication.slug, reasons: reasonsAsText(item) }).toEqual({ seed, candidate: item.publication.slug, reasons: expected.reasons });
        expect(item.score).toBeCloseTo(expected.score, 6);
      }
    }
  });

  const TAGS_ONLY = 'first: 5, weights: { text: 0, primaryTopic: 0, complementaryKind: 0 }';

  it('finds by wording what tags alone missed: the study of migrants\' vulnerability to modern slavery lists the e-course on eliminating slavery, naming the shared terms', async () => {
    // scripts/judged-related.yaml: "Human Trafficking, Modern Slavery and Forced Labour" and "Eliminating Slavery and
    // Human Trafficking ... to understand Modern Slavery"; scored as before (text, primary topic and kinds weighted 0)
    // it is not in the top 5.
    const seed = 'migrants-vulnerability-human-trafficking-modern-slavery-forced-labour';
    const expected = 'ecourse-introduction-eliminating-slavery-human-trafficking';
    expect((await related(seed, TAGS_ONLY)).map((r) => r.publication.slug)).not.toContain(expected);
    const list = await related(seed, 'first: 5');
    const course = list.find((r) => r.publication.slug === expected);
    expect(course).toBeDefined();
    const text = course!.reasons.find((r) => r.kind === 'TEXT')!;
    expect(text.evidence).toMatch(/slavery/i);
    expect(text.label).toBe(text.evidence!.split('; ').join(', '));
    expect(text.contribution).toBeGreaterThan(0);
    expectWellFormed(list);
  });

  it('bridges languages through the topic vocabulary: French trainers\' modules on "traite des personnes" find the English handbook on victims of trafficking', async () => {
    const seed = 'modules-formation-formateurs-protection-victimes-traite';
    const expected = 'iom-handbook-direct-assistance-victims-of-trafficking';
    expect((await related(seed, TAGS_ONLY)).map((r) => r.publication.slug)).not.toContain(expected);
    const handbook = (await related(seed, 'first: 5')).find((r) => r.publication.slug === expected);
    expect(handbook).toBeDefined();
    // A shared term written one way in the French text and another in the English one ("traite des personnes / ...").
    expect(handbook!.reasons.find((r) => r.kind === 'TEXT')!.evidence).toMatch(/[\p{L} ]+ \/ [\p{L} ]+/u);
  });

  it('lets complementary kinds count: the Armenia reintegration guide now lists the Reintegration Handbook, a handbook for a guide', async () => {
    const seed = 'guide-reintegration-returnees-armenia';
    expect((await related(seed, TAGS_ONLY)).map((r) => r.publication.slug)).not.toContain('iom-reintegration-handbook');
    const handbook = (await related(seed, 'first: 5')).find((r) => r.publication.slug === 'iom-reintegration-handbook');
    expect(handbook).toBeDefined();
    expect(handbook!.reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'COMPLEMENTARY_KIND', label: 'Handbook', contribution: DEFAULT_WEIGHTS.complementaryKind, evidence: 'Guide and Handbook' }),
      expect.objectContaining({ kind: 'TOPIC', node: { __typename: 'Topic', slug: 'return-and-reintegration' } }),
    ]));
  });

  it('never lists the seed itself', async () => {
    for (const slug of [HANDBOOK, COMMUNITY_ENGAGEMENT, REFERRAL]) {
      expect((await related(slug, 'first: 50')).map((r) => r.publication.slug)).not.toContain(slug);
    }
  });

  it('changes with the weights: topic weight 0 removes every TOPIC reason', async () => {
    const list = await related(COMMUNITY_ENGAGEMENT, 'first: 10, weights: { topic: 0 }');
    expect(list.length).toBeGreaterThan(0);
    expect(list.flatMap((r) => r.reasons).filter((r) => r.kind === 'TOPIC')).toEqual([]);
    const byAudience = await related(HANDBOOK, 'first: 5, weights: { relation: 0, audience: 10 }');
    expect(byAudience.flatMap((r) => r.reasons).some((r) => r.kind === 'RELATION')).toBe(false);
    expect(byAudience[0]!.reasons[0]!.kind).toBe('AUDIENCE');
  });

  it('recommends only publications matching the filter', async () => {
    const list = await related(HANDBOOK, 'first: 10, filter: { kinds: [E_COURSE] }');
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) expect(item.publication.kind).toBe('E_COURSE');
  });

  it('collapses editions of one work, prefers the edition in preferLanguage, and never lists an edition of the seed', async () => {
    const EDITION = 'test-referral-mechanisms-es';
    await graph.executor.write(
      cypher(
        'test add edition',
        `MATCH (o:Publication {id: $original}), (es:Language {id: 'es'})
         CREATE (e:Publication { id: $edition, title: 'Orientaciones de la OIM sobre mecanismos de derivación', sortTitle: 'orientaciones de la oim sobre mecanismos de derivacion',
                                 kind: 'guidance-note', summaryTruncated: false, incomplete: false })
         CREATE (e)-[:EDITION_OF {evidence: 'test fixture'}]->(o)
         CREATE (e)-[:AVAILABLE_IN {order: 0}]->(es)
         WITH o, e
         MATCH (o)-[:ABOUT|FOR_AUDIENCE|PUBLISHED_BY]->(v)
         CALL (e, v) { WITH e, v WHERE v:Topic CREATE (e)-[:ABOUT]->(v) }
         CALL (e, v) { WITH e, v WHERE v:Audience CREATE (e)-[:FOR_AUDIENCE]->(v) }
         CALL (e, v) { WITH e, v WHERE v:Organisation CREATE (e)-[:PUBLISHED_BY]->(v) }`,
      ),
      { original: REFERRAL, edition: EDITION },
    );
    try {
      const slugs = async (args: string) => (await related(HANDBOOK, args)).map((r) => r.publication.slug);
      const plain = await slugs('first: 10');
      expect(plain).toContain(REFERRAL); // the original, which also has the COMPLEMENTS relation, scores higher
      expect(plain).not.toContain(EDITION);
      const spanish = await slugs('first: 10, preferLanguage: "es"');
      expect(spanish).toContain(EDITION);
      expect(spanish).not.toContain(REFERRAL);
      expect(await slugs('first: 50')).toHaveLength(new Set(await slugs('first: 50')).size);
      expect((await related(REFERRAL, 'first: 50')).map((r) => r.publication.slug)).not.toContain(EDITION);
      expect((await related(EDITION, 'first: 50')).map((r) => r.publication.slug)).not.toContain(REFERRAL);
    } finally {
      await graph.executor.write(cypher('test remove edition', 'MATCH (e:Publication {id: $edition}) DETACH DELETE e'), { edition: EDITION });
    }
  });

  it('asks the graph once for the related lists of a whole page (no N+1)', async () => {
    const page = (first: number) =>
      postGraphQL<{ publications: { nodes: { related: { score: number; publication: { title: string | null } }[] }[] } }>(
        server,
        `{ publications(first: ${first}) { nodes { related(first: 3) { score publication { title } } } } }`,
      );
    const small = await page(5);
    const large = await page(20);
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!.publications.nodes).toHaveLength(20);
    expect(large.data!.publications.nodes.filter((n) => n.related.length > 0).length).toBeGreaterThan(15);
    expect(roundTrips(large)).toBe(roundTrips(small));
    expect(roundTrips(large)).toBeLessThanOrEqual(2);
  });

  it("answers the widget's query, languages of each recommendation included, in two round-trips, as the loaders would", async () => {
    type Widget = { publication: { related: { publication: { slug: string; languages: { code: string; name: string }[] } }[] } };
    const res = await postGraphQL<Widget>(
      server,
      'query($slug: String) { publication(slug: $slug) { displayTitle related(first: 5) { score reasons { kind label } publication { slug displayTitle languages { code name } } } } }',
      { slug: HANDBOOK },
    );
    expect(res.errors).toBeUndefined();
    expect(roundTrips(res)).toBe(2); // the publication, then the scored list with its languages
    const related = res.data!.publication.related;
    expect(related.some((r) => r.publication.languages.length > 0)).toBe(true);
    for (const r of related) {
      const alone = await postGraphQL<{ publication: { languages: { code: string; name: string }[] } }>(
        server,
        'query($slug: String) { publication(slug: $slug) { languages { code name } } }',
        { slug: r.publication.slug },
      );
      expect(r.publication.languages).toEqual(alone.data!.publication.languages);
    }
  });
});

describe('recommend', () => {
  const RECOMMEND = `query($positive: [ID!]!, $negative: [ID!], $first: Int) {
    recommend(positive: $positive, negative: $negative, first: $first) { ${RELATED_FIELDS} } }`;

  it('recommends what is like both positive seeds and unlike the negative one, never a seed', async () => {
    const positive = [toGlobalId('Publication', COMMUNITY_ENGAGEMENT), toGlobalId('Publication', REFERRAL)];
    const liked = await postGraphQL<{ recommend: Related[] }>(server, RECOMMEND, { positive, first: 10 });
    expect(liked.errors).toBeUndefined();
    const likedSlugs = liked.data!.recommend.map((r) => r.publication.slug);
    expect(likedSlugs).toEqual(expect.arrayContaining([HANDBOOK, ...NIGERIA.slice(0, 1)]));
    expect(likedSlugs).not.toContain(COMMUNITY_ENGAGEMENT);
    expect(likedSlugs).not.toContain(REFERRAL);
    expectWellFormed(liked.data!.recommend);
    // Handbook-like both seeds: it sums reasons from the relation (referral) and shared topics.
    expect(liked.data!.recommend.find((r) => r.publication.slug === HANDBOOK)!.reasons.map((r) => r.kind)).toContain('RELATION');

    const disliked = await postGraphQL<{ recommend: Related[] }>(server, RECOMMEND, { positive, negative: [NIGERIA[0]], first: 10 });
    expect(disliked.errors).toBeUndefined();
    const list = disliked.data!.recommend;
    expectWellFormed(list);
    expect(list.map((r) => r.publication.slug)).not.toContain(NIGERIA[0]);
    const scoreOf = (items: Related[], slug: string) => items.find((r) => r.publication.slug === slug)?.score ?? 0;
    // The other Nigeria training materials lose what they share with the disliked assessment.
    expect(scoreOf(list, NIGERIA[1]!)).toBeLessThan(scoreOf(liked.data!.recommend, NIGERIA[1]!));
    expect(list.flatMap((r) => r.reasons).some((r) => r.contribution < 0)).toBe(true);
  });

  it('takes at most 20 seeds, positive and negative together', async () => {
    const slugs = (await realCatalogue()).publications.map((p) => p.id);
    const twenty = await postGraphQL<{ recommend: Related[] }>(server, RECOMMEND, { positive: slugs.slice(0, 15), negative: slugs.slice(15, 20), first: 5 });
    expect(twenty.errors).toBeUndefined();
    expect(twenty.data!.recommend.map((r) => r.publication.slug).filter((slug) => slugs.slice(0, 20).includes(slug))).toEqual([]);
    const more = await postGraphQL(server, RECOMMEND, { positive: slugs.slice(0, 15), negative: slugs.slice(15, 21), first: 5 });
    expect(more.errors![0]).toMatchObject({ message: 'At most 20 publications in "positive" and "negative" together.', extensions: { code: 'BAD_USER_INPUT', argumentName: 'positive' } });
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the argument', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [RECOMMEND, { positive: [REFERRAL], first: 0 }, 'first'],
      [RECOMMEND, { positive: [REFERRAL], first: 51 }, 'first'],
      [RECOMMEND, { positive: [] }, 'positive'],
      [RECOMMEND, { positive: [toGlobalId('Topic', 'protection')] }, 'positive'],
      [RECOMMEND, { positive: ['no-such-publication'] }, 'positive'],
      [RECOMMEND, { positive: [REFERRAL], negative: ['not a slug!'] }, 'negative'],
      [RECOMMEND, { positive: [REFERRAL], negative: [REFERRAL] }, 'negative'],
      [`{ publication(slug: "${HANDBOOK}") { related(first: 100) { score } } }`, {}, 'first'],
      [`{ publication(slug: "${HANDBOOK}") { related(weights: { topic: -1 }) { score } } }`, {}, 'weights'],
      [`{ publication(slug: "${HANDBOOK}") { related(weights: { relation: 11 }) { score } } }`, {}, 'weights'],
      [`{ publication(slug: "${HANDBOOK}") { related(preferLanguage: "Spanish") { score } } }`, {}, 'preferLanguage'],
      [`{ publication(slug: "${HANDBOOK}") { related(filter: { kinds: [] }) { score } } }`, {}, 'filter'],
    ];
    for (const [query, variables, argumentName] of cases) {
      const res = await postGraphQL(server, query, variables);
      expect({ argumentName, errors: res.errors?.map((e) => e.extensions) }).toEqual({
        argumentName,
        errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName })],
      });
      expect(res.errors![0]!.message).toContain(argumentName === 'filter' ? 'filter' : argumentName);
    }
  });
});

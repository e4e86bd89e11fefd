/**
 * Synthetic catalogues of any size in the graph-seeds/ format, deterministic for a given seed.
 *
 * The catalogue is built in memory and every file-level object goes through the same zod schemas as
 * graph-seeds/ (TopicsFile, PlacesFile, ..., Publication), then a cross-reference check like readSeeds'; the
 * result is the SeedCatalogue that `loadSeeds` takes, so the bench loads through the product loader. Writing
 * 100k YAML files would measure the file system, not the service, so nothing is written unless
 * `writeCatalogue` is asked to (one JSON file per 10k publications, the same objects).
 *
 * Shapes (what makes recommendation and facet work realistic at scale):
 *  - topics: the curated taxonomy plus synthetic narrower topics (one BROADER link each); every publication has
 *    1 to 6 topics drawn from a Zipf(1.1) popularity, and three very broad topics are on 30 %, 20 % and 12 % of
 *    publications, as "protection" or "counter-trafficking" are on a real humanitarian library;
 *  - places: the curated world/regions/countries plus synthetic countries inside the curated subregions and
 *    subnational places inside countries; 8 % of publications are global (`world`);
 *  - organisations: IOM publishes 70 % (a hub); partners and funders are Zipf-distributed;
 *  - companion clusters: 20 % of works head a cluster of 1 to 5 companions (COMPLEMENTS / ANNEX_OF / MODULE_OF /
 *    PART_OF to the head) sharing most of its topics, half of them also a numbered series;
 *  - editions: 15 % of works have 1 to 2 editions in es / fr / ar / pt / ru (EDITION_OF the original);
 *  - 5 % of works are INFORMED_BY an earlier work.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSeeds } from '../src/seed/read-seeds';
import {
  AudiencesFile,
  OrganisationsFile,
  PlacesFile,
  ProgrammesFile,
  Publication,
  PUBLICATION_KINDS,
  SeriesFile,
  TopicsFile,
  type PublicationSeed,
  type SeedCatalogue,
} from '../src/seed/schema';

/** mulberry32: small, fast, good enough for synthetic data, and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws indexes 0..n-1 with probability proportional to 1/(i+1)^s (inverse CDF over a precomputed table). */
function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const WORDS = (
  'migration migrants protection assistance trafficking victims referral return reintegration community health psychosocial labour ' +
  'recruitment border management data governance displacement emergency shelter gender violence children family law enforcement ' +
  'training capacity guidance practitioners policy evidence assessment response coordination rights inclusion livelihoods remittances ' +
  'diaspora climate environment resilience camps counselling identification interview screening case management monitoring evaluation'
).split(' ');
const LANGS = [
  { code: 'es', name: 'Spanish' },
  { code: 'fr', name: 'French' },
  { code: 'ar', name: 'Arabic' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'ru', name: 'Russian' },
];
const COMPANION_TYPES = ['COMPLEMENTS', 'ANNEX_OF', 'MODULE_OF', 'PART_OF'] as const;
const HEAD_KINDS = ['handbook', 'manual', 'framework', 'guide'] as const;

export const SIZES: Record<string, number> = { '1k': 1_000, '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

export interface GenerateOptions {
  publications: number;
  seed?: number;
  /** Curated vocabularies (and publications) to start from. */
  seedDir: string;
}

/** Every publication id the bench can pick workload parameters from, with its shape. */
export interface GeneratedCatalogue {
  catalogue: SeedCatalogue;
  /** Heads of companion clusters (the widget's and the companions workload's seeds). */
  clusterHeads: string[];
  /** The three broad topics and some mid-popularity ones (list filters). */
  broadTopics: string[];
  midTopics: string[];
}

export async function generateCatalogue(options: GenerateOptions): Promise<GeneratedCatalogue> {
  const random = prng(options.seed ?? 20240607);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const n = options.publications;
  const curated = await readSeeds(options.seedDir);

  // Topics: curated + synthetic narrower ones; popularity order is a seeded shuffle of all of them.
  const syntheticTopics = Math.min(3000, 20 + Math.floor(n / 50));
  const topics = TopicsFile.parse({
    topics: [
      ...curated.topics,
      ...Array.from({ length: syntheticTopics }, (_, i) => {
        const word = `${pick(WORDS)} ${pick(WORDS)}`;
        return {
          id: `syn-topic-${i}`,
          label: { en: `Synthetic ${word} ${i}`, es: `Sintético ${word} ${i}`, fr: `Synthétique ${word} ${i}` },
          synonyms: { en: [`${word} ${i}`] },
          broader: [pick(curated.topics).id],
        };
      }),
    ],
  }).topics;
  const broadTopics = ['protection', 'counter-trafficking', 'migration-governance'].filter((id) => topics.some((t) => t.id === id));
  while (broadTopics.length < 3) broadTopics.push(curated.topics[broadTopics.length]!.id);
  const topicOrder = shuffle(topics.map((t) => t.id).filter((id) => !broadTopics.includes(id)), random);
  const drawTopic = zipf(topicOrder.length, 1.1, random);

  // Places: curated + synthetic countries inside curated subregions + subnational places.
  const subregions = curated.places.filter((p) => p.type === 'subregion' || p.type === 'region');
  const usedIso = new Set(curated.places.map((p) => p.iso2).filter(Boolean));
  const freeIso: string[] = [];
  for (let a = 65; a < 91; a++) for (let b = 65; b < 91; b++) if (!usedIso.has(String.fromCharCode(a, b))) freeIso.push(String.fromCharCode(a, b));
  const syntheticCountries = Array.from({ length: Math.max(0, 190 - curated.places.filter((p) => p.type === 'country').length) }, (_, i) => ({
    id: `syn-country-${i}`,
    name: `Synthetic country ${i}`,
    type: 'country' as const,
    iso2: freeIso[i * 3]!,
    partOf: [pick(subregions).id],
  }));
  const countries = [...curated.places.filter((p) => p.type === 'country'), ...syntheticCountries];
  const subnationals = Array.from({ length: Math.min(2000, Math.floor(n / 200)) }, (_, i) => ({
    id: `syn-subnational-${i}`,
    name: `Synthetic province ${i}`,
    type: 'subnational' as const,
    partOf: [pick(countries).id],
  }));
  const places = PlacesFile.parse({ places: [...curated.places, ...syntheticCountries, ...subnationals] }).places;
  const countryOrder = shuffle(countries.map((c) => c.id), random);
  const drawCountry = zipf(countryOrder.length, 1.0, random);

  const audiences = AudiencesFile.parse({ audiences: curated.audiences }).audiences;
  const drawAudience = zipf(audiences.length, 1.2, random);

  const organisations = OrganisationsFile.parse({
    organisations: [
      ...curated.organisations,
      ...Array.from({ length: Math.min(2000, 10 + Math.floor(n / 200)) }, (_, i) => ({ id: `syn-org-${i}`, name: `Synthetic organisation ${i}`, type: 'ngo' })),
    ],
  }).organisations;
  const orgOrder = shuffle(organisations.map((o) => o.id).filter((id) => id !== 'iom'), random);
  const drawOrg = zipf(orgOrder.length, 1.1, random);

  const programmes = ProgrammesFile.parse({
    programmes: [
      ...curated.programmes,
      ...Array.from({ length: Math.min(5000, 5 + Math.floor(n / 100)) }, (_, i) => ({
        id: `syn-programme-${i}`,
        name: `Synthetic programme ${i}`,
        places: [countryOrder[drawCountry()]!],
        organisations: ['iom'],
        topics: [topicOrder[drawTopic()]!],
        sources: [{ source: 'cat-004', evidence: `Synthetic programme ${i} (generated for the benchmark).` }],
      })),
    ],
  }).programmes;
  const programmeIds = programmes.map((p) => p.id);

  const syntheticSeries: { id: string; title: string; titleIsDescriptive: boolean; sources: { source: string; evidence: string }[] }[] = [];

  const publications: PublicationSeed[] = [...curated.publications];
  const clusterHeads: string[] = [];
  let next = 0;
  const newId = () => `syn-pub-${next++}`;
  const sentence = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(' ');

  const makeWork = (id: string, kind: (typeof PUBLICATION_KINDS)[number], topicIds: string[], extra: Partial<PublicationSeed> = {}): PublicationSeed => {
    const title = `${sentence(4)} ${kind} ${id.slice(8)}`;
    const placeIds = random() < 0.08 ? ['world'] : uniq(Array.from({ length: 1 + Math.floor(random() * 3) }, () => countryOrder[drawCountry()]!));
    if (subnationals.length > 0 && random() < 0.1) placeIds.push(pick(subnationals).id);
    const partners = random() < 0.4 ? uniq(Array.from({ length: 1 + Math.floor(random() * 2) }, () => orgOrder[drawOrg()]!)) : [];
    const raw = {
      id,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      kind,
      year: 1995 + Math.floor(random() * 31),
      pages: 10 + Math.floor(random() * 300),
      languages: [{ code: 'en', name: 'English', pdf: `https://publications.example.org/pdf/${id}.pdf` }],
      summary: `${sentence(30 + Math.floor(random() * 50))}.`,
      places: placeIds,
      publishers: random() < 0.7 ? ['iom'] : [orgOrder[drawOrg()]!],
      partners,
      funders: random() < 0.3 ? [orgOrder[drawOrg()]!] : [],
      programmes: random() < 0.3 ? [pick(programmeIds)] : [],
      primaryTopic: topicIds[0],
      topics: topicIds,
      audiences: uniq(Array.from({ length: 1 + Math.floor(random() * 3) }, () => audiences[drawAudience()]!.id)),
      sources: [{ source: pick(['cat-000', 'cat-002', 'cat-003']), titleAsListed: title, fields: ['title', 'summary', 'year'] }],
      ...extra,
    };
    return Publication.parse(raw);
  };
  const drawTopics = (): string[] => {
    const chosen: string[] = [];
    if (random() < 0.3) chosen.push(broadTopics[0]!);
    if (random() < 0.2) chosen.push(broadTopics[1]!);
    if (random() < 0.12) chosen.push(broadTopics[2]!);
    const more = 1 + Math.floor(random() * 4);
    for (let i = 0; i < more; i++) chosen.push(topicOrder[drawTopic()]!);
    return shuffle(uniq(chosen), random).slice(0, 6);
  };

  const target = n - curated.publications.length;
  while (publications.length - curated.publications.length < target) {
    const left = target - (publications.length - curated.publications.length);
    const topicIds = drawTopics();
    if (random() < 0.2 && left >= 2) {
      // A companion cluster: a head work and 1-5 companions sharing most of its topics.
      const head = makeWork(newId(), pick(HEAD_KINDS), topicIds);
      publications.push(head);
      clusterHeads.push(head.id);
      const size = Math.min(left - 1, 1 + Math.floor(random() * 5));
      const series = random() < 0.5 ? `syn-series-${syntheticSeries.length}` : undefined;
      if (series) syntheticSeries.push({ id: series, title: `Package around ${head.title}`, titleIsDescriptive: true, sources: [{ source: 'cat-000', evidence: `Synthetic series ${series}.` }] });
      for (let i = 0; i < size; i++) {
        const type = pick(COMPANION_TYPES);
        const own = uniq([...topicIds.filter(() => random() < 0.8), topicOrder[drawTopic()]!]);
        publications.push(
          makeWork(newId(), type === 'ANNEX_OF' ? 'annex' : type === 'MODULE_OF' ? 'module' : pick(['guidance-note', 'training-guide', 'toolkit'] as const), own, {
            series: series ? [{ id: series, position: i + 1 }] : [],
            relations: [{ type, target: head.id, evidence: `This publication should be considered as complementing ${head.title}.`, source: 'cat-002' }],
          }),
        );
      }
      continue;
    }
    const extra: Partial<PublicationSeed> = {};
    const previous = publications.length - curated.publications.length;
    if (previous > 10 && random() < 0.05) {
      const earlier = `syn-pub-${Math.floor(random() * (next - 1))}`;
      extra.relations = [{ type: 'INFORMED_BY', target: earlier, evidence: `Based on the findings of ${earlier}.`, source: 'cat-000' }];
    }
    const work = makeWork(newId(), pick(['study', 'report', 'assessment', 'issue-brief', 'policy-guide', 'e-course', 'guide', 'manual'] as const), topicIds, extra);
    publications.push(work);
    if (random() < 0.15 && left >= 2) {
      for (const lang of shuffle(LANGS, random).slice(0, Math.min(left - 1, 1 + Math.floor(random() * 2)))) {
        publications.push(
          Publication.parse({
            ...work,
            id: `${work.id}-${lang.code}`,
            title: `${work.title} (${lang.name})`,
            languages: [{ code: lang.code, name: lang.name }],
            relations: [{ type: 'EDITION_OF', target: work.id, evidence: `${lang.name} edition of ${work.title}.`, source: 'cat-001' }],
          }),
        );
      }
    }
  }

  const series = SeriesFile.parse({ series: [...curated.series, ...syntheticSeries] }).series;
  const catalogue: SeedCatalogue = { sources: curated.sources, topics, audiences, places, organisations, programmes, series, publications };
  crossCheck(catalogue);

  const counts = new Map<string, number>();
  for (const p of publications) for (const t of p.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  const byCount = [...counts].sort((a, b) => b[1] - a[1]);
  const midTopics = byCount.filter(([, c]) => c >= n * 0.005 && c <= n * 0.03).map(([id]) => id).slice(0, 10);
  return { catalogue, clusterHeads, broadTopics, midTopics: midTopics.length > 0 ? midTopics : byCount.slice(3, 6).map(([id]) => id) };
}

/** The references readSeeds checks (every id a publication names exists), so a generator bug fails here. */
function crossCheck(c: SeedCatalogue): void {
  const sets = {
    topic: new Set(c.topics.map((t) => t.id)),
    place: new Set(c.places.map((p) => p.id)),
    org: new Set(c.organisations.map((o) => o.id)),
    programme: new Set(c.programmes.map((p) => p.id)),
    series: new Set(c.series.map((s) => s.id)),
    audience: new Set(c.audiences.map((a) => a.id)),
    publication: new Set(c.publications.map((p) => p.id)),
  };
  if (sets.publication.size !== c.publications.length) throw new Error('duplicate publication ids');
  const problems: string[] = [];
  const check = (set: Set<string>, ids: string[], what: string, owner: string) => {
    for (const id of ids) if (!set.has(id)) problems.push(`${owner}: unknown ${what} ${id}`);
  };
  for (const p of c.publications) {
    check(sets.topic, p.topics, 'topic', p.id);
    check(sets.place, p.places, 'place', p.id);
    check(sets.org, [...p.publishers, ...p.partners, ...p.funders], 'organisation', p.id);
    check(sets.programme, p.programmes, 'programme', p.id);
    check(sets.series, p.series.map((s) => s.id), 'series', p.id);
    check(sets.audience, p.audiences, 'audience', p.id);
    check(sets.publication, p.relations.map((r) => r.target), 'publication', p.id);
    if (problems.length > 20) break;
  }
  if (problems.length > 0) throw new Error(`generated catalogue is inconsistent:\n${problems.slice(0, 20).join('\n')}`);
}

/** Writes the catalogue as graph-seeds-shaped JSON (vocabularies, then one file per 10k publications). */
export function writeCatalogue(catalogue: SeedCatalogue, dir: string): void {
  mkdirSync(path.join(dir, 'publications'), { recursive: true });
  const { publications, ...vocabularies } = catalogue;
  writeFileSync(path.join(dir, 'vocabularies.json'), JSON.stringify(vocabularies));
  for (let i = 0; i < publications.length; i += 10_000) {
    writeFileSync(path.join(dir, 'publications', `${String(i / 10_000).padStart(4, '0')}.json`), JSON.stringify(publications.slice(i, i + 10_000)));
  }
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

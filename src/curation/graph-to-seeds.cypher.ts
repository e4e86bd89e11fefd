import { cypher, type GraphTransaction } from '../graph/executor';
import { COMPANION_TYPES, REL, RELATIONSHIPS, type RelationshipType } from '../model';
import { PUBLICATION_RELATIONSHIPS } from '../seed/stored-form';
import type {
  AudienceSeed,
  OrganisationSeed,
  PlaceSeed,
  ProgrammeSeed,
  PublicationSeed,
  SeedCatalogue,
  SeriesSeed,
  SourceSeed,
  TopicSeed,
} from '../seed/schema';

/**
 * Reads the graph back into graph-seeds/ form: the inverse of the seed loader's buildNodeSpecs and
 * buildRelationshipSpecs. Lists come back in the curator's order (`order` on relationships, `seedOrder` on
 * vocabulary nodes); derived properties (sortTitle, isbnKeys, topicText and labelText with their per-language
 * forms, publicationCount) are not read, the loader derives them again. Keys are emitted in FORMAT.md order and optional ones only when set, so
 * the YAML writer needs no knowledge of the schema.
 */

type Linked = { id: string; order: number | null; reasoning?: string | null; inferenceOrder?: number | null };
const byOrder = (items: Linked[]): string[] => [...items].sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.id.localeCompare(b.id)).map((i) => i.id);
const linked = (variable: string, type: string) =>
  `[(${variable})-[r:${type}]->(x) | { id: x.id, order: r.order, reasoning: r.reasoning, inferenceOrder: r.inferenceOrder }]`;
type Flagged = { id: string; reasoning?: string | null; inferenceOrder?: number | null };

/** The `inferences` list of a record, from the flags on its links (the loader's inferenceProps, inverted): only the
 *  entries the record listed, in its order; a classification link that carries only the model's reasoning is not one. */
function inferencesOf<F extends string>(links: { field: F; items: Flagged[] }[]): { field: F; value: string; reasoning: string }[] {
  return links
    .flatMap(({ field, items }) => items.filter((i) => i.inferenceOrder !== null && i.inferenceOrder !== undefined).map((i) => ({ at: Number(i.inferenceOrder), field, value: i.id, reasoning: i.reasoning! })))
    .sort((a, b) => a.at - b.at)
    .map(({ field, value, reasoning }) => ({ field, value, reasoning }));
}
const optional = <K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);

export const SOURCES_AS_SEEDS = cypher<{ s: { id: string; file: string; description: string; unassignedLinks: string[] | null; unassignedLinkNotes: string[] | null } }>(
  'export sources',
  'MATCH (s:Source) WITH s ORDER BY s.seedOrder, s.id RETURN s { .id, .file, .description, .unassignedLinks, .unassignedLinkNotes } AS s',
);

type LabelledRow = { id: string; labelEn: string; labelEs: string | null; labelFr: string | null; synonymsEn: string[] | null; synonymsEs: string[] | null; synonymsFr: string[] | null; description: string | null };
const LABELLED_FIELDS = '.id, .labelEn, .labelEs, .labelFr, .synonymsEn, .synonymsEs, .synonymsFr, .description';

export const TOPICS_AS_SEEDS = cypher<{ t: LabelledRow & { broader: Linked[] } }>(
  'export topics',
  `MATCH (t:Topic) WITH t ORDER BY t.seedOrder, t.id RETURN t { ${LABELLED_FIELDS}, broader: ${linked('t', REL.BROADER)} } AS t`,
);
export const AUDIENCES_AS_SEEDS = cypher<{ a: LabelledRow }>('export audiences', `MATCH (a:Audience) WITH a ORDER BY a.seedOrder, a.id RETURN a { ${LABELLED_FIELDS} } AS a`);
export const PLACES_AS_SEEDS = cypher<{ p: { id: string; name: string; type: PlaceSeed['type']; iso2: string | null; labelEn: string | null; labelEs: string | null; labelFr: string | null; partOf: Linked[] } }>(
  'export places',
  `MATCH (p:Place) WITH p ORDER BY p.seedOrder, p.id RETURN p { .id, .name, .type, .iso2, .labelEn, .labelEs, .labelFr, partOf: ${linked('p', REL.WITHIN)} } AS p`,
);
export const ORGANISATIONS_AS_SEEDS = cypher<{ o: { id: string; name: string; acronym: string | null; type: OrganisationSeed['type']; partOf: Linked[] } }>(
  'export organisations',
  `MATCH (o:Organisation) WITH o ORDER BY o.seedOrder, o.id RETURN o { .id, .name, .acronym, .type, partOf: ${linked('o', REL.PART_OF_ORGANISATION)} } AS o`,
);
export const PROGRAMMES_AS_SEEDS = cypher<{
  p: { id: string; name: string; nameIsDescriptive: boolean | null; acronym: string | null; kind: ProgrammeSeed['kind']; description: string | null; links: string[] | null; evidence: string; places: Linked[]; organisations: Linked[]; topics: Linked[] };
}>(
  'export programmes',
  `MATCH (p:Programme) WITH p ORDER BY p.seedOrder, p.id RETURN p { .id, .name, .nameIsDescriptive, .acronym, .kind, .description, .links, .evidence,
     places: ${linked('p', REL.OPERATES_IN)}, organisations: ${linked('p', REL.RUN_BY)}, topics: ${linked('p', REL.ADDRESSES)} } AS p`,
);
export const SERIES_AS_SEEDS = cypher<{ s: { id: string; title: string; titleIsDescriptive: boolean; evidence: string } }>(
  'export series',
  'MATCH (s:Series) WITH s ORDER BY s.seedOrder, s.id RETURN s { .id, .title, .titleIsDescriptive, .evidence } AS s',
);

interface PublicationGraphRow {
  id: string;
  title: string | null;
  alternativeTitles: string[] | null;
  kind: PublicationSeed['kind'];
  year: number | null;
  pages: number | null;
  isbn: string | null;
  eisbn: string | null;
  summary: string | null;
  summaryTruncated: boolean | null;
  authors: string[] | null;
  categories: string[] | null;
  links: string[] | null;
  incomplete: boolean | null;
  missing: string[] | null;
  notes: string | null;
  conflicts: string | null;
  editorSources: string | null;
  out: { type: string; to: string; props: Record<string, unknown> }[];
}

/** One publication, or every one when `$ids` is null, with every outgoing relationship the loader writes. */
export const PUBLICATIONS_AS_SEEDS = cypher<{ p: PublicationGraphRow }>(
  'export publications',
  `MATCH (p:Publication) WHERE $ids IS NULL OR p.id IN $ids
   WITH p ORDER BY p.id
   RETURN p { .id, .title, .alternativeTitles, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .authors, .categories,
     .links, .incomplete, .missing, .notes, .conflicts, .editorSources,
     out: [(p)-[r]->(x) WHERE type(r) IN $types | { type: type(r), to: x.id, props: properties(r) }] } AS p`,
);
const PUBLICATION_RELATIONSHIP_TYPES = PUBLICATION_RELATIONSHIPS.map((r) => r.type);
const COMPANIONS: ReadonlySet<string> = new Set(COMPANION_TYPES);

function toPublicationSeed(row: PublicationGraphRow): PublicationSeed {
  const out = [...row.out].sort((a, b) => Number(a.props.order ?? 0) - Number(b.props.order ?? 0) || a.to.localeCompare(b.to));
  const targets = (type: string) => out.filter((r) => r.type === type);
  const ids = (type: string) => targets(type).map((r) => r.to);
  const about = targets(REL.ABOUT);
  const primary = about.find((r) => r.props.primary === true)?.to;
  const flagged = (type: RelationshipType) => ({
    field: RELATIONSHIPS[type].seedField as PublicationSeed['inferences'][number]['field'],
    items: targets(type).map((r) => ({ id: r.to, reasoning: r.props.reasoning as string | null, inferenceOrder: r.props.inferenceOrder as number | null })),
  });

  type SourceEntry = PublicationSeed['sources'][number];
  const listed: { index: number; entry: SourceEntry }[] = targets(REL.LISTED_IN).map((r) => ({
    index: Number(r.props.order ?? 0),
    entry: { source: r.to, titleAsListed: (r.props.titleAsListed as string | null) ?? null, fields: (r.props.fields as string[] | null) ?? [] },
  }));
  const edited = (row.editorSources ? (JSON.parse(row.editorSources) as ({ index: number } & SourceEntry)[]) : []).map(({ index, ...entry }) => ({
    index,
    entry: { source: entry.source, date: entry.date, reason: entry.reason, fields: entry.fields },
  }));
  const sources = [...listed, ...edited].sort((a, b) => a.index - b.index).map((s) => s.entry);

  return {
    id: row.id,
    title: row.title,
    alternativeTitles: row.alternativeTitles ?? [],
    kind: row.kind,
    ...optional('year', row.year),
    ...optional('pages', row.pages),
    ...optional('isbn', row.isbn),
    ...optional('eisbn', row.eisbn),
    languages: targets(REL.AVAILABLE_IN).map((r) => ({
      code: r.to,
      ...optional('name', r.props.nameAsListed as string | null),
      ...optional('pdf', r.props.pdf as string | null),
    })),
    links: row.links ?? [],
    ...optional('summary', row.summary),
    summaryTruncated: row.summaryTruncated ?? false,
    authors: row.authors ?? [],
    categories: row.categories ?? [],
    places: ids(REL.COVERS),
    publishers: ids(REL.PUBLISHED_BY),
    partners: ids(REL.IN_PARTNERSHIP_WITH),
    funders: ids(REL.FUNDED_BY),
    programmes: ids(REL.UNDER_PROGRAMME),
    series: targets(REL.IN_SERIES).map((r) => ({ id: r.to, ...optional('position', r.props.position as number | null) })),
    ...optional('primaryTopic', primary),
    topics: about.map((r) => r.to),
    audiences: ids(REL.FOR_AUDIENCE),
    relations: out
      .filter((r) => COMPANIONS.has(r.type))
      .map((r) => ({
        type: r.type as PublicationSeed['relations'][number]['type'],
        target: r.to,
        evidence: r.props.evidence as string,
        source: r.props.source as string,
        ...(r.props.inferred === true ? { inferred: true as const, reasoning: r.props.reasoning as string } : {}),
      })),
    inferences: inferencesOf(
      [REL.PUBLISHED_BY, REL.IN_PARTNERSHIP_WITH, REL.FUNDED_BY, REL.UNDER_PROGRAMME, REL.COVERS, REL.IN_SERIES, REL.ABOUT, REL.FOR_AUDIENCE].map(flagged),
    ),
    incomplete: row.incomplete ?? false,
    missing: row.missing ?? [],
    ...optional('notes', row.notes),
    sources,
    conflicts: row.conflicts ? (JSON.parse(row.conflicts) as PublicationSeed['conflicts']) : [],
  };
}

/** Publications in seed form, inside the caller's transaction (the curation API reads, edits and rewrites one). */
export async function readPublicationSeeds(tx: Pick<GraphTransaction, 'run'>, ids: string[] | null): Promise<PublicationSeed[]> {
  const rows = await tx.run(PUBLICATIONS_AS_SEEDS, { ids, types: PUBLICATION_RELATIONSHIP_TYPES });
  return rows.map((r) => toPublicationSeed(r.p));
}

const labelOf = (r: LabelledRow): TopicSeed['label'] => ({ en: r.labelEn, ...optional('es', r.labelEs), ...optional('fr', r.labelFr) });
const synonymsOf = (r: LabelledRow): TopicSeed['synonyms'] => ({ en: r.synonymsEn ?? [], es: r.synonymsEs ?? [], fr: r.synonymsFr ?? [] });

/** The whole catalogue, read in one transaction so the files describe one consistent state of the graph. */
export async function readCatalogueFromGraph(tx: Pick<GraphTransaction, 'run'>): Promise<SeedCatalogue> {
  const sources: SourceSeed[] = (await tx.run(SOURCES_AS_SEEDS)).map(({ s }) => ({
    id: s.id,
    file: s.file,
    description: s.description,
    unassignedLinks: (s.unassignedLinks ?? []).map((url, i) => ({ url, ...optional('note', s.unassignedLinkNotes?.[i] || null) })),
  }));
  const topics: TopicSeed[] = (await tx.run(TOPICS_AS_SEEDS)).map(({ t }) => ({
    id: t.id,
    label: labelOf(t),
    synonyms: synonymsOf(t),
    broader: byOrder(t.broader),
    ...optional('description', t.description),
  }));
  const audiences: AudienceSeed[] = (await tx.run(AUDIENCES_AS_SEEDS)).map(({ a }) => ({
    id: a.id,
    label: labelOf(a),
    synonyms: synonymsOf(a),
    ...optional('description', a.description),
  }));
  const places: PlaceSeed[] = (await tx.run(PLACES_AS_SEEDS)).map(({ p }) => ({
    id: p.id,
    name: p.name,
    type: p.type,
    ...optional('iso2', p.iso2),
    partOf: byOrder(p.partOf),
    ...(p.labelEn ? { label: { en: p.labelEn, ...optional('es', p.labelEs), ...optional('fr', p.labelFr) } } : {}),
  }));
  const organisations: OrganisationSeed[] = (await tx.run(ORGANISATIONS_AS_SEEDS)).map(({ o }) => ({
    id: o.id,
    name: o.name,
    ...optional('acronym', o.acronym),
    type: o.type,
    partOf: byOrder(o.partOf),
  }));
  const programmes: ProgrammeSeed[] = (await tx.run(PROGRAMMES_AS_SEEDS)).map(({ p }) => ({
    id: p.id,
    name: p.name,
    nameIsDescriptive: p.nameIsDescriptive ?? false,
    ...optional('acronym', p.acronym),
    kind: p.kind,
    ...optional('description', p.description),
    places: byOrder(p.places),
    organisations: byOrder(p.organisations),
    topics: byOrder(p.topics),
    links: p.links ?? [],
    sources: JSON.parse(p.evidence) as ProgrammeSeed['sources'],
    inferences: inferencesOf<ProgrammeSeed['inferences'][number]['field']>([
      { field: 'organisations', items: p.organisations },
      { field: 'places', items: p.places },
      { field: 'topics', items: p.topics },
    ]),
  }));
  const series: SeriesSeed[] = (await tx.run(SERIES_AS_SEEDS)).map(({ s }) => ({
    id: s.id,
    title: s.title,
    titleIsDescriptive: s.titleIsDescriptive,
    sources: JSON.parse(s.evidence) as SeriesSeed['sources'],
  }));
  const publications = await readPublicationSeeds(tx, null);
  return { sources, topics, audiences, places, organisations, programmes, series, publications };
}

import { z } from 'zod';
import { COMPANION_TYPES, ID_PATTERN } from '../model';

/**
 * The schema of graph-seeds/ (documented for curators in graph-seeds/FORMAT.md). Objects are strict: an unknown
 * key is a typo or a field the loader would silently drop, so it is an error.
 */

export { ID_PATTERN };
const id = z.string().regex(ID_PATTERN, 'an id in kebab-case (a-z, 0-9, single hyphens)');
const ids = z.array(id).default([]);
const text = z.string().trim().min(1, 'a non-empty string');
const url = z.url({ protocol: /^https?$/, message: 'an http(s) URL' });
/** Contact links (mailto:) appear beside web links in the catalogue. */
const link = z.url({ protocol: /^(https?|mailto)$/, message: 'an http(s) or mailto: URL' });
const year = z.number().int().min(1900).max(2100);

export const SOURCE_IDS = ['cat-000', 'cat-001', 'cat-002', 'cat-003', 'cat-004'] as const;
const sourceId = z.string().regex(/^cat-\d{3}$/, 'a source id such as cat-000');
/** An editor who stated a fact through the curation API (`editor:<name>`), beside the catalogue files. */
export const EDITOR_SOURCE_PATTERN = /^editor:[A-Za-z0-9][\w.@-]{0,63}$/;
export const editorSourceId = (editor: string): string => `editor:${editor}`;
const provenance = z
  .string()
  .refine((v) => /^cat-\d{3}$/.test(v) || EDITOR_SOURCE_PATTERN.test(v), 'a source id such as cat-000, or editor:<name> for a fact an editor stated');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2025-01-31');

export const PUBLICATION_KINDS = [
  'handbook',
  'manual',
  'guidance-note',
  'guide',
  'training-guide',
  'trainers-manual',
  'training-manual',
  'training-package',
  'toolkit',
  'study',
  'report',
  'assessment',
  'framework',
  'issue-brief',
  'policy-guide',
  'e-course',
  'module',
  'annex',
  'other',
] as const;

/** The companion types of the graph model (src/model/relationships.ts), as `relations[].type` lists them. */
export const RELATION_TYPES = COMPANION_TYPES;
export const PLACE_TYPES = ['world', 'region', 'subregion', 'country', 'subnational'] as const;
export const ORGANISATION_TYPES = ['intergovernmental', 'un-agency', 'government', 'ngo', 'academic', 'private', 'donor', 'network', 'other'] as const;
export const PROGRAMME_KINDS = ['programme', 'project', 'campaign', 'initiative'] as const;

const multilingualLabel = z.strictObject({ en: text, es: text.optional(), fr: text.optional() });
const multilingualSynonyms = z
  .strictObject({ en: z.array(text).default([]), es: z.array(text).default([]), fr: z.array(text).default([]) })
  .default({ en: [], es: [], fr: [] });
const evidence = z.strictObject({ source: sourceId, evidence: text });

/**
 * A value a record holds that no catalogue file states: the curators' reading, flagged as such with why. Stored
 * on the relationship it is (`inferred: true`, `reasoning`) and shown by the API as an inference, never as a fact.
 * Topic and audience tags are classification and are inferences without being listed; listing one here gives it
 * its own reasoning.
 */
export const INFERABLE_PUBLICATION_FIELDS = ['publishers', 'partners', 'funders', 'programmes', 'places', 'series', 'topics', 'audiences'] as const;
export const INFERABLE_PROGRAMME_FIELDS = ['organisations', 'places', 'topics'] as const;
const inference = <const F extends readonly [string, ...string[]]>(fields: F) =>
  z.strictObject({ field: z.enum(fields), value: id, reasoning: text });

export const SourcesFile = z.strictObject({
  sources: z.array(
    z.strictObject({
      id: sourceId,
      file: text,
      description: text,
      unassignedLinks: z.array(z.strictObject({ url, note: text.optional() })).default([]),
    }),
  ),
});

export const TopicsFile = z.strictObject({
  topics: z.array(
    z.strictObject({ id, label: multilingualLabel, synonyms: multilingualSynonyms, broader: ids, description: text.optional() }),
  ),
});

export const AudiencesFile = z.strictObject({
  audiences: z.array(z.strictObject({ id, label: multilingualLabel, synonyms: multilingualSynonyms, description: text.optional() })),
});

export const PlacesFile = z.strictObject({
  places: z.array(
    z
      .strictObject({
        id,
        name: text,
        type: z.enum(PLACE_TYPES),
        iso2: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as NG').optional(),
        partOf: ids,
        label: multilingualLabel.optional(),
      })
      .refine((p) => p.type !== 'country' || p.iso2 !== undefined, { message: 'a country needs its iso2 code', path: ['iso2'] })
      .refine((p) => p.type === 'world' || p.partOf.length > 0, { message: 'every place but the world is part of another', path: ['partOf'] }),
  ),
});

export const OrganisationsFile = z.strictObject({
  organisations: z.array(
    z.strictObject({ id, name: text, acronym: text.optional(), type: z.enum(ORGANISATION_TYPES).default('other'), partOf: ids }),
  ),
});

export const ProgrammesFile = z.strictObject({
  programmes: z.array(
    z.strictObject({
      id,
      name: text,
      acronym: text.optional(),
      kind: z.enum(PROGRAMME_KINDS).default('programme'),
      nameIsDescriptive: z.boolean().default(false),
      description: text.optional(),
      links: z.array(url).default([]),
      places: ids,
      organisations: ids,
      topics: ids,
      sources: z.array(evidence).min(1, 'at least one source with evidence'),
      inferences: z.array(inference(INFERABLE_PROGRAMME_FIELDS)).default([]),
    }),
  ),
});

export const SeriesFile = z.strictObject({
  series: z.array(
    z.strictObject({ id, title: text, titleIsDescriptive: z.boolean().default(false), sources: z.array(evidence).min(1) }),
  ),
});

const conflictValue = z.union([z.string(), z.number(), z.array(z.string())]);

export const Publication = z
  .strictObject({
    id,
    title: text.nullable(),
    alternativeTitles: z.array(text).default([]),
    kind: z.enum(PUBLICATION_KINDS),
    year: year.optional(),
    pages: z.number().int().positive().optional(),
    isbn: text.optional(),
    eisbn: text.optional(),
    languages: z
      .array(z.strictObject({ code: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 code such as en'), name: text.optional(), pdf: url.optional() }))
      .default([]),
    links: z.array(link).default([]),
    summary: text.optional(),
    summaryTruncated: z.boolean().default(false),
    authors: z.array(text).default([]),
    categories: z.array(text).default([]),
    places: ids,
    publishers: ids,
    partners: ids,
    funders: ids,
    programmes: ids,
    series: z.array(z.strictObject({ id, position: z.number().int().positive().optional() })).default([]),
    primaryTopic: id.optional(),
    topics: ids,
    audiences: ids,
    relations: z
      .array(
        z
          .strictObject({ type: z.enum(RELATION_TYPES), target: id, evidence: text, source: provenance, inferred: z.literal(true).optional(), reasoning: text.optional() })
          .refine((r) => (r.inferred === true) === (r.reasoning !== undefined), {
            message: 'an inferred relation needs its reasoning, and only an inferred one has reasoning',
            path: ['reasoning'],
          }),
      )
      .default([]),
    inferences: z.array(inference(INFERABLE_PUBLICATION_FIELDS)).default([]),
    notes: text.optional(),
    incomplete: z.boolean().default(false),
    missing: z.array(text).default([]),
    sources: z
      .array(
        z
          .strictObject({ source: provenance, titleAsListed: text.nullish(), date: isoDate.optional(), reason: text.optional(), fields: z.array(text).default([]) })
          .refine((s) => !s.source.startsWith('editor:') || (s.date !== undefined && s.reason !== undefined), {
            message: 'an editor: source needs the date and the reason of the edit',
            path: ['reason'],
          })
          .refine((s) => s.source.startsWith('editor:') || (s.date === undefined && s.reason === undefined), {
            message: 'date and reason belong to editor: sources only',
            path: ['reason'],
          }),
      )
      .min(1, 'at least one source'),
    conflicts: z
      .array(
        z.strictObject({
          field: text,
          values: z.array(z.strictObject({ value: conflictValue, sources: z.array(sourceId).min(1) })).min(2, 'at least two disagreeing values'),
          chosen: conflictValue,
          reason: text,
        }),
      )
      .default([]),
  })
  .refine((p) => p.title !== null || p.incomplete, { message: 'a publication without a title must be marked incomplete', path: ['title'] })
  .refine((p) => p.title !== null || p.missing.includes('title'), { message: "a publication without a title lists 'title' in missing", path: ['missing'] })
  .refine((p) => !p.primaryTopic || p.topics.includes(p.primaryTopic), { message: 'primaryTopic must be one of topics', path: ['primaryTopic'] });

export type SourcesFile = z.infer<typeof SourcesFile>;
export type TopicSeed = z.infer<typeof TopicsFile>['topics'][number];
export type AudienceSeed = z.infer<typeof AudiencesFile>['audiences'][number];
export type PlaceSeed = z.infer<typeof PlacesFile>['places'][number];
export type OrganisationSeed = z.infer<typeof OrganisationsFile>['organisations'][number];
export type ProgrammeSeed = z.infer<typeof ProgrammesFile>['programmes'][number];
export type SeriesSeed = z.infer<typeof SeriesFile>['series'][number];
export type PublicationSeed = z.infer<typeof Publication>;
export type SourceSeed = SourcesFile['sources'][number];
export type RelationType = (typeof RELATION_TYPES)[number];
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/** Everything in graph-seeds/, validated and cross-referenced. */
export interface SeedCatalogue {
  sources: SourceSeed[];
  topics: TopicSeed[];
  audiences: AudienceSeed[];
  places: PlaceSeed[];
  organisations: OrganisationSeed[];
  programmes: ProgrammeSeed[];
  series: SeriesSeed[];
  publications: PublicationSeed[];
}

import type { NodeLabel } from './labels';

/**
 * Every relationship type in the graph, declared once: its direction (stored from `from` to `to`), what it means
 * to the API and how sentences read it. Seeding and export, curation, filters and facets, companions, related
 * publications, neighbourhood, path, reading path and JSON-LD all read this table; Cypher interpolates its
 * names (constants from here, never user input). To add a relationship type, add an entry here (and, for a
 * companion, its two values to CompanionRelation / StoredRelation in the SDL); docs/architecture.md walks
 * through it.
 */

/** The PublicationFilter fields (and facets) a publication's tags are tested by. */
export const PUBLICATION_FILTER_FIELDS = ['topics', 'audiences', 'places', 'organisations', 'programmes', 'languages'] as const;
export type PublicationField = (typeof PUBLICATION_FILTER_FIELDS)[number];

export interface Phrases {
  /** Read in the stored direction: "<from> complements <to>". */
  readonly forward: string;
  /** Read against it: "<to> is complemented by <from>". */
  readonly backward: string;
  /** The second half of a shared link: "A complements X, which B also complements". */
  readonly also: string;
}

export interface RelationshipSpec {
  readonly from: NodeLabel;
  readonly to: NodeLabel;
  /**
   * tag: a publication tagged with a vocabulary node; series/language/listing: membership, editions in a
   * language and catalogue provenance; companion: a catalogued relation between two publications (the API
   * reads it from both sides); hierarchy: inside one vocabulary (see hierarchies.ts); programme: facts about
   * a programme.
   */
  readonly group: 'tag' | 'series' | 'language' | 'listing' | 'companion' | 'hierarchy' | 'programme';
  /** Where the seed file lists it, on the `from` record (graph-seeds/FORMAT.md). */
  readonly seedField: string;
  /** The filter field and facet that test it (tags and languages). */
  readonly field?: PublicationField;
  readonly phrases?: Phrases;
  /** Neighbourhoods (and paths) may cross it: it carries meaning (language and catalogue-file links are bookkeeping). */
  readonly neighbourhood: boolean;
  /** Paths may cross it (every neighbourhood type, and series membership). */
  readonly paths: boolean;
  /** Companions: the name the API gives it read from its end (COMPLEMENTS on the guidance note is COMPLEMENTED_BY on the handbook). */
  readonly inverse?: string;
  /** Companions: how a reading-path step reads towards the earlier step it relates to; none, no such reading. */
  readonly follows?: string;
  /** Companions: the JSON-LD property the other end fills (isPartOf: a whole it belongs to; edition: translation or other edition). */
  readonly jsonLd?: 'isPartOf' | 'edition';
  /**
   * Links of this type are the curators' classification against a vocabulary, never a statement of a catalogue
   * file: each is stored as an inference (`inferred: true`) with this reasoning unless its record gives its own.
   */
  readonly classification?: string;
}

/** Why a topic or audience tag is an inference: no catalogue file tags its works. */
const CLASSIFIED = (vocabulary: string) =>
  `Curatorial classification: the curators assigned this ${vocabulary} from the vocabulary after reading the catalogue's title and summary; no catalogue file states it.`;

// The helpers keep their literals (`as const`), so CompanionType and PublicationRelationshipType below are exact unions.
const tag = <const To extends NodeLabel>(to: To, seedField: string, field: PublicationField, phrases: Phrases, classification?: string) =>
  ({ from: 'Publication', to, group: 'tag', seedField, field, phrases, neighbourhood: true, paths: true, ...(classification ? { classification } : {}) }) as const satisfies RelationshipSpec;
const companion = <const Inverse extends string>(inverse: Inverse, phrases: Phrases, extra: Pick<RelationshipSpec, 'follows' | 'jsonLd'> = {}) =>
  ({ from: 'Publication', to: 'Publication', group: 'companion', seedField: 'relations', inverse, phrases, neighbourhood: true, paths: true, ...extra }) as const satisfies RelationshipSpec;
const within = <const From extends NodeLabel, const Group extends 'hierarchy' | 'programme'>(from: From, group: Group, to: NodeLabel, seedField: string, phrases: Phrases, classification?: string) =>
  ({ from, to, group, seedField, phrases, neighbourhood: true, paths: true, ...(classification ? { classification } : {}) }) as const satisfies RelationshipSpec;

/** In the order the seed loader writes publication links, then vocabulary facts (the export reads them back in it). */
export const RELATIONSHIPS = {
  ABOUT: tag('Topic', 'topics', 'topics', { forward: 'is about', backward: 'is a topic of', also: 'is also about' }, CLASSIFIED('topic')),
  FOR_AUDIENCE: tag('Audience', 'audiences', 'audiences', { forward: 'is written for', backward: 'is an audience of', also: 'is also written for' }, CLASSIFIED('audience')),
  COVERS: tag('Place', 'places', 'places', { forward: 'covers', backward: 'is covered by', also: 'also covers' }),
  PUBLISHED_BY: tag('Organisation', 'publishers', 'organisations', { forward: 'is published by', backward: 'publishes', also: 'is also published by' }),
  IN_PARTNERSHIP_WITH: tag('Organisation', 'partners', 'organisations', {
    forward: 'was made in partnership with',
    backward: 'is a partner of',
    also: 'was also made in partnership with',
  }),
  FUNDED_BY: tag('Organisation', 'funders', 'organisations', { forward: 'is funded by', backward: 'funds', also: 'is also funded by' }),
  UNDER_PROGRAMME: tag('Programme', 'programmes', 'programmes', { forward: 'comes from the programme', backward: 'produced', also: 'also comes from' }),
  IN_SERIES: {
    from: 'Publication',
    to: 'Series',
    group: 'series',
    seedField: 'series',
    phrases: { forward: 'belongs to', backward: 'includes', also: 'also belongs to' },
    neighbourhood: false,
    paths: true,
  },
  AVAILABLE_IN: { from: 'Publication', to: 'Language', group: 'language', seedField: 'languages', field: 'languages', neighbourhood: false, paths: false },
  LISTED_IN: { from: 'Publication', to: 'Source', group: 'listing', seedField: 'sources', neighbourhood: false, paths: false },
  COMPLEMENTS: companion('COMPLEMENTED_BY', { forward: 'complements', backward: 'is complemented by', also: 'also complements' }, { follows: 'Complements' }),
  PART_OF: companion('HAS_PART', { forward: 'is part of', backward: 'has as a part', also: 'is also part of' }, { follows: 'Is part of', jsonLd: 'isPartOf' }),
  ANNEX_OF: companion('HAS_ANNEX', { forward: 'is an annex of', backward: 'has as an annex', also: 'is also an annex of' }, { follows: 'Is an annex of', jsonLd: 'isPartOf' }),
  MODULE_OF: companion('HAS_MODULE', { forward: 'is a module of', backward: 'has as a module', also: 'is also a module of' }, { follows: 'Is a module of', jsonLd: 'isPartOf' }),
  INFORMED_BY: companion('INFORMS', { forward: 'is based on', backward: 'informs', also: 'is also based on' }, { follows: 'Is based on' }),
  EDITION_OF: companion('HAS_EDITION', { forward: 'is an edition of', backward: 'has the edition', also: 'is also an edition of' }, { jsonLd: 'edition' }),
  // "The module follows the structure of the Reintegration Handbook" (cat-001): a work built on another's outline, not a part of it.
  FOLLOWS_STRUCTURE_OF: companion(
    'STRUCTURE_FOLLOWED_BY',
    { forward: 'follows the structure of', backward: 'lends its structure to', also: 'also follows the structure of' },
    { follows: 'Follows the structure of' },
  ),
  BROADER: within('Topic', 'hierarchy', 'Topic', 'broader', { forward: 'is a narrower topic of', backward: 'is a broader topic of', also: 'is also a narrower topic of' }),
  WITHIN: within('Place', 'hierarchy', 'Place', 'partOf', { forward: 'lies within', backward: 'contains', also: 'also lies within' }),
  PART_OF_ORGANISATION: within('Organisation', 'hierarchy', 'Organisation', 'partOf', { forward: 'is an office of', backward: 'has the office', also: 'is also an office of' }),
  OPERATES_IN: within('Programme', 'programme', 'Place', 'places', { forward: 'operates in', backward: 'hosts the programme', also: 'also operates in' }),
  RUN_BY: within('Programme', 'programme', 'Organisation', 'organisations', { forward: 'is run by', backward: 'runs', also: 'is also run by' }),
  ADDRESSES: within('Programme', 'programme', 'Topic', 'topics', { forward: 'addresses', backward: 'is addressed by', also: 'also addresses' }, CLASSIFIED('topic')),
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipType = keyof typeof RELATIONSHIPS;
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIPS) as RelationshipType[];
const spec = (type: RelationshipType): RelationshipSpec => RELATIONSHIPS[type];

/** Each type's name as a constant (`${REL.ABOUT}` in Cypher), so a name is written only in the table above. */
export const REL = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, t])) as { readonly [T in RelationshipType]: T };

/** A Cypher relationship-type alternation: `ABOUT|COVERS`. */
export const alternation = (types: readonly RelationshipType[]): string => types.join('|');

const where = (test: (s: RelationshipSpec) => boolean) => RELATIONSHIP_TYPES.filter((t) => test(spec(t)));

/** The catalogued relations between publications; a type of the literal union so the seed schema's enum is exact. */
export type CompanionType = { [T in RelationshipType]: (typeof RELATIONSHIPS)[T]['group'] extends 'companion' ? T : never }[RelationshipType];
export const COMPANION_TYPES = where((s) => s.group === 'companion') as [CompanionType, ...CompanionType[]];
/** A companion type and the name it has read from its other end: what CompanionRelation in the SDL lists (with SAME_SERIES). */
export type CompanionReading = CompanionType | (typeof RELATIONSHIPS)[CompanionType]['inverse'];
export type PublicationRelationshipType = { [T in RelationshipType]: (typeof RELATIONSHIPS)[T]['from'] extends 'Publication' ? T : never }[RelationshipType];
export const COMPANION_PATTERN = alternation(COMPANION_TYPES);
/** The name each companion type has read from its end. */
export const INVERSE_OF: ReadonlyMap<string, CompanionReading> = new Map(COMPANION_TYPES.map((t) => [t, RELATIONSHIPS[t].inverse]));

/** A publication's outgoing relationships, in the order the seed loader writes them. */
export const PUBLICATION_RELATIONSHIP_TYPES = where((s) => s.from === 'Publication') as PublicationRelationshipType[];
/** Relationships between vocabulary nodes (hierarchies, programme facts). */
export const VOCABULARY_RELATIONSHIP_TYPES = where((s) => s.from !== 'Publication');
/** From a publication to the vocabulary nodes it is tagged with. */
export const TAG_TYPES = where((s) => s.group === 'tag');
export const TAG_PATTERN = alternation(TAG_TYPES);

/** What neighbourhoods cross; paths cross these and the path-only ones (series membership) after them. */
export const NEIGHBOURHOOD_TYPES = where((s) => s.neighbourhood);
export const PATH_TYPES = [...NEIGHBOURHOOD_TYPES, ...where((s) => s.paths && !s.neighbourhood)];

/** How many publications link to a vocabulary node, by label: the relationships its `publicationCount` counts. */
export const PUBLICATION_DEGREE_TYPES: ReadonlyMap<NodeLabel, RelationshipType[]> = (() => {
  const byLabel = new Map<NodeLabel, RelationshipType[]>();
  for (const t of where((s) => s.group === 'tag' || s.group === 'series' || s.group === 'language')) byLabel.set(spec(t).to, [...(byLabel.get(spec(t).to) ?? []), t]);
  return byLabel;
})();

/** The relationships from a publication a filter field (and its facet) tests, with the label they reach. */
export function publicationLinks(field: PublicationField): { label: NodeLabel; types: RelationshipType[]; pattern: string } {
  const types = where((s) => s.field === field);
  return { label: spec(types[0]!).to, types, pattern: alternation(types) };
}

/** How a relationship reads in a sentence, in or against its stored direction; an unknown type reads as Cypher. */
export function phraseOf(type: string, forward: boolean): string {
  const phrases = (RELATIONSHIPS as Record<string, RelationshipSpec>)[type]?.phrases;
  return phrases?.[forward ? 'forward' : 'backward'] ?? (forward ? `-[${type}]->` : `<-[${type}]-`);
}
export const alsoPhraseOf = (type: string): string | undefined => (RELATIONSHIPS as Record<string, RelationshipSpec>)[type]?.phrases?.also;

/** The companions a reading-path step may follow an earlier one by, with how it reads. */
export const FOLLOWS: ReadonlyMap<string, string> = new Map(COMPANION_TYPES.flatMap((t) => (spec(t).follows ? [[t, spec(t).follows!] as const] : [])));
export const JSON_LD_WHOLE_TYPES = COMPANION_TYPES.filter((t) => spec(t).jsonLd === 'isPartOf');
export const JSON_LD_EDITION_TYPES = COMPANION_TYPES.filter((t) => spec(t).jsonLd === 'edition');

/** The reasoning a link of this type carries when it is classification and its record gives none (see `classification`). */
export const classificationOf = (type: string): string | undefined => (RELATIONSHIPS as Record<string, RelationshipSpec>)[type]?.classification;

import type { CompanionRelation } from '../__generated__/resolvers-types';
import type { PublicationSet } from './publication-list.cypher';
import type { FoldedRelations } from './publication.cypher';
import type { AudienceRecord, OrganisationRecord, PlaceRecord, ProgrammeRecord, TopicRecord } from '../vocabularies/vocabulary.model';

/** What the data layer returns for publications: the parents of the Publication* resolvers. */

export interface ConflictRecord {
  field: string;
  values: { value: string | number | string[]; sources: string[] }[];
  chosen: string | number | string[];
  reason: string;
}

export interface PublicationRecord {
  __typename: 'Publication';
  /** The slug (graph-seeds file name); the GraphQL id is derived from it. */
  id: string;
  title: string | null;
  sortTitle: string;
  alternativeTitles: string[];
  kind: string;
  year: number | null;
  pages: number | null;
  isbn: string | null;
  eisbn: string | null;
  summary: string | null;
  summaryTruncated: boolean;
  authors: string[];
  incomplete: boolean;
  missing: string[];
  /** Web pages and contact addresses the catalogue gives for the work, as listed. */
  links: string[];
  conflicts: ConflictRecord[];
}

/** A series or training package (not a Relay node: it has no global id). */
export interface SeriesRecord {
  __typename: 'Series';
  id: string;
  title: string;
  titleIsDescriptive: boolean;
}

/** A publication's membership of a series, with its number in it when the catalogue gives one. */
export interface SeriesMembershipRecord {
  series: SeriesRecord;
  position: number | null;
}

export interface PublicationPage {
  publications: PublicationRecord[];
  /** One opaque cursor per publication, in the same order. */
  cursors: string[];
  /** Full-text scores, for search results (null in plain lists). */
  scores: (number | null)[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** What the list is drawn from, for totalCount and facets over the same set. */
  set: PublicationSet;
  /** Per publication (same order), the relations the list query fetched with it, to prime the loaders. */
  folded: FoldedRelations[];
  /** The size of the whole set, when the list query counted it too. */
  totalCount?: number;
}

export interface FacetBucketRecord {
  value: string;
  label: string;
  count: number;
  /** The Relay type of the bucket's node, when the facet is over nodes (then `value` is its slug). */
  nodeType: string | null;
  /** Slugs of the nodes directly above the bucket's node in its hierarchy (none for facets without one). */
  parents: string[];
}

export interface FacetGroupRecord {
  buckets: FacetBucketRecord[];
  missing: number;
}

export interface FacetsRecord {
  total: number;
  topics: FacetGroupRecord;
  audiences: FacetGroupRecord;
  places: FacetGroupRecord;
  organisations: FacetGroupRecord;
  programmes: FacetGroupRecord;
  languages: FacetGroupRecord;
  years: FacetGroupRecord;
  kinds: FacetGroupRecord;
}

/** The SDL's CompanionRelation: each stored companion type (src/model/relationships.ts), its inverse, and SAME_SERIES
 *  (tests/tck/graph-model.test.ts checks that the SDL and the model agree). */
export type CompanionRelationName = CompanionRelation;

export interface CompanionRecord {
  relation: CompanionRelationName;
  publication: PublicationRecord;
  evidence: string | null;
  source: string | null;
  /** Why the curators inferred the relation; null when the catalogue states it. */
  reasoning: string | null;
}

export interface LanguageEditionRecord {
  /** Slug of the publication (edition) in this language. */
  publicationId: string;
  code: string;
  name: string;
  pdfUrl: string | null;
}

export interface SourceListingRecord {
  source: { id: string; file: string; description: string };
  titleAsListed: string | null;
  fields: string[];
}

export interface TopicTagRecord {
  topic: TopicRecord;
  primary: boolean;
}

export type { AudienceRecord, OrganisationRecord, PlaceRecord, ProgrammeRecord, TopicRecord };

/** A page of full-text results: the list page plus the query's terms, for snippets and matched topics. */
export interface SearchPage extends PublicationPage {
  terms: string[];
}

export interface SearchEdgeRecord {
  cursor: string;
  node: PublicationRecord;
  score: number;
  terms: string[];
}

export interface SuggestionRecord {
  type: 'TOPIC' | 'AUDIENCE' | 'PLACE' | 'ORGANISATION' | 'PROGRAMME' | 'TITLE';
  label: string;
  score: number;
  nodeType: 'Publication' | 'Topic' | 'Audience' | 'Place' | 'Organisation' | 'Programme';
  slug: string;
}

/** What the data layer returns for vocabulary nodes: the parents of the Topic/Audience/Place/Organisation resolvers. */

export interface LabelledRecord {
  id: string;
  name: string;
  labelEn: string;
  labelEs: string | null;
  labelFr: string | null;
  synonymsEn: string[];
  synonymsEs: string[];
  synonymsFr: string[];
}

export interface TopicRecord extends LabelledRecord {
  __typename: 'Topic';
  description: string | null;
}

export interface AudienceRecord extends LabelledRecord {
  __typename: 'Audience';
}

export interface PlaceRecord {
  __typename: 'Place';
  id: string;
  name: string;
  type: 'world' | 'region' | 'subregion' | 'country' | 'subnational';
  iso2: string | null;
}

export interface OrganisationRecord {
  __typename: 'Organisation';
  id: string;
  name: string;
  acronym: string | null;
  /** Stored as the node's `type`. */
  organisationType: 'intergovernmental' | 'un-agency' | 'government' | 'ngo' | 'academic' | 'private' | 'donor' | 'network' | 'other';
}

export interface ProgrammeRecord {
  __typename: 'Programme';
  id: string;
  name: string;
  acronym: string | null;
  kind: 'programme' | 'project' | 'campaign' | 'initiative';
  description: string | null;
  /** Web pages the catalogue gives for it. */
  links: string[];
}

/** The vocabulary nodes a root list pages through (Query.topics, Query.places ...). */
export type VocabularyRecord = TopicRecord | AudienceRecord | PlaceRecord | OrganisationRecord | ProgrammeRecord;

/** A page of a root vocabulary list: the parent of the *Connection resolvers. */
export interface VocabularyPage<T extends VocabularyRecord> {
  nodes: T[];
  /** One opaque cursor per node, in the same order. */
  cursors: string[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}
export type TopicPage = VocabularyPage<TopicRecord>;
export type AudiencePage = VocabularyPage<AudienceRecord>;
export type PlacePage = VocabularyPage<PlaceRecord>;
export type OrganisationPage = VocabularyPage<OrganisationRecord>;
export type ProgrammePage = VocabularyPage<ProgrammeRecord>;

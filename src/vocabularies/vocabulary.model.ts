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
}

export interface ProgrammeRecord {
  __typename: 'Programme';
  id: string;
  name: string;
  acronym: string | null;
  kind: 'programme' | 'project' | 'campaign' | 'initiative';
  description: string | null;
}

import type { CompanionRelationName, PublicationRecord } from '../publications/publication.model';
import type { AudienceRecord, PlaceRecord, ProgrammeRecord, TopicRecord } from '../vocabularies/vocabulary.model';
import type { NodeType } from '../model';

/** What the explore data layer returns: the parents of the Neighbourhood, path and reading-path resolvers. */

export type GraphNodeKind = NodeType | 'Series';

export interface GraphNodeRecord {
  /** Relay type and slug; the GraphQL id is derived from them. */
  type: NodeType;
  slug: string;
  label: string;
  weight: number;
  distance: number;
  publicationCount: number | null;
}

export interface GraphEdgeRecord {
  source: { type: NodeType; slug: string };
  target: { type: NodeType; slug: string };
  type: string;
  weight: number;
}

export interface NeighbourhoodRecord {
  center: GraphNodeRecord;
  nodes: GraphNodeRecord[];
  edges: GraphEdgeRecord[];
  truncated: boolean;
}

export interface PathNodeRecord {
  type: GraphNodeKind;
  slug: string;
  label: string;
}

export interface PathStepRecord {
  from: PathNodeRecord;
  to: PathNodeRecord;
  relation: string;
  direction: 'FORWARD' | 'BACKWARD';
  sentence: string;
}

export interface ConnectionPathRecord {
  length: number;
  specificity: number;
  nodes: PathNodeRecord[];
  steps: PathStepRecord[];
  explanation: string;
}

export type ReadingStageName = 'FOUNDATION' | 'GUIDANCE' | 'BACKGROUND' | 'TRAINING' | 'E_COURSE';

export interface ReadingStepRecord {
  position: number;
  stage: ReadingStageName;
  publication: PublicationRecord;
  why: string;
  relation: CompanionRelationName | null;
  relatedStep: number | null;
}

export interface TopicCooccurrenceRecord {
  topic: TopicRecord;
  sharedPublications: number;
  jaccard: number;
}
export interface AudienceCountRecord {
  audience: AudienceRecord;
  count: number;
}
export interface PlaceCountRecord {
  place: PlaceRecord;
  count: number;
}
export interface ProgrammeCountRecord {
  programme: ProgrammeRecord;
  count: number;
}

/** Everything around a topic that its page shows, fetched in one query per batch of topics. */
export interface TopicSurroundingsRecord {
  relatedTopics: TopicCooccurrenceRecord[];
  audiences: AudienceCountRecord[];
  places: PlaceCountRecord[];
  programmes: ProgrammeCountRecord[];
}

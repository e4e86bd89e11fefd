import type { CompanionRelationName, LanguageEditionRecord, PublicationRecord } from '../publications/publication.model';
import type { AudienceRecord, OrganisationRecord, PlaceRecord, ProgrammeRecord, TopicRecord } from '../vocabularies/vocabulary.model';

/** What the recommendation data layer returns: the parents of the RelatedPublication / RecommendationReason resolvers. */

export type ReasonKindName = 'RELATION' | 'SERIES' | 'TOPIC' | 'AUDIENCE' | 'PLACE' | 'PROGRAMME' | 'ORGANISATION' | 'TEXT' | 'COMPLEMENTARY_KIND';
/** The reasons that rest on a shared vocabulary node. */
export type FeatureReasonKind = Exclude<ReasonKindName, 'RELATION' | 'TEXT' | 'COMPLEMENTARY_KIND'>;

export interface RecommendationReasonRecord {
  /** Identifies the shared thing (kind + node id, or relation + seed for RELATION): reasons from several seeds merge on it. */
  key: string;
  kind: ReasonKindName;
  label: string;
  contribution: number;
  relation: CompanionRelationName | null;
  node: PublicationRecord | TopicRecord | AudienceRecord | PlaceRecord | ProgrammeRecord | OrganisationRecord | null;
  evidence: string | null;
  /** For RELATION: the seed publication the relation links to (its title completes the reason's sentence). */
  seed: string | null;
  /** For COMPLEMENTARY_KIND: the recommended publication's kind as stored (e.g. `guide`), labelled in the reader's language. */
  publicationKind?: string;
}

export interface RelatedPublicationRecord {
  publication: PublicationRecord;
  score: number;
  reasons: RecommendationReasonRecord[];
  /** The publication's language editions, fetched with the scores (primed into the request's loader). */
  languageEditions?: LanguageEditionRecord[];
}

/** How much each kind of reason counts; every field is set (defaults filled in). */
export interface RelatedWeightsValue {
  relation: number;
  series: number;
  topic: number;
  audience: number;
  place: number;
  programme: number;
  organisation: number;
  /** Times the cosine of the two texts' TF-IDF vectors (TEXT). */
  text: number;
  /** A shared topic that is the primary topic of both counts (1 + primaryTopic) times. */
  primaryTopic: number;
  /** A candidate of a complementary kind (COMPLEMENTARY_KIND), as is. */
  complementaryKind: number;
}

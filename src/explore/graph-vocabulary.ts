import type { NodeType } from '../node/global-id';

/**
 * The fixed vocabulary the explore queries are assembled from: node labels and relationship types are only
 * ever taken from these allowlists, never from user input.
 */

/** Relationships from a publication to the vocabulary nodes it is tagged with. */
export const PUBLICATION_TAG_TYPES = ['ABOUT', 'FOR_AUDIENCE', 'COVERS', 'PUBLISHED_BY', 'IN_PARTNERSHIP_WITH', 'FUNDED_BY', 'UNDER_PROGRAMME'] as const;
/** The explicit, catalogued relations between publications. */
export const PUBLICATION_RELATION_TYPES = ['COMPLEMENTS', 'PART_OF', 'ANNEX_OF', 'MODULE_OF', 'INFORMED_BY', 'EDITION_OF'] as const;
/** Hierarchies inside vocabularies and the facts about programmes. */
export const VOCABULARY_TYPES = ['BROADER', 'WITHIN', 'PART_OF_ORGANISATION', 'OPERATES_IN', 'RUN_BY', 'ADDRESSES'] as const;

/** Every relationship an explanation can cross (language and catalogue-file links are bookkeeping, not meaning). */
export const EXPLAINABLE_TYPES = [...PUBLICATION_TAG_TYPES, ...PUBLICATION_RELATION_TYPES, ...VOCABULARY_TYPES] as const;
export const EXPLAINABLE_PATTERN = EXPLAINABLE_TYPES.join('|');
export const PUBLICATION_TAG_PATTERN = PUBLICATION_TAG_TYPES.join('|');

/** The labels of Node types, as a predicate on a Cypher variable. */
export const ENTITY_LABELS: readonly NodeType[] = ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme'];
export const isEntity = (v: string) => `(${ENTITY_LABELS.map((l) => `${v}:${l}`).join(' OR ')})`;
/** The node's Relay type: its first label that is a Node type (or Series). */
export const nodeTypeOf = (v: string) => `[l IN labels(${v}) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0]`;
/** A human label for any explore node (a publication's title may be null: the mapper falls back to its summary). */
export const labelOf = (v: string) => `coalesce(${v}.labelEn, ${v}.name, ${v}.title)`;

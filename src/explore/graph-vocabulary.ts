import { alternation, EXPLORE_LABELS, NEIGHBOURHOOD_TYPES, NODE_TYPES, PATH_TYPES, TAG_PATTERN } from '../model';
import type { NodeType } from '../model';

/**
 * The fixed vocabulary the explore queries are assembled from, read from the graph model (src/model): node
 * labels and relationship types are only ever taken from these allowlists, never from user input.
 */

/** Every relationship a neighbourhood crosses (language and catalogue-file links are bookkeeping, not meaning). */
export const EXPLAINABLE_PATTERN = alternation(NEIGHBOURHOOD_TYPES);
/** What a path crosses: the same, and series membership. */
export const PATH_PATTERN = alternation(PATH_TYPES);
export const PUBLICATION_TAG_PATTERN = TAG_PATTERN;

/** The labels of Node types, as a predicate on a Cypher variable. */
export const ENTITY_LABELS: readonly NodeType[] = NODE_TYPES;
export const isEntity = (v: string) => `(${ENTITY_LABELS.map((l) => `${v}:${l}`).join(' OR ')})`;
/** The node's Relay type: its first label that is a Node type (or Series). */
export const nodeTypeOf = (v: string) => `[l IN labels(${v}) WHERE l IN [${EXPLORE_LABELS.map((l) => `'${l}'`).join(', ')}]][0]`;
/** A human label for any explore node (a publication's title may be null: the mapper falls back to its summary). */
export const labelOf = (v: string) => `coalesce(${v}.labelEn, ${v}.name, ${v}.title)`;

import type { NodeLabel } from './labels';
import { REL, type RelationshipType } from './relationships';

/**
 * The hierarchies inside vocabularies, each stored from the narrower node to the broader one. A filter on a
 * node widens to everything below it: a topic matches its narrower topics, a place the places within it (a
 * region includes its countries), an organisation its offices.
 */
export const HIERARCHIES = {
  Topic: { type: REL.BROADER, narrower: 'narrower topics' },
  Place: { type: REL.WITHIN, narrower: 'places within it' },
  Organisation: { type: REL.PART_OF_ORGANISATION, narrower: 'offices' },
} as const satisfies Partial<Record<NodeLabel, { type: RelationshipType; narrower: string }>>;

export type HierarchicalLabel = keyof typeof HIERARCHIES;

export const hierarchyOf = (label: NodeLabel): RelationshipType | undefined => (HIERARCHIES as Partial<Record<NodeLabel, { type: RelationshipType }>>)[label]?.type;

/** `-[:BROADER*0..]->`: from a node to itself and everything above it (empty for a label without a hierarchy). */
export const upwards = (label: NodeLabel): string => {
  const type = hierarchyOf(label);
  return type ? `-[:${type}*0..]->` : '';
};

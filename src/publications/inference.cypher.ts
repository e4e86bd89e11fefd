import { COMPANION_TYPES, RELATIONSHIPS, type RelationshipType } from '../model';
import type { StoredRelation } from '../__generated__/resolvers-types';

/**
 * The values a publication or programme holds that no catalogue file states: its outgoing links the seed loader
 * flagged `inferred: true` (src/seed/stored-form.ts inferenceProps), each with the seed field it came from.
 */

export interface InferenceRecord {
  field: string;
  value: string;
  relation: StoredRelation | null;
  reasoning: string;
}

export type InferenceItem = { type: string; value: string; reasoning: string; order: number | null };

/** A Cypher list expression over a node bound to `v`: its inferred outgoing links. */
export const inferredLinks = (v: string) =>
  `[(${v})-[r]->(x) WHERE r.inferred = true | { type: type(r), value: x.id, reasoning: r.reasoning, order: r.order }]`;

const COMPANIONS: ReadonlySet<string> = new Set(COMPANION_TYPES);
const FIELD_ORDER = Object.keys(RELATIONSHIPS);

/** In the model's order of link types (publishers before topics ...), then in the record's list order. */
export function toInferences(items: readonly InferenceItem[]): InferenceRecord[] {
  return [...items]
    .sort((a, b) => FIELD_ORDER.indexOf(a.type) - FIELD_ORDER.indexOf(b.type) || (a.order ?? 0) - (b.order ?? 0) || a.value.localeCompare(b.value))
    .map((item) => ({
      field: RELATIONSHIPS[item.type as RelationshipType]?.seedField ?? item.type,
      value: item.value,
      relation: COMPANIONS.has(item.type) ? (item.type as StoredRelation) : null,
      reasoning: item.reasoning,
    }));
}

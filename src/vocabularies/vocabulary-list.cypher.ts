import { badInput } from '../errors';
import { cypher, type GraphExecutor } from '../graph/executor';
import { hierarchyOf, type NodeLabel } from '../model';
import {
  AUDIENCE_PROJECTION,
  type AudienceRow,
  ORGANISATION_PROJECTION,
  type OrganisationRow,
  PLACE_PROJECTION,
  type PlaceRow,
  PROGRAMME_PROJECTION,
  type ProgrammeRow,
  TOPIC_PROJECTION,
  type TopicRow,
  toAudience,
  toOrganisation,
  toPlace,
  toProgramme,
  toTopic,
} from './vocabulary.cypher';
import type { VocabularyPage, VocabularyRecord } from './vocabulary.model';

/**
 * The root lists of the vocabularies (Query.topics, Query.places ...): every node of a label, or only the roots of
 * its hierarchy, by its display key then id, a page at a time. A vocabulary holds tens of nodes, so one statement
 * orders them all, counts them and cuts the page after the cursor in the same round-trip.
 */

interface ListSpec<Row, T extends VocabularyRecord> {
  readonly label: NodeLabel;
  /** The property the list is ordered by (then id), and the cursor carries. */
  readonly sortKey: 'labelEn' | 'name';
  readonly projection: string;
  readonly map: (row: Row) => T;
  /** Whether the list can be narrowed to a place type (places only). */
  readonly byType?: boolean;
}

const spec = <Row, T extends VocabularyRecord>(s: ListSpec<Row, T>) => s;

export const VOCABULARY_LISTS = {
  topics: spec<TopicRow, ReturnType<typeof toTopic>>({ label: 'Topic', sortKey: 'labelEn', projection: TOPIC_PROJECTION, map: toTopic }),
  audiences: spec<AudienceRow, ReturnType<typeof toAudience>>({ label: 'Audience', sortKey: 'labelEn', projection: AUDIENCE_PROJECTION, map: toAudience }),
  places: spec<PlaceRow, ReturnType<typeof toPlace>>({ label: 'Place', sortKey: 'name', projection: PLACE_PROJECTION, map: toPlace, byType: true }),
  organisations: spec<OrganisationRow, ReturnType<typeof toOrganisation>>({ label: 'Organisation', sortKey: 'name', projection: ORGANISATION_PROJECTION, map: toOrganisation }),
  programmes: spec<ProgrammeRow, ReturnType<typeof toProgramme>>({ label: 'Programme', sortKey: 'name', projection: PROGRAMME_PROJECTION, map: toProgramme }),
};
export type VocabularyListName = keyof typeof VOCABULARY_LISTS;
type RecordOf<N extends VocabularyListName> = ReturnType<(typeof VOCABULARY_LISTS)[N]['map']>;

interface ListRow {
  total: number;
  nodes: unknown[];
  hasNextPage: boolean;
}

/**
 * The statement of one list. `$roots` keeps only nodes with nothing above them in the label's hierarchy (for labels
 * that have one); `$type` one place type (places); `$afterKey`/`$afterId` start after a cursor; `$first` cuts.
 */
export function vocabularyListQuery(name: VocabularyListName) {
  const { label, sortKey, projection, byType } = VOCABULARY_LISTS[name] as ListSpec<unknown, VocabularyRecord>;
  const hierarchy = hierarchyOf(label);
  const conditions = [
    ...(hierarchy ? [`($roots = false OR NOT EXISTS { (n)-[:${hierarchy}]->(:${label}) })`] : []),
    ...(byType ? ['($type IS NULL OR n.type = $type)'] : []),
  ];
  return cypher<ListRow>(
    `${name}List`,
    `MATCH (n:${label})${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}
     WITH n ORDER BY n.${sortKey}, n.id
     WITH collect(n) AS ordered
     WITH ordered, [n IN ordered WHERE $afterKey IS NULL OR n.${sortKey} > $afterKey OR (n.${sortKey} = $afterKey AND n.id > $afterId)] AS rest
     RETURN size(ordered) AS total, [n IN rest[0..$first] | n ${projection}] AS nodes, size(rest) > $first AS hasNextPage`,
  );
}

interface VocabularyCursor {
  key: string;
  id: string;
}

const encodeCursor = (label: NodeLabel, cursor: VocabularyCursor): string => Buffer.from(JSON.stringify({ l: label, k: cursor.key, i: cursor.id }), 'utf8').toString('base64url');

/** Decodes a cursor of this list, or throws BAD_USER_INPUT naming `after`. */
export function decodeVocabularyCursor(name: VocabularyListName, text: string): VocabularyCursor {
  const { label } = VOCABULARY_LISTS[name];
  const bad = () => badInput(`"after" is not a cursor of this list: pass the endCursor of a page of ${name}.`, 'after', { value: text.slice(0, 80) });
  if (text.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const { l, k, i } = (parsed ?? {}) as { l?: unknown; k?: unknown; i?: unknown };
  if (l !== label || typeof k !== 'string' || typeof i !== 'string') throw bad();
  return { key: k, id: i };
}

export interface VocabularyListOptions {
  first: number;
  after?: VocabularyCursor;
  /** Only the roots of the hierarchy (topics, places, organisations). */
  roots?: boolean;
  /** A stored place type (places). */
  type?: string | null;
}

export async function findVocabularyPage<N extends VocabularyListName>(graph: GraphExecutor, name: N, options: VocabularyListOptions): Promise<VocabularyPage<RecordOf<N>>> {
  const list = VOCABULARY_LISTS[name] as ListSpec<unknown, RecordOf<N>>;
  const [row] = await graph.read(vocabularyListQuery(name), {
    roots: options.roots ?? false,
    type: options.type ?? null,
    first: options.first,
    afterKey: options.after?.key ?? null,
    afterId: options.after?.id ?? null,
  });
  const nodes = (row?.nodes ?? []).map((n) => list.map(n));
  return {
    nodes,
    cursors: nodes.map((n) => encodeCursor(list.label, { key: String((n as unknown as Record<string, unknown>)[list.sortKey]), id: n.id })),
    totalCount: row?.total ?? 0,
    hasNextPage: row?.hasNextPage ?? false,
    hasPreviousPage: options.after !== undefined,
  };
}

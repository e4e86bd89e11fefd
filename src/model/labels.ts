/**
 * The node labels the service owns. Every label is keyed by a unique `id` (a constraint each); the rest says
 * what the rest of the code needs to know about it without restating it: whether it is a Relay Node type (its
 * global ids are "Type:slug"), what its ids look like, which property a human reads as its name, whether the
 * explore queries may show it, and the extra indexes its queries need. src/graph/graph-schema.ts creates the
 * constraints and indexes from this table; src/node/global-id.ts, src/explore and the seed loader read it.
 */

export type IdRule = 'slug' | 'language-code' | 'source-id';

export interface LabelSpec {
  /** A Relay Node type: it has a global id and `node(id:)` finds it. */
  readonly node: boolean;
  /** Shown by explore (neighbourhood, path); Series is shown although it is not a Node type. */
  readonly explore: boolean;
  /** What its `id` is: a kebab-case slug, an ISO 639 code (Language), a catalogue file id (Source). */
  readonly id: IdRule;
  /** The property a human reads as its name, in order of preference. */
  readonly display: readonly string[];
  /** In the vocabulary full-text index (autocomplete over name and labelText). */
  readonly vocabularyText: boolean;
  /** Range indexes beyond the id constraint: index name -> the properties it covers. */
  readonly indexes: Readonly<Record<string, readonly string[]>>;
}

const DEFAULTS = { node: false, explore: false, vocabularyText: false, indexes: {} } as const;
/** `const` keeps `node: true` a literal, so NodeType below is the exact union of Node labels. */
const label = <const S extends Partial<LabelSpec> & Pick<LabelSpec, 'id' | 'display'>>(spec: S): Omit<typeof DEFAULTS, keyof S> & S => ({ ...DEFAULTS, ...spec });

/** In the order the seed loader writes them and the schema set-up creates their constraints. */
export const LABELS = {
  Publication: label({
    node: true,
    explore: true,
    id: 'slug',
    display: ['title'],
    indexes: { publication_year: ['year'], publication_kind: ['kind'], publication_sort_title: ['sortTitle', 'id'], publication_isbn: ['isbnKeys'] },
  }),
  Topic: label({ node: true, explore: true, id: 'slug', display: ['labelEn', 'name'], vocabularyText: true }),
  Audience: label({ node: true, explore: true, id: 'slug', display: ['labelEn', 'name'], vocabularyText: true }),
  Place: label({ node: true, explore: true, id: 'slug', display: ['name'], vocabularyText: true, indexes: { place_iso2: ['iso2'] } }),
  Organisation: label({ node: true, explore: true, id: 'slug', display: ['name'], vocabularyText: true }),
  Programme: label({ node: true, explore: true, id: 'slug', display: ['name'], vocabularyText: true }),
  Series: label({ explore: true, id: 'slug', display: ['title'] }),
  Language: label({ id: 'language-code', display: ['name'] }),
  Source: label({ id: 'source-id', display: ['file'] }),
} as const satisfies Record<string, LabelSpec>;

export type NodeLabel = keyof typeof LABELS;
export const NODE_LABELS = Object.keys(LABELS) as NodeLabel[];

/** The labels that are Relay Node types (a literal union, so a switch over them is checked for exhaustiveness). */
export type NodeType = { [L in NodeLabel]: (typeof LABELS)[L]['node'] extends true ? L : never }[NodeLabel];
export const NODE_TYPES: readonly NodeType[] = NODE_LABELS.filter((l): l is NodeType => LABELS[l].node);
export const EXPLORE_LABELS: readonly NodeLabel[] = NODE_LABELS.filter((l) => LABELS[l].explore);
export const VOCABULARY_TEXT_LABELS: readonly NodeLabel[] = NODE_LABELS.filter((l) => LABELS[l].vocabularyText);

export const isNodeType = (value: string): value is NodeType => (NODE_TYPES as readonly string[]).includes(value);

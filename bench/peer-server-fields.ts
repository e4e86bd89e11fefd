/** The peer's companion fields: each stored relation type read from both sides, as `Publication.companions` does. */
export const COMPANION_FIELDS: [string, string, 'OUT' | 'IN'][] = [
  ['complements', 'COMPLEMENTS', 'OUT'],
  ['complementedBy', 'COMPLEMENTS', 'IN'],
  ['partOf', 'PART_OF', 'OUT'],
  ['hasPart', 'PART_OF', 'IN'],
  ['annexOf', 'ANNEX_OF', 'OUT'],
  ['hasAnnex', 'ANNEX_OF', 'IN'],
  ['moduleOf', 'MODULE_OF', 'OUT'],
  ['hasModule', 'MODULE_OF', 'IN'],
  ['informedBy', 'INFORMED_BY', 'OUT'],
  ['informs', 'INFORMED_BY', 'IN'],
  ['editionOf', 'EDITION_OF', 'OUT'],
  ['hasEdition', 'EDITION_OF', 'IN'],
];
export const COMPANION_FIELD_NAMES = COMPANION_FIELDS.map(([field]) => field);

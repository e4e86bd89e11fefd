import { randomUUID } from 'node:crypto';
import type { Viewer } from '../auth/verify';
import type { GraphExecutor, GraphTransaction } from '../graph/executor';
import { PUBLICATION_RELATIONSHIPS, publicationNodeProps, topicTextOf } from '../seed/stored-form';
import { editorSourceId, Publication, type PublicationSeed } from '../seed/schema';
import {
  CREATE_PUBLICATION_RELATIONSHIPS,
  DELETE_PUBLICATION_RELATIONSHIPS,
  DELETE_UNUSED_LANGUAGES,
  ENSURE_LANGUAGES,
  LOCK_PUBLICATION,
  MISSING_REFERENCES,
  PUBLICATION_RELATIONSHIP_TYPES,
  RECORD_AUDIT_EVENT,
  STORE_DEGREES,
  TOPIC_TEXT,
  UPSERT_PUBLICATION,
} from './curation.cypher';
import { readPublicationSeeds } from './graph-to-seeds.cypher';

/**
 * Every curation edit is the same transaction: lock and read the publication in seed form, apply the change,
 * validate the result with the seed schema (src/seed/schema.ts) and the catalogue's references, then rewrite
 * the publication with the seed loader's own property and relationship builders, refresh the vocabulary degrees
 * it touched, and record the AuditEvent. A problem with the input ends the edit with userErrors and no write;
 * a failure anywhere rolls back all of it, audit record included.
 */

export type UserErrorCode = 'INVALID' | 'NOT_FOUND' | 'DUPLICATE';
export interface UserError {
  field: string[];
  message: string;
  code: UserErrorCode;
}
export interface EditResult {
  publicationId: string | null;
  userErrors: UserError[];
}
export interface AuditRecord {
  id: string;
  at: string;
  actor: string;
  via: Viewer['via'];
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/** The raw seed document an edit produces; the seed schema parses it. */
type Draft = Record<string, unknown>;

export interface Edit {
  action: string;
  /** The publication edited (for addPublication, the one created). */
  target: string;
  /** Where in the GraphQL arguments the target id came from, for NOT_FOUND. */
  targetField: string[];
  reason: string;
  create?: boolean;
  /** The publication after the edit, or the problems that prevent it. */
  apply(current: PublicationSeed | undefined): Draft | UserError[];
  /** Maps a path in the seed document to a path in the GraphQL arguments. */
  fieldOf(path: (string | number)[]): string[];
  details: Record<string, unknown>;
}

const userError = (field: string[], message: string, code: UserErrorCode = 'INVALID'): UserError => ({ field, message, code });

export async function runEdit(executor: GraphExecutor, viewer: Viewer, edit: Edit, onCommitted: (audit: AuditRecord) => void = () => undefined): Promise<EditResult> {
  let audit: AuditRecord | undefined;
  const result = await executor.transaction('write', `curation ${edit.action}`, async (tx): Promise<EditResult> => {
    audit = undefined; // a retried attempt starts over
    await tx.run(LOCK_PUBLICATION, { id: edit.target });
    const [current] = await readPublicationSeeds(tx, [edit.target]);
    if (edit.create && current) return refused([userError(edit.targetField, `a publication with id "${edit.target}" already exists`, 'DUPLICATE')]);
    if (!edit.create && !current) return refused([userError(edit.targetField, `no publication has the id "${edit.target}"`, 'NOT_FOUND')]);

    const draft = edit.apply(current);
    if (Array.isArray(draft)) return refused(draft);
    const changed = changedFields(current, draft);
    if (current && changed.length === 0) return { publicationId: edit.target, userErrors: [] }; // nothing to write
    draft.sources = withEditorSource((draft.sources as PublicationSeed['sources'] | undefined) ?? [], viewer, edit.reason, changed);

    const parsed = Publication.safeParse(draft);
    if (!parsed.success) {
      return refused(parsed.error.issues.map((i) => userError(edit.fieldOf(i.path.filter((k): k is string | number => typeof k !== 'symbol')), i.message)));
    }
    const next = parsed.data;
    const referenceErrors = await checkReferences(tx, next, edit);
    if (referenceErrors.length > 0) return refused(referenceErrors);

    await writePublication(tx, current, next);
    audit = {
      id: randomUUID(),
      at: new Date().toISOString(),
      actor: viewer.id,
      via: viewer.via,
      action: edit.action,
      target: edit.target,
      details: { ...edit.details, reason: edit.reason, fields: changed },
    };
    await tx.update(RECORD_AUDIT_EVENT, { ...audit, details: JSON.stringify(audit.details) });
    return { publicationId: edit.target, userErrors: [] };
  });
  if (audit) onCommitted(audit);
  return result;
}

const refused = (userErrors: UserError[]): EditResult => ({ publicationId: null, userErrors });

function changedFields(current: PublicationSeed | undefined, draft: Draft): string[] {
  const keys = new Set([...Object.keys(draft), ...Object.keys(current ?? {})]);
  keys.delete('sources');
  keys.delete('id');
  return [...keys].filter((k) => JSON.stringify((current as Draft | undefined)?.[k] ?? null) !== JSON.stringify(draft[k] ?? null));
}

/** The editor becomes a source of what they changed: one dated entry per edit (merged with an identical one). */
function withEditorSource(sources: PublicationSeed['sources'], viewer: Viewer, reason: string, fields: string[]): PublicationSeed['sources'] {
  const source = editorSourceId(viewer.id);
  const date = new Date().toISOString().slice(0, 10);
  const last = sources.at(-1);
  if (last && last.source === source && last.date === date && last.reason === reason.trim()) {
    return [...sources.slice(0, -1), { ...last, fields: [...new Set([...last.fields, ...fields])] }];
  }
  return [...sources, { source, date, reason, fields }];
}

async function checkReferences(tx: GraphTransaction, p: PublicationSeed, edit: Edit): Promise<UserError[]> {
  const relationTargets = p.relations.map((r) => r.target);
  const [row] = await tx.run(MISSING_REFERENCES, {
    topics: p.topics,
    audiences: p.audiences,
    places: p.places,
    organisations: [...p.publishers, ...p.partners, ...p.funders],
    programmes: p.programmes,
    series: p.series.map((s) => s.id),
    publications: relationTargets,
    sources: p.sources.filter((s) => !s.source.startsWith('editor:')).map((s) => s.source),
  });
  const missing = row?.missing ?? {};
  const errors: UserError[] = [];
  const check = (key: keyof PublicationSeed, values: string[], what: string, bucket: string) =>
    values.forEach((v, i) => {
      if (missing[bucket]?.includes(v)) errors.push(userError(edit.fieldOf([key, i]), `unknown ${what} "${v}"`, 'NOT_FOUND'));
    });
  check('topics', p.topics, 'topic', 'topics');
  check('audiences', p.audiences, 'audience', 'audiences');
  check('places', p.places, 'place', 'places');
  for (const key of ['publishers', 'partners', 'funders'] as const) check(key, p[key], 'organisation', 'organisations');
  check('programmes', p.programmes, 'programme', 'programmes');
  p.series.forEach((s, i) => {
    if (missing.series?.includes(s.id)) errors.push(userError(edit.fieldOf(['series', i, 'id']), `unknown series "${s.id}"`, 'NOT_FOUND'));
  });
  const seen = new Set<string>();
  p.relations.forEach((r, i) => {
    if (missing.publications?.includes(r.target)) errors.push(userError(edit.fieldOf(['relations', i, 'target']), `no publication has the id "${r.target}"`, 'NOT_FOUND'));
    if (r.target === p.id) errors.push(userError(edit.fieldOf(['relations', i, 'target']), 'a publication cannot relate to itself'));
    const key = `${r.type}->${r.target}`;
    if (seen.has(key)) errors.push(userError(edit.fieldOf(['relations', i]), `${p.id} already has ${key}`, 'DUPLICATE'));
    seen.add(key);
  });
  return errors;
}

/** The vocabulary nodes whose publicationCount a publication contributes to, by label. */
function degreeIds(p: PublicationSeed | undefined): Record<string, string[]> {
  if (!p) return {};
  return {
    Topic: p.topics,
    Audience: p.audiences,
    Place: p.places,
    Organisation: [...p.publishers, ...p.partners, ...p.funders],
    Programme: p.programmes,
    Series: p.series.map((s) => s.id),
    Language: p.languages.map((l) => l.code),
  };
}

async function writePublication(tx: GraphTransaction, before: PublicationSeed | undefined, next: PublicationSeed): Promise<void> {
  const topicText = new Map((await tx.run(TOPIC_TEXT, { ids: next.topics })).map((t) => [t.id, topicTextOf(t.props)]));
  await tx.update(UPSERT_PUBLICATION, { id: next.id, props: publicationNodeProps(next, topicText) });
  await tx.update(DELETE_PUBLICATION_RELATIONSHIPS, { id: next.id, types: PUBLICATION_RELATIONSHIP_TYPES });
  await tx.update(ENSURE_LANGUAGES, { languages: next.languages.map((l) => ({ code: l.code, name: l.name ?? null })) });
  for (const { type, pick } of PUBLICATION_RELATIONSHIPS) {
    const rows = pick(next).map(([to, props]) => ({ to, props }));
    if (rows.length > 0) await tx.update(CREATE_PUBLICATION_RELATIONSHIPS.get(type)!, { id: next.id, rows });
  }
  const [old, now] = [degreeIds(before), degreeIds(next)];
  await tx.update(DELETE_UNUSED_LANGUAGES, { codes: [...new Set([...(old.Language ?? []), ...(now.Language ?? [])])] });
  for (const { label, query } of STORE_DEGREES) {
    const ids = [...new Set([...(old[label] ?? []), ...(now[label] ?? [])])];
    if (ids.length > 0) await tx.update(query, { ids });
  }
}

/*
 * The rules of the tag and link edits: what each does to the publication's seed form, and which argument a
 * problem is reported against. The resolvers only translate arguments into these.
 */

/** The current publication as a mutable seed document. */
export const draftOf = (current: PublicationSeed): Draft => structuredClone(current) as unknown as Draft;

const unique = (values: readonly string[]) => [...new Set(values)];

interface Tags {
  topics?: readonly string[] | null;
  audiences?: readonly string[] | null;
}

/** Adds topics and audiences (already there is fine); a primary topic is also one of the topics. */
export function addTags(current: PublicationSeed, tags: Tags & { primaryTopic?: string | null }): Draft {
  const draft = draftOf(current);
  draft.topics = unique([...current.topics, ...(tags.topics ?? []), ...(tags.primaryTopic ? [tags.primaryTopic] : [])]);
  draft.audiences = unique([...current.audiences, ...(tags.audiences ?? [])]);
  if (tags.primaryTopic) draft.primaryTopic = tags.primaryTopic;
  return draft;
}

/** Removes topics and audiences the publication has (one it lacks is NOT_FOUND); removing the primary topic unsets it. */
export function removeTags(current: PublicationSeed, tags: Tags): Draft | UserError[] {
  const topics = tags.topics ?? [];
  const audiences = tags.audiences ?? [];
  const errors: UserError[] = [];
  topics.forEach((t, i) => {
    if (!current.topics.includes(t)) errors.push(userError(['topics', String(i)], `the publication is not tagged with topic "${t}"`, 'NOT_FOUND'));
  });
  audiences.forEach((a, i) => {
    if (!current.audiences.includes(a)) errors.push(userError(['audiences', String(i)], `the publication is not for audience "${a}"`, 'NOT_FOUND'));
  });
  if (errors.length > 0) return errors;
  const draft = draftOf(current);
  draft.topics = current.topics.filter((t) => !topics.includes(t));
  draft.audiences = current.audiences.filter((a) => !audiences.includes(a));
  if (current.primaryTopic && topics.includes(current.primaryTopic)) delete draft.primaryTopic;
  return draft;
}

/** Adds a companion link with its evidence, sourced to the editor (validation refuses a duplicate or a self-link). */
export function addCompanionLink(current: PublicationSeed, link: { type: string; target: string; evidence: string }, viewer: Viewer): Draft {
  const draft = draftOf(current);
  draft.relations = [...current.relations, { type: link.type, target: link.target, evidence: link.evidence, source: `editor:${viewer.id}` }];
  return draft;
}

/** Removes a stored companion link; one that is not there is NOT_FOUND on `to`. */
export function removeCompanionLink(current: PublicationSeed, link: { type: string; target: string }): Draft | UserError[] {
  if (!current.relations.some((r) => r.type === link.type && r.target === link.target)) {
    return [userError(['to'], `${current.id} has no ${link.type} link to "${link.target}"`, 'NOT_FOUND')];
  }
  const draft = draftOf(current);
  draft.relations = current.relations.filter((r) => !(r.type === link.type && r.target === link.target));
  return draft;
}

/** Seed paths of a tag edit → its arguments: a bad topic is reported against the argument that named it. */
export function tagField(path: (string | number)[]): string[] {
  const [key] = path;
  if (key === 'primaryTopic' || key === 'topics' || key === 'audiences') return [String(key)];
  if (key === 'sources') return ['reason'];
  return path.map(String);
}

/** Seed paths of a link edit → its arguments. */
export function relationField(path: (string | number)[]): string[] {
  const [key, , leaf] = path;
  if (key === 'relations') return [leaf === 'target' ? 'to' : leaf === 'evidence' ? 'evidence' : leaf === 'type' ? 'type' : 'to'];
  if (key === 'sources') return ['reason'];
  return path.map(String);
}

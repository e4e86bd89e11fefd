import type { MutationResolvers, Resolvers } from '../__generated__/resolvers-types';
import { requireEditor } from '../auth/guard';
import { InvalidArgumentError } from '../errors';
import { slugArgument } from '../node/global-id';
import type { GraphQLContext } from '../server/context';
import type { PublicationSeed } from '../seed/schema';
import { type Edit, type EditResult, runEdit, type UserError } from './curation.service';

/** Resolvers translate arguments into an Edit and delegate; the rules live in curation.service.ts. */

/** A publication argument may be its slug or its global id (anything else ends the edit with a userError). */
const slugOf = (id: string, argument: string): string => slugArgument(id, 'Publication', argument);

const OPTIONAL_SCALARS = new Set(['title', 'year', 'pages', 'isbn', 'eisbn', 'summary', 'notes']);
/** Input fields whose `null` means "back to the seed default" rather than "remove the key". */
const toDraftValue = (key: string, value: unknown): unknown => (value === null && !OPTIONAL_SCALARS.has(key) ? undefined : value);

/** GraphQL input objects → seed document fields (languages: GraphQL `name`/`pdf` are the seed keys already). */
function inputToDraft(input: Record<string, unknown>): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'reason') continue;
    const v = toDraftValue(key, value);
    if (key === 'languages' && Array.isArray(v)) draft[key] = v.map((l: Record<string, unknown>) => Object.fromEntries(Object.entries(l).filter(([, x]) => x !== null)));
    else if (key === 'series' && Array.isArray(v)) draft[key] = v.map((s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([, x]) => x !== null)));
    else draft[key] = v;
  }
  return draft;
}

/** The current publication as a mutable seed document. */
const draftOf = (current: PublicationSeed): Record<string, unknown> => structuredClone(current) as unknown as Record<string, unknown>;

/** Who may edit is checked before the arguments are read, so an anonymous caller learns nothing about them. */
async function respond(ctx: GraphQLContext, action: string, build: () => Edit) {
  const viewer = requireEditor(ctx.auth, action);
  let edit: Edit;
  try {
    edit = build();
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    return { publication: null, userErrors: [{ field: [error.argument], message: error.message, code: 'INVALID' as const }] };
  }
  const result: EditResult = await runEdit(ctx.graph, viewer, edit, (audit) => {
    ctx.log?.info({ audit }, `audit ${audit.action} ${audit.target} by ${audit.actor}`);
    ctx.onEdit?.();
  });
  return {
    publication: result.publicationId ? await ctx.loaders.publicationById.load(result.publicationId) : null,
    userErrors: result.userErrors,
  };
}

const unique = (values: readonly string[]) => [...new Set(values)];

const mutation: MutationResolvers = {
  addPublication: (_root, { input }, ctx) =>
    respond(ctx, 'addPublication', () => ({
      action: 'addPublication',
      target: input.id,
      targetField: ['input', 'id'],
      reason: input.reason,
      create: true,
      apply: () => inputToDraft(input),
      fieldOf: (path) => ['input', ...path.map(String)],
      details: { input: { ...input, reason: undefined } },
    })),

  updatePublication: (_root, { id, input }, ctx) =>
    respond(ctx, 'updatePublication', () => ({
      action: 'updatePublication',
      target: slugOf(id, 'id'),
      targetField: ['id'],
      reason: input.reason,
      apply: (current) => {
        const draft = draftOf(current!);
        for (const [key, value] of Object.entries(inputToDraft(input))) {
          if (value === undefined || value === null) delete draft[key];
          else draft[key] = value;
        }
        return draft;
      },
      fieldOf: (path) => ['input', ...path.map(String)],
      details: { input: { ...input, reason: undefined } },
    })),

  tagPublication: (_root, { id, topics, audiences, primaryTopic, reason }, ctx) =>
    respond(ctx, 'tagPublication', () => ({
      action: 'tagPublication',
      target: slugOf(id, 'id'),
      targetField: ['id'],
      reason,
      apply: (current) => {
        const draft = draftOf(current!);
        draft.topics = unique([...current!.topics, ...(topics ?? []), ...(primaryTopic ? [primaryTopic] : [])]);
        draft.audiences = unique([...current!.audiences, ...(audiences ?? [])]);
        if (primaryTopic) draft.primaryTopic = primaryTopic;
        return draft;
      },
      fieldOf: tagField,
      details: { topics, audiences, primaryTopic },
    })),

  untagPublication: (_root, { id, topics, audiences, reason }, ctx) =>
    respond(ctx, 'untagPublication', () => ({
      action: 'untagPublication',
      target: slugOf(id, 'id'),
      targetField: ['id'],
      reason,
      apply: (current): Record<string, unknown> | UserError[] => {
        const errors: UserError[] = [];
        (topics ?? []).forEach((t, i) => {
          if (!current!.topics.includes(t)) errors.push({ field: ['topics', String(i)], message: `the publication is not tagged with topic "${t}"`, code: 'NOT_FOUND' });
        });
        (audiences ?? []).forEach((a, i) => {
          if (!current!.audiences.includes(a)) errors.push({ field: ['audiences', String(i)], message: `the publication is not for audience "${a}"`, code: 'NOT_FOUND' });
        });
        if (errors.length > 0) return errors;
        const draft = draftOf(current!);
        draft.topics = current!.topics.filter((t) => !(topics ?? []).includes(t));
        draft.audiences = current!.audiences.filter((a) => !(audiences ?? []).includes(a));
        if (current!.primaryTopic && (topics ?? []).includes(current!.primaryTopic)) delete draft.primaryTopic;
        return draft;
      },
      fieldOf: tagField,
      details: { topics, audiences },
    })),

  linkCompanions: (_root, { from, to, type, evidence }, ctx) =>
    respond(ctx, 'linkCompanions', () => ({
      action: 'linkCompanions',
      target: slugOf(from, 'from'),
      targetField: ['from'],
      reason: evidence,
      apply: (current) => {
        const draft = draftOf(current!);
        const viewer = ctx.auth.viewer!;
        draft.relations = [...current!.relations, { type, target: slugOf(to, 'to'), evidence, source: `editor:${viewer.id}` }];
        return draft;
      },
      fieldOf: relationField,
      details: { type, to: slugOf(to, 'to'), evidence },
    })),

  unlinkCompanions: (_root, { from, to, type, reason }, ctx) =>
    respond(ctx, 'unlinkCompanions', () => ({
      action: 'unlinkCompanions',
      target: slugOf(from, 'from'),
      targetField: ['from'],
      reason,
      apply: (current) => {
        const target = slugOf(to, 'to');
        if (!current!.relations.some((r) => r.type === type && r.target === target)) {
          return [{ field: ['to'], message: `${current!.id} has no ${type} link to "${target}"`, code: 'NOT_FOUND' }];
        }
        const draft = draftOf(current!);
        draft.relations = current!.relations.filter((r) => !(r.type === type && r.target === target));
        return draft;
      },
      fieldOf: relationField,
      details: { type, to: slugOf(to, 'to') },
    })),
};

/** Seed paths of a tag edit → its arguments: a bad topic is reported against the argument that named it. */
function tagField(path: (string | number)[]): string[] {
  const [key] = path;
  if (key === 'primaryTopic' || key === 'topics' || key === 'audiences') return [String(key)];
  if (key === 'sources') return ['reason'];
  return path.map(String);
}

function relationField(path: (string | number)[]): string[] {
  const [key, , leaf] = path;
  if (key === 'relations') return [leaf === 'target' ? 'to' : leaf === 'evidence' ? 'evidence' : leaf === 'type' ? 'type' : 'to'];
  if (key === 'sources') return ['reason'];
  return path.map(String);
}

export const curationResolvers: Resolvers = { Mutation: mutation };

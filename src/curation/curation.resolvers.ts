import type { MutationResolvers, Resolvers } from '../__generated__/resolvers-types';
import { requireEditor } from '../auth/guard';
import { InvalidArgumentError } from '../errors';
import { slugArgument } from '../node/global-id';
import type { GraphQLContext } from '../server/context';
import { addCompanionLink, addTags, draftOf, type Edit, type EditResult, relationField, removeCompanionLink, removeTags, runEdit, tagField } from './curation.service';

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
    publication: result.publicationId ? await ctx.loaders.publications.byId.load(result.publicationId) : null,
    userErrors: result.userErrors,
  };
}

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
      apply: (current) => addTags(current!, { topics, audiences, primaryTopic }),
      fieldOf: tagField,
      details: { topics, audiences, primaryTopic },
    })),

  untagPublication: (_root, { id, topics, audiences, reason }, ctx) =>
    respond(ctx, 'untagPublication', () => ({
      action: 'untagPublication',
      target: slugOf(id, 'id'),
      targetField: ['id'],
      reason,
      apply: (current) => removeTags(current!, { topics, audiences }),
      fieldOf: tagField,
      details: { topics, audiences },
    })),

  linkCompanions: (_root, { from, to, type, evidence }, ctx) =>
    respond(ctx, 'linkCompanions', () => {
      const source = slugOf(from, 'from');
      const target = slugOf(to, 'to');
      return {
        action: 'linkCompanions',
        target: source,
        targetField: ['from'],
        reason: evidence,
        apply: (current) => addCompanionLink(current!, { type, target, evidence }, ctx.auth.viewer!),
        fieldOf: relationField,
        details: { type, to: target, evidence },
      };
    }),

  unlinkCompanions: (_root, { from, to, type, reason }, ctx) =>
    respond(ctx, 'unlinkCompanions', () => {
      const source = slugOf(from, 'from');
      const target = slugOf(to, 'to');
      return {
        action: 'unlinkCompanions',
        target: source,
        targetField: ['from'],
        reason,
        apply: (current) => removeCompanionLink(current!, { type, target }),
        fieldOf: relationField,
        details: { type, to: target },
      };
    }),
};

export const curationResolvers: Resolvers = { Mutation: mutation };

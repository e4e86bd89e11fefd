import { badInput } from '../errors';
import { ID_PATTERN, isNodeType, LABELS, NODE_TYPES, type NodeType } from '../model';
import type { NodeReference } from './node-references.cypher';

/**
 * Relay global ids: base64url of "Type:slug". Opaque to clients, stable because slugs are stable, and
 * self-describing so `node(id:)` knows which label to look in.
 */

export function toGlobalId(type: NodeType, slug: string): string {
  return Buffer.from(`${type}:${slug}`, 'utf8').toString('base64url');
}

/** Decodes a global id, or returns undefined when it is not one of ours. */
export function parseGlobalId(id: string): { type: NodeType; slug: string } | undefined {
  if (id.length > 512 || !/^[A-Za-z0-9_-]+={0,2}$/.test(id)) return undefined;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const type = decoded.slice(0, colon);
  const slug = decoded.slice(colon + 1);
  if (!isNodeType(type) || slug.length === 0) return undefined;
  return { type, slug };
}

/**
 * The translator for arguments that take only a global id (`publication(id:)`, entity pages' `id`, the explorer's
 * `neighbourhood(id:)` and `path(from:, to:)`). With `type`, an id of any other type is the caller's error too.
 * Anything that is not one of our ids is reported against `argument`.
 */
export function nodeIdArgument(value: string, argument: string, type?: NodeType): { type: NodeType; slug: string } {
  const parsed = parseGlobalId(value);
  const quoted = JSON.stringify(value.slice(0, 80));
  if (type !== undefined && (!parsed || parsed.type !== type)) {
    throw badInput(`Argument "${argument}" is not a ${type} id: ${quoted}`, argument, { value: value.slice(0, 80) });
  }
  if (!parsed) {
    throw badInput(`"${argument}" is not a node id: ${quoted}. Pass the \`id\` of a ${NODE_TYPES.slice(0, -1).join(', ')} or ${NODE_TYPES.at(-1)}.`, argument, {
      value: value.slice(0, 80),
    });
  }
  return parsed;
}

/** Longest slug an argument may carry: the catalogue's are far shorter, and this bounds what a refusal quotes. */
const MAX_SLUG_LENGTH = 200;

/**
 * The one translator for arguments that name a node of `type` either way clients know it: by its global id or,
 * as filters and seed files do, by its plain slug (the label's id rule in src/model). Anything else, including a
 * global id of another type, is the caller's error, reported against `argument` (and `path` inside it, for a
 * filter's values). Whether such a node exists is the query's business, not this one's.
 */
export function slugArgument(value: string, type: NodeType, argument: string, path?: string): string {
  const where = path ?? `"${argument}"`;
  const quoted = JSON.stringify(value.slice(0, 60));
  const parsed = parseGlobalId(value);
  if (parsed) {
    if (parsed.type !== type) throw badInput(`${where} must be a ${type} id or slug; ${quoted} is a ${parsed.type} id, expected a ${type}.`, argument, { path, value });
    return parsed.slug;
  }
  // Every Node label's ids are slugs today (LABELS[type].id); a label with another id rule would need its pattern here.
  if (LABELS[type].id !== 'slug' || !ID_PATTERN.test(value) || value.length > MAX_SLUG_LENGTH) {
    throw badInput(`${where} must be a ${type} id or slug; ${quoted} is neither.`, argument, { path, value: value.slice(0, 80) });
  }
  return value;
}

/**
 * slugArgument's answer as a reference: the slug with what the caller wrote and where (`path`, the argument's own
 * name for a plain argument), so the node's absence can be refused naming both (src/node/node-references.cypher.ts).
 */
export function slugReference(value: string, type: NodeType, argument: string, path?: string): NodeReference {
  return { type, slug: slugArgument(value, type, argument, path), value, argument, path: path ?? argument };
}

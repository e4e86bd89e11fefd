import { badInput } from '../errors';
import { isNodeType, type NodeType } from '../model';

/**
 * Relay global ids: base64url of "Type:slug". Opaque to clients, stable because slugs are stable, and
 * self-describing so `node(id:)` knows which label to look in.
 */
export { NODE_TYPES, type NodeType } from '../model';

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

/** Like parseGlobalId, but for arguments that must be an id of one type: a wrong id is the caller's error. */
export function expectGlobalId(id: string, type: NodeType, argument: string): string {
  const parsed = parseGlobalId(id);
  if (!parsed || parsed.type !== type) {
    throw badInput(`Argument "${argument}" is not a ${type} id: ${JSON.stringify(id.slice(0, 80))}`, argument, { value: id.slice(0, 80) });
  }
  return parsed.slug;
}

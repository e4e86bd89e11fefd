import neo4j from 'neo4j-driver';

/**
 * The single conversion boundary between driver values and plain JavaScript: Neo4j integers become numbers,
 * temporal values ISO strings, nodes and relationships their property maps. Nothing above src/graph sees a
 * driver type.
 */
export type NativeValue = null | boolean | number | string | NativeValue[] | { [key: string]: NativeValue };

export function toNative(value: unknown): NativeValue {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    // Counts and years in this catalogue are far below 2^53; refuse silently wrong numbers rather than truncate.
    if (!neo4j.integer.inSafeRange(value)) throw new RangeError(`Neo4j integer ${value.toString()} exceeds the JavaScript safe range`);
    return neo4j.integer.toNumber(value);
  }
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toNative);
  if (
    neo4j.isDate(value as never) ||
    neo4j.isDateTime(value as never) ||
    neo4j.isLocalDateTime(value as never) ||
    neo4j.isLocalTime(value as never) ||
    neo4j.isTime(value as never) ||
    neo4j.isDuration(value as never)
  ) {
    return String(value);
  }
  if (neo4j.isNode(value as never) || neo4j.isRelationship(value as never)) {
    return toNative((value as { properties: unknown }).properties);
  }
  if (typeof value === 'object') {
    const out: { [key: string]: NativeValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toNative(v);
    return out;
  }
  throw new TypeError(`Unsupported Neo4j value of type ${typeof value}`);
}

/**
 * The parameter direction of the boundary, for reads and writes alike: JavaScript has one number type, and the
 * driver sends every number as a Cypher FLOAT. The catalogue's numbers (years, pages, positions, orders, limits)
 * are integers, so whole numbers go as Cypher INTEGERs: years read back as 2019, not 2019.0, compare and facet as
 * integers, and `LIMIT $limit` needs no `toInteger`. A fractional number (a weight, a share) stays a FLOAT; a
 * weight that happens to be whole becomes an INTEGER, which every scoring expression multiplies by a FLOAT.
 */
export function toCypherParams(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(toCypherParams);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCypherParams(v)]));
  }
  return value;
}

import DataLoader from 'dataloader';
import type { CypherQuery, GraphExecutor } from './executor';

/**
 * DataLoader factories that honour the batch contract: the batch query receives every key of a tick as `$ids`,
 * returns rows tagged with their `key`, and the loader answers in the keys' order and length. Keys the graph
 * does not hold resolve to null (single) or [] (lists). Loaders are created per request and never shared.
 */

export function keyedLoader<Row extends { key: string }, T>(
  executor: GraphExecutor,
  query: CypherQuery<Row>,
  map: (row: Row) => T,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = await executor.read(query, { ids: [...keys] });
    const byKey = new Map(rows.map((row) => [row.key, map(row)]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

export function keyedListLoader<Row extends { key: string }, T>(
  executor: GraphExecutor,
  query: CypherQuery<Row>,
  map: (row: Row) => T[],
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await executor.read(query, { ids: [...keys] });
    const byKey = new Map(rows.map((row) => [row.key, map(row)]));
    return keys.map((key) => byKey.get(key) ?? []);
  });
}


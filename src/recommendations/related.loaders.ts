import DataLoader from 'dataloader';
import type { GraphExecutor } from '../graph/executor';
import type { CompiledFilter } from '../publications/publication-filter';
import { type RelatedRow, scoreSeeds, toCandidate } from './related.cypher';
import type { RelatedPublicationRecord, RelatedWeightsValue } from './related.model';
import { editionMargin, relatedList } from './related.rules';

/** Everything besides the seed that shapes a related list; validated and defaulted by the resolver. */
export interface RelatedArgs {
  first: number;
  weights: RelatedWeightsValue;
  filter: CompiledFilter;
  /** The filter as the caller wrote it (JSON): what keys the loader's cache, as the compiled filter is not data. */
  filterKey: string;
  preferLanguage: string | null;
}

export interface RelatedKey {
  id: string;
  args: RelatedArgs;
}

/** Builder objects link to their parents (circular for JSON), so the compiled filter is keyed by its input. */
const argsKey = ({ filter: _compiled, ...args }: RelatedArgs) => JSON.stringify(args);

/** The related list of one seed: rows mapped, editions collapsed, cut to `first`. */
export function toRelatedList(row: RelatedRow | undefined, args: Pick<RelatedArgs, 'first' | 'preferLanguage'>): RelatedPublicationRecord[] {
  if (!row?.items) return [];
  return relatedList(
    row.items.map((item) => toCandidate(item, row.key)),
    args.first,
    args.preferLanguage,
  );
}

/**
 * Per-request loader of Publication.related, keyed by (seed id, arguments): every seed of a tick asked with the
 * same arguments (a page of publications each asking `related(first: 3)`) is scored in one query.
 */
export function createRecommendationLoaders(executor: GraphExecutor) {
  const read: GraphExecutor['read'] = (query, params) => executor.read(query, params);
  return {
    related: new DataLoader<RelatedKey, RelatedPublicationRecord[], string>(
      async (keys) => {
        const groups = new Map<string, { args: RelatedArgs; ids: string[] }>();
        for (const key of keys) {
          const k = argsKey(key.args);
          const group = groups.get(k) ?? { args: key.args, ids: [] };
          if (!group.ids.includes(key.id)) group.ids.push(key.id);
          groups.set(k, group);
        }
        const results = new Map<string, Map<string, RelatedRow>>();
        await Promise.all(
          [...groups].map(async ([k, group]) => {
            results.set(k, await scoreSeeds(read, group.ids, group.args, group.args.first + editionMargin(group.args.first)));
          }),
        );
        return keys.map((key) => toRelatedList(results.get(argsKey(key.args))?.get(key.id), key.args));
      },
      { cacheKeyFn: (key) => `${key.id}\u0000${argsKey(key.args)}` },
    ),
  };
}

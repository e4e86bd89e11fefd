import DataLoader from 'dataloader';
import type { GraphExecutor } from '../graph/executor';
import type { CompiledFilter } from '../publications/publication-filter';
import { collapseEditions, DEFAULT_WEIGHTS, editionMargin, relatedParams, relatedPublicationsQuery, type RelatedRow, toCandidate } from './related.cypher';
import { RELATED_INDEX_SERVED } from './related-index.cypher';
import type { RelatedPublicationRecord, RelatedWeightsValue } from './related.model';

/** Everything besides the seed that shapes a related list; validated and defaulted by the resolver. */
export interface RelatedArgs {
  first: number;
  weights: RelatedWeightsValue;
  filter: CompiledFilter;
  preferLanguage: string | null;
}

export interface RelatedKey {
  id: string;
  args: RelatedArgs;
}

export { editionMargin };

const argsKey = (args: RelatedArgs) => JSON.stringify(args);

/**
 * The related index (related-index.ts) holds each seed's best candidates under the default weights and no
 * filter; a list of at most its margin-less size with those arguments is exactly the index's candidates scored.
 */
export function usesRelatedIndex(args: Pick<RelatedArgs, 'weights' | 'filter'>, limit: number): boolean {
  const defaults = (Object.keys(DEFAULT_WEIGHTS) as (keyof RelatedWeightsValue)[]).every((k) => args.weights[k] === DEFAULT_WEIGHTS[k]);
  return defaults && args.filter.predicate === 'true' && limit <= RELATED_INDEX_SERVED;
}

/** Runs the scoring query for seeds that share the same arguments: one round-trip for all of them. */
export async function scoreSeeds(
  read: GraphExecutor['read'],
  ids: readonly string[],
  args: Pick<RelatedArgs, 'weights' | 'filter'>,
  limit: number,
): Promise<Map<string, RelatedRow>> {
  const source = usesRelatedIndex(args, limit) ? 'index' : 'enumerate';
  const rows = await read(relatedPublicationsQuery(args.filter.predicate, source), relatedParams(ids, { weights: args.weights, limit, filterParams: args.filter.params }));
  return new Map(rows.map((row) => [row.key, row]));
}

/** Plans both candidate sources of the scoring query (no seed, so nothing is scored): Neo4j caches the plans. */
export async function warmRelatedPlans(executor: GraphExecutor): Promise<void> {
  const params = relatedParams([], { weights: DEFAULT_WEIGHTS, limit: 1, filterParams: {} });
  await Promise.all([executor.read(relatedPublicationsQuery('true', 'index'), params), executor.read(relatedPublicationsQuery('true'), params)]);
}

/** The related list of one seed: rows mapped, editions collapsed, cut to `first`. */
export function toRelatedList(row: RelatedRow | undefined, args: Pick<RelatedArgs, 'first' | 'preferLanguage'>): RelatedPublicationRecord[] {
  if (!row?.items) return [];
  return collapseEditions(
    row.items.map((item) => toCandidate(item, row.key)),
    args.preferLanguage,
  )
    .slice(0, args.first)
    .map(({ publication, score, reasons, languageEditions }) => ({ publication, score, reasons, languageEditions }));
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

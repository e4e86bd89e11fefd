import type { GraphExecutor } from '../graph/executor';
import { keyedLoader } from '../graph/loaders';
import { JSON_LD_FACTS, toJsonLd } from './json-ld';

/** Per-request loaders of the explore module: the JSON-LD facts of every publication a request asks for, in one query. */
export function createExploreLoaders(executor: GraphExecutor) {
  return {
    jsonLd: keyedLoader(executor, JSON_LD_FACTS, toJsonLd),
  };
}

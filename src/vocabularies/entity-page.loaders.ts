import type { GraphExecutor } from '../graph/executor';
import { keyedListLoader, keyedLoader } from '../graph/loaders';
import { PLACE_ANCESTORS, PLACES_CONTAINED, TOPIC_SURROUNDINGS, toTopicSurroundings } from './entity-page.cypher';
import { toPlace } from './vocabulary.cypher';
import { byName } from './vocabulary.loaders';

/** Per-request loaders for the entity pages' relationship fields (one round-trip per field per request), by label. */
export function createEntityPageLoaders(executor: GraphExecutor) {
  return {
    topics: { surroundings: keyedLoader(executor, TOPIC_SURROUNDINGS, toTopicSurroundings) },
    places: {
      contained: keyedListLoader(executor, PLACES_CONTAINED, (row) => row.items.map(toPlace).sort(byName)),
      ancestors: keyedListLoader(executor, PLACE_ANCESTORS, (row) =>
        [...row.items].sort((a, b) => a.steps - b.steps || a.node.name.localeCompare(b.node.name)).map((i) => toPlace(i.node)),
      ),
    },
  };
}

import { cypher, type GraphExecutor } from '../graph/executor';
import { REL, upwards } from '../model';
import type { TopicSurroundingsRecord } from '../explore/explore.model';
import {
  AUDIENCE_PROJECTION,
  type AudienceRow,
  PLACE_PROJECTION,
  type PlaceRow,
  PROGRAMME_PROJECTION,
  type ProgrammeRow,
  TOPIC_PROJECTION,
  type TopicRow,
  toAudience,
  toPlace,
  toProgramme,
  toTopic,
} from './vocabulary.cypher';
import type { PlaceRecord } from './vocabulary.model';

/**
 * What the entity pages show besides their publication lists: the surroundings of topics (co-occurring
 * topics, audiences, places, programmes with counts) and the place hierarchy, batched over `$ids`.
 */

/**
 * A topic's publications include those about its narrower topics (as `Topic.publications`). Related topics are
 * compared on the same inclusive sets; a topic's ancestors and descendants are left out (their sets contain or
 * are contained in its own, which says nothing). Audiences, places and programmes count direct tags, as facets do.
 */
export interface TopicSurroundingsRow {
  key: string;
  topics: { topic: TopicRow; shared: number; theirs: number }[];
  mine: number;
  audiences: { node: AudienceRow; count: number }[];
  places: { node: PlaceRow; count: number }[];
  programmes: { node: ProgrammeRow; count: number }[];
}

export const TOPIC_SURROUNDINGS = cypher<TopicSurroundingsRow>(
  'topicSurroundings',
  `UNWIND $ids AS key MATCH (t:Topic {id: key})
   CALL (t) {
     OPTIONAL MATCH (p:Publication)-[:${REL.ABOUT}]->(:Topic)${upwards('Topic')}(t)
     RETURN collect(DISTINCT p) AS ps
   }
   CALL (t, ps) {
     UNWIND ps AS p
     MATCH (p)-[:${REL.ABOUT}]->(:Topic)${upwards('Topic')}(n:Topic)
     WHERE n <> t AND NOT EXISTS { (n)-[:${REL.BROADER}*]->(t) } AND NOT EXISTS { (t)-[:${REL.BROADER}*]->(n) }
     WITH n, count(DISTINCT p) AS shared
     WITH n, shared, size(COLLECT { MATCH (q:Publication)-[:${REL.ABOUT}]->(:Topic)${upwards('Topic')}(n) RETURN DISTINCT q }) AS theirs
     RETURN collect({ topic: n ${TOPIC_PROJECTION}, shared: shared, theirs: theirs }) AS topics
   }
   CALL (ps) {
     UNWIND ps AS p MATCH (p)-[:${REL.FOR_AUDIENCE}]->(n:Audience)
     WITH n, count(DISTINCT p) AS c
     RETURN collect({ node: n ${AUDIENCE_PROJECTION}, count: c }) AS audiences
   }
   CALL (ps) {
     UNWIND ps AS p MATCH (p)-[:${REL.COVERS}]->(n:Place)
     WITH n, count(DISTINCT p) AS c
     RETURN collect({ node: n ${PLACE_PROJECTION}, count: c }) AS places
   }
   CALL (ps) {
     UNWIND ps AS p MATCH (p)-[:${REL.UNDER_PROGRAMME}]->(n:Programme)
     WITH n, count(DISTINCT p) AS c
     RETURN collect({ node: n ${PROGRAMME_PROJECTION}, count: c }) AS programmes
   }
   RETURN key, topics, size(ps) AS mine, audiences, places, programmes`,
);

const byCount = <T extends { count: number }>(label: (x: T) => string) => (a: T, b: T) => b.count - a.count || label(a).localeCompare(label(b));

export function toTopicSurroundings(row: TopicSurroundingsRow): TopicSurroundingsRecord {
  return {
    relatedTopics: row.topics
      .map((t) => ({ topic: toTopic(t.topic), sharedPublications: t.shared, jaccard: Math.round((t.shared / (row.mine + t.theirs - t.shared)) * 10000) / 10000 }))
      .sort((a, b) => b.jaccard - a.jaccard || b.sharedPublications - a.sharedPublications || a.topic.labelEn.localeCompare(b.topic.labelEn)),
    audiences: row.audiences.map((a) => ({ audience: toAudience(a.node), count: a.count })).sort(byCount((a) => a.audience.labelEn)),
    places: row.places.map((p) => ({ place: toPlace(p.node), count: p.count })).sort(byCount((p) => p.place.name)),
    programmes: row.programmes.map((p) => ({ programme: toProgramme(p.node), count: p.count })).sort(byCount((p) => p.programme.name)),
  };
}

export const PLACES_CONTAINED = cypher<{ key: string; items: PlaceRow[] }>(
  'placesContained',
  `UNWIND $ids AS key MATCH (p:Place {id: key}) RETURN key, [(p)<-[:${REL.WITHIN}]-(n:Place) | n ${PLACE_PROJECTION}] AS items`,
);

/** Every place above, nearest first (shortest WITHIN chain), each once. */
export const PLACE_ANCESTORS = cypher<{ key: string; items: { node: PlaceRow; steps: number }[] }>(
  'placeAncestors',
  `UNWIND $ids AS key MATCH (p:Place {id: key})
   CALL (p) {
     OPTIONAL MATCH path = (p)-[:${REL.WITHIN}*1..]->(n:Place)
     WITH n, min(length(path)) AS steps WHERE n IS NOT NULL
     RETURN collect({ node: n ${PLACE_PROJECTION}, steps: steps }) AS items
   }
   RETURN key, items`,
);

const PLACE_BY_ISO2 = cypher<{ node: PlaceRow }>(
  'placeByIso2',
  `MATCH (n:Place) WHERE n.iso2 = $iso2 RETURN n ${PLACE_PROJECTION} AS node ORDER BY n.id LIMIT 1`,
);

export async function findPlaceByIso2(graph: GraphExecutor, iso2: string): Promise<PlaceRecord | null> {
  const [row] = await graph.read(PLACE_BY_ISO2, { iso2: iso2.toUpperCase() });
  return row ? toPlace(row.node) : null;
}

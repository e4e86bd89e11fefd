import Cypher from '@neo4j/cypher-builder';
import { builtQuery, linkedUpwards } from '../graph/built-query';
import { cypher, type GraphExecutor } from '../graph/executor';
import { type NodeLabel, REL, type RelationshipType } from '../model';
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

/** `n { .id, ... }`: a fixed map projection of the vocabulary module (a model constant) over a builder variable. */
const projected = (node: Cypher.Variable, projection: string) => new Cypher.Raw((context) => `${context.compile(node)} ${projection}`);

/**
 * Built with the filter's hierarchy step (linkedUpwards), so "a topic's publications" widen exactly as a topics
 * filter does. The variables are named: the statement is fixed, and its columns are what TopicSurroundingsRow reads.
 */
function topicSurroundings(): Cypher.Clause {
  const [key, t, p, q, n, ps, c, shared, theirs] = [
    new Cypher.NamedVariable('key'),
    new Cypher.NamedNode('t'),
    new Cypher.NamedNode('p'),
    new Cypher.NamedNode('q'),
    new Cypher.NamedNode('n'),
    new Cypher.NamedVariable('ps'),
    new Cypher.NamedVariable('c'),
    new Cypher.NamedVariable('shared'),
    new Cypher.NamedVariable('theirs'),
  ];
  const column = (name: string) => new Cypher.NamedVariable(name);
  /** `(x)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(topic)`: x is about the topic or a topic below it. */
  const about = (x: Cypher.Node, labelled: boolean, topic: Cypher.Node, topicBound: boolean) =>
    linkedUpwards(new Cypher.Pattern(x, labelled ? { labels: 'Publication' } : {}), [REL.ABOUT], 'Topic', topic, topicBound);
  const above = (from: Cypher.Node, to: Cypher.Node) => new Cypher.Exists(new Cypher.Pattern(from).related({ type: REL.BROADER, direction: 'right', length: '*' }).to(to));
  /** Direct tags of the topic's publications to nodes of `label`, with how many publications carry each. */
  const tagged = (type: RelationshipType, label: NodeLabel, projection: string, name: string) =>
    new Cypher.Call(
      new Cypher.Unwind([ps, p])
        .match(new Cypher.Pattern(p).related({ type, direction: 'right' }).to(n, { labels: label }))
        .with(n, [Cypher.count(p).distinct(), c])
        .return([Cypher.collect(new Cypher.Map({ node: projected(n, projection), count: c })), column(name)]),
      [ps],
    );
  return Cypher.utils.concat(
    new Cypher.Unwind([new Cypher.NamedParam('ids'), key]).match(new Cypher.Pattern(t, { labels: 'Topic', properties: { id: key } })),
    new Cypher.Call(new Cypher.OptionalMatch(about(p, true, t, true)).return([Cypher.collect(p).distinct(), ps]), [t]),
    new Cypher.Call(
      new Cypher.Unwind([ps, p])
        .match(about(p, false, n, false))
        .where(Cypher.and(Cypher.neq(n, t), Cypher.not(above(n, t)), Cypher.not(above(t, n))))
        .with(n, [Cypher.count(p).distinct(), shared])
        .with(n, shared, [Cypher.size(new Cypher.Collect(new Cypher.Match(about(q, true, n, true)).return(q).distinct())), theirs])
        .return([Cypher.collect(new Cypher.Map({ topic: projected(n, TOPIC_PROJECTION), shared, theirs })), column('topics')]),
      [t, ps],
    ),
    tagged(REL.FOR_AUDIENCE, 'Audience', AUDIENCE_PROJECTION, 'audiences'),
    tagged(REL.COVERS, 'Place', PLACE_PROJECTION, 'places'),
    tagged(REL.UNDER_PROGRAMME, 'Programme', PROGRAMME_PROJECTION, 'programmes'),
    new Cypher.Return(key, column('topics'), [Cypher.size(ps), 'mine'], column('audiences'), column('places'), column('programmes')),
  );
}

export const TOPIC_SURROUNDINGS = builtQuery<TopicSurroundingsRow>('topicSurroundings', topicSurroundings()).query;

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

import { TOPIC_SURROUNDINGS } from '../../src/vocabularies/entity-page.cypher';
import { formatCypher } from './format';

/** What a topic page shows besides its publications, batched over `$ids`. */
describe('the entity page queries', () => {
  it("a topic's surroundings count its publications with those of its narrower topics, as a topics filter widens", () => {
    expect(TOPIC_SURROUNDINGS.name).toBe('topicSurroundings');
    expect(formatCypher(TOPIC_SURROUNDINGS.cypher)).toMatchInlineSnapshot(`
"UNWIND $ids AS key
MATCH (t:Topic { id: key })
CALL (t) {
OPTIONAL MATCH (p:Publication)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(t)
RETURN collect(DISTINCT p) AS ps
}
CALL (t, ps) {
UNWIND ps AS p
MATCH (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(n:Topic)
WHERE (n <> t AND NOT (EXISTS {
(n)-[:BROADER*]->(t)
}) AND NOT (EXISTS {
(t)-[:BROADER*]->(n)
}))
WITH n, count(DISTINCT p) AS shared
WITH n, shared, size(COLLECT {
MATCH (q:Publication)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(n)
RETURN DISTINCT q
}) AS theirs
RETURN collect({topic: n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }, shared: shared, theirs: theirs}) AS topics
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:FOR_AUDIENCE]->(n:Audience)
WITH n, count(DISTINCT p) AS c
RETURN collect({node: n { .id, .name, .labelEn, .labelEs, .labelFr, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }, count: c}) AS audiences
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:COVERS]->(n:Place)
WITH n, count(DISTINCT p) AS c
RETURN collect({node: n { .id, .name, .type, .iso2 }, count: c}) AS places
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:UNDER_PROGRAMME]->(n:Programme)
WITH n, count(DISTINCT p) AS c
RETURN collect({node: n { .id, .name, .acronym, .kind, .description, links: coalesce(n.links, []) }, count: c}) AS programmes
}
RETURN key, topics, size(ps) AS mine, audiences, places, programmes"
`);
  });
});

import { EDGES_AMONG, neighbourhoodCandidatesQuery } from '../../src/explore/neighbourhood.cypher';
import { connectionPathQuery } from '../../src/explore/path.cypher';
import { READING_PATH_CANDIDATES } from '../../src/explore/reading-path';
import { formatCypher } from './format';

/** Explore: neighbourhoods, explainable paths and reading paths, each from the allowlisted relationship types. */
describe('the explore queries', () => {
  it('a neighbourhood two steps around a topic', () => {
    const query = neighbourhoodCandidatesQuery('Topic', 2);
    expect(query.name).toBe('neighbourhoodCandidates Topic 2');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"MATCH (c:Topic {id: $slug})
CALL (c) {
MATCH path = (c)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES*1..2]-(n)
WHERE n <> c AND all(x IN nodes(path) WHERE (x:Publication OR x:Topic OR x:Audience OR x:Place OR x:Organisation OR x:Programme))
WITH n, count(path) AS paths, min(length(path)) AS distance,
collect(DISTINCT CASE WHEN length(path) = 2 THEN elementId(nodes(path)[1]) END) AS via
RETURN collect(n { elementId: elementId(n), slug: n.id, type: [l IN labels(n) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0], label: coalesce(n.labelEn, n.name, n.title),
summary: CASE WHEN n:Publication AND n.title IS NULL THEN left(n.summary, 300) END, publicationCount: n.publicationCount, paths: paths, distance: distance, via: via }) AS candidates
}
RETURN c { elementId: elementId(c), slug: c.id, type: [l IN labels(c) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0], label: coalesce(c.labelEn, c.name, c.title),
summary: CASE WHEN c:Publication AND c.title IS NULL THEN left(c.summary, 300) END, publicationCount: c.publicationCount } AS center, candidates"
`);
  });

  it('the relationships among the chosen neighbours, and co-occurrence from a vocabulary centre', () => {
    expect(formatCypher(EDGES_AMONG.cypher)).toMatchInlineSnapshot(`
"CALL () {
MATCH (a) WHERE elementId(a) IN $ids
MATCH (a)-[r:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES]->(b) WHERE elementId(b) IN $ids
RETURN elementId(a) AS source, elementId(b) AS target, type(r) AS type, 1.0 AS weight
UNION ALL
MATCH (c) WHERE elementId(c) = $center AND NOT c:Publication
MATCH (n) WHERE elementId(n) IN $ids AND n <> c AND NOT n:Publication
WITH c, n, size(COLLECT { MATCH (c)<-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME]-(p:Publication)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME]->(n) RETURN DISTINCT p }) AS shared
WHERE shared > 0
RETURN elementId(c) AS source, elementId(n) AS target, 'CO_OCCURS' AS type, toFloat(shared) AS weight
}
RETURN source, target, type, weight"
`);
  });

  it('the shortest explainable paths from a publication to a place', () => {
    const query = connectionPathQuery('Publication', 'Place', 4);
    expect(query.name).toBe('connectionPaths Publication Place 4');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"OPTIONAL MATCH (a:Publication {id: $from})
OPTIONAL MATCH (b:Place {id: $to})
CALL () { MATCH (p:Publication) RETURN count(p) AS total }
CALL (a, b, total) {
WITH a, b, total WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
MATCH path = allShortestPaths((a)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES|IN_SERIES*..4]-(b))
WHERE all(x IN nodes(path) WHERE x = a OR x = b OR (
((x:Publication OR x:Topic OR x:Audience OR x:Place OR x:Organisation OR x:Programme) OR x:Series)
AND (NOT $avoidHubs OR (coalesce(x.publicationCount, 0) * 2 <= total AND NOT (x:Place AND x.type = 'world')))))
WITH path LIMIT 200
RETURN collect({
nodes: [x IN nodes(path) | { slug: x.id, type: [l IN labels(x) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0], label: coalesce(x.labelEn, x.name, x.title),
summary: CASE WHEN x:Publication AND x.title IS NULL THEN left(x.summary, 300) END, publicationCount: x.publicationCount }],
relationships: [i IN range(0, length(path) - 1) | { type: type(relationships(path)[i]), forward: startNode(relationships(path)[i]) = nodes(path)[i] }]
}) AS paths
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, total, paths"
`);
  });

  it('the candidates of a reading path through a topic', () => {
    expect(formatCypher(READING_PATH_CANDIDATES.cypher)).toMatchInlineSnapshot(`
"MATCH (t:Topic {id: $topic})
OPTIONAL MATCH (a:Audience {id: $audience})
CALL (t, a) {
MATCH (p:Publication)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(t)
WITH DISTINCT p
RETURN collect(p { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(p.alternativeTitles, []), authors: coalesce(p.authors, []), missing: coalesce(p.missing, []), links: coalesce(p.links, []),
forAudience: a IS NOT NULL AND EXISTS { (p)-[:FOR_AUDIENCE]->(a) },
primary: EXISTS { (p)-[:ABOUT {primary: true}]->(:Topic)-[:BROADER*0..]->(t) },
audiences: [(p)-[:FOR_AUDIENCE]->(x:Audience) | x.labelEn],
series: [(p)-[r:IN_SERIES]->(s:Series) | { title: s.title, position: r.position }],
relations: [(p)-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]->(o:Publication) | { type: type(r), evidence: r.evidence, source: r.source, target: o { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(o.alternativeTitles, []), authors: coalesce(o.authors, []), missing: coalesce(o.missing, []), links: coalesce(o.links, []) } }]
}) AS candidates
}
RETURN t.labelEn AS topicLabel, a.labelEn AS audienceLabel, a IS NOT NULL AS audienceFound, candidates"
`);
  });
});

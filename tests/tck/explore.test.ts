import { EDGES_AMONG, neighbourhoodQuery } from '../../src/explore/neighbourhood.cypher';
import { connectionPathQuery } from '../../src/explore/path.cypher';
import { READING_PATH_CANDIDATES } from '../../src/explore/reading-path';
import { formatCypher } from './format';

/** Explore: neighbourhoods, explainable paths and reading paths, each from the allowlisted relationship types. */
describe('the explore queries', () => {
  it('a neighbourhood two steps around a topic', () => {
    const query = neighbourhoodQuery('Topic', 2);
    expect(query.name).toBe('neighbourhood Topic 2');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"MATCH (c:Topic {id: $slug})
CALL (c) {
CALL (c) {
MATCH (c)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES]-(x) WHERE x <> c AND (x:Publication OR x:Topic OR x:Audience OR x:Place OR x:Organisation OR x:Programme)
RETURN x LIMIT $ringSample
}
RETURN collect(x) AS sample
}
CALL (c, sample) {
UNWIND sample AS x
WITH c, x, count(*) AS direct
CALL (c, x, direct) {
RETURN x AS n, direct AS paths, 1 AS distance, null AS via
UNION ALL
MATCH (x)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES]-(n) WHERE n <> c AND (n:Publication OR n:Topic OR n:Audience OR n:Place OR n:Organisation OR n:Programme)
WITH n LIMIT $degreeCap
RETURN n, direct AS paths, 2 AS distance, x AS via
}
WITH n, sum(paths) AS paths, min(distance) AS distance, collect(DISTINCT via) AS via
WITH n, paths, distance, via, [l IN labels(n) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0] AS type
WITH {node: n, type: type, wanted: $types IS NULL OR type IN $types, paths: paths, distance: distance, via: via,
publicationCount: coalesce(n.publicationCount, 0), label: coalesce(coalesce(n.labelEn, n.name, n.title), ''), slug: n.id} AS w
ORDER BY w.distance, w.paths DESC, w.publicationCount, w.label, w.slug
WITH collect(w) AS ranked
RETURN [w IN ranked WHERE w.distance = 1] AS ring1, [w IN ranked WHERE w.distance = 2] AS ring2
}
WITH c, ring1, ring2, size(sample) >= $ringSample AS sampled
CALL (ring1) {
UNWIND ring1 AS w
WITH w WHERE w.wanted
WITH w.type AS type, collect(w) AS ofType
WITH ofType[..$limit] AS kept, size(ofType) AS candidates
RETURN reduce(flat = [], l IN collect(kept) | flat + l) AS kept, coalesce(sum(candidates), 0) AS candidates
}
WITH c, ring2, sampled, kept AS kept1, candidates AS candidates1,
[w IN kept + [w IN ring1 WHERE NOT w.wanted] | w.node] AS connecting
CALL (ring2, connecting, kept1) {
UNWIND ring2 AS w
WITH w WHERE w.wanted AND any(v IN w.via WHERE v IN connecting)
WITH w.type AS type, collect(w) AS ofType
WITH ofType[..$limit - size([t IN kept1 WHERE t.type = type])] AS kept, size(ofType) AS candidates
RETURN reduce(flat = [], l IN collect(kept) | flat + l) AS kept, coalesce(sum(candidates), 0) AS candidates
}
WITH c, kept1 + kept AS kept, sampled OR size(kept1) < candidates1 OR size(kept) < size([w IN ring2 WHERE w.wanted]) AS truncated
CALL (kept) {
UNWIND kept AS w
WITH w ORDER BY w.distance, w.paths DESC, w.publicationCount, w.label, w.slug
WITH w.node AS n, w
RETURN collect(n { elementId: elementId(n), slug: n.id, type: [l IN labels(n) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0], label: coalesce(n.labelEn, n.name, n.title),
summary: CASE WHEN n:Publication AND n.title IS NULL THEN left(n.summary, 300) END, publicationCount: n.publicationCount, paths: w.paths, distance: w.distance }) AS chosen
}
RETURN c { elementId: elementId(c), slug: c.id, type: [l IN labels(c) WHERE l IN ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series']][0], label: coalesce(c.labelEn, c.name, c.title),
summary: CASE WHEN c:Publication AND c.title IS NULL THEN left(c.summary, 300) END, publicationCount: c.publicationCount } AS center, chosen, truncated"
`);
  });

  it('the relationships among the chosen neighbours, and co-occurrence from a vocabulary centre', () => {
    expect(formatCypher(EDGES_AMONG.cypher)).toMatchInlineSnapshot(`
"CALL () {
MATCH (a) WHERE elementId(a) IN $ids
WITH collect(a) AS chosen
UNWIND chosen AS a
UNWIND chosen AS b
MATCH (a)-[r:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES]->(b)
RETURN elementId(a) AS source, elementId(b) AS target, type(r) AS type, 1.0 AS weight
UNION ALL
MATCH (c) WHERE elementId(c) = $center AND NOT c:Publication
CALL (c) {
MATCH (c)<-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME]-(p:Publication)
RETURN DISTINCT p LIMIT $ringSample
}
MATCH (p)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME]->(n) WHERE elementId(n) IN $ids AND n <> c
WITH c, n, count(DISTINCT p) AS shared
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
AND (NOT $avoidHubs OR (coalesce(x.publicationCount, 0) * 2 <= total AND coalesce(x.publicationCount, 0) <= $hubPublications
AND NOT (x:Place AND x.type = 'world')))))
WITH path LIMIT 200
RETURN collect(path) AS near
}
CALL (a, b, total, near) {
WITH a, b, total WHERE $avoidHubs AND size(near) = 0
WITH a, b, total WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
MATCH path = allShortestPaths((a)-[:ABOUT|FOR_AUDIENCE|COVERS|PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY|UNDER_PROGRAMME|COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF|BROADER|WITHIN|PART_OF_ORGANISATION|OPERATES_IN|RUN_BY|ADDRESSES|IN_SERIES*..4]-(b))
WHERE all(x IN nodes(path) WHERE x = a OR x = b OR (
((x:Publication OR x:Topic OR x:Audience OR x:Place OR x:Organisation OR x:Programme) OR x:Series)
AND (NOT $avoidHubs OR (coalesce(x.publicationCount, 0) * 2 <= total AND coalesce(x.publicationCount, 0) <= $widerHubPublications
AND NOT (x:Place AND x.type = 'world')))))
WITH path LIMIT 50
RETURN collect(path) AS wide
}
CALL (near, wide) {
UNWIND near + wide AS path
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

import { compilePublicationFilter } from '../../src/publications/publication-filter';
import {
  buildPublicationFacetsQuery,
  buildPublicationListQuery,
  constrainedSet,
  encodeListCursor,
  decodeListCursor,
  filteredSet,
} from '../../src/publications/publication-list.cypher';
import { searchLookups } from '../../src/search/lucene';
import { parseSearchQuery } from '../../src/search/query-language';
import { textSearchSet } from '../../src/search/search.cypher';
import { formatCypher, formatParams } from './format';

/** Publication lists: the set a list is drawn from, keyset pages, folded relations, counts and facets. */
describe('the publication list query', () => {
  it('a first page in title order over the whole catalogue', () => {
    const { query, params } = buildPublicationListQuery({ set: filteredSet(compilePublicationFilter(null)), sort: 'TITLE', first: 20 });
    expect(query.name).toBe('publicationList TITLE');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"CALL () {
MATCH (p:Publication)
WITH p, NULL AS score
ORDER BY p.sortTitle ASC, p.id ASC
LIMIT $limit
RETURN collect({publication: p { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(p.alternativeTitles, []), authors: coalesce(p.authors, []), missing: coalesce(p.missing, []), links: coalesce(p.links, []) }, sortKey: [p.sortTitle, p.id], score: score, relations: {}}) AS rows
}
RETURN rows, NULL AS total"
`);
    expect(formatParams(params)).toMatchInlineSnapshot(`
"{
  "limit": 21
}"
`);
  });

  it('a topic-anchored page after a cursor, newest first, counted and with topics and companions folded in', () => {
    const after = decodeListCursor(encodeListCursor({ sort: 'YEAR_DESC', values: [2019, 'handbook on x', 'handbook-x'] }), 'YEAR_DESC');
    const { query, params } = buildPublicationListQuery({
      set: filteredSet(compilePublicationFilter({ topics: ['counter-trafficking'], yearFrom: 2015 })),
      sort: 'YEAR_DESC',
      first: 5,
      after,
      fold: ['topicTags', 'companions', 'topicTags'],
      count: true,
    });
    expect(query.name).toBe('publicationList YEAR_DESC counted folded');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"CALL () {
UNWIND $refs0 AS ref
WITH ref
WHERE NOT (CASE ref.type
WHEN 'Topic' THEN EXISTS {
MATCH (this0:Topic { id: ref.id })
}
ELSE false
END)
RETURN collect(ref) AS missing
}
CALL () {
MATCH (anchor:Topic)
WHERE anchor.id IN $f1
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p
WHERE p.year >= $f2
RETURN count(p) AS total
}
CALL () {
MATCH (anchor:Topic)
WHERE anchor.id IN $f1
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p
WHERE (p.year >= $f2 AND (coalesce(p.year, -1) < $k3 OR (coalesce(p.year, -1) = $k3 AND p.sortTitle > $k4) OR (coalesce(p.year, -1) = $k3 AND p.sortTitle = $k4 AND p.id > $k5)))
WITH p, NULL AS score
ORDER BY coalesce(p.year, -1) DESC, p.sortTitle ASC, p.id ASC
LIMIT $limit
RETURN collect({publication: p { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(p.alternativeTitles, []), authors: coalesce(p.authors, []), missing: coalesce(p.missing, []), links: coalesce(p.links, []) }, sortKey: [coalesce(p.year, -1), p.sortTitle, p.id], score: score, relations: {topicTags: [(p)-[r:ABOUT]->(n:Topic) | { primary: coalesce(r.primary, false), topic: n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) } }], companions: COLLECT {
CALL (p) {
MATCH (p)-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]->(o:Publication)
RETURN type(r) AS type, true AS outgoing, r.evidence AS evidence, r.source AS source, r.reasoning AS reasoning, o
UNION ALL
MATCH (p)<-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]-(o:Publication)
RETURN type(r) AS type, false AS outgoing, r.evidence AS evidence, r.source AS source, r.reasoning AS reasoning, o
UNION ALL
MATCH (p)-[:IN_SERIES]->(s:Series)<-[:IN_SERIES]-(o:Publication)
WHERE o <> p
RETURN 'SAME_SERIES' AS type, true AS outgoing, s.title AS evidence, null AS source, null AS reasoning, o
}
WITH type, outgoing, evidence, source, reasoning, o ORDER BY o.sortTitle, o.id
RETURN { type: type, outgoing: outgoing, evidence: evidence, source: source, reasoning: reasoning, publication: o { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(o.alternativeTitles, []), authors: coalesce(o.authors, []), missing: coalesce(o.missing, []), links: coalesce(o.links, []) } }
}}}) AS rows
}
RETURN rows, total, missing"
`);
    expect(formatParams(params)).toMatchInlineSnapshot(`
"{
  "refs0": [
    {
      "type": "Topic",
      "id": "counter-trafficking"
    }
  ],
  "f1": [
    "counter-trafficking"
  ],
  "f2": 2015,
  "k3": 2019,
  "k4": "handbook on x",
  "k5": "handbook-x",
  "limit": 6
}"
`);
  });

  it('RELEVANCE orders a full-text search by score and falls back to title order without one', () => {
    const search = buildPublicationListQuery({ set: textSearchSet(searchLookups(parseSearchQuery('trafficking')), compilePublicationFilter({ kinds: ['HANDBOOK'] })), sort: 'RELEVANCE', first: 3 });
    expect(formatCypher(search.query.cypher)).toMatchInlineSnapshot(`
"CALL () {
CALL () {
UNWIND $searchClauses AS clause
CALL (clause) {
UNWIND clause.lookups AS lookup
CALL db.index.fulltext.queryNodes(lookup.index, lookup.lucene) YIELD node, score
RETURN node, lookup.fuzzy AS fuzzy, score
}
WITH clause, collect({ node: node, fuzzy: fuzzy, score: score }) AS hits
WITH clause, CASE WHEN any(h IN hits WHERE NOT h.fuzzy) THEN [h IN hits WHERE NOT h.fuzzy] ELSE hits END AS hits
UNWIND hits AS hit
WITH clause, hit.node AS node, max(hit.score) AS best
WITH node, sum(CASE WHEN clause.exclude THEN 0.0 ELSE best END) AS score,
count(CASE WHEN NOT clause.exclude THEN 1 END) AS wanted, count(CASE WHEN clause.exclude THEN 1 END) AS excluded
WHERE wanted = $searchWanted AND excluded = 0
RETURN node AS p, score
}
WITH p, score
WHERE p.kind IN $f2
WITH p, score
ORDER BY score DESC, p.id ASC
LIMIT $limit
RETURN collect({publication: p { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(p.alternativeTitles, []), authors: coalesce(p.authors, []), missing: coalesce(p.missing, []), links: coalesce(p.links, []) }, sortKey: [score, p.id], score: score, relations: {}}) AS rows
}
RETURN rows, NULL AS total"
`);
    expect(formatParams(search.params)).toMatchInlineSnapshot(`
"{
  "searchClauses": [
    {
      "exclude": false,
      "lookups": [
        {
          "index": "publication_text",
          "lucene": "trafficking",
          "fuzzy": false
        },
        {
          "index": "publication_text_en",
          "lucene": "trafficking",
          "fuzzy": false
        },
        {
          "index": "publication_text_es",
          "lucene": "trafficking",
          "fuzzy": false
        },
        {
          "index": "publication_text_fr",
          "lucene": "trafficking",
          "fuzzy": false
        },
        {
          "index": "publication_text",
          "lucene": "trafficking~2",
          "fuzzy": true
        }
      ]
    }
  ],
  "searchWanted": 1,
  "f2": [
    "handbook"
  ],
  "limit": 4
}"
`);
    expect(buildPublicationListQuery({ set: filteredSet(compilePublicationFilter(null)), sort: 'RELEVANCE', first: 3 }).sort).toBe('TITLE');
  });

  it('a cursor of another order is refused', () => {
    const after = { sort: 'TITLE' as const, values: ['a', 'b'] };
    expect(() => buildPublicationListQuery({ set: filteredSet(compilePublicationFilter(null)), sort: 'YEAR_ASC', first: 3, after })).toThrow('another order');
  });

  it('facets of a filtered set: six vocabulary facets and two property facets in one statement', () => {
    const { query, params } = buildPublicationFacetsQuery(filteredSet(compilePublicationFilter({ places: ['nigeria'] })), 10);
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"MATCH (anchor:Place)
WHERE anchor.id IN $f0
MATCH (narrower:Place)-[:WITHIN*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:COVERS]-(p:Publication)
WITH DISTINCT p
WITH collect(p) AS ps
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(n:Topic)
WITH n, count(DISTINCT p) AS c
ORDER BY c DESC, COUNT {
MATCH (n)-[:BROADER*1..]->(this0:Topic)
} ASC, n.id ASC
LIMIT $bucketLimit
RETURN collect({value: n.id, label: coalesce(n.labelEn, n.id), count: c, nodeType: 'Topic', parents: [(n)-[:BROADER]->(broader:Topic) | broader.id]}) AS topics
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE NOT (EXISTS {
MATCH (p)-[:ABOUT]->(n:Topic)
})
RETURN count(p) AS topicsMissing
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:FOR_AUDIENCE]->(n:Audience)
WITH n, count(DISTINCT p) AS c
ORDER BY c DESC, n.id ASC
LIMIT $bucketLimit
RETURN collect({value: n.id, label: coalesce(n.labelEn, n.id), count: c, nodeType: 'Audience', parents: []}) AS audiences
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE NOT (EXISTS {
MATCH (p)-[:FOR_AUDIENCE]->(n:Audience)
})
RETURN count(p) AS audiencesMissing
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:COVERS]->(:Place)-[:WITHIN*0..]->(n:Place)
WITH n, count(DISTINCT p) AS c
ORDER BY c DESC, COUNT {
MATCH (n)-[:WITHIN*1..]->(this1:Place)
} ASC, n.id ASC
LIMIT $bucketLimit
RETURN collect({value: n.id, label: coalesce(n.name, n.id), count: c, nodeType: 'Place', parents: [(n)-[:WITHIN]->(broader:Place) | broader.id]}) AS places
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE NOT (EXISTS {
MATCH (p)-[:COVERS]->(n:Place)
})
RETURN count(p) AS placesMissing
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:(PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY)]->(:Organisation)-[:PART_OF_ORGANISATION*0..]->(n:Organisation)
WITH n, count(DISTINCT p) AS c
ORDER BY c DESC, COUNT {
MATCH (n)-[:PART_OF_ORGANISATION*1..]->(this2:Organisation)
} ASC, n.id ASC
LIMIT $bucketLimit
RETURN collect({value: n.id, label: coalesce(n.name, n.id), count: c, nodeType: 'Organisation', parents: [(n)-[:PART_OF_ORGANISATION]->(broader:Organisation) | broader.id]}) AS organisations
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE NOT (EXISTS {
MATCH (p)-[:(PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY)]->(n:Organisation)
})
RETURN count(p) AS organisationsMissing
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:UNDER_PROGRAMME]->(n:Programme)
WITH n, count(DISTINCT p) AS c
ORDER BY c DESC, n.id ASC
LIMIT $bucketLimit
RETURN collect({value: n.id, label: coalesce(n.name, n.id), count: c, nodeType: 'Programme', parents: []}) AS programmes
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE NOT (EXISTS {
MATCH (p)-[:UNDER_PROGRAMME]->(n:Programme)
})
RETURN count(p) AS programmesMissing
}
CALL (ps) {
UNWIND ps AS p
MATCH (p)-[:AVAILABLE_IN]->(n:Language)
WITH n, count(DISTINCT p) AS c
ORDER BY c DESC, n.id ASC
LIMIT $bucketLimit
RETURN collect({value: n.id, label: coalesce(n.name, n.id), count: c, nodeType: NULL, parents: []}) AS languages
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE NOT (EXISTS {
MATCH (p)-[:AVAILABLE_IN]->(n:Language)
})
RETURN count(p) AS languagesMissing
}
CALL (ps) {
UNWIND ps AS p
WITH p.year AS v, count(*) AS c
WHERE v IS NOT NULL
WITH v, c
ORDER BY v DESC
LIMIT $bucketLimit
RETURN collect({value: v, label: toString(v), count: c, nodeType: NULL, parents: []}) AS years
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE p.year IS NULL
RETURN count(p) AS yearsMissing
}
CALL (ps) {
UNWIND ps AS p
WITH p.kind AS v, count(*) AS c
WHERE v IS NOT NULL
WITH v, c
ORDER BY c DESC, v ASC
LIMIT $bucketLimit
RETURN collect({value: v, label: toString(v), count: c, nodeType: NULL, parents: []}) AS kinds
}
CALL (ps) {
UNWIND ps AS p
WITH p
WHERE p.kind IS NULL
RETURN count(p) AS kindsMissing
}
RETURN size(ps) AS total, topics, topicsMissing, audiences, audiencesMissing, places, placesMissing, organisations, organisationsMissing, programmes, programmesMissing, languages, languagesMissing, years, yearsMissing, kinds, kindsMissing"
`);
    expect(formatParams(params)).toMatchInlineSnapshot(`
"{
  "f0": [
    "nigeria"
  ],
  "bucketLimit": 10
}"
`);
  });
});

describe('an entity page list', () => {
  it('a topic page is driven from its topic; the caller\'s filter is tested on what that binds', () => {
    const set = constrainedSet(compilePublicationFilter({ topics: ['counter-trafficking'] }, 'p', 'e'), compilePublicationFilter({ kinds: ['HANDBOOK'] }, 'p', 'f'));
    expect(formatCypher(set.match().build().cypher)).toMatchInlineSnapshot(`
"MATCH (anchor:Topic)
WHERE anchor.id IN $e0
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p
WHERE p.kind IN $f1"
`);
    expect(formatParams(set.match().build().params)).toMatchInlineSnapshot(`
"{
  "e0": [
    "counter-trafficking"
  ],
  "f1": [
    "handbook"
  ]
}"
`);
  });

  it('a place page is driven from its place and the places within it', () => {
    const set = constrainedSet(compilePublicationFilter({ places: ['nigeria'] }, 'p', 'e'), compilePublicationFilter(null, 'p', 'f'));
    expect(formatCypher(set.match().build().cypher)).toMatchInlineSnapshot(`
"MATCH (anchor:Place)
WHERE anchor.id IN $e0
MATCH (narrower:Place)-[:WITHIN*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:COVERS]-(p:Publication)
WITH DISTINCT p"
`);
  });

  it('an organisation page is driven from the organisation and its offices', () => {
    const set = constrainedSet(compilePublicationFilter({ organisations: ['iom'] }, 'p', 'e'), compilePublicationFilter(null, 'p', 'f'));
    expect(formatCypher(set.match().build().cypher)).toMatchInlineSnapshot(`
"MATCH (anchor:Organisation)
WHERE anchor.id IN $e0
MATCH (narrower:Organisation)-[:PART_OF_ORGANISATION*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:(PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY)]-(p:Publication)
WITH DISTINCT p"
`);
  });

  it("a topic page whose caller filter names other topics keeps the page's own anchor and tests the caller's topics", () => {
    const set = constrainedSet(compilePublicationFilter({ topics: ['counter-trafficking'] }, 'p', 'e'), compilePublicationFilter({ topics: ['labour-migration'] }, 'p', 'f'));
    expect(formatCypher(set.match().build().cypher)).toMatchInlineSnapshot(`
"MATCH (anchor:Topic)
WHERE anchor.id IN $e0
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p
WHERE EXISTS {
MATCH (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(this0:Topic)
WHERE this0.id IN $f1
}"
`);
  });
});

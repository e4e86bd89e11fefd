import { compilePublicationFilter } from '../../src/publications/publication-filter';
import { buildPublicationListQuery, decodeListCursor, encodeListCursor } from '../../src/publications/publication-list.cypher';
import { searchLookups } from '../../src/search/lucene';
import { parseSearchQuery } from '../../src/search/query-language';
import { textSearchSet } from '../../src/search/search.cypher';
import { formatCypher, formatParams } from './format';

/** Full-text search: what a parsed query asks of the indexes, inside the shared list query. */
describe('the search list query', () => {
  it('asks every index per clause, keeps typo lookups for clauses without exact hits, and pages by score', () => {
    const set = textSearchSet(searchLookups(parseSearchQuery('returnee -children')), compilePublicationFilter({ kinds: ['HANDBOOK'] }));
    const after = decodeListCursor(encodeListCursor({ sort: 'RELEVANCE', values: [2.5, 'x'] }), 'RELEVANCE');
    const { query, params } = buildPublicationListQuery({ set, sort: 'RELEVANCE', first: 3, after });
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
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
WHERE (p.kind IN $f2 AND (score < $k3 OR (score = $k3 AND p.id > $k4)))
WITH p, score
ORDER BY score DESC, p.id ASC
LIMIT $limit
RETURN collect({publication: p { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(p.alternativeTitles, []), authors: coalesce(p.authors, []), missing: coalesce(p.missing, []), links: coalesce(p.links, []) }, sortKey: [score, p.id], score: score, relations: {}}) AS rows
}
RETURN rows, NULL AS total"
`);
    expect(formatParams(params)).toMatchInlineSnapshot(`
"{
  "searchClauses": [
    {
      "exclude": false,
      "lookups": [
        {
          "index": "publication_text",
          "lucene": "returnee",
          "fuzzy": false
        },
        {
          "index": "publication_text_en",
          "lucene": "returnee",
          "fuzzy": false
        },
        {
          "index": "publication_text_es",
          "lucene": "returnee",
          "fuzzy": false
        },
        {
          "index": "publication_text_fr",
          "lucene": "returnee",
          "fuzzy": false
        },
        {
          "index": "publication_text",
          "lucene": "returnee~2",
          "fuzzy": true
        }
      ]
    },
    {
      "exclude": true,
      "lookups": [
        {
          "index": "publication_text",
          "lucene": "children",
          "fuzzy": false
        },
        {
          "index": "publication_text_en",
          "lucene": "children",
          "fuzzy": false
        },
        {
          "index": "publication_text_es",
          "lucene": "children",
          "fuzzy": false
        },
        {
          "index": "publication_text_fr",
          "lucene": "children",
          "fuzzy": false
        }
      ]
    }
  ],
  "searchWanted": 1,
  "f2": [
    "handbook"
  ],
  "k3": 2.5,
  "k4": "x",
  "limit": 4
}"
`);
  });

  it('counts the matches in a subquery of its own beside the page (each use builds its own clauses)', () => {
    const set = textSearchSet(searchLookups(parseSearchQuery('trata')), compilePublicationFilter(null));
    const { query } = buildPublicationListQuery({ set, sort: 'RELEVANCE', first: 3, count: true });
    const text = query.cypher;
    // Two lookups of the same clauses: one counted, one paged; the count holds no page and no projection.
    expect(text.match(/UNWIND \$searchClauses AS clause/g)).toHaveLength(2);
    const countPart = text.slice(0, text.indexOf('RETURN count(p) AS total'));
    expect(countPart).not.toContain('LIMIT');
    expect(countPart).not.toContain('collect({publication');
  });
});

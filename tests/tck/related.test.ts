import { compilePublicationFilter } from '../../src/publications/publication-filter';
import { relatedParams, relatedPublicationsQuery } from '../../src/recommendations/related.cypher';
import { DEFAULT_WEIGHTS } from '../../src/recommendations/related.rules';
import { formatCypher, formatParams } from './format';

/** Related publications: one scoring statement per batch of seeds, candidates enumerated or read from the index. */
describe('the related publications query', () => {
  it('enumerates candidates live, filtered over `c`', () => {
    const filter = compilePublicationFilter({ languages: ['fr'] }, 'c', 'rf');
    const { query, filterParams } = relatedPublicationsQuery(filter, 'enumerate');
    expect(query.name).toBe('relatedPublications');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"CALL () { MATCH (p:Publication) RETURN count(p) AS total }
WITH total, CASE WHEN $capShare * total > $capFloor THEN toInteger(ceil($capShare * total)) ELSE $capFloor END AS shareCap
WITH total, CASE WHEN shareCap > $capCeiling THEN $capCeiling ELSE shareCap END AS cap
UNWIND $ids AS key
OPTIONAL MATCH (s:Publication {id: key})
OPTIONAL CALL (s, total, cap) {
WITH s, total, cap,
[f IN COLLECT {
MATCH (s)-[:IN_SERIES]->(n:Series)
WITH DISTINCT n
RETURN { kind: 'SERIES', types: ["IN_SERIES"], v: n, node: n { .id, .title }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:ABOUT]->(n:Topic)
WITH DISTINCT n
RETURN { kind: 'TOPIC', types: ["ABOUT"], v: n, node: n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }, df: coalesce(n.publicationCount, 0),
primary: EXISTS { (s)-[:ABOUT {primary: true}]->(n) } } AS f
UNION ALL
MATCH (s)-[:FOR_AUDIENCE]->(n:Audience)
WITH DISTINCT n
RETURN { kind: 'AUDIENCE', types: ["FOR_AUDIENCE"], v: n, node: n { .id, .name, .labelEn, .labelEs, .labelFr, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:COVERS]->(n:Place)
WITH DISTINCT n
RETURN { kind: 'PLACE', types: ["COVERS"], v: n, node: n { .id, .name, .type, .iso2 }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:UNDER_PROGRAMME]->(n:Programme)
WITH DISTINCT n
RETURN { kind: 'PROGRAMME', types: ["UNDER_PROGRAMME"], v: n, node: n { .id, .name, .acronym, .kind, .description, links: coalesce(n.links, []) }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY]->(n:Organisation)
WITH DISTINCT n
RETURN { kind: 'ORGANISATION', types: ["PUBLISHED_BY","IN_PARTNERSHIP_WITH","FUNDED_BY"], v: n, node: n { .id, .name, .acronym, organisationType: coalesce(n.type, 'other') }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
} | f { .*, idf: CASE WHEN f.df > 0 AND f.df < total THEN log(toFloat(total) / f.df) ELSE 0.0 END }] AS features,
COLLECT { MATCH (s)-[:EDITION_OF*1..2]-(e:Publication) RETURN DISTINCT e } AS seedEditions
// Topics one BROADER step from a topic of the seed that the seed is not about, computed once per seed
// (not per candidate), ordered so the first entry for a topic names the alphabetically first seed topic.
WITH s, total, cap, features, seedEditions, COLLECT {
UNWIND [f IN features WHERE f.kind = 'TOPIC'] AS f
WITH f, f.v AS t
MATCH (t)-[b:BROADER]-(n:Topic)
WHERE NOT EXISTS { (s)-[:ABOUT]->(n) }
RETURN { n: n, t: t, via: f.node.labelEn, narrower: startNode(b) = n } AS e
ORDER BY e.via, e.narrower
} AS neighbours
CALL (s, features, cap) {
MATCH (s)-[:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]-(c:Publication)
WHERE true
RETURN c
UNION
UNWIND coalesce(s.textNeighbourIds, []) AS textNeighbourId
MATCH (c:Publication {id: textNeighbourId})
WHERE true
RETURN c
UNION
UNWIND features AS f
WITH f WHERE f.df <= cap
WITH f, f.v AS v
MATCH (v)<-[r]-(c:Publication)
WHERE type(r) IN f.types
RETURN c
}
WITH s, total, features, neighbours, seedEditions, c
WHERE c <> s AND NOT c IN seedEditions AND (EXISTS {
MATCH (c)-[:AVAILABLE_IN]->(this0:Language)
WHERE this0.id IN $rf0
})
// The candidate's outgoing links are read once; every reason below is checked against them in memory.
WITH s, c, total, features, neighbours, [(c)-[r]->(x) | { type: type(r), node: x, primary: coalesce(r.primary, false) }] AS links
WITH s, c, [reason IN
[(s)-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]-(c) |
{ kind: 'RELATION', type: type(r), outgoing: startNode(r) = s, evidence: r.evidence, node: null,
contribution: toFloat($weights.relation), neighbour: null }]
+ [f IN features WHERE any(l IN links WHERE l.node = f.v AND l.type IN f.types) |
{ kind: f.kind, type: null, outgoing: null, evidence: null, node: f.node,
contribution: $weights[toLower(f.kind)] * f.idf *
CASE WHEN f.primary AND any(l IN links WHERE l.node = f.v AND l.primary) THEN 1 + $weights.primaryTopic ELSE 1 END,
neighbour: null }]
+ [(c)-[:ABOUT]->(n:Topic) WHERE any(e IN neighbours WHERE e.n = n AND NOT any(l IN links WHERE l.type = 'ABOUT' AND l.node = e.t)) |
{ kind: 'TOPIC', type: null, outgoing: null, evidence: null, node: n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) },
contribution: $weights.topic * $neighbourShare *
CASE WHEN n.publicationCount > 0 AND n.publicationCount < total THEN log(toFloat(total) / n.publicationCount) ELSE 0.0 END,
neighbour: head([e IN neighbours WHERE e.n = n AND NOT any(l IN links WHERE l.type = 'ABOUT' AND l.node = e.t) |
{ via: e.via, narrower: e.narrower }]) }]
+ [i IN range(0, size(coalesce(s.textNeighbourIds, [])) - 1) WHERE s.textNeighbourIds[i] = c.id |
{ kind: 'TEXT', type: null, outgoing: null, evidence: s.textTerms[i], node: null,
contribution: $weights.text * s.textSimilarities[i], neighbour: null }]
WHERE reason.contribution > 0] AS reasons
// The complementary-kind bonus only adds to a candidate that already has a reason.
WITH s, c, reasons, reduce(acc = 0.0, r IN reasons | acc + r.contribution) AS base
WITH c, reasons + [x IN CASE WHEN base > 0 AND [s.kind, c.kind] IN $complementaryKinds
THEN [{ kind: 'COMPLEMENTARY_KIND', type: s.kind, outgoing: null, evidence: null, node: null,
contribution: toFloat($weights.complementaryKind), neighbour: null }]
ELSE [] END WHERE x.contribution > 0] AS reasons
WITH c, reasons, reduce(acc = 0.0, r IN reasons | acc + r.contribution) AS score
WHERE score > 0
RETURN c, score, reasons
ORDER BY score DESC, c.sortTitle, c.id
LIMIT $limit
}
WITH key, s, c, score, reasons
RETURN key,
CASE WHEN s IS NULL THEN null ELSE reduce(m = s.id, x IN COLLECT { MATCH (s)-[:EDITION_OF*1..2]-(e:Publication) RETURN DISTINCT e.id } | CASE WHEN x < m THEN x ELSE m END) END AS seedWork,
collect(CASE WHEN c IS NULL THEN null ELSE {
publication: c { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(c.alternativeTitles, []), authors: coalesce(c.authors, []), missing: coalesce(c.missing, []), links: coalesce(c.links, []) },
score: score,
reasons: reasons,
work: reduce(m = c.id, x IN COLLECT { MATCH (c)-[:EDITION_OF*1..2]-(e:Publication) RETURN DISTINCT e.id } | CASE WHEN x < m THEN x ELSE m END),
// What Publication.languages answers for the candidate (the same expression as its loader), so the
// widget's nested languages cost no further round-trip; edition collapsing reads its codes.
languageItems: COLLECT { UNWIND [c] AS p UNWIND [(p)-[r:AVAILABLE_IN]->(l:Language) | { code: l.id, name: coalesce(r.nameAsListed, l.name, l.id), pdfUrl: r.pdf, order: r.order }] AS item RETURN item },
original: NOT EXISTS { (c)-[:EDITION_OF]->(:Publication) }
} END) AS items"
`);
    expect(formatParams(relatedParams(['handbook-x'], { weights: DEFAULT_WEIGHTS, limit: 13, filterParams }))).toMatchInlineSnapshot(`
"{
  "rf0": [
    "fr"
  ],
  "ids": [
    "handbook-x"
  ],
  "weights": {
    "relation": 6,
    "series": 1,
    "topic": 1,
    "audience": 1,
    "place": 0.6,
    "programme": 1,
    "organisation": 0.25,
    "text": 8,
    "primaryTopic": 0.5,
    "complementaryKind": 0.5
  },
  "limit": 13,
  "capFloor": 50,
  "capShare": 0.02,
  "capCeiling": 300,
  "neighbourShare": 0.3,
  "complementaryKinds": [
    [
      "handbook",
      "guide"
    ],
    [
      "guide",
      "handbook"
    ],
    [
      "handbook",
      "guidance-note"
    ],
    [
      "guidance-note",
      "handbook"
    ],
    [
      "handbook",
      "toolkit"
    ],
    [
      "toolkit",
      "handbook"
    ],
    [
      "assessment",
      "training-guide"
    ],
    [
      "training-guide",
      "assessment"
    ],
    [
      "assessment",
      "training-manual"
    ],
    [
      "training-manual",
      "assessment"
    ],
    [
      "training-guide",
      "trainers-manual"
    ],
    [
      "trainers-manual",
      "training-guide"
    ],
    [
      "training-manual",
      "trainers-manual"
    ],
    [
      "trainers-manual",
      "training-manual"
    ],
    [
      "training-package",
      "trainers-manual"
    ],
    [
      "trainers-manual",
      "training-package"
    ],
    [
      "training-package",
      "module"
    ],
    [
      "module",
      "training-package"
    ]
  ]
}"
`);
  });

  it('reads indexed candidates and enumerates only for seeds the index has not covered', () => {
    const { query } = relatedPublicationsQuery(null, 'index');
    expect(query.name).toBe('relatedPublications (indexed)');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"CALL () { MATCH (p:Publication) RETURN count(p) AS total }
WITH total, CASE WHEN $capShare * total > $capFloor THEN toInteger(ceil($capShare * total)) ELSE $capFloor END AS shareCap
WITH total, CASE WHEN shareCap > $capCeiling THEN $capCeiling ELSE shareCap END AS cap
UNWIND $ids AS key
OPTIONAL MATCH (s:Publication {id: key})
OPTIONAL CALL (s, total, cap) {
WITH s, total, cap,
[f IN COLLECT {
MATCH (s)-[:IN_SERIES]->(n:Series)
WITH DISTINCT n
RETURN { kind: 'SERIES', types: ["IN_SERIES"], v: n, node: n { .id, .title }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:ABOUT]->(n:Topic)
WITH DISTINCT n
RETURN { kind: 'TOPIC', types: ["ABOUT"], v: n, node: n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }, df: coalesce(n.publicationCount, 0),
primary: EXISTS { (s)-[:ABOUT {primary: true}]->(n) } } AS f
UNION ALL
MATCH (s)-[:FOR_AUDIENCE]->(n:Audience)
WITH DISTINCT n
RETURN { kind: 'AUDIENCE', types: ["FOR_AUDIENCE"], v: n, node: n { .id, .name, .labelEn, .labelEs, .labelFr, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:COVERS]->(n:Place)
WITH DISTINCT n
RETURN { kind: 'PLACE', types: ["COVERS"], v: n, node: n { .id, .name, .type, .iso2 }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:UNDER_PROGRAMME]->(n:Programme)
WITH DISTINCT n
RETURN { kind: 'PROGRAMME', types: ["UNDER_PROGRAMME"], v: n, node: n { .id, .name, .acronym, .kind, .description, links: coalesce(n.links, []) }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
UNION ALL
MATCH (s)-[:PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY]->(n:Organisation)
WITH DISTINCT n
RETURN { kind: 'ORGANISATION', types: ["PUBLISHED_BY","IN_PARTNERSHIP_WITH","FUNDED_BY"], v: n, node: n { .id, .name, .acronym, organisationType: coalesce(n.type, 'other') }, df: coalesce(n.publicationCount, 0),
primary: false } AS f
} | f { .*, idf: CASE WHEN f.df > 0 AND f.df < total THEN log(toFloat(total) / f.df) ELSE 0.0 END }] AS features,
COLLECT { MATCH (s)-[:EDITION_OF*1..2]-(e:Publication) RETURN DISTINCT e } AS seedEditions
// Topics one BROADER step from a topic of the seed that the seed is not about, computed once per seed
// (not per candidate), ordered so the first entry for a topic names the alphabetically first seed topic.
WITH s, total, cap, features, seedEditions, COLLECT {
UNWIND [f IN features WHERE f.kind = 'TOPIC'] AS f
WITH f, f.v AS t
MATCH (t)-[b:BROADER]-(n:Topic)
WHERE NOT EXISTS { (s)-[:ABOUT]->(n) }
RETURN { n: n, t: t, via: f.node.labelEn, narrower: startNode(b) = n } AS e
ORDER BY e.via, e.narrower
} AS neighbours
CALL (s, features, cap) {
UNWIND coalesce(s.relatedIds, []) AS candidateId
MATCH (c:Publication {id: candidateId})
RETURN c
UNION
MATCH (s)-[:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]-(c:Publication)
WHERE s.relatedIds IS NULL
RETURN c
UNION
UNWIND coalesce(s.textNeighbourIds, []) AS textNeighbourId
MATCH (c:Publication {id: textNeighbourId})
WHERE s.relatedIds IS NULL
RETURN c
UNION
UNWIND features AS f
WITH f WHERE f.df <= cap AND s.relatedIds IS NULL
WITH f, f.v AS v
MATCH (v)<-[r]-(c:Publication)
WHERE type(r) IN f.types
RETURN c
}
WITH s, total, features, neighbours, seedEditions, c
WHERE c <> s AND NOT c IN seedEditions AND (true)
// The candidate's outgoing links are read once; every reason below is checked against them in memory.
WITH s, c, total, features, neighbours, [(c)-[r]->(x) | { type: type(r), node: x, primary: coalesce(r.primary, false) }] AS links
WITH s, c, [reason IN
[(s)-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]-(c) |
{ kind: 'RELATION', type: type(r), outgoing: startNode(r) = s, evidence: r.evidence, node: null,
contribution: toFloat($weights.relation), neighbour: null }]
+ [f IN features WHERE any(l IN links WHERE l.node = f.v AND l.type IN f.types) |
{ kind: f.kind, type: null, outgoing: null, evidence: null, node: f.node,
contribution: $weights[toLower(f.kind)] * f.idf *
CASE WHEN f.primary AND any(l IN links WHERE l.node = f.v AND l.primary) THEN 1 + $weights.primaryTopic ELSE 1 END,
neighbour: null }]
+ [(c)-[:ABOUT]->(n:Topic) WHERE any(e IN neighbours WHERE e.n = n AND NOT any(l IN links WHERE l.type = 'ABOUT' AND l.node = e.t)) |
{ kind: 'TOPIC', type: null, outgoing: null, evidence: null, node: n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) },
contribution: $weights.topic * $neighbourShare *
CASE WHEN n.publicationCount > 0 AND n.publicationCount < total THEN log(toFloat(total) / n.publicationCount) ELSE 0.0 END,
neighbour: head([e IN neighbours WHERE e.n = n AND NOT any(l IN links WHERE l.type = 'ABOUT' AND l.node = e.t) |
{ via: e.via, narrower: e.narrower }]) }]
+ [i IN range(0, size(coalesce(s.textNeighbourIds, [])) - 1) WHERE s.textNeighbourIds[i] = c.id |
{ kind: 'TEXT', type: null, outgoing: null, evidence: s.textTerms[i], node: null,
contribution: $weights.text * s.textSimilarities[i], neighbour: null }]
WHERE reason.contribution > 0] AS reasons
// The complementary-kind bonus only adds to a candidate that already has a reason.
WITH s, c, reasons, reduce(acc = 0.0, r IN reasons | acc + r.contribution) AS base
WITH c, reasons + [x IN CASE WHEN base > 0 AND [s.kind, c.kind] IN $complementaryKinds
THEN [{ kind: 'COMPLEMENTARY_KIND', type: s.kind, outgoing: null, evidence: null, node: null,
contribution: toFloat($weights.complementaryKind), neighbour: null }]
ELSE [] END WHERE x.contribution > 0] AS reasons
WITH c, reasons, reduce(acc = 0.0, r IN reasons | acc + r.contribution) AS score
WHERE score > 0
RETURN c, score, reasons
ORDER BY score DESC, c.sortTitle, c.id
LIMIT $limit
}
WITH key, s, c, score, reasons
RETURN key,
CASE WHEN s IS NULL THEN null ELSE reduce(m = s.id, x IN COLLECT { MATCH (s)-[:EDITION_OF*1..2]-(e:Publication) RETURN DISTINCT e.id } | CASE WHEN x < m THEN x ELSE m END) END AS seedWork,
collect(CASE WHEN c IS NULL THEN null ELSE {
publication: c { .id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, alternativeTitles: coalesce(c.alternativeTitles, []), authors: coalesce(c.authors, []), missing: coalesce(c.missing, []), links: coalesce(c.links, []) },
score: score,
reasons: reasons,
work: reduce(m = c.id, x IN COLLECT { MATCH (c)-[:EDITION_OF*1..2]-(e:Publication) RETURN DISTINCT e.id } | CASE WHEN x < m THEN x ELSE m END),
// What Publication.languages answers for the candidate (the same expression as its loader), so the
// widget's nested languages cost no further round-trip; edition collapsing reads its codes.
languageItems: COLLECT { UNWIND [c] AS p UNWIND [(p)-[r:AVAILABLE_IN]->(l:Language) | { code: l.id, name: coalesce(r.nameAsListed, l.name, l.id), pdfUrl: r.pdf, order: r.order }] AS item RETURN item },
original: NOT EXISTS { (c)-[:EDITION_OF]->(:Publication) }
} END) AS items"
`);
  });
});

import { compilePublicationFilter } from '../../src/publications/publication-filter';
import { filteredSet } from '../../src/publications/publication-list.cypher';
import { toGlobalId } from '../../src/node/global-id';
import { buildPredicate, formatCypher, formatParams } from './format';

/** Each anchor built as a statement of its own, so its parameter is numbered from 0 there (filteredSet shows them in place). */
const anchors = (filter: ReturnType<typeof compilePublicationFilter>) => filter.parts.flatMap((p) => (p.anchor ? [formatCypher(p.anchor().build().cypher)] : []));
const predicate = (filter: ReturnType<typeof compilePublicationFilter>) => formatCypher(buildPredicate(filter.predicate).cypher);
const params = (filter: ReturnType<typeof compilePublicationFilter>) => formatParams(buildPredicate(filter.predicate).params);
const listed = (filter: ReturnType<typeof compilePublicationFilter>) => formatCypher(filteredSet(filter).match().build().cypher);

/** The filter compiler: GraphQL PublicationFilter in, top-level conjuncts (with their anchors) and parameters out. */
describe('compiling a publication filter', () => {
  it('an empty filter is the predicate true, with no parts and no parameters, and lists the whole catalogue', () => {
    const compiled = compilePublicationFilter(undefined);
    expect(predicate(compiled)).toBe('true');
    expect(compiled.parts).toEqual([]);
    expect(buildPredicate(compiled.predicate).params).toEqual({});
    expect(listed(compiled)).toBe('MATCH (p:Publication)');
  });

  it('topics widen to narrower topics and anchor the list on the topic side; the other conjuncts test what it binds', () => {
    const compiled = compilePublicationFilter({ topics: ['counter-trafficking', toGlobalId('Topic', 'labour-migration')], kinds: ['GUIDANCE_NOTE'] });
    expect(predicate(compiled)).toMatchInlineSnapshot(`
"(EXISTS {
MATCH (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(this0:Topic)
WHERE this0.id IN $f0
} AND p.kind IN $f1)"
`);
    expect(anchors(compiled)).toMatchInlineSnapshot(`
[
  "MATCH (anchor:Topic)
WHERE anchor.id IN $f0
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p",
]
`);
    expect(listed(compiled)).toMatchInlineSnapshot(`
"MATCH (anchor:Topic)
WHERE anchor.id IN $f0
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p
WHERE p.kind IN $f1"
`);
    expect(params(compiled)).toMatchInlineSnapshot(`
"{
  "f0": [
    "counter-trafficking",
    "labour-migration"
  ],
  "f1": [
    "guidance-note"
  ]
}"
`);
  });

  it('places widen to the places within them, organisations to their offices; the first of them anchors', () => {
    const compiled = compilePublicationFilter({ places: ['west-africa'], organisations: ['iom'] });
    expect(predicate(compiled)).toMatchInlineSnapshot(`
"(EXISTS {
MATCH (p)-[:COVERS]->(:Place)-[:WITHIN*0..]->(this0:Place)
WHERE this0.id IN $f0
} AND EXISTS {
MATCH (p)-[:(PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY)]->(:Organisation)-[:PART_OF_ORGANISATION*0..]->(this1:Organisation)
WHERE this1.id IN $f1
})"
`);
    expect(anchors(compiled)).toMatchInlineSnapshot(`
[
  "MATCH (anchor:Place)
WHERE anchor.id IN $f0
MATCH (narrower:Place)-[:WITHIN*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:COVERS]-(p:Publication)
WITH DISTINCT p",
  "MATCH (anchor:Organisation)
WHERE anchor.id IN $f0
MATCH (narrower:Organisation)-[:PART_OF_ORGANISATION*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:(PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY)]-(p:Publication)
WITH DISTINCT p",
]
`);
    expect(listed(compiled)).toMatchInlineSnapshot(`
"MATCH (anchor:Place)
WHERE anchor.id IN $f0
MATCH (narrower:Place)-[:WITHIN*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:COVERS]-(p:Publication)
WITH DISTINCT p
WHERE EXISTS {
MATCH (p)-[:(PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY)]->(:Organisation)-[:PART_OF_ORGANISATION*0..]->(this0:Organisation)
WHERE this0.id IN $f1
}"
`);
    expect(params(compiled)).toMatchInlineSnapshot(`
"{
  "f0": [
    "west-africa"
  ],
  "f1": [
    "iom"
  ]
}"
`);
  });

  it('AND, OR and NOT nest; within one object the fields combine with AND; nested tests never anchor', () => {
    const compiled = compilePublicationFilter({
      yearFrom: 2010,
      yearTo: 2020,
      OR: [{ audiences: ['policy-makers'] }, { AND: [{ languages: ['es'] }, { programmes: ['jpn'] }] }],
      NOT: { incomplete: true },
    });
    expect(predicate(compiled)).toMatchInlineSnapshot(`
"(p.year >= $f0 AND p.year <= $f1 AND (EXISTS {
MATCH (p)-[:FOR_AUDIENCE]->(this0:Audience)
WHERE this0.id IN $f2
} OR (EXISTS {
MATCH (p)-[:AVAILABLE_IN]->(this1:Language)
WHERE this1.id IN $f3
} AND EXISTS {
MATCH (p)-[:UNDER_PROGRAMME]->(this2:Programme)
WHERE this2.id IN $f4
})) AND NOT (p.incomplete = $f5))"
`);
    expect(compiled.parts).toHaveLength(4);
    expect(anchors(compiled)).toEqual([]);
    expect(params(compiled)).toMatchInlineSnapshot(`
"{
  "f0": 2010,
  "f1": 2020,
  "f2": [
    "policy-makers"
  ],
  "f3": [
    "es"
  ],
  "f4": [
    "jpn"
  ],
  "f5": true
}"
`);
  });

  it('a top-level topic anchors the list; an OR and a NOT beside it are tested on what it binds', () => {
    const compiled = compilePublicationFilter({ topics: ['counter-trafficking'], OR: [{ places: ['nigeria'] }, { audiences: ['policy-makers'] }], NOT: { kinds: ['HANDBOOK'] } });
    expect(compiled.parts).toHaveLength(3);
    expect(listed(compiled)).toMatchInlineSnapshot(`
"MATCH (anchor:Topic)
WHERE anchor.id IN $f0
MATCH (narrower:Topic)-[:BROADER*0..]->(anchor)
WITH DISTINCT narrower
MATCH (narrower)<-[:ABOUT]-(p:Publication)
WITH DISTINCT p
WHERE ((EXISTS {
MATCH (p)-[:COVERS]->(:Place)-[:WITHIN*0..]->(this0:Place)
WHERE this0.id IN $f1
} OR EXISTS {
MATCH (p)-[:FOR_AUDIENCE]->(this1:Audience)
WHERE this1.id IN $f2
}) AND NOT (p.kind IN $f3))"
`);
    expect(formatParams(filteredSet(compiled).match().build().params)).toMatchInlineSnapshot(`
"{
  "f0": [
    "counter-trafficking"
  ],
  "f1": [
    "nigeria"
  ],
  "f2": [
    "policy-makers"
  ],
  "f3": [
    "handbook"
  ]
}"
`);
  });

  it('topics nested under OR do not anchor (the anchor would drop the other branch)', () => {
    const compiled = compilePublicationFilter({ OR: [{ topics: ['counter-trafficking'] }, { places: ['nigeria'] }] });
    expect(anchors(compiled)).toEqual([]);
    expect(listed(compiled)).toMatchInlineSnapshot(`
"MATCH (p:Publication)
WHERE (EXISTS {
MATCH (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(this0:Topic)
WHERE this0.id IN $f0
} OR EXISTS {
MATCH (p)-[:COVERS]->(:Place)-[:WITHIN*0..]->(this1:Place)
WHERE this1.id IN $f1
})"
`);
  });

  it('a filter over another variable and prefix (the related query filters candidates `c`)', () => {
    const compiled = compilePublicationFilter({ topics: ['counter-trafficking'] }, 'c', 'rf');
    expect(predicate(compiled)).toMatchInlineSnapshot(`
"EXISTS {
MATCH (c)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(this0:Topic)
WHERE this0.id IN $rf0
}"
`);
    expect(params(compiled)).toMatchInlineSnapshot(`
"{
  "rf0": [
    "counter-trafficking"
  ]
}"
`);
  });
});

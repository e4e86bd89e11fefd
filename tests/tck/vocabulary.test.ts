import { ORGANISATION_OFFICES, PROGRAMME_ORGANISATIONS, publicationCounts } from '../../src/vocabularies/vocabulary.cypher';
import { vocabularyListQuery } from '../../src/vocabularies/vocabulary-list.cypher';
import { formatCypher } from './format';

/** The vocabularies' own statements: root lists, steps between vocabulary nodes and the counts the trees show. */
describe('the vocabulary queries', () => {
  it('the topic list keeps only roots on request and pages after a (label, id) cursor', () => {
    const query = vocabularyListQuery('topics');
    expect(query.name).toBe('topicsList');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"MATCH (n:Topic) WHERE ($roots = false OR NOT EXISTS { (n)-[:BROADER]->(:Topic) })
WITH n ORDER BY n.labelEn, n.id
WITH collect(n) AS ordered
WITH ordered, [n IN ordered WHERE $afterKey IS NULL OR n.labelEn > $afterKey OR (n.labelEn = $afterKey AND n.id > $afterId)] AS rest
RETURN size(ordered) AS total, [n IN rest[0..$first] | n { .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }] AS nodes, size(rest) > $first AS hasNextPage"
`);
  });

  it('the place list can be narrowed to a place type', () => {
    expect(formatCypher(vocabularyListQuery('places').cypher)).toMatchInlineSnapshot(`
"MATCH (n:Place) WHERE ($roots = false OR NOT EXISTS { (n)-[:WITHIN]->(:Place) }) AND ($type IS NULL OR n.type = $type)
WITH n ORDER BY n.name, n.id
WITH collect(n) AS ordered
WITH ordered, [n IN ordered WHERE $afterKey IS NULL OR n.name > $afterKey OR (n.name = $afterKey AND n.id > $afterId)] AS rest
RETURN size(ordered) AS total, [n IN rest[0..$first] | n { .id, .name, .type, .iso2 }] AS nodes, size(rest) > $first AS hasNextPage"
`);
  });

  it('the audience list has no hierarchy, so no roots condition', () => {
    expect(formatCypher(vocabularyListQuery('audiences').cypher)).toMatchInlineSnapshot(`
"MATCH (n:Audience)
WITH n ORDER BY n.labelEn, n.id
WITH collect(n) AS ordered
WITH ordered, [n IN ordered WHERE $afterKey IS NULL OR n.labelEn > $afterKey OR (n.labelEn = $afterKey AND n.id > $afterId)] AS rest
RETURN size(ordered) AS total, [n IN rest[0..$first] | n { .id, .name, .labelEn, .labelEs, .labelFr, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }] AS nodes, size(rest) > $first AS hasNextPage"
`);
  });

  it('steps between vocabulary nodes take their labels and direction from the model', () => {
    expect(formatCypher(ORGANISATION_OFFICES.cypher)).toMatchInlineSnapshot(`"UNWIND $ids AS key MATCH (x:Organisation {id: key}) RETURN key, [(x)<-[:PART_OF_ORGANISATION]-(n:Organisation) | n { .id, .name, .acronym, organisationType: coalesce(n.type, 'other') }] AS items"`);
    expect(formatCypher(PROGRAMME_ORGANISATIONS.cypher)).toMatchInlineSnapshot(`"UNWIND $ids AS key MATCH (x:Programme {id: key}) RETURN key, [(x)-[:RUN_BY]->(n:Organisation) | n { .id, .name, .acronym, organisationType: coalesce(n.type, 'other') }] AS items"`);
  });

  it('publication counts widen down the hierarchy as the filter does', () => {
    expect(formatCypher(publicationCounts('topics').cypher)).toMatchInlineSnapshot(`
"UNWIND $ids AS key MATCH (n:Topic {id: key})
RETURN key, size(COLLECT { MATCH (p:Publication)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(n) RETURN DISTINCT p }) AS count"
`);
    expect(formatCypher(publicationCounts('organisations').cypher)).toMatchInlineSnapshot(`
"UNWIND $ids AS key MATCH (n:Organisation {id: key})
RETURN key, size(COLLECT { MATCH (p:Publication)-[:PUBLISHED_BY|IN_PARTNERSHIP_WITH|FUNDED_BY]->(:Organisation)-[:PART_OF_ORGANISATION*0..]->(n) RETURN DISTINCT p }) AS count"
`);
    expect(formatCypher(publicationCounts('audiences').cypher)).toMatchInlineSnapshot(`
"UNWIND $ids AS key MATCH (n:Audience {id: key})
RETURN key, size(COLLECT { MATCH (p:Publication)-[:FOR_AUDIENCE]->(n) RETURN DISTINCT p }) AS count"
`);
  });
});

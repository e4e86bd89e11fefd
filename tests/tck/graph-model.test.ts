import { CREATE_PUBLICATION_RELATIONSHIPS, PUBLICATION_RELATIONSHIP_TYPES } from '../../src/curation/curation.cypher';
import { GRAPH_SCHEMA_STATEMENTS } from '../../src/graph/graph-schema';
import { buildRelationshipSpecs, upsertRelationships } from '../../src/seed/load-seeds';
import type { SeedCatalogue } from '../../src/seed/schema';
import { GraphQLEnumType, GraphQLInterfaceType, type GraphQLNamedType, print } from 'graphql';
import { COMPANION_TYPES, EXPLORE_LABELS, INVERSE_OF, NODE_TYPES } from '../../src/model';
import { buildSchema } from '../../src/server/schema';
import { formatCypher } from './format';

const EMPTY: SeedCatalogue = { sources: [], topics: [], audiences: [], places: [], organisations: [], programmes: [], series: [], publications: [] };

/** What the model makes of the database: constraints and indexes, the relationships seeding and curation write. */
describe('the graph model in Cypher', () => {
  it('the schema set-up: one id constraint per label and the indexes the queries need', () => {
    expect(Object.values(GRAPH_SCHEMA_STATEMENTS).join('\n')).toMatchInlineSnapshot(`
"CREATE CONSTRAINT publication_id IF NOT EXISTS FOR (n:Publication) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT audience_id IF NOT EXISTS FOR (n:Audience) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT series_id IF NOT EXISTS FOR (n:Series) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT language_id IF NOT EXISTS FOR (n:Language) REQUIRE n.id IS UNIQUE
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE
CREATE RANGE INDEX publication_year IF NOT EXISTS FOR (n:Publication) ON (n.year)
CREATE RANGE INDEX publication_kind IF NOT EXISTS FOR (n:Publication) ON (n.kind)
CREATE RANGE INDEX publication_sort_title IF NOT EXISTS FOR (n:Publication) ON (n.sortTitle, n.id)
CREATE RANGE INDEX publication_isbn IF NOT EXISTS FOR (n:Publication) ON (n.isbnKeys)
CREATE RANGE INDEX place_iso2 IF NOT EXISTS FOR (n:Place) ON (n.iso2)
CREATE FULLTEXT INDEX publication_text IF NOT EXISTS FOR (n:Publication) ON EACH [n.title, n.alternativeTitlesText, n.summary, n.topicText] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }
CREATE FULLTEXT INDEX publication_text_en IF NOT EXISTS FOR (n:Publication) ON EACH [n.title, n.alternativeTitlesText, n.summary, n.topicTextEn] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'english' } }
CREATE FULLTEXT INDEX publication_text_es IF NOT EXISTS FOR (n:Publication) ON EACH [n.title, n.alternativeTitlesText, n.summary, n.topicTextEs] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'spanish' } }
CREATE FULLTEXT INDEX publication_text_fr IF NOT EXISTS FOR (n:Publication) ON EACH [n.title, n.alternativeTitlesText, n.summary, n.topicTextFr] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'french' } }
CREATE FULLTEXT INDEX vocabulary_text IF NOT EXISTS FOR (n:Topic|Audience|Place|Organisation|Programme) ON EACH [n.name, n.labelText] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }"
`);
  });

  it('the seed loader writes every relationship type from its start label to its end label', () => {
    expect(buildRelationshipSpecs(EMPTY).map((s) => `(:${s.from})-[:${s.type}]->(:${s.to})`).join('\n')).toMatchInlineSnapshot(`
"(:Topic)-[:BROADER]->(:Topic)
(:Place)-[:WITHIN]->(:Place)
(:Organisation)-[:PART_OF_ORGANISATION]->(:Organisation)
(:Programme)-[:OPERATES_IN]->(:Place)
(:Programme)-[:RUN_BY]->(:Organisation)
(:Programme)-[:ADDRESSES]->(:Topic)
(:Publication)-[:ABOUT]->(:Topic)
(:Publication)-[:FOR_AUDIENCE]->(:Audience)
(:Publication)-[:COVERS]->(:Place)
(:Publication)-[:PUBLISHED_BY]->(:Organisation)
(:Publication)-[:IN_PARTNERSHIP_WITH]->(:Organisation)
(:Publication)-[:FUNDED_BY]->(:Organisation)
(:Publication)-[:UNDER_PROGRAMME]->(:Programme)
(:Publication)-[:IN_SERIES]->(:Series)
(:Publication)-[:AVAILABLE_IN]->(:Language)
(:Publication)-[:LISTED_IN]->(:Source)
(:Publication)-[:COMPLEMENTS]->(:Publication)
(:Publication)-[:PART_OF]->(:Publication)
(:Publication)-[:ANNEX_OF]->(:Publication)
(:Publication)-[:MODULE_OF]->(:Publication)
(:Publication)-[:INFORMED_BY]->(:Publication)
(:Publication)-[:EDITION_OF]->(:Publication)
(:Publication)-[:FOLLOWS_STRUCTURE_OF]->(:Publication)"
`);
    expect(formatCypher(upsertRelationships({ type: 'COVERS', from: 'Publication', to: 'Place' }).cypher)).toMatchInlineSnapshot(`
"UNWIND $rows AS row
MATCH (a:Publication {id: row.from})
MATCH (b:Place {id: row.to})
MERGE (a)-[r:COVERS]->(b)
SET r = row.props"
`);
  });

  it('curation rewrites the same outgoing relationships of a publication', () => {
    expect(PUBLICATION_RELATIONSHIP_TYPES.join(' ')).toMatchInlineSnapshot(`"ABOUT FOR_AUDIENCE COVERS PUBLISHED_BY IN_PARTNERSHIP_WITH FUNDED_BY UNDER_PROGRAMME IN_SERIES AVAILABLE_IN LISTED_IN COMPLEMENTS PART_OF ANNEX_OF MODULE_OF INFORMED_BY EDITION_OF FOLLOWS_STRUCTURE_OF"`);
    expect(formatCypher(CREATE_PUBLICATION_RELATIONSHIPS.get('COMPLEMENTS')!.cypher)).toMatchInlineSnapshot(`
"MATCH (p:Publication {id: $id})
UNWIND $rows AS row
MATCH (b:Publication {id: row.to})
CREATE (p)-[r:COMPLEMENTS]->(b) SET r = row.props"
`);
  });
});

/** The SDL restates what the API exposes of the model; these keep the two from drifting apart. */
describe('the SDL agrees with the graph model', () => {
  const schema = buildSchema();
  const enumValues = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name).sort();

  it('StoredRelation lists exactly the companion types', () => {
    expect(enumValues('StoredRelation')).toEqual([...COMPANION_TYPES].sort());
  });

  it('CompanionRelation lists each companion type, its inverse and SAME_SERIES', () => {
    expect(enumValues('CompanionRelation')).toEqual([...COMPANION_TYPES, ...COMPANION_TYPES.map((t) => INVERSE_OF.get(t)!), 'SAME_SERIES'].sort());
  });

  it('GraphNodeType lists the labels explore shows, and Node is implemented by the Node labels', () => {
    expect(enumValues('GraphNodeType')).toEqual(EXPLORE_LABELS.map((l) => l.toUpperCase()).sort());
    expect(schema.getImplementations(schema.getType('Node') as GraphQLInterfaceType).objects.map((o) => o.name).sort()).toEqual([...NODE_TYPES].sort());
  });

  it('the federation entities are the Node types, each keyed by id and by slug', () => {
    const keys = (type: GraphQLNamedType) =>
      [type.astNode, ...type.extensionASTNodes]
        .flatMap((node) => node?.directives ?? [])
        .filter((d) => d.name.value === 'key')
        .map((d) => print(d.arguments![0]!.value));
    const entities = Object.values(schema.getTypeMap()).filter((type) => keys(type).length > 0);
    expect(entities.map((t) => t.name).sort()).toEqual([...NODE_TYPES].sort());
    for (const entity of entities) expect(keys(entity)).toEqual(['"id"', '"slug"']);
  });
});

import { buildSchema, execute, type GraphQLResolveInfo, parse } from 'graphql';
import { listFetchPlan } from '../../src/publications/list-selection';
import { selectedFieldNames } from '../../src/node/selection';

/** A cut-down copy of the publication list's shape: enough to read selections, no database. */
const schema = buildSchema(`
  interface Node { id: ID! }
  type Topic implements Node { id: ID! slug: String! label(language: String): String! }
  type Publication implements Node {
    id: ID! slug: String! title: String topics: [Topic!]! places: [Topic!]! audiences: [Topic!]!
    primaryTopic: Topic companions(relations: [String!]): [Publication!]! workLanguages: [String!]! related(first: Int): [Publication!]!
    publishers: [Topic!]! languages: [String!]! sources: [String!]! editions: [Publication!]!
  }
  type PublicationEdge { cursor: String! node: Publication! matchedTopics: [Topic!]! }
  type PublicationConnection { totalCount: Int! nodes: [Publication!]! edges: [PublicationEdge!]! }
  type Query { publications: PublicationConnection! }
`);

/** The resolve info of `publications` for a query (execution stops there: nothing below is resolved). */
function infoFor(query: string, variableValues: Record<string, unknown> = {}): GraphQLResolveInfo {
  let captured: GraphQLResolveInfo | undefined;
  void execute({
    schema,
    document: parse(query),
    variableValues,
    fieldResolver: (_source, _args, _ctx, info) => {
      if (info.fieldName === 'publications') captured = info;
      return null;
    },
  });
  if (!captured) throw new Error('publications was not resolved');
  return captured;
}

describe('reading what a list query selects below its connection', () => {
  it('resolves aliases to field names and follows named and inline fragments that apply', () => {
    const info = infoFor(`
      fragment More on Publication { themes: topics { slug } ... on Node { id } }
      fragment Elsewhere on Topic { label }
      {
        publications {
          count: totalCount
          nodes { slug ...More ... on Publication { where: places { slug } } }
          edges { node { ... on Node { ... on Publication { audiences { slug } } } } }
        }
      }`);
    expect(selectedFieldNames(info)).toEqual(new Set(['totalCount', 'nodes', 'edges']));
    expect(selectedFieldNames(info, ['nodes'])).toEqual(new Set(['slug', 'topics', 'id', 'places']));
    expect(selectedFieldNames(info, ['edges', 'node'])).toEqual(new Set(['audiences']));
    expect(selectedFieldNames(info, ['nodes', 'topics'])).toEqual(new Set(['slug']));
  });

  it('honours @skip and @include, and answers an empty set for paths not selected or not in the schema', () => {
    const info = infoFor(
      `query ($yes: Boolean!, $no: Boolean!) { publications { nodes { slug topics @skip(if: $yes) { slug } places @include(if: $no) { slug } audiences @include(if: $yes) { slug } } } }`,
      { yes: true, no: false },
    );
    expect(selectedFieldNames(info, ['nodes'])).toEqual(new Set(['slug', 'audiences']));
    expect(selectedFieldNames(info, ['edges', 'node'])).toEqual(new Set());
    expect(selectedFieldNames(info, ['nope'])).toEqual(new Set());
  });

  it('plans to fold the relations the node fields load and to count only when totalCount is asked for', () => {
    expect(listFetchPlan(infoFor('{ publications { totalCount nodes { slug topics { slug } primaryTopic { slug } } edges { node { places { slug } } } } }'))).toEqual({
      fold: ['topicTags', 'places'],
      count: true,
    });
    // companions(relations:) filters the loaded list, so its key is the publication's; related is not a relation list.
    expect(listFetchPlan(infoFor('{ publications { nodes { companions(relations: ["PART_OF"]) { slug } workLanguages related(first: 3) { slug } } } }'))).toEqual({
      fold: ['companions', 'languages'],
      count: false,
    });
    expect(listFetchPlan(infoFor('{ publications { nodes { slug title } } }'))).toEqual({ fold: [], count: false });
  });

  // Each field alone, so a wrong or missing entry in the field -> relation table shows (publication.resolvers.ts
  // loads these relations for these fields).
  it.each([
    ['topics { slug }', ['topicTags']],
    ['primaryTopic { slug }', ['topicTags']],
    ['audiences { slug }', ['audiences']],
    ['places { slug }', ['places']],
    ['publishers { slug }', ['publishers']],
    ['languages', ['languages']],
    ['sources', ['sources']],
    ['companions { slug }', ['companions']],
    ['editions { slug }', ['companions']],
    ['workLanguages', ['companions', 'languages']],
    ['related(first: 3) { slug }', []],
  ])('folds, for nodes { %s }, exactly %j', (field, fold) => {
    expect(listFetchPlan(infoFor(`{ publications { nodes { ${field} } } }`)).fold).toEqual(fold);
  });

  it("folds the topic tags for a search edge's matchedTopics, and nothing for its cursor", () => {
    expect(listFetchPlan(infoFor('{ publications { edges { cursor matchedTopics { slug } } } }')).fold).toEqual(['topicTags']);
    expect(listFetchPlan(infoFor('{ publications { edges { cursor } } }')).fold).toEqual([]);
  });
});

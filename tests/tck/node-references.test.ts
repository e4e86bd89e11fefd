import { toGlobalId } from '../../src/node/global-id';
import { buildMissingReferencesQuery } from '../../src/node/node-references.cypher';
import { compilePublicationFilter } from '../../src/publications/publication-filter';
import { formatCypher, formatParams } from './format';

/** The check that every node an argument names exists: one statement for all of a request's references. */
describe('checking the nodes a filter names', () => {
  const filter = compilePublicationFilter({
    topics: ['counter-trafficking', toGlobalId('Topic', 'nope')],
    OR: [{ places: ['west-africa'] }, { NOT: { organisations: ['iom'] } }],
    kinds: ['HANDBOOK'],
  });

  it('collects every named node with its path in the filter, however deep, and nothing for other fields', () => {
    expect(filter.references.map(({ type, slug, path }) => `${path} ${type} ${slug}`)).toEqual([
      'filter.topics[0] Topic counter-trafficking',
      'filter.topics[1] Topic nope',
      'filter.OR[0].places[0] Place west-africa',
      'filter.OR[1].NOT.organisations[0] Organisation iom',
    ]);
  });

  it('checks them all in one statement: a unique-index seek per reference, a branch per type among them', () => {
    const { query, params } = buildMissingReferencesQuery(filter.references);
    expect(query.name).toBe('missingReferences');
    expect(formatCypher(query.cypher)).toMatchInlineSnapshot(`
"CALL () {
UNWIND $refs0 AS ref
WITH ref
WHERE NOT (CASE ref.type
WHEN 'Topic' THEN EXISTS {
MATCH (this0:Topic { id: ref.id })
}
WHEN 'Place' THEN EXISTS {
MATCH (this1:Place { id: ref.id })
}
WHEN 'Organisation' THEN EXISTS {
MATCH (this2:Organisation { id: ref.id })
}
ELSE false
END)
RETURN collect(ref) AS missing
}
RETURN missing"
`);
    expect(formatParams(params)).toMatchInlineSnapshot(`
"{
  "refs0": [
    {
      "type": "Topic",
      "id": "counter-trafficking"
    },
    {
      "type": "Topic",
      "id": "nope"
    },
    {
      "type": "Place",
      "id": "west-africa"
    },
    {
      "type": "Organisation",
      "id": "iom"
    }
  ]
}"
`);
  });
});

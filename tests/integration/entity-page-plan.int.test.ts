import Cypher from '@neo4j/cypher-builder';
import neo4j from 'neo4j-driver';
import type { GraphConnection } from '../../src/graph/connect';
import { compilePublicationFilter, type PublicationFilterInput } from '../../src/publications/publication-filter';
import { buildPublicationFacetsQuery, buildPublicationListQuery, constrainedSet, filteredSet, type PublicationSet } from '../../src/publications/publication-list.cypher';
import { connectTestGraph, seedRealCatalogue, testConfig } from '../support/graph';

/**
 * Topic, place and organisation pages list their publications from the entity's side: Neo4j's plan for the page
 * (and its count and facets) starts from an index seek on the entity, never from a scan over every publication.
 * Before the filter compiler returned its conjuncts as values, the entity page glued two predicates into one
 * string and lost the topic anchor, so every page scanned the catalogue. EXPLAIN plans on the real Neo4j.
 */

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

let graph: GraphConnection;
const database = testConfig().neo4j.database;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  // The planner's index statistics date from before the load (an empty graph: every estimate 0 rows, so any plan is
  // as cheap as any other); resample them, as Neo4j would on its own after enough writes.
  const session = graph.driver.session({ database });
  try {
    await session.run('CALL db.prepareForReplanning()');
  } finally {
    await session.close();
  }
});
afterAll(() => graph.close());

async function explain(cypherText: string, params: Record<string, unknown>): Promise<PlanNode> {
  const session = graph.driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.executeRead((tx) => tx.run(`CYPHER replan=force EXPLAIN ${cypherText}`, params));
    const plan = result.summary.plan;
    if (!plan) throw new Error('EXPLAIN returned no plan');
    return plan as unknown as PlanNode;
  } finally {
    await session.close();
  }
}

/** Where the plan reads nodes from: its leaves, as "Operator Details" (Argument leaves only pass rows in). Neo4j
 *  writes a one-value `anchor.id IN $e0` as `WHERE id = $e0[0]`. */
function startingPoints(plan: PlanNode): string[] {
  if (plan.children.length === 0) {
    const operator = plan.operatorType.replace(/@.*$/, '');
    return operator === 'Argument' ? [] : [`${operator} ${String(plan.arguments.Details ?? '')}`];
  }
  return plan.children.flatMap(startingPoints);
}

const pageOf = (constraint: PublicationFilterInput, callerFilter: PublicationFilterInput | null = null): PublicationSet =>
  constrainedSet(compilePublicationFilter(constraint, 'p', 'e'), compilePublicationFilter(callerFilter, 'p', 'f'));

/** The statements an entity page runs for its list: the counted page, and the facets of the same set. */
function statementsOf(set: PublicationSet) {
  const list = buildPublicationListQuery({ set, sort: 'TITLE', first: 20, count: true });
  const facets = buildPublicationFacetsQuery(set, 20);
  return [
    { name: 'list', cypher: list.query.cypher, params: list.params },
    { name: 'facets', cypher: facets.query.cypher, params: facets.params },
  ];
}

const pages: { page: string; constraint: PublicationFilterInput; seek: RegExp }[] = [
  { page: 'topic', constraint: { topics: ['counter-trafficking'] }, seek: /^NodeUniqueIndexSeek UNIQUE anchor:Topic\(id\) / },
  { page: 'place', constraint: { places: ['west-africa'] }, seek: /^NodeUniqueIndexSeek UNIQUE anchor:Place\(id\) / },
  { page: 'organisation', constraint: { organisations: ['iom'] }, seek: /^NodeUniqueIndexSeek UNIQUE anchor:Organisation\(id\) / },
];

describe.each(pages)('the $page page', ({ constraint, seek }) => {
  it.each(['list', 'facets'])('plans its %s from a unique index seek on the entity, never a scan of publications', async (name) => {
    const statement = statementsOf(pageOf(constraint)).find((s) => s.name === name)!;
    const starts = startingPoints(await explain(statement.cypher, statement.params));
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(start).toMatch(seek);
  });

  it("keeps the entity's anchor when the caller's filter adds conditions on the publication", async () => {
    const statement = statementsOf(pageOf(constraint, { kinds: ['HANDBOOK', 'GUIDANCE_NOTE'], yearFrom: 2000 }))[0]!;
    const starts = startingPoints(await explain(statement.cypher, statement.params));
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(start).toMatch(seek);
  });

  it("never scans publications when the caller's filter tests other vocabulary nodes too", async () => {
    const statement = statementsOf(pageOf(constraint, { topics: ['labour-migration'], audiences: ['policy-makers'] }))[0]!;
    const starts = startingPoints(await explain(statement.cypher, statement.params));
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(start).not.toMatch(/AllNodesScan|:Publication\b/);
  });
});

it('the check can fail: the same topic page glued into one predicate (the old entity page) scans publications', async () => {
  const own = compilePublicationFilter({ topics: ['counter-trafficking'] }, 'p', 'e');
  const glued = filteredSet({ ...own, parts: [{ predicate: Cypher.and(own.predicate, Cypher.true) }] });
  const statement = statementsOf(glued)[0]!;
  const starts = startingPoints(await explain(statement.cypher, statement.params));
  expect(starts.some((s) => /^(AllNodesScan|NodeByLabelScan|NodeIndexScan)\b.*p:Publication/.test(s))).toBe(true);
});

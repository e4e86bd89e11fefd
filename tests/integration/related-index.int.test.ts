import { generateCatalogue } from '../../bench/generate';
import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import { computeRelatedIndex } from '../../src/recommendations/related-index';
import { countUnindexed, indexRules, readRelatedSnapshot, refreshRelatedIndex, writeRelatedIndex } from '../../src/recommendations/related-index.cypher';
import { RELATED_INDEX_SIZE } from '../../src/recommendations/related.rules';
import { RelatedIndexRefresher } from '../../src/recommendations/related-index.refresher';
import { relatedParams, relatedPublicationsQuery, type RelatedRow } from '../../src/recommendations/related.cypher';
import { DEFAULT_WEIGHTS, editionMargin } from '../../src/recommendations/related.rules';
import { type RunningServer, startServer } from '../../src/server/app';
import { loadSeeds } from '../../src/seed/load-seeds';
import { connectTestGraph, seedRealCatalogue, SEED_DIR, silentLogger, testConfig } from '../support/graph';
import { postGraphQL, startTestServer } from '../support/http';

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
const REFERRAL = 'iom-guidance-referral-mechanisms';
const WIDGET_LIMIT = 5 + editionMargin(5);

let graph: GraphConnection;

beforeAll(async () => {
  graph = await connectTestGraph();
});
afterAll(() => graph.close());

const allIds = async () => (await graph.executor.read(cypher<{ id: string }>('test ids', 'MATCH (p:Publication) RETURN p.id AS id ORDER BY p.id'))).map((r) => r.id);
/** The widget's candidate rows (before editions are collapsed) for `ids`, from one candidate source. */
async function rows(ids: string[], source: 'index' | 'enumerate'): Promise<Map<string, string>> {
  const result = await graph.executor.read<RelatedRow>(relatedPublicationsQuery(null, source).query, relatedParams(ids, { weights: DEFAULT_WEIGHTS, limit: WIDGET_LIMIT, filterParams: {} }));
  // Ids, scores (to 1e-9) and reasons, in order: what a reader would see.
  return new Map(
    result.map((row) => [
      row.key,
      JSON.stringify((row.items ?? []).map((c) => [c.publication.id, c.score.toFixed(9), c.reasons.map((r) => [r.kind, r.node?.id ?? r.type, r.contribution.toFixed(9)])])),
    ]),
  );
}

async function expectIndexAgreesWithLiveScoring(seeds: string[]): Promise<void> {
  let compared = 0;
  for (let i = 0; i < seeds.length; i += 10) {
    const batch = seeds.slice(i, i + 10);
    const indexed = await rows(batch, 'index');
    const live = await rows(batch, 'enumerate');
    for (const id of batch) {
      expect({ id, list: indexed.get(id) }).toEqual({ id, list: live.get(id) });
      compared += 1;
    }
  }
  expect(compared).toBe(seeds.length);
}

describe('the related index (precomputed widget candidates)', () => {
  it('on the real catalogue, every publication gets exactly the list live scoring gives', async () => {
    await seedRealCatalogue(graph);
    expect(await countUnindexed(graph.executor)).toBe(58);
    const summary = await refreshRelatedIndex(graph.executor, DEFAULT_WEIGHTS);
    expect(summary).toMatchObject({ publications: 58, written: 58 });
    expect(await countUnindexed(graph.executor)).toBe(0);
    await expectIndexAgreesWithLiveScoring(await allIds());
  });

  it('on a generated catalogue of 1,000 where the fan-out cap bites, it agrees with live scoring too', async () => {
    const generated = await generateCatalogue({ publications: 1000, seedDir: SEED_DIR });
    await loadSeeds(graph.executor, generated.catalogue, { timeoutMs: 600_000 });
    const snapshot = await readRelatedSnapshot(graph.executor);
    const index = computeRelatedIndex(snapshot, indexRules(DEFAULT_WEIGHTS));
    // Broad topics sit on more publications than the cap (50 at this size): the cap is exercised.
    expect(Math.max(...snapshot.degrees.TOPIC.values())).toBeGreaterThan(50);
    expect(Math.max(...[...index.values()].map((ids) => ids.length))).toBe(RELATED_INDEX_SIZE);
    expect(await writeRelatedIndex(graph.executor, index, snapshot.at)).toBe(1000);
    const ids = await allIds();
    await expectIndexAgreesWithLiveScoring(ids.filter((_, i) => i % 4 === 0));
  });

  describe('serving and staleness', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startTestServer(graph);
    });
    afterAll(() => server.stop());
    beforeEach(async () => {
      await seedRealCatalogue(graph);
      await refreshRelatedIndex(graph.executor, DEFAULT_WEIGHTS);
    });

    const widget = async (args = '') => {
      const res = await postGraphQL<{ publication: { related: { publication: { slug: string } }[] } }>(
        server,
        `query($slug: String) { publication(slug: $slug) { related${args} { publication { slug } } } }`,
        { slug: HANDBOOK },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.publication.related.map((r) => r.publication.slug);
    };

    it('the widget takes its candidates from the index; other weights, filters and longer lists score live', async () => {
      const live = await widget('(first: 5)');
      expect(live.length).toBe(5);
      // Narrow the handbook's entry to one candidate: the default widget now lists only that one ...
      await graph.executor.write(cypher('test narrow index', 'MATCH (p:Publication {id: $id}) SET p.relatedIds = [$only]'), { id: HANDBOOK, only: REFERRAL });
      expect(await widget('(first: 5)')).toEqual([REFERRAL]);
      // ... while any other question is scored live from the whole graph.
      expect(await widget('(first: 5, weights: { place: 0.7 })')).toHaveLength(5);
      expect(await widget('(first: 20)')).toHaveLength(20);
    });

    it('an uncovered publication (new or just edited) scores live, and a refresh covers it again', async () => {
      const before = await widget();
      await graph.executor.write(cypher('test edit', 'MATCH (p:Publication {id: $id}) SET p.relatedIds = null, p.relatedStaleSince = timestamp()'), { id: HANDBOOK });
      expect(await widget()).toEqual(before);
      const refresher = new RelatedIndexRefresher(graph.executor, silentLogger, 10);
      refresher.schedule();
      await new Promise((r) => setTimeout(r, 50));
      await refresher.idle();
      refresher.stop();
      expect(await countUnindexed(graph.executor)).toBe(0);
      expect(await widget()).toEqual(before);
    });

    it("an editor's save takes the publication out of the index at once and asks for a refresh", async () => {
      const key = 'editor-key-0123456789abcdefghijklmnop';
      let edits = 0;
      const editing = await startServer({ config: testConfig({ EDITOR_API_KEYS: `eve:${key}` }), executor: graph.executor, logger: silentLogger, port: 0, onEdit: () => (edits += 1) });
      try {
        const response = await fetch(editing.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}` },
          body: JSON.stringify({
            query: 'mutation($id: ID!) { updatePublication(id: $id, input: { pages: 999, reason: "test" }) { userErrors { message } } }',
            variables: { id: HANDBOOK },
          }),
        });
        expect(((await response.json()) as { data: { updatePublication: { userErrors: unknown[] } } }).data.updatePublication.userErrors).toEqual([]);
      } finally {
        await editing.stop();
      }
      expect(edits).toBe(1);
      const [row] = await graph.executor.read(cypher<{ ids: string[] | null; stale: number | null }>('test relatedIds', 'MATCH (p:Publication {id: $id}) RETURN p.relatedIds AS ids, p.relatedStaleSince AS stale'), { id: HANDBOOK });
      expect(row).toEqual({ ids: null, stale: expect.any(Number) });
      expect(await countUnindexed(graph.executor)).toBe(1);
    });

    it('a refresh computed before an edit does not write over the edited publication', async () => {
      const snapshot = await readRelatedSnapshot(graph.executor);
      const index = computeRelatedIndex(snapshot, indexRules(DEFAULT_WEIGHTS));
      // An editor saves the handbook after the snapshot was read (curation sets relatedStaleSince).
      await graph.executor.write(
        cypher('test edit later', 'MATCH (p:Publication {id: $id}) SET p.relatedIds = null, p.relatedStaleSince = timestamp() + 1000'),
        { id: HANDBOOK },
      );
      expect(await writeRelatedIndex(graph.executor, index, snapshot.at)).toBe(57);
      const [row] = await graph.executor.read(cypher<{ ids: string[] | null }>('test relatedIds', 'MATCH (p:Publication {id: $id}) RETURN p.relatedIds AS ids'), { id: HANDBOOK });
      expect(row?.ids).toBeNull();
    });
  });
});

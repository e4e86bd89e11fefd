import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import { loadSeeds } from '../../src/seed/load-seeds';
import { readSeeds, SeedValidationError, SOURCE_FILES_DIR } from '../../src/seed/read-seeds';
import type { SeedCatalogue } from '../../src/seed/schema';
import { graphFingerprint } from '../support/fingerprint';
import { connectTestGraph, countGraph, realCatalogue, seedRealCatalogue, wipeGraph } from '../support/graph';
import { SeedCopy } from '../support/seed-fixtures';

const CATALOGUE_DIR = path.resolve(__dirname, '../../graph-seeds', SOURCE_FILES_DIR);
const sourceText = (file: string) => readFileSync(path.join(CATALOGUE_DIR, file), 'utf8').replace(/\s+/g, ' ');

let graph: GraphConnection;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  graph = await connectTestGraph();
  catalogue = await realCatalogue();
});
afterAll(() => graph.close());

describe('loading graph-seeds/ into Neo4j', () => {
  it('is idempotent: a second load creates and deletes nothing and the counts are identical', async () => {
    const first = await seedRealCatalogue(graph);
    const before = await graphFingerprint(graph);
    const second = await loadSeeds(graph.executor, catalogue);

    expect(first.nodes.Publication).toBe(catalogue.publications.length);
    expect(second.nodes).toEqual(first.nodes);
    expect(second.relationships).toEqual(first.relationships);
    expect(second).toMatchObject({ nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0 });
    expect(await graphFingerprint(graph)).toBe(before);
  });

  it('makes the graph equal to the seed: a work removed from graph-seeds/ is removed with its relationships', async () => {
    await seedRealCatalogue(graph);
    const removed = catalogue.publications.find((p) => p.relations.length > 0)!;
    const smaller: SeedCatalogue = {
      ...catalogue,
      publications: catalogue.publications.filter((p) => p.id !== removed.id),
    };
    const summary = await loadSeeds(graph.executor, smaller);
    expect(summary.nodes.Publication).toBe(catalogue.publications.length - 1);
    expect(summary.nodesDeleted).toBe(1);
    const [row] = await graph.executor.read(cypher<{ n: number }>('test', 'MATCH (p:Publication {id: $id}) RETURN count(p) AS n'), { id: removed.id });
    expect(row!.n).toBe(0);
  });

  it('rejects a malformed seed directory before writing anything', async () => {
    await seedRealCatalogue(graph);
    const before = await graphFingerprint(graph);
    const copy = new SeedCopy();
    try {
      copy.edit('vocabularies/topics.yaml', (doc) => {
        (doc.topics as { id: string }[])[0]!.id = 'Not A Slug';
      });
      await expect(readSeeds(copy.dir).then((c) => loadSeeds(graph.executor, c))).rejects.toBeInstanceOf(SeedValidationError);
    } finally {
      copy.remove();
    }
    expect(await graphFingerprint(graph)).toBe(before);
  });

  it('rolls the whole load back when it fails part-way, leaving the graph exactly as it was', async () => {
    await seedRealCatalogue(graph);
    const before = await graphFingerprint(graph);
    const changed: SeedCatalogue = {
      ...catalogue,
      publications: catalogue.publications.slice(1).map((p) => ({ ...p, title: p.title ? `${p.title} (changed)` : p.title, year: 2001 })),
    };
    let batches = 0;
    await expect(
      loadSeeds(graph.executor, changed, {
        onProgress: ({ step }) => {
          batches += 1;
          // Fail after the publications were rewritten and some relationships pruned: a partial write if not atomic.
          if (step.startsWith('relationships ABOUT')) throw new Error('simulated crash mid-load');
        },
      }),
    ).rejects.toThrow('simulated crash mid-load');
    expect(batches).toBeGreaterThan(5);
    expect(await graphFingerprint(graph)).toBe(before);
  });

  it('loads into an empty graph and reports what it created', async () => {
    await wipeGraph(graph);
    const summary = await loadSeeds(graph.executor, catalogue);
    const counts = await countGraph(graph.executor);
    expect(summary.nodesCreated).toBe(Object.entries(counts.nodes).reduce((sum, [, n]) => sum + n, 0));
    expect(summary.relationshipsCreated).toBe(Object.values(counts.relationships).reduce((sum, n) => sum + n, 0));
  });

  describe('bulk mode (initial import of a large catalogue, batch by batch)', () => {
    it('builds the same graph as the one-transaction load', async () => {
      await seedRealCatalogue(graph);
      const oneTransaction = await graphFingerprint(graph, { withoutWriteTimes: true });
      await wipeGraph(graph);
      await loadSeeds(graph.executor, catalogue, { bulk: true });
      expect(await graphFingerprint(graph, { withoutWriteTimes: true })).toBe(oneTransaction);
    });

    it('is refused on a graph that holds anything, which it leaves as it was', async () => {
      await seedRealCatalogue(graph);
      const before = await graphFingerprint(graph);
      await expect(loadSeeds(graph.executor, catalogue, { bulk: true })).rejects.toThrow(/needs an empty graph/);
      expect(await graphFingerprint(graph)).toBe(before);
    });

    it('failing part-way deletes what it wrote, so the graph is empty again', async () => {
      await wipeGraph(graph);
      let batches = 0;
      const failing = loadSeeds(graph.executor, catalogue, {
        bulk: true,
        onProgress: ({ step }) => {
          batches += 1;
          if (step.startsWith('relationships')) throw new Error('disk full (simulated)');
        },
      });
      await expect(failing).rejects.toThrow('disk full (simulated)');
      expect(batches).toBeGreaterThan(5); // nodes were committed before the failure ...
      const [row] = await graph.executor.read(cypher<{ n: number }>('test count all', 'MATCH (n) RETURN count(n) AS n'));
      expect(row?.n).toBe(0); // ... and deleted again
    });
  });
});

describe('the seeded graph is faithful to the catalogue', () => {
  beforeAll(() => seedRealCatalogue(graph));

  it('every ISBN and E-ISBN appears in a catalogue file that lists the work', () => {
    const files = new Map(catalogue.sources.map((s) => [s.id, sourceText(s.file)]));
    const withIsbn = catalogue.publications.filter((p) => p.isbn || p.eisbn);
    expect(withIsbn.length).toBeGreaterThan(5);
    for (const p of withIsbn) {
      const texts = p.sources.map((s) => files.get(s.source)!).join(' ');
      if (p.isbn) expect({ id: p.id, found: texts.includes(p.isbn) }).toEqual({ id: p.id, found: true });
      if (p.eisbn) expect({ id: p.id, found: texts.includes(p.eisbn) }).toEqual({ id: p.id, found: true });
    }
  });

  it('every year/pages pair printed as "YYYY/N pages" is in a listing file, unless recorded as a conflict', () => {
    const files = new Map(catalogue.sources.map((s) => [s.id, sourceText(s.file)]));
    const checked = catalogue.publications.filter((p) => p.year && p.pages && !p.conflicts.some((c) => c.field === 'year' || c.field === 'pages'));
    expect(checked.length).toBeGreaterThan(10);
    for (const p of checked) {
      const texts = p.sources.map((s) => files.get(s.source)!).join(' ');
      expect({ id: p.id, found: new RegExp(`${p.year}\\s*/\\s*${p.pages} pages`).test(texts) }).toEqual({ id: p.id, found: true });
    }
  });

  it('stores "Ending child labour, forced labour and human trafficking in global supply chains" as printed', async () => {
    const [row] = await graph.executor.read(
      cypher<{ p: Record<string, unknown>; languages: string[] }>(
        'test',
        `MATCH (p:Publication {id: 'ending-child-labour-forced-labour-trafficking-supply-chains'})
         RETURN p { .title, .year, .pages, .isbn, .eisbn } AS p, [(p)-[:AVAILABLE_IN]->(l) | l.id] AS languages`,
      ),
    );
    expect(row!.p).toEqual({
      title: 'Ending child labour, forced labour and human trafficking in global supply chains',
      year: 2019,
      pages: 114,
      isbn: '978-92-9068-805-1',
      eisbn: '978-92-9068-806-8',
    });
    expect([...row!.languages].sort()).toEqual(['en', 'es', 'fr']);
  });

  it('keeps works listed in several files as one node, with every file as a source', async () => {
    const rows = await graph.executor.read(
      cypher<{ id: string; sources: string[] }>(
        'test',
        `MATCH (p:Publication) WHERE p.title CONTAINS 'Referral Mechanisms' OR p.title CONTAINS 'Investigating Human Trafficking Cases'
         RETURN p.id AS id, [(p)-[:LISTED_IN]->(s:Source) | s.id] AS sources ORDER BY id`,
      ),
    );
    expect(rows.map((r) => ({ id: r.id, sources: [...r.sources].sort() }))).toEqual([
      { id: 'investigating-human-trafficking-cases-victim-centred-approach', sources: ['cat-000', 'cat-003', 'cat-004'] },
      { id: 'iom-guidance-referral-mechanisms', sources: ['cat-000', 'cat-002', 'cat-004'] },
    ]);
  });

  it('records both values where files disagree and uses the chosen one', async () => {
    const [row] = await graph.executor.read(
      cypher<{ year: number; conflicts: string }>(
        'test',
        "MATCH (p:Publication {id: 'strengthening-law-enforcement-response-gbv-tip-borno-adamawa'}) RETURN p.year AS year, p.conflicts AS conflicts",
      ),
    );
    const yearConflict = (JSON.parse(row!.conflicts) as { field: string; values: { value: number; sources: string[] }[]; chosen: number }[]).find(
      (c) => c.field === 'year',
    );
    expect(yearConflict).toMatchObject({ chosen: row!.year });
    expect(yearConflict!.values).toEqual(
      expect.arrayContaining([
        { value: 2018, sources: ['cat-000'] },
        { value: 2019, sources: ['cat-003'] },
      ]),
    );
    expect(sourceText('000_4922391c3e920884.txt')).toMatch(/Borno and Adamawa \(Nigeria\) 2018\/98 pages/);
  });

  it('keeps snippet-only entries without inventing titles, marked incomplete', async () => {
    const rows = await graph.executor.read(
      cypher<{ id: string; missing: string[]; sources: string[] }>(
        'test',
        'MATCH (p:Publication) WHERE p.title IS NULL RETURN p.id AS id, p.missing AS missing, [(p)-[:LISTED_IN]->(s) | s.id] AS sources',
      ),
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(r.missing).toContain('title');
      expect(r.sources).toEqual(['cat-001']);
    }
    const [incomplete] = await graph.executor.read(
      cypher<{ n: number }>('test', 'MATCH (p:Publication) WHERE p.title IS NULL AND NOT p.incomplete RETURN count(p) AS n'),
    );
    expect(incomplete!.n).toBe(0);
  });

  it('has a uniqueness constraint on the id of every node label it loads, which refuses a second node with the same id', async () => {
    const rows = await graph.executor.read(
      cypher<{ type: string; labels: string[]; properties: string[] }>('test', 'SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties RETURN type, labelsOrTypes AS labels, properties'),
    );
    const constraints = rows.filter((r) => /UNIQUENESS/.test(r.type)).flatMap((r) => r.labels.flatMap((label) => r.properties.map((property) => ({ label, property }))));
    // Every label a seed file gives rise to (graph-seeds/FORMAT.md), keyed by its id.
    for (const label of ['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme', 'Series', 'Language', 'Source']) {
      expect(constraints).toContainEqual({ label, property: 'id' });
    }
    await expect(graph.executor.write(cypher('test duplicate', "CREATE (:Publication {id: 'iom-reintegration-handbook'})"))).rejects.toThrow(/ConstraintValidationFailed/);
    const [count] = await graph.executor.read(cypher<{ n: number }>('test', "MATCH (p:Publication {id: 'iom-reintegration-handbook'}) RETURN count(p) AS n"));
    expect(count!.n).toBe(1);
  });

  it('has the full-text and id indexes online, and the publication index finds works through their topics', async () => {
    const rows = await graph.executor.read(cypher<{ name: string; state: string }>('test', 'SHOW INDEXES YIELD name, state RETURN name, state'));
    const byName = new Map(rows.map((r) => [r.name, r.state]));
    expect(byName.get('publication_text')).toBe('ONLINE');
    expect(byName.get('vocabulary_text')).toBe('ONLINE');
    expect(byName.get('publication_id')).toBe('ONLINE');
    const hits = await graph.executor.read(
      cypher<{ id: string }>('test', "CALL db.index.fulltext.queryNodes('publication_text', 'trata') YIELD node RETURN node.id AS id"),
    );
    // "trata" is a Spanish synonym of counter-trafficking: it finds English material through its topic labels.
    expect(hits.map((h) => h.id)).toContain('iom-handbook-direct-assistance-victims-of-trafficking');
  });
});

import type { GraphConnection } from '../../src/graph/connect';
import { classificationOf, REL } from '../../src/model';
import { toGlobalId } from '../../src/node/global-id';
import type { SeedCatalogue } from '../../src/seed/schema';
import type { RunningServer } from '../../src/server/app';
import { realCatalogue } from '../support/graph';
import { closeService, openSeededService, postGraphQL } from '../support/http';

/**
 * A value no catalogue file states is shown by the API as an inference with its reasoning, never as a fact
 * (graph-seeds/FORMAT.md, "Inferences"). The expected lists are read from graph-seeds/ here, independently of
 * the loader.
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService());
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

interface InferenceView {
  field: string;
  value: string;
  relation: string | null;
  reasoning: string;
}
interface PublicationView {
  slug: string;
  inferences: InferenceView[];
  companions: { relation: string; inferred: boolean; reasoning: string | null; source: string | null; publication: { slug: string } }[];
}

async function everyPublication(): Promise<Map<string, PublicationView>> {
  const res = await postGraphQL<{ publications: { totalCount: number; nodes: PublicationView[] } }>(
    server,
    `{ publications(first: 100) { totalCount nodes { slug inferences { field value relation reasoning }
         companions { relation inferred reasoning source publication { slug } } } } }`,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.publications.nodes).toHaveLength(res.data!.publications.totalCount);
  return new Map(res.data!.publications.nodes.map((n) => [n.slug, n]));
}

const key = (i: { field: string; value: string; relation?: string | null }) => `${i.field}${i.relation ? ` ${i.relation}` : ''}: ${i.value}`;

describe('inferred values in the API', () => {
  it('every value the seeds flag, and every topic and audience tag, is listed in Publication.inferences with reasoning, and nothing else is', async () => {
    const seen = await everyPublication();
    for (const p of catalogue.publications) {
      const expected = [
        ...p.inferences.map((i) => key(i)),
        ...p.topics.filter((t) => !p.inferences.some((i) => i.field === 'topics' && i.value === t)).map((t) => key({ field: 'topics', value: t })),
        ...p.audiences.filter((a) => !p.inferences.some((i) => i.field === 'audiences' && i.value === a)).map((a) => key({ field: 'audiences', value: a })),
        ...p.relations.filter((r) => r.inferred).map((r) => key({ field: 'relations', relation: r.type, value: r.target })),
      ].sort();
      const shown = seen.get(p.id)!.inferences;
      expect({ id: p.id, inferences: shown.map((i) => key(i)).sort() }).toEqual({ id: p.id, inferences: expected });
      for (const i of shown) expect({ id: p.id, inference: key(i), reasoned: i.reasoning.trim().length > 20 }).toEqual({ id: p.id, inference: key(i), reasoned: true });
    }
  });

  it('a flagged value carries the reasoning its seed gives, and a tag the classification reasoning of the model', async () => {
    const seen = await everyPublication();
    for (const p of catalogue.publications) {
      const shown = new Map(seen.get(p.id)!.inferences.map((i) => [key(i), i.reasoning]));
      for (const i of p.inferences) expect(shown.get(key(i))).toBe(i.reasoning);
      for (const t of p.topics.filter((t) => !p.inferences.some((i) => i.field === 'topics' && i.value === t))) {
        expect(shown.get(key({ field: 'topics', value: t }))).toBe(classificationOf(REL.ABOUT));
      }
    }
  });

  it('an inferred relation is flagged with its reasoning from both of its ends, and a stated one is not', async () => {
    const seen = await everyPublication();
    const relations = catalogue.publications.flatMap((p) => p.relations.map((r) => ({ from: p.id, ...r })));
    expect(relations.some((r) => r.inferred)).toBe(true);
    for (const r of relations) {
      const fromSide = seen.get(r.from)!.companions.find((c) => c.relation === r.type && c.publication.slug === r.target)!;
      const toSide = seen.get(r.target)!.companions.find((c) => c.publication.slug === r.from && c.relation !== 'SAME_SERIES')!;
      for (const side of [fromSide, toSide]) {
        expect({ relation: `${r.from} ${r.type} ${r.target}`, inferred: side.inferred, reasoning: side.reasoning }).toEqual({
          relation: `${r.from} ${r.type} ${r.target}`,
          inferred: r.inferred === true,
          reasoning: r.reasoning ?? null,
        });
      }
    }
  });

  it('a programme lists the organisations, places and topics no file states as inferences', async () => {
    for (const p of catalogue.programmes) {
      const res = await postGraphQL<{ node: { slug: string; inferences: InferenceView[] } }>(
        server,
        'query($id: ID!) { node(id: $id) { ... on Programme { slug inferences { field value relation reasoning } } } }',
        { id: toGlobalId('Programme', p.id) },
      );
      expect(res.errors).toBeUndefined();
      const expected = [
        ...p.inferences.map((i) => key(i)),
        ...p.topics.filter((t) => !p.inferences.some((i) => i.field === 'topics' && i.value === t)).map((t) => key({ field: 'topics', value: t })),
      ].sort();
      expect({ id: p.id, inferences: res.data!.node.inferences.map((i) => key(i)).sort() }).toEqual({ id: p.id, inferences: expected });
      for (const i of p.inferences) expect(res.data!.node.inferences.find((s) => key(s) === key(i))?.reasoning).toBe(i.reasoning);
    }
  });

  it('the Nigeria Police Force and the NSCDC, which the catalogue names as the focus and the trainees, are no publication\'s partner', async () => {
    const res = await postGraphQL<{ publications: { totalCount: number } }>(
      server,
      'query($orgs: [ID!]) { publications(filter: { organisations: $orgs }) { totalCount } }',
      { orgs: ['nigeria-police-force', 'nscdc'] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publications.totalCount).toBe(0);
  });

  it('the child-sensitive module follows the structure of the Reintegration Handbook, read from both sides, and is not a module of it', async () => {
    const seen = await everyPublication();
    const module = seen.get('snippet-child-sensitive-reintegration-module')!.companions.map((c) => `${c.relation} ${c.publication.slug}`);
    const handbook = seen.get('iom-reintegration-handbook')!.companions.map((c) => `${c.relation} ${c.publication.slug}`);
    expect(module).toContain('FOLLOWS_STRUCTURE_OF iom-reintegration-handbook');
    expect(module).not.toContain('MODULE_OF iom-reintegration-handbook');
    expect(handbook).toContain('STRUCTURE_FOLLOWED_BY snippet-child-sensitive-reintegration-module');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { exportSeeds } from '../../src/curation/export-seeds';
import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import type { RunningServer } from '../../src/server/app';
import { loadSeeds } from '../../src/seed/load-seeds';
import { readSeeds } from '../../src/seed/read-seeds';
import { graphFingerprint } from '../support/fingerprint';
import { connectTestGraph, seedRealCatalogue, wipeGraph } from '../support/graph';
import { startTestServer } from '../support/http';

const SECRET = 'test-secret-that-is-at-least-32-characters-long';
const API_KEY = 'bob-key-0123456789abcdefghijklmnop';
const HANDBOOK = 'iom-handbook-direct-assistance-victims-of-trafficking';
const REFERRAL = 'iom-guidance-referral-mechanisms';

const token = (claims: Record<string, unknown>, expires: string | number = '1h', secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(String(claims.sub ?? 'alice')).setIssuedAt().setExpirationTime(expires).sign(new TextEncoder().encode(secret));

// Test responses are read loosely; the assertions pin their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

async function post(server: RunningServer, query: string, variables: Record<string, unknown>, authorization?: string) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: Loose; errors?: { message: string; extensions?: { code?: string } }[] }) };
}

const UPDATE = `mutation($id: ID!, $input: UpdatePublicationInput!) {
  updatePublication(id: $id, input: $input) { publication { slug year pages } userErrors { field message code } }
}`;
const TAG = `mutation($id: ID!, $topics: [ID!], $audiences: [ID!], $reason: String!) {
  tagPublication(id: $id, topics: $topics, audiences: $audiences, reason: $reason) { publication { slug topics { id label } } userErrors { field message code } }
}`;
const LINK = `mutation($from: ID!, $to: ID!, $type: StoredRelation!, $evidence: String!) {
  linkCompanions(from: $from, to: $to, type: $type, evidence: $evidence) { publication { slug } userErrors { field message code } }
}`;

const SEARCH = 'query($q: String!) { search(query: $q, first: 50) { edges { node { slug } matchedTopics { slug } } } }';

describe('editors curate the catalogue through mutations', () => {
  let graph: GraphConnection;
  let server: RunningServer;
  let alice: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    graph = await connectTestGraph();
    server = await startTestServer(graph, { AUTH_JWT_SECRET: SECRET, EDITOR_API_KEYS: `bob:${API_KEY}` });
    alice = `Bearer ${await token({ sub: 'alice', name: 'Alice', roles: ['editor'] })}`;
  });
  beforeEach(async () => {
    await seedRealCatalogue(graph);
  });
  const searchHits = async (q: string): Promise<{ slug: string; matchedTopics: string[] }[]> => {
    const res = await post(server, SEARCH, { q });
    expect(res.errors).toBeUndefined();
    return res.data!.search.edges.map((e: Loose) => ({ slug: e.node.slug, matchedTopics: e.matchedTopics.map((t: Loose) => t.slug) }));
  };
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await server.stop();
    await graph.close();
  });

  describe('who may write', () => {
    const correction = { id: HANDBOOK, input: { year: 2008, reason: 'test' } };

    it('an anonymous mutation is refused with UNAUTHENTICATED and writes nothing', async () => {
      const before = await graphFingerprint(graph);
      const res = await post(server, UPDATE, correction);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await graphFingerprint(graph)).toBe(before);
    });

    it('a token without the editor role is FORBIDDEN', async () => {
      const res = await post(server, UPDATE, correction, `Bearer ${await token({ sub: 'carol', roles: ['reader'] })}`);
      expect(res.status).toBe(403);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it.each([
      ['an expired token', async () => `Bearer ${await token({ sub: 'alice', roles: ['editor'] }, Math.floor(Date.now() / 1000) - 60)}`, /expired/],
      ['a token signed with another key', async () => `Bearer ${await token({ sub: 'alice', roles: ['editor'] }, '1h', 'x'.repeat(40))}`, /signature/],
      ['garbage', async () => 'Bearer not-a-jwt', /malformed/],
      ['a wrong API key', async () => 'ApiKey wrong-key-0123456789abcdefghijkl', /API key/],
    ])('%s is UNAUTHENTICATED, and reads stay public with it', async (_what, header, message) => {
      const authorization = await header();
      const res = await post(server, UPDATE, correction, authorization);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.message).toMatch(message);
      const read = await post(server, `{ publication(slug: "${HANDBOOK}") { year } }`, {}, authorization);
      expect(read.data?.publication).toEqual({ year: 2007 });
    });

    it('an editor API key works and its name is the actor', async () => {
      const res = await post(server, UPDATE, { id: HANDBOOK, input: { pages: 120, reason: 'counted the printed copy' } }, `ApiKey ${API_KEY}`);
      expect(res.data?.updatePublication).toEqual({ publication: { slug: HANDBOOK, year: 2007, pages: 120 }, userErrors: [] });
      const [event] = await graph.executor.read(cypher<{ actor: string }>('test audit', 'MATCH (a:AuditEvent {target: $id}) RETURN a.actor AS actor'), { id: HANDBOOK });
      expect(event?.actor).toBe('bob');
    });
  });

  it("an editor's correction, tag and companion link survive export, wipe and reload, with the editor's provenance", async () => {
    const fix = await post(server, UPDATE, { id: HANDBOOK, input: { year: 2008, reason: 'The printed copy says 2008' } }, alice);
    expect(fix.data?.updatePublication.userErrors).toEqual([]);
    const tag = await post(server, TAG, { id: HANDBOOK, topics: ['referral-mechanisms'], reason: 'Chapter 3 covers referral' }, alice);
    expect(tag.data?.tagPublication.userErrors).toEqual([]);
    const link = await post(server, LINK, { from: REFERRAL, to: HANDBOOK, type: 'COMPLEMENTS', evidence: 'The guidance cites the handbook as its basis' }, alice);
    expect(link.data?.linkCompanions.userErrors).toEqual([]);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-curation-'));
    dirs.push(dir);
    await exportSeeds(graph.executor, dir);
    const yaml = readFileSync(path.join(dir, 'publications', `${HANDBOOK}.yaml`), 'utf8');
    expect(yaml).toMatch(/^year: 2008$/m);
    expect(yaml).toContain('- source: editor:alice');
    expect(yaml).toContain('reason: The printed copy says 2008');
    expect(readFileSync(path.join(dir, 'publications', `${REFERRAL}.yaml`), 'utf8')).toContain('source: editor:alice');

    await wipeGraph(graph);
    await loadSeeds(graph.executor, await readSeeds(dir));
    const read = await post(
      server,
      `{ publication(slug: "${HANDBOOK}") { year topics { id } companions(relations: [COMPLEMENTED_BY]) { evidence source publication { slug } } } }`,
      {},
    );
    expect(read.data?.publication.year).toBe(2008);
    expect(read.data?.publication.topics.map((t: { id: string }) => t.id)).toHaveLength(4);
    expect(read.data?.publication.companions).toContainEqual({ evidence: 'The guidance cites the handbook as its basis', source: 'editor:alice', publication: { slug: REFERRAL } });
    // The tagged topic feeds search like a loaded one (topicText is derived by the loader's own code).
    expect(await searchHits('derivación')).toContainEqual({ slug: HANDBOOK, matchedTopics: ['referral-mechanisms'] });
  });

  it("a tag feeds full-text search at once: the handbook is found by the Spanish synonym of its new topic", async () => {
    // "derivación" (Spanish for referral) is nowhere in the English handbook's own text or its other topics.
    expect((await searchHits('derivación')).map((h) => h.slug)).not.toContain(HANDBOOK);
    const tag = await post(server, TAG, { id: HANDBOOK, topics: ['referral-mechanisms'], reason: 'Chapter 3 covers referral' }, alice);
    expect(tag.data?.tagPublication.userErrors).toEqual([]);
    expect(await searchHits('derivación')).toContainEqual({ slug: HANDBOOK, matchedTopics: ['referral-mechanisms'] });
  });

  it('invalid input comes back as userErrors with field paths, and nothing is written', async () => {
    const before = await graphFingerprint(graph);
    const bad = await post(server, UPDATE, { id: HANDBOOK, input: { year: 1800, kind: 'novel', places: ['atlantis'], reason: 'x' } }, alice);
    expect(bad.data?.updatePublication.publication).toBeNull();
    const fields = bad.data?.updatePublication.userErrors.map((e: { field: string[] }) => e.field.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['input.year', 'input.kind']));
    // A value that breaks a seed-format rule is INVALID (not NOT_FOUND or DUPLICATE).
    const codeOf = (errors: Loose[], field: string) => errors.find((e) => e.field.join('.') === field)?.code;
    expect(codeOf(bad.data?.updatePublication.userErrors, 'input.year')).toBe('INVALID');
    expect(codeOf(bad.data?.updatePublication.userErrors, 'input.kind')).toBe('INVALID');
    const missing = await post(server, UPDATE, { id: 'no-such-publication', input: { year: 2001, reason: 'x' } }, alice);
    expect(missing.data?.updatePublication.userErrors).toEqual([{ field: ['id'], message: 'no publication has the id "no-such-publication"', code: 'NOT_FOUND' }]);
    const unknownTopic = await post(server, TAG, { id: HANDBOOK, topics: ['astrology'], reason: 'x' }, alice);
    expect(unknownTopic.data?.tagPublication.userErrors).toEqual([{ field: ['topics'], message: 'unknown topic "astrology"', code: 'NOT_FOUND' }]);
    const self = await post(server, LINK, { from: HANDBOOK, to: HANDBOOK, type: 'COMPLEMENTS', evidence: 'itself' }, alice);
    expect(self.data?.linkCompanions.userErrors).toEqual([{ field: ['to'], message: 'a publication cannot relate to itself', code: 'INVALID' }]);
    expect(await graphFingerprint(graph)).toBe(before);
  });

  describe('adding, untagging, unlinking and clearing', () => {
    const ADD = `mutation($input: AddPublicationInput!) {
      addPublication(input: $input) { publication { slug title kind year topics { slug } primaryTopic { slug } } userErrors { field message code } }
    }`;
    const UNTAG = `mutation($id: ID!, $topics: [ID!], $audiences: [ID!], $reason: String!) {
      untagPublication(id: $id, topics: $topics, audiences: $audiences, reason: $reason) { publication { slug topics { slug } audiences { slug } primaryTopic { slug } } userErrors { field message code } }
    }`;
    const UNLINK = `mutation($from: ID!, $to: ID!, $type: StoredRelation!, $reason: String!) {
      unlinkCompanions(from: $from, to: $to, type: $type, reason: $reason) { publication { slug } userErrors { field message code } }
    }`;
    // From graph-seeds/publications/iom-handbook-direct-assistance-victims-of-trafficking.yaml and iom-guidance-referral-mechanisms.yaml.
    const HANDBOOK_TOPICS = ['victim-assistance', 'counter-trafficking', 'return-and-reintegration'];
    const HANDBOOK_AUDIENCES = ['ngos-civil-society', 'service-providers'];
    const VULNERABLE_MIGRANTS = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
    const SEEDED_PUBLICATIONS = 58;
    const totalCount = async () => (await post(server, '{ publications(first: 0) { totalCount } }', {})).data?.publications.totalCount;
    const companionsOf = async (slug: string) =>
      (await post(server, `{ publication(slug: "${slug}") { companions { publication { slug } } } }`, {})).data?.publication.companions.map((c: Loose) => c.publication.slug);

    it('addPublication creates a readable publication with the editor as its source; the same id again is DUPLICATE and writes nothing', async () => {
      const input = { id: 'test-new-handbook', title: 'A handbook added by an editor', kind: 'handbook', year: 2024, topics: ['counter-trafficking'], primaryTopic: 'counter-trafficking', reason: 'Received the printed copy' };
      const added = await post(server, ADD, { input }, alice);
      expect(added.data?.addPublication).toEqual({
        publication: { slug: 'test-new-handbook', title: 'A handbook added by an editor', kind: 'HANDBOOK', year: 2024, topics: [{ slug: 'counter-trafficking' }], primaryTopic: { slug: 'counter-trafficking' } },
        userErrors: [],
      });
      expect(await totalCount()).toBe(SEEDED_PUBLICATIONS + 1);
      const [source] = await graph.executor.read(cypher<{ actor: string; action: string }>('test audit', 'MATCH (a:AuditEvent {target: $id}) RETURN a.actor AS actor, a.action AS action'), { id: 'test-new-handbook' });
      expect(source).toEqual({ actor: 'alice', action: 'addPublication' });

      const before = await graphFingerprint(graph);
      const again = await post(server, ADD, { input: { ...input, title: 'Another title' } }, alice);
      expect(again.data?.addPublication).toEqual({ publication: null, userErrors: [{ field: ['input', 'id'], message: 'a publication with id "test-new-handbook" already exists', code: 'DUPLICATE' }] });
      const existing = await post(server, ADD, { input: { ...input, id: HANDBOOK } }, alice);
      expect(existing.data?.addPublication.userErrors[0].code).toBe('DUPLICATE');
      expect(await graphFingerprint(graph)).toBe(before);
    });

    it('linking a companion that is already linked is DUPLICATE and writes nothing', async () => {
      const before = await graphFingerprint(graph);
      const twice = await post(server, LINK, { from: REFERRAL, to: VULNERABLE_MIGRANTS, type: 'COMPLEMENTS', evidence: 'said again' }, alice);
      expect(twice.data?.linkCompanions.publication).toBeNull();
      expect(twice.data?.linkCompanions.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE', message: `${REFERRAL} already has COMPLEMENTS->${VULNERABLE_MIGRANTS}` })]);
      expect(await graphFingerprint(graph)).toBe(before);
    });

    it('untagPublication removes topics and audiences; removing the primary topic leaves none; a tag it does not have is NOT_FOUND', async () => {
      const res = await post(server, UNTAG, { id: HANDBOOK, topics: ['victim-assistance'], audiences: ['service-providers'], reason: 'Not about assistance' }, alice);
      expect(res.data?.untagPublication.userErrors).toEqual([]);
      const publication = res.data?.untagPublication.publication;
      expect(publication.topics.map((t: Loose) => t.slug).sort()).toEqual(HANDBOOK_TOPICS.filter((t) => t !== 'victim-assistance').sort());
      expect(publication.audiences.map((a: Loose) => a.slug)).toEqual(HANDBOOK_AUDIENCES.filter((a) => a !== 'service-providers'));
      expect(publication.primaryTopic).toBeNull();

      const before = await graphFingerprint(graph);
      const missing = await post(server, UNTAG, { id: HANDBOOK, topics: ['counter-trafficking', 'astrology'], reason: 'x' }, alice);
      expect(missing.data?.untagPublication).toEqual({ publication: null, userErrors: [{ field: ['topics', '1'], message: 'the publication is not tagged with topic "astrology"', code: 'NOT_FOUND' }] });
      expect(await graphFingerprint(graph)).toBe(before);
    });

    it('unlinkCompanions removes the stored link from both sides; unlinking it again is NOT_FOUND', async () => {
      expect(await companionsOf(REFERRAL)).toContain(VULNERABLE_MIGRANTS);
      const res = await post(server, UNLINK, { from: REFERRAL, to: VULNERABLE_MIGRANTS, type: 'COMPLEMENTS', reason: 'Wrong handbook' }, alice);
      expect(res.data?.unlinkCompanions).toEqual({ publication: { slug: REFERRAL }, userErrors: [] });
      expect(await companionsOf(REFERRAL)).not.toContain(VULNERABLE_MIGRANTS);
      expect(await companionsOf(VULNERABLE_MIGRANTS)).not.toContain(REFERRAL);
      const again = await post(server, UNLINK, { from: REFERRAL, to: VULNERABLE_MIGRANTS, type: 'COMPLEMENTS', reason: 'x' }, alice);
      expect(again.data?.unlinkCompanions.userErrors).toEqual([{ field: ['to'], message: `${REFERRAL} has no COMPLEMENTS link to "${VULNERABLE_MIGRANTS}"`, code: 'NOT_FOUND' }]);
    });

    it('null clears an optional field: the year is gone from the graph and from the export', async () => {
      const res = await post(server, UPDATE, { id: HANDBOOK, input: { year: null, reason: 'The year printed is a reprint date' } }, alice);
      expect(res.data?.updatePublication).toEqual({ publication: { slug: HANDBOOK, year: null, pages: null }, userErrors: [] });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-curation-'));
      dirs.push(dir);
      await exportSeeds(graph.executor, dir);
      expect(readFileSync(path.join(dir, 'publications', `${HANDBOOK}.yaml`), 'utf8')).not.toMatch(/^year:/m);
    });
  });

  it('a write that fails mid-way (the audit record violates a constraint) leaves the graph as it was', async () => {
    await graph.executor.schema(cypher('test audit constraint', 'CREATE CONSTRAINT test_audit_actor IF NOT EXISTS FOR (a:AuditEvent) REQUIRE a.actor IS UNIQUE'));
    try {
      const first = await post(server, UPDATE, { id: HANDBOOK, input: { pages: 99, reason: 'first' } }, alice);
      expect(first.data?.updatePublication.userErrors).toEqual([]);
      const before = await graphFingerprint(graph);
      const second = await post(server, UPDATE, { id: HANDBOOK, input: { year: 2010, pages: 100, reason: 'second' } }, alice);
      expect(second.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await graphFingerprint(graph)).toBe(before);
    } finally {
      await graph.executor.schema(cypher('test drop audit constraint', 'DROP CONSTRAINT test_audit_actor IF EXISTS'));
    }
  });

  it('every write is audited with actor, action, target, time and reason', async () => {
    const started = new Date().toISOString();
    await post(server, UPDATE, { id: HANDBOOK, input: { year: 2008, reason: 'The printed copy says 2008' } }, alice);
    await post(server, TAG, { id: HANDBOOK, audiences: ['law-enforcement'], reason: 'Police chapter' }, alice);
    const events = await graph.executor.read(
      cypher<{ e: { actor: string; action: string; target: string; at: string; details: string } }>(
        'test audit events',
        'MATCH (a:AuditEvent) RETURN a { .actor, .action, .target, .at, .details } AS e ORDER BY a.at',
      ),
    );
    expect(events.map((r) => [r.e.actor, r.e.action, r.e.target])).toEqual([
      ['alice', 'updatePublication', HANDBOOK],
      ['alice', 'tagPublication', HANDBOOK],
    ]);
    expect(events.every((r) => r.e.at >= started)).toBe(true);
    expect(JSON.parse(events[0]!.e.details)).toMatchObject({ reason: 'The printed copy says 2008', fields: ['year'] });
  });
});

/**
 * Smoke test of the embedded Neo4j launcher: `npx tsx scripts/embedded-neo4j-smoke.ts`.
 * Builds it if needed, starts it on a free port with a temp data dir, exercises the features
 * pubgraph relies on (constraints, full-text index + query, SHOW INDEXES), checks that a second
 * start on the same data dir fails clearly, stops it and checks the JVM is gone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import neo4j from 'neo4j-driver';
import { ensureEmbeddedNeo4jBuilt, startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident set size of a process in MiB (Linux only). */
function rssMiB(pid: number): string {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? `${Math.round(Number(kb) / 1024)} MiB` : 'n/a';
  } catch {
    return 'n/a';
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await ensureEmbeddedNeo4jBuilt();
  const buildMs = Date.now() - t0;

  const dataDir = mkdtempSync(path.join(tmpdir(), 'pubgraph-neo4j-smoke-'));
  const t1 = Date.now();
  const server = await startEmbeddedNeo4j({ dataDir });
  const startMs = Date.now() - t1;
  console.log(`ready at ${server.uri} (pid ${server.pid}, RSS ${rssMiB(server.pid)})`);

  const driver = neo4j.driver(server.uri) // auth is disabled: no token needed;
  try {
    const session = driver.session();
    try {
      await session.run('CREATE CONSTRAINT pub_id IF NOT EXISTS FOR (p:Publication) REQUIRE p.id IS UNIQUE');
      await session.run(
        'CREATE FULLTEXT INDEX pub_text IF NOT EXISTS FOR (p:Publication) ON EACH [p.title, p.abstract]',
      );
      await session.run('CALL db.awaitIndexes(60)');
      await session.run('CREATE (:Publication {id: $id, title: $title, abstract: $abstract})', {
        id: 'p1',
        title: 'Strangler fig migration of a legacy monolith',
        abstract: 'Incremental migration practice.',
      });
      const read = await session.run('MATCH (p:Publication {id: $id}) RETURN p.title AS title', { id: 'p1' });
      const hits = await session.run(
        'CALL db.index.fulltext.queryNodes("pub_text", $q) YIELD node, score RETURN node.id AS id, score',
        { q: 'strangler' },
      );
      const indexes = await session.run('SHOW INDEXES YIELD name, type RETURN name, type ORDER BY name');
      const dup = await session
        .run('CREATE (:Publication {id: $id})', { id: 'p1' })
        .then(() => 'accepted (BAD)')
        .catch((e: { code?: string }) => `rejected (${e.code})`);
      const version = await session.run('CALL dbms.components() YIELD name, versions, edition RETURN *');

      console.log('read back:', read.records[0]?.get('title'));
      console.log('full-text hits:', hits.records.map((r) => `${r.get('id')}@${Number(r.get('score')).toFixed(3)}`));
      console.log('indexes:', indexes.records.map((r) => `${r.get('name')}:${r.get('type')}`).join(', '));
      console.log('duplicate id:', dup);
      const v = version.records[0];
      console.log('server:', v?.get('name'), v?.get('versions'), v?.get('edition'));
      if (hits.records[0]?.get('id') !== 'p1' || !dup.startsWith('rejected')) throw new Error('smoke checks failed');
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }

  console.log(`JVM RSS after queries: ${rssMiB(server.pid)}`);

  // A second DBMS on the same store must fail fast with a clear message.
  const second = await startEmbeddedNeo4j({ dataDir }).then(
    async (s) => {
      await s.stop();
      return 'started (BAD)';
    },
    (e: Error) => e.message,
  );
  console.log('second start on same dataDir:', second);

  const t2 = Date.now();
  await server.stop();
  const stopMs = Date.now() - t2;
  const gone = !isAlive(server.pid);
  console.log(`timings: build/check ${buildMs} ms, start to ready ${startMs} ms, stop ${stopMs} ms`);
  console.log(`JVM exited: ${gone}`);
  rmSync(dataDir, { recursive: true, force: true });
  if (!gone || second.includes('BAD')) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { GraphConnection } from '../../src/graph/connect';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';

/** `npm start` as a real process: SIGTERM drains the requests in flight, then the process exits cleanly. */

let graph: GraphConnection;
beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
});
afterAll(() => graph.close());

/** Resolves once `port` refuses new connections: the server has begun draining (it closes its listener first). */
async function untilRefused(port: number, withinMs = 20_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} still accepted connections ${withinMs} ms after SIGTERM`);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

it('drains in-flight requests on SIGTERM and exits with status 0', async () => {
  const port = await freePort();
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, NEO4J_URI: process.env.PUBGRAPH_TEST_NEO4J_URI, NEO4J_PASSWORD: 'unused', PORT: String(port), SEED_ON_START: 'never', LOG_LEVEL: 'warn', RESPONSE_CACHE: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let i = 0; i < 240 && !ready; i++) {
    ready = (await fetch(`${url}/readyz`).catch(() => null))?.ok ?? false;
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  expect(ready).toBe(true);
  // A request in flight when the signal arrives: its headers and part of its body are sent before SIGTERM, the
  // rest only once the server is draining. A drained server must read it to the end and answer it; a killed one
  // drops the connection. No sleeps decide the order (they made this test depend on the machine's load):
  // `Expect: 100-continue` makes the server say when it has the headers, and the closed listener says when the
  // drain has begun.
  const body = JSON.stringify({ query: '{ publications(first: 20) { nodes { title topics { label } } } }' });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      `${url}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.once('continue', () => {
      req.write(body.slice(0, 20));
      child.kill('SIGTERM');
      untilRefused(port).then(() => req.end(body.slice(20)), reject);
    });
    req.flushHeaders();
  });
  const { status, text } = await answer;
  expect(status).toBe(200);
  expect((JSON.parse(text) as { data: { publications: { nodes: unknown[] } } }).data.publications.nodes).toHaveLength(20);
  expect(await exited).toBe(0);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
}, 120_000);

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
  for (let i = 0; i < 240; i++) {
    if ((await fetch(`${url}/readyz`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  // A request in flight when the signal arrives: its headers and half its body are sent before SIGTERM, the
  // rest after. A drained server must read it to the end and answer it; a killed one drops the connection.
  const body = JSON.stringify({ query: '{ publications(first: 20) { nodes { title topics { label } } } }' });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 20));
    setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => req.end(body.slice(20)), 500);
    }, 200);
  });
  const { status, text } = await answer;
  expect(status).toBe(200);
  expect((JSON.parse(text) as { data: { publications: { nodes: unknown[] } } }).data.publications.nodes).toHaveLength(20);
  expect(await exited).toBe(0);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
}, 120_000);

import net from 'node:net';
import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { connectTestGraph } from '../support/graph';
import { startTestServer } from '../support/http';

/**
 * The HTTP server's socket limits, set from config, with raw sockets playing the slow or greedy client. The
 * limits are short here (seconds) so real clocks can measure them; Node checks the header and request timeouts
 * every second, so each may fire up to a second late.
 */

let graph: GraphConnection;
let server: RunningServer;
const LIMITS = { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '3000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000', HTTP_MAX_CONNECTIONS: '4' };

beforeAll(async () => {
  graph = await connectTestGraph();
  server = await startTestServer(graph, LIMITS);
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

interface Conversation {
  socket: net.Socket;
  /** Everything the server sent, and when (ms after connecting) it closed the socket. */
  ended: Promise<{ text: string; closedAfterMs: number }>;
}

function connect(): Promise<Conversation> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    const started = performance.now();
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = new Promise<{ text: string; closedAfterMs: number }>((done) => socket.once('close', () => done({ text, closedAfterMs: performance.now() - started })));
    socket.on('error', () => undefined); // a reset by the server is one of the outcomes measured
    socket.once('connect', () => resolve({ socket, ended }));
    socket.once('error', reject);
  });
}

const post = (bodyLength: number) => `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\n\r\n`;

it('cuts off a client that sends its body too slowly at HTTP_REQUEST_TIMEOUT_MS, with 408', async () => {
  const { socket, ended } = await connect();
  socket.write(post(100) + '{"query":');
  const { text, closedAfterMs } = await ended;
  expect(text).toMatch(/^HTTP\/1\.1 408 /);
  expect(closedAfterMs).toBeGreaterThanOrEqual(2_900);
  expect(closedAfterMs).toBeLessThan(6_000); // 3 s, checked every second; not Node's default 300 s
});

it('cuts off a client that sends its headers too slowly at HTTP_HEADERS_TIMEOUT_MS, with 408', async () => {
  const { socket, ended } = await connect();
  socket.write('POST /graphql HTTP/1.1\r\nHost: local');
  const { text, closedAfterMs } = await ended;
  expect(text).toMatch(/^HTTP\/1\.1 408 /);
  expect(closedAfterMs).toBeGreaterThanOrEqual(900);
  expect(closedAfterMs).toBeLessThan(2_900); // 1 s, checked every second: before the request timeout would have
});

it('closes an idle keep-alive socket after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
  const { socket, ended } = await connect();
  const answered = performance.now();
  socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  const { text, closedAfterMs } = await ended;
  expect(text).toMatch(/^HTTP\/1\.1 200 /);
  expect(text).toContain('Keep-Alive: timeout=1');
  expect(performance.now() - answered).toBeGreaterThanOrEqual(900);
  expect(closedAfterMs).toBeLessThan(4_000);
});

it('holds at most HTTP_MAX_CONNECTIONS sockets: one more is dropped unanswered, and admitted once one closes', async () => {
  const held = await Promise.all(Array.from({ length: 4 }, connect));
  // Every held socket must be known to the server before the extra one arrives: each answers a request first.
  for (const { socket } of held) socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await new Promise((r) => setTimeout(r, 300));

  const extra = await connect();
  extra.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  const dropped = await extra.ended;
  expect(dropped.text).toBe('');
  expect(dropped.closedAfterMs).toBeLessThan(900); // dropped, not left to time out

  held[0]!.socket.destroy();
  await held[0]!.ended;
  await new Promise((r) => setTimeout(r, 100)); // the server sees the close
  const admitted = await connect();
  admitted.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  expect((await admitted.ended).text).toMatch(/^HTTP\/1\.1 200 /);
  for (const { socket } of held) socket.destroy();
});

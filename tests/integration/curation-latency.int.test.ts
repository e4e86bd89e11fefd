import { SignJWT } from 'jose';
import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import { startTestServer } from '../support/http';

/** Not a pass/fail bound: prints the median HTTP latency of a correction (run by hand; skipped unless asked). */
const maybe = process.env.PUBGRAPH_MEASURE ? describe : describe.skip;
maybe('mutation latency', () => {
  let graph: GraphConnection;
  let server: RunningServer;
  const secret = 'measure-secret-that-is-at-least-32-characters';
  beforeAll(async () => {
    graph = await connectTestGraph();
    await seedRealCatalogue(graph);
    server = await startTestServer(graph, { AUTH_JWT_SECRET: secret });
  });
  afterAll(async () => {
    await server.stop();
    await graph.close();
  });
  it('median of 21 updatePublication calls over HTTP', async () => {
    const jwt = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    const times: number[] = [];
    for (let i = 0; i < 22; i++) {
      const started = performance.now();
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify({
          query: 'mutation($p: Int) { updatePublication(id: "iom-handbook-direct-assistance-victims-of-trafficking", input: { pages: $p, reason: "bench" }) { userErrors { message } } }',
          variables: { p: 100 + i },
        }),
      });
      await res.json();
      if (i > 0) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    process.stderr.write(`updatePublication over HTTP: median ${times[10]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)} (n=21)\n`);
  });
});

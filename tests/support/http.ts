import type { GraphConnection } from '../../src/graph/connect';
import { type RunningServer, startServer } from '../../src/server/app';
import { connectTestGraph, seedRealCatalogue, silentLogger, testConfig } from './graph';

/** The real HTTP service on a free port, over the test graph. */
export async function startTestServer(graph: GraphConnection, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ config: testConfig(env), executor: graph.executor, logger: silentLogger, port: 0 });
}

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export async function postGraphQL<T = Record<string, unknown>>(server: RunningServer, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** Cypher round-trips the request cost, as reported by the service's data layer. */
export function roundTrips(response: GraphQLResponse<unknown>): number {
  const value = response.headers.get('x-pubgraph-cypher-roundtrips');
  if (value === null) throw new Error('the response has no x-pubgraph-cypher-roundtrips header');
  return Number(value);
}

/** The real catalogue seeded into the test graph and the HTTP service over it, for one test file. */
export async function openSeededService(env: Record<string, string> = {}): Promise<{ graph: GraphConnection; server: RunningServer }> {
  const graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  return { graph, server: await startTestServer(graph, env) };
}

export async function closeService({ graph, server }: { graph?: GraphConnection; server?: RunningServer }): Promise<void> {
  await server?.stop();
  await graph?.close();
}

/**
 * The peer: what a team would pick instead of writing a service, the Neo4j GraphQL Library (@neo4j/graphql)
 * generating a CRUD GraphQL API from type definitions over the same database, served by @apollo/server's
 * standalone server. Only reads are benchmarked; the type definitions mirror our graph model for the fields the
 * workloads read (and expose companions both ways, with the catalogue evidence as relationship properties).
 *   node --import tsx bench/peer-server.ts   (env: BENCH_BOLT_URI, BENCH_PORT)
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { disableNagle } from '../src/graph/connect';
import neo4j from 'neo4j-driver';
import { COMPANION_FIELDS } from './peer-server-fields';

const uri = process.env.BENCH_BOLT_URI ?? 'bolt://127.0.0.1:7687';
const port = Number(process.env.BENCH_PORT ?? 4302);


const typeDefs = /* GraphQL */ `
  type Publication @node {
    id: ID!
    title: String
    sortTitle: String
    year: Int
    kind: String
    summary: String
    topics: [Topic!]! @relationship(type: "ABOUT", direction: OUT)
    places: [Place!]! @relationship(type: "COVERS", direction: OUT)
    audiences: [Audience!]! @relationship(type: "FOR_AUDIENCE", direction: OUT)
    languages: [Language!]! @relationship(type: "AVAILABLE_IN", direction: OUT)
    ${COMPANION_FIELDS.map(([field, type, direction]) => `${field}: [Publication!]! @relationship(type: "${type}", direction: ${direction}, properties: "Evidence")`).join('\n    ')}
  }
  type Evidence @relationshipProperties {
    evidence: String
    source: String
  }
  type Topic @node {
    id: ID!
    labelEn: String
    publicationCount: Int
  }
  type Place @node {
    id: ID!
    name: String
  }
  type Audience @node {
    id: ID!
    labelEn: String
  }
  type Language @node {
    id: ID!
    name: String
  }
`;

async function main() {
  // The same socket setting as the service's driver (src/graph/connect.ts), so the ratios compare our layers only.
  disableNagle();
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'unused'), { maxConnectionPoolSize: 100 });
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const server = new ApolloServer({ schema });
  await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  process.stdout.write(`PEER_READY ${port}\n`);
  process.on('SIGTERM', () => {
    void server.stop().then(() => driver.close()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`peer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

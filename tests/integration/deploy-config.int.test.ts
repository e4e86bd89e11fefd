import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateNeo4jConfig } from '../../src/graph/embedded-neo4j';
import { neo4jImageConf, readCompose, REPO_ROOT, serviceEnvironment, volumeTargets } from '../support/deploy-config';

/**
 * The neo4j.conf that docker-compose.yml's neo4j service gets from the official image (its environment turned
 * into settings by the image's entrypoint), read by Neo4j's own Config with strict validation, as Neo4j 5.26
 * reads it at startup: the same jars as the embedded Neo4j, so no Docker is needed. This needs Java, not the
 * test database. The rest of the deployment is checked in tests/unit/deploy-config.test.ts.
 */

const OPERATOR_ENV = { NEO4J_PASSWORD: 'operator-chosen-password' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-deploy-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeConf(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe("the neo4j service's configuration", () => {
  it('holds only settings Neo4j 5.26 declares, with values it accepts and no deprecated names', async () => {
    const neo4j = readCompose(path.join(REPO_ROOT, 'docker-compose.yml'), OPERATOR_ENV).services.neo4j!;
    const conf = neo4jImageConf(serviceEnvironment(neo4j), volumeTargets(neo4j));
    expect(conf.apocConf).toEqual([]); // no APOC in this deployment: an apoc.* variable would be a mistake

    const verdict = await validateNeo4jConfig(writeConf('compose-neo4j.conf', conf.neo4jConf));
    // toEqual, not toMatchObject: a refusal then shows Neo4j's own error message.
    expect(verdict).toEqual({ valid: true, explicit: expect.any(Object), warnings: [] });
    // Neo4j took every line it was given (a verdict on lines it never read would prove nothing).
    const settings = conf.neo4jConf.map((line) => line.slice(0, line.indexOf('=')));
    expect(verdict.valid && Object.keys(verdict.explicit).sort()).toEqual([...settings].sort());
  });

  it('would be refused if the service passed the image a variable that is not a setting, such as NEO4J_PASSWORD', async () => {
    const conf = neo4jImageConf({ NEO4J_AUTH: 'neo4j/operator-chosen-password', NEO4J_PASSWORD: 'operator-chosen-password' }, []);
    const verdict = await validateNeo4jConfig(writeConf('with-password.conf', conf.neo4jConf));
    expect(verdict).toEqual({ valid: false, error: expect.stringContaining('No declared setting with name: PASSWORD') });
  });
});

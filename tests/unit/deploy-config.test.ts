import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { type Copy, DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { parse as parseShell } from 'shell-quote';
import ts from 'typescript';
import { ENV_VARIABLES, loadConfig } from '../../src/config';
import { WEB_DIST_DIR } from '../../src/server/static';
import {
  type ComposeService,
  healthcheckCommand,
  IMAGE_COMMANDS,
  imageRepository,
  isShellBuiltin,
  NEO4J_AUTH_PATTERN,
  neo4jImageConf,
  neo4jSettingName,
  readCompose,
  REPO_ROOT,
  serviceEnvironment,
  volumeTargets,
} from '../support/deploy-config';

/**
 * docker-compose.yml and the Dockerfile checked without a Docker engine: what the images would make of the
 * environment, what the services refer to, and what the image build copies and runs. The Neo4j settings
 * themselves are validated by Neo4j's own Config in tests/integration/deploy-config.int.test.ts.
 */

/** What an operator exports before `docker compose up` (the README's instructions). */
const OPERATOR_ENV = { NEO4J_PASSWORD: 'operator-chosen-password' };
const compose = readCompose(path.join(REPO_ROOT, 'docker-compose.yml'), OPERATOR_ENV);
const services = compose.services;
/** The services built from this repository's Dockerfile: they run src/, so src/config reads their environment. */
const ownServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

const dockerfile = DockerfileParser.parse(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Stage {
  name: string | null;
  image: string;
  instructions: Instruction[];
}
const stages: Stage[] = [];
const froms = dockerfile.getFROMs();
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === 'FROM') {
    const from = froms[stages.length]!;
    stages.push({ name: from.getBuildStage(), image: from.getImageName()!, instructions: [] });
  } else {
    stages.at(-1)?.instructions.push(instruction);
  }
}
const runtimeStage = stages.at(-1)!;

function keywords(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}
function args(instruction: Instruction): string[] {
  return instruction.getArguments().map((a) => a.getValue());
}
function workdir(stage: Stage): string {
  return args(keywords(stage, 'WORKDIR').at(-1)!)[0]!;
}
/** A stage's COPY instructions as [source, where it lands in the image], `--from` ones only if `from` is given. */
function copies(stage: Stage, from?: string): [source: string, target: string][] {
  return keywords(stage, 'COPY').flatMap((copy) => {
    if ((copy as Copy).getFromFlag()?.getValue() !== from) return [];
    const paths = args(copy); // without the instruction's flags
    const sources = paths.slice(0, -1);
    const dest = path.posix.resolve(workdir(stage), paths.at(-1)!);
    // Docker: into a directory (a trailing slash, or several sources) each source keeps its name.
    const intoDir = paths.at(-1)!.endsWith('/') || sources.length > 1;
    return sources.map((src): [string, string] => [src, intoDir ? path.posix.join(dest, path.posix.basename(src)) : dest]);
  });
}
/** The shell commands of a stage's RUN instructions, each as argv. */
function runCommands(stage: Stage): string[][] {
  const commands: string[][] = [];
  for (const run of keywords(stage, 'RUN')) {
    let current: string[] = [];
    for (const token of parseShell(run.getArgumentsContent() ?? '')) {
      if (typeof token === 'string') {
        current.push(token);
      } else if ('op' in token) {
        commands.push(current); // `&&`, `||`, `;`: the next word starts another command
        current = [];
      }
    }
    commands.push(current);
  }
  return commands.filter((c) => c.length > 0);
}

const buildConfig = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.build.json'), ts.sys.readFile).config, ts.sys, REPO_ROOT);

/** `tsx src/x.ts` (how package.json runs the sources) as the image runs it: `node dist/src/x.js`. */
function compiledCommand(script: string): string[] {
  const [runner, entry, ...rest] = parseShell(script) as string[];
  if (runner === 'node') return [runner, entry!, ...rest];
  if (runner !== 'tsx' || !entry?.endsWith('.ts')) throw new Error(`cannot tell what "${script}" runs once compiled: expected "tsx <file>.ts" or "node <file>.js"`);
  const source = path.join(REPO_ROOT, entry);
  if (!buildConfig.fileNames.includes(source)) throw new Error(`${entry} is not compiled by tsconfig.build.json, so the image has no JavaScript for it`);
  const { outDir, rootDir } = buildConfig.options;
  const compiled = path.join(outDir!, path.relative(rootDir!, source)).replace(/\.ts$/, '.js');
  return ['node', path.relative(REPO_ROOT, compiled), ...rest];
}

describe('the neo4j image environment rule', () => {
  it('names a setting after its variable: the prefix goes, _ becomes a dot and __ an underscore', () => {
    // The example in the entrypoint's own comment.
    expect(neo4jSettingName('NEO4J_server_tx__log_rotation_retention__policy')).toBe('server.tx_log.rotation.retention_policy');
    expect(neo4jSettingName('NEO4J_server_memory_heap_initial__size')).toBe('server.memory.heap.initial_size');
    expect(neo4jSettingName('NEO4J_PASSWORD')).toBe('PASSWORD');
  });

  it('writes neither its control variables nor empty values, and lets the environment replace its defaults', () => {
    const conf = neo4jImageConf({ NEO4J_AUTH: 'neo4j/secret-password', NEO4J_PLUGINS: '', NEO4J_db_transaction_timeout: '', NEO4J_server_memory_pagecache_size: '2G' }, ['/data']);
    expect([...conf.neo4jConf].sort()).toEqual(['server.default_listen_address=0.0.0.0', 'server.directories.logs=/logs', 'server.memory.pagecache.size=2G']);
  });

  it('writes any other NEO4J_ variable into neo4j.conf, a password included', () => {
    expect(neo4jImageConf({ NEO4J_PASSWORD: 'secret-password' }, []).neo4jConf).toContain('PASSWORD=secret-password');
  });
});

describe('docker-compose.yml', () => {
  it('gives the neo4j image a NEO4J_AUTH it accepts and writes no password into neo4j.conf', () => {
    const env = serviceEnvironment(services.neo4j!);
    const auth = NEO4J_AUTH_PATTERN.exec(env.NEO4J_AUTH ?? '');
    expect(auth?.[2]).toBe(OPERATOR_ENV.NEO4J_PASSWORD);
    const conf = neo4jImageConf(env, volumeTargets(services.neo4j!));
    expect([...conf.neo4jConf, ...conf.apocConf].filter((line) => line.includes(OPERATOR_ENV.NEO4J_PASSWORD))).toEqual([]);
  });

  it('requires a Neo4j password before it starts', () => {
    expect(() => readCompose(path.join(REPO_ROOT, 'docker-compose.yml'), {})).toThrow(/NEO4J_PASSWORD is required/);
  });

  it('passes the api and seed services only variables src/config reads', () => {
    expect(ownServices.map(([name]) => name).sort()).toEqual(['api', 'seed']);
    const unread = ownServices.map(([name, service]) => ({ service: name, unread: Object.keys(serviceEnvironment(service)).filter((v) => !ENV_VARIABLES.includes(v)) }));
    expect(unread).toEqual(ownServices.map(([name]) => ({ service: name, unread: [] })));
  });

  it('gives the api and seed services a configuration src/config accepts, pointing at the compose services', () => {
    for (const [, service] of ownServices) {
      const config = loadConfig(serviceEnvironment(service));
      expect(config.neo4j.password).toBe(OPERATOR_ENV.NEO4J_PASSWORD);
      expect(Object.keys(services)).toContain(new URL(config.neo4j.uri!).hostname);
      if (config.scaling.redisUrl) expect(Object.keys(services)).toContain(new URL(config.scaling.redisUrl).hostname);
    }
  });

  it('runs healthchecks with commands their images have and variables their containers set', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      if (!service.healthcheck || service.healthcheck.disable) continue;
      const image = service.image ?? runtimeStage.image;
      const commands = IMAGE_COMMANDS[imageRepository(image)];
      if (!commands) throw new Error(`service ${name}: no command list for image ${image}: add it to IMAGE_COMMANDS in tests/support/deploy-config.ts`);
      const { executables, variables } = healthcheckCommand(service.healthcheck.test);
      if (executables.length === 0) problems.push(`${name}: the healthcheck runs nothing`);
      for (const e of executables) if (!isShellBuiltin(e) && !commands.includes(e)) problems.push(`${name}: ${image} has no ${e}`);
      const env = serviceEnvironment(service);
      for (const v of variables) if (!(v in env)) problems.push(`${name}: the healthcheck reads $${v}, which the service does not set`);
    }
    expect(problems).toEqual([]);
  });

  it("checks the neo4j service's health with the user and password of its NEO4J_AUTH", () => {
    // The healthcheck's shell line, run by /bin/sh (dash, as in the image's Debian base) with the service's
    // environment and a cypher-shell that records its arguments in place of the real one.
    const password = 'pass word $with-shell-characters';
    const neo4j = readCompose(path.join(REPO_ROOT, 'docker-compose.yml'), { NEO4J_PASSWORD: password }).services.neo4j!;
    const [kind, line] = neo4j.healthcheck!.test as string[];
    expect(kind).toBe('CMD-SHELL');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-healthcheck-'));
    try {
      writeFileSync(path.join(dir, 'cypher-shell'), '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$RECORDED_ARGS"\n', { mode: 0o755 });
      const recorded = path.join(dir, 'args');
      execFileSync('/bin/sh', ['-c', line!], { env: { ...serviceEnvironment(neo4j), PATH: `${dir}:/usr/bin:/bin`, RECORDED_ARGS: recorded } });
      expect(readFileSync(recorded, 'utf8').split('\n').slice(0, -1)).toEqual(['-u', 'neo4j', '-p', password, 'RETURN 1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes services wait only for services that exist and can reach the state they wait for', () => {
    const problems: string[] = [];
    const hasHealthcheck = (s: ComposeService): boolean =>
      (s.healthcheck !== undefined && !s.healthcheck.disable) || (s.build !== undefined && keywords(runtimeStage, 'HEALTHCHECK').length > 0);
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on)
        ? Object.fromEntries(service.depends_on.map((d) => [d, { condition: 'service_started' }]))
        : (service.depends_on ?? {});
      for (const [dep, { condition = 'service_started' }] of Object.entries(deps)) {
        const target = services[dep];
        if (!target) problems.push(`${name} depends on ${dep}, which is not a service`);
        else if (condition === 'service_healthy' && !hasHealthcheck(target)) problems.push(`${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
        else if (condition === 'service_completed_successfully' && (target.restart ?? 'no') !== 'no') problems.push(`${name} waits for ${dep} to complete, but ${dep} restarts (${target.restart})`);
        else if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) problems.push(`${name}: unknown condition ${condition}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('mounts only repository files that exist', () => {
    const sources = Object.values(services).flatMap((s) => (s.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0]! : (v.source ?? ''))));
    const binds = sources.filter((s) => s.startsWith('.') || s.startsWith('/'));
    expect(binds.filter((b) => !existsSync(path.resolve(REPO_ROOT, b)))).toEqual([]);
  });

  it('seeds with the compiled form of npm run seed', () => {
    expect(services.seed!.command).toEqual(compiledCommand(packageJson.scripts.seed!));
  });
});

describe('Dockerfile', () => {
  it('copies only files that exist in the build context and that .dockerignore keeps', () => {
    const ignored = dockerignore().add(readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n'));
    const problems: string[] = [];
    for (const stage of stages) {
      for (const add of keywords(stage, 'ADD')) problems.push(`line ${add.getRange().start.line + 1}: use COPY (ADD also fetches URLs and unpacks archives, which these checks do not follow)`);
      for (const [source] of copies(stage)) {
        if (!existsSync(path.join(REPO_ROOT, source))) problems.push(`COPY ${source}: not in the repository`);
        else if (ignored.ignores(source)) problems.push(`COPY ${source}: excluded by .dockerignore`);
      }
    }
    expect(copies(runtimeStage).length + copies(stages[0]!).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('copies from the build stage only what its npm ci, npm run build and npm run build:web produce', () => {
    const build = stages.find((s) => s.name === 'build')!;
    const ran = runCommands(build);
    // What makes each directory: npm ci installs node_modules, `build` compiles into tsconfig.build.json's
    // outDir, `build:web` bundles into the directory the server serves the web front end from.
    const producers: Record<string, string[]> = {
      node_modules: ['npm', 'ci'],
      [path.relative(REPO_ROOT, buildConfig.options.outDir!)]: ['npm', 'run', 'build'],
      [path.relative(REPO_ROOT, WEB_DIST_DIR)]: ['npm', 'run', 'build:web'],
    };
    const problems: string[] = [];
    const fromBuild = copies(runtimeStage, 'build');
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const [source] of fromBuild) {
      const producer = producers[path.posix.relative(workdir(build), source)];
      if (!producer) problems.push(`COPY --from=build ${source}: nothing in the build stage produces it`);
      else if (!ran.some((c) => producer.every((word, i) => c[i] === word))) problems.push(`COPY --from=build ${source}: the build stage never runs ${producer.join(' ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('runs code that imports only production dependencies, which npm prune --omit=dev keeps', () => {
    expect(runCommands(stages.find((s) => s.name === 'build')!).map((c) => c.join(' '))).toContain('npm prune --omit=dev');
    const { dependencies } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const pruned: string[] = [];
    for (const file of buildConfig.fileNames) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
      for (const statement of source.statements) {
        if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier) continue;
        // Type-only imports are erased by the compiler: they need nothing at run time.
        const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
        const typeOnly = ts.isImportDeclaration(statement)
          ? clause?.isTypeOnly || (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly))
          : statement.isTypeOnly;
        const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
        if (typeOnly || specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const pkg = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
        if (!(pkg in dependencies)) pruned.push(`${path.relative(REPO_ROOT, file)} imports ${specifier}`);
      }
    }
    expect(buildConfig.fileNames.length).toBeGreaterThan(0);
    expect(pruned).toEqual([]);
  });

  it('builds with the scripts package.json defines', () => {
    const npmRuns = stages.flatMap(runCommands).filter((c) => c[0] === 'npm' && c[1] === 'run');
    expect(npmRuns.map((c) => c[2])).toEqual(expect.arrayContaining(['build', 'build:web']));
    expect(npmRuns.map((c) => c[2]).filter((script) => !(script! in packageJson.scripts))).toEqual([]);
  });

  it('starts the compiled form of npm start', () => {
    const cmd = keywords(runtimeStage, 'CMD').at(-1) as JSONInstruction;
    expect(cmd.getJSONStrings().map((s) => s.getJSONValue())).toEqual(compiledCommand(packageJson.scripts.start!));
  });

  it('ships package.json beside schema/, where src/config finds the project root', () => {
    const root = workdir(runtimeStage);
    expect(copies(runtimeStage)).toEqual(expect.arrayContaining([['package.json', `${root}/package.json`], ['schema', `${root}/schema`]]));
  });

  it('runs as a user other than root', () => {
    const user = keywords(runtimeStage, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(args(user!)[0]!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });
});

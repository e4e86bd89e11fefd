import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseShell, type ParseEntry } from 'shell-quote';
import { parse as parseYaml } from 'yaml';

/**
 * What docker-compose.yml and the images it names make of the deployment's configuration, worked out without a
 * Docker engine: compose's variable interpolation, the neo4j image's environment-to-neo4j.conf rule, and the
 * commands a healthcheck runs. Read by tests/unit/deploy-config.test.ts and
 * tests/integration/deploy-config.int.test.ts.
 */

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface ComposeHealthcheck {
  test: string | string[];
  disable?: boolean;
}

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  healthcheck?: ComposeHealthcheck;
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
  volumes?: (string | { type?: string; source?: string; target: string })[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/**
 * Compose's interpolation (compose-spec "Interpolation"): `$$` is a literal `$` left for the container's shell,
 * `${VAR}`/`$VAR`, and the `:-` `-` `:?` `?` `:+` `+` forms. Nested defaults (`${A:-${B}}`) are not supported:
 * docker-compose.yml does not use them.
 */
export function interpolate(text: string, operatorEnv: Record<string, string>, where: string): string {
  return text.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, dollar: string | undefined, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      const value = operatorEnv[name];
      const isSet = value !== undefined;
      const nonEmpty = isSet && value !== '';
      switch (op) {
        case undefined:
          return value ?? '';
        case ':-':
          return nonEmpty ? value : arg!;
        case '-':
          return isSet ? value : arg!;
        case ':?':
        case '?':
          if (op === ':?' ? nonEmpty : isSet) return value!;
          throw new Error(`${where}: compose refuses to start: ${name} is required (${arg})`);
        case ':+':
          return nonEmpty ? arg! : '';
        default: // '+'
          return isSet ? arg! : '';
      }
    },
  );
}

function interpolateAll(node: unknown, operatorEnv: Record<string, string>, where: string): unknown {
  if (typeof node === 'string') return interpolate(node, operatorEnv, where);
  if (Array.isArray(node)) return node.map((n, i) => interpolateAll(n, operatorEnv, `${where}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, operatorEnv, `${where}.${k}`)]));
  }
  return node;
}

/** The compose file as `docker compose config` would see it, for an operator who exported `operatorEnv`. */
export function readCompose(file: string, operatorEnv: Record<string, string>): ComposeFile {
  // `merge`: compose honours YAML merge keys (`<<: *neo4j-env`).
  const raw = parseYaml(readFileSync(file, 'utf8'), { merge: true }) as { services?: Record<string, ComposeService> };
  if (!raw?.services) throw new Error(`${file} has no services`);
  const compose = interpolateAll(raw, operatorEnv, path.basename(file)) as ComposeFile;
  for (const [name, service] of Object.entries(compose.services)) {
    // Variables from an env_file would escape every check below: refuse rather than pass silently.
    if (service.env_file !== undefined) throw new Error(`service ${name} uses env_file, which these checks do not read: list its variables under environment`);
  }
  return compose;
}

/** A service's environment as the container receives it; a bare `KEY` (passed through from the host) is ''. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, ''])));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

export function volumeTargets(service: ComposeService): string[] {
  return (service.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1]! : v.target));
}

// ---------------------------------------------------------------------------------------------------------------
// The official neo4j image's entrypoint, as of neo4j/docker-neo4j docker-image-src/5/coredb/docker-entrypoint.sh
// (commit 9df98ef9d8d19eaea2fd711f4ae0f9c8d70e9a82), sections "RENAME LEGACY ENVIRONMENT CONF VARIABLES" and
// "SET CONFIGURATIONS", and the image's Dockerfile-* beside it. Update these if the image changes its rule.

/** `not_configs`: the image's own control variables, never written to neo4j.conf. */
export const NEO4J_IMAGE_CONTROL_VARIABLES: readonly string[] = [
  'NEO4J_ACCEPT_LICENSE_AGREEMENT',
  'NEO4J_AUTH',
  'NEO4J_AUTH_PATH',
  'NEO4J_DEBUG',
  'NEO4J_EDITION',
  'NEO4J_HOME',
  'NEO4J_PLUGINS',
  'NEO4J_SHA256',
  'NEO4J_TARBALL',
  'NEO4J_DEPRECATION_WARNING',
];

/** `add_docker_default_to_conf` (community edition): written first, replaced by an environment setting. */
const NEO4J_IMAGE_DEFAULT_SETTINGS: Record<string, string> = {
  'server.memory.pagecache.size': '512M',
  'server.default_listen_address': '0.0.0.0',
};

/** `: ${NEO4J_server_directories_X:=/X}` when the directory exists: /logs always does (the image's VOLUME). */
const NEO4J_IMAGE_DIRECTORY_SETTINGS: Record<string, string> = {
  '/plugins': 'NEO4J_server_directories_plugins',
  '/import': 'NEO4J_server_directories_import',
  '/logs': 'NEO4J_server_directories_logs',
  '/licenses': 'NEO4J_server_directories_licenses',
};

/** Legacy (4.x) names the entrypoint copies to their 5.x names; the legacy variable is still converted too. */
const NEO4J_IMAGE_LEGACY_RENAMES: [newName: string, legacyName: string][] = [
  ['NEO4J_db_tx__log_rotation_retention__policy', 'NEO4J_dbms_tx__log_rotation_retention__policy'],
  ['NEO4J_server_memory_pagecache_size', 'NEO4J_dbms_memory_pagecache_size'],
  ['NEO4J_server_default__listen__address', 'NEO4J_dbms_default__listen__address'],
];

/** `set_initial_password`: the only NEO4J_AUTH values the image accepts besides `none`. */
export const NEO4J_AUTH_PATTERN = /^([^/]+)\/([^/]+)\/?([tT][rR][uU][eE])?$/;

/** The setting name the entrypoint derives from a variable: drop NEO4J_, `_` becomes `.`, then `..` becomes `_`. */
export function neo4jSettingName(variable: string): string {
  return variable.replace(/^NEO4J_/, '').replace(/_/g, '.').replace(/\.\./g, '_');
}

export interface Neo4jImageConf {
  /** neo4j.conf lines the image writes, `setting=value`, in the order Neo4j reads them. */
  neo4jConf: string[];
  /** apoc.* settings go to apoc.conf instead. */
  apocConf: string[];
  /** The variable each written setting came from (absent for the image's own defaults). */
  sourceVariable: Record<string, string>;
}

/**
 * The configuration lines the neo4j image writes for a container environment (the image's own defaults
 * included; the settings in the Neo4j tarball's stock neo4j.conf are not modelled: they are Neo4j's own).
 */
export function neo4jImageConf(containerEnv: Record<string, string>, mountedDirs: string[]): Neo4jImageConf {
  const env: Record<string, string> = { ...containerEnv };
  for (const name of Object.keys(env)) {
    if (name.startsWith('NEO4J_') && name.endsWith('_FILE')) {
      // The entrypoint would read NEO4J_X from the secret file: its value is not known here.
      throw new Error(`${name}: docker secrets (NEO4J_*_FILE) are not modelled by this check; extend tests/support/deploy-config.ts`);
    }
  }
  for (const dir of ['/logs', ...mountedDirs]) {
    const variable = NEO4J_IMAGE_DIRECTORY_SETTINGS[dir];
    if (variable && !env[variable]) env[variable] = dir;
  }
  for (const [newName, legacyName] of NEO4J_IMAGE_LEGACY_RENAMES) {
    if (!env[newName]) env[newName] = env[legacyName] ?? '';
  }

  const conf = new Map<string, string>(Object.entries(NEO4J_IMAGE_DEFAULT_SETTINGS));
  const apoc = new Map<string, string>();
  const sourceVariable: Record<string, string> = {};
  // `set | grep ^NEO4J_ | ... | sort -rn`: the order only matters for duplicate settings, which this keeps last-wins.
  for (const variable of Object.keys(env).filter((v) => v.startsWith('NEO4J_')).sort().reverse()) {
    if (NEO4J_IMAGE_CONTROL_VARIABLES.includes(variable)) continue;
    const setting = neo4jSettingName(variable);
    const value = env[variable]!;
    if (value === '' || /^[0-9]/.test(setting)) continue; // the entrypoint skips both
    const target = setting.split('.')[0] === 'apoc' ? apoc : conf;
    target.delete(setting); // add_env_setting_to_conf removes the old line, then appends
    target.set(setting, value);
    sourceVariable[setting] = variable;
  }
  const lines = (m: Map<string, string>): string[] => [...m].map(([k, v]) => `${k}=${v}`);
  return { neo4jConf: lines(conf), apocConf: lines(apoc), sourceVariable };
}

// ---------------------------------------------------------------------------------------------------------------
// Healthchecks.

/**
 * Executables on PATH in the images docker-compose.yml runs (keyed by image repository), beyond the shell's
 * builtins. neo4j: its Dockerfile-* puts `${NEO4J_HOME}/bin` (the Neo4j 5 tarball's neo4j, neo4j-admin and
 * cypher-shell, plus the image's neo4j-admin-report) on PATH over a Debian base. redis: docker-library/redis
 * installs the redis-* tools into /usr/local/bin. node: the official Node.js image. nginx: the official image.
 */
export const IMAGE_COMMANDS: Record<string, readonly string[]> = {
  neo4j: ['neo4j', 'neo4j-admin', 'cypher-shell', 'neo4j-admin-report', 'sh', 'bash', 'java'],
  redis: ['redis-server', 'redis-cli', 'redis-benchmark', 'redis-check-aof', 'redis-check-rdb', 'redis-sentinel', 'sh'],
  node: ['node', 'npm', 'npx', 'sh', 'bash'],
  nginx: ['nginx', 'sh'],
};

const SHELL_BUILTINS = ['exit', 'true', 'false', 'test', '[', 'echo', 'printf', 'command', 'cd', 'exec'];

export function imageRepository(image: string): string {
  const withoutTag = image.split('@')[0]!.replace(/:[^/]*$/, '');
  return withoutTag.split('/').pop()!;
}

export interface HealthcheckCommand {
  /** Executables in command position (after env assignments and shell operators). */
  executables: string[];
  /** Variables the container's shell expands (compose's own `${...}` are already interpolated away). */
  variables: string[];
}

/** Reads a compose healthcheck `test` ("CMD", "CMD-SHELL", or a plain string, which compose runs as CMD-SHELL). */
export function healthcheckCommand(test: string | string[]): HealthcheckCommand {
  const [kind, ...rest] = typeof test === 'string' ? ['CMD-SHELL', test] : test;
  if (kind === 'CMD') return { executables: rest.length ? [rest[0]!] : [], variables: [] };
  if (kind !== 'CMD-SHELL' || rest.length !== 1) throw new Error(`unsupported healthcheck test ${JSON.stringify(test)}: expected ["CMD", ...] or ["CMD-SHELL", "<command>"]`);

  const variables = new Set<string>();
  const tokens: ParseEntry[] = parseShell(rest[0]!, (key: string) => {
    variables.add(/^[A-Za-z_][A-Za-z0-9_]*/.exec(key)?.[0] ?? key); // `NEO4J_AUTH#*/` expands NEO4J_AUTH
    return 'x';
  });
  const executables: string[] = [];
  let expectCommand = true;
  let skipNext = false;
  for (const token of tokens) {
    if (typeof token === 'object') {
      if (!('op' in token)) continue; // a comment or a glob
      // A redirection's next token is its target file, not a command or an argument.
      skipNext = /^[<>]/.test(token.op);
      if (!skipNext) expectCommand = true;
      continue;
    }
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (expectCommand) {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(token)) continue; // VAR=value before a command
      executables.push(token);
      expectCommand = false;
    }
  }
  return { executables, variables: [...variables] };
}

export function isShellBuiltin(command: string): boolean {
  return SHELL_BUILTINS.includes(command);
}

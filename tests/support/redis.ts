import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { cachedTool } from './tool-cache';

/** A throw-away redis-server on a free loopback port, for tests of state shared between API replicas. */
export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Where the scale-out tests get Redis. Maven and Java are prerequisites of `npm test` already (the embedded Neo4j),
 * and org.signal:embedded-redis on Maven Central carries statically linked redis-server binaries in its jar, so
 * tests/support/redis-server/pom.xml unpacks the one for this platform: no system Redis, no root, no Python.
 * (npm has no package that ships a redis-server: its test-Redis packages download sources at install time.)
 */
const REDIS_POM = path.resolve(__dirname, 'redis-server/pom.xml');

/** The platform suffixes of the binaries embedded-redis ships. */
const EMBEDDED_REDIS_PLATFORMS: Record<string, string> = {
  'linux-x64': 'linux-amd64',
  'linux-arm64': 'linux-arm64',
  'linux-ia32': 'linux-386',
  'darwin-x64': 'darwin-amd64',
  'darwin-arm64': 'darwin-arm64',
};

const INSTALL_HINT =
  'install Maven (Debian/Ubuntu: apt-get install maven; macOS: brew install maven) so the tests can unpack Redis from Maven Central, ' +
  'or install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), ' +
  'or set PUBGRAPH_REDIS_SERVER to a redis-server binary';

/**
 * The redis-server to run: PUBGRAPH_REDIS_SERVER when set, else the one unpacked from Maven Central (the same on
 * every machine and in CI), else a redis-server on PATH; otherwise the error says what to install.
 */
export async function findRedisServer(): Promise<string> {
  const override = process.env.PUBGRAPH_REDIS_SERVER;
  if (override) {
    if (!existsSync(override)) throw new Error(`PUBGRAPH_REDIS_SERVER=${override} does not exist: point it at a redis-server binary, or unset it`);
    return override;
  }
  const platform = EMBEDDED_REDIS_PLATFORMS[`${process.platform}-${process.arch}`];
  let whyNotMaven: string;
  if (!platform) {
    whyNotMaven = `Maven Central's embedded-redis carries none for ${process.platform}-${process.arch}`;
  } else {
    try {
      return await redisFromMaven(platform);
    } catch (error) {
      whyNotMaven = (error as Error).message;
    }
  }
  if (!spawnSync('redis-server', ['--version']).error) return 'redis-server';
  throw new Error(`No redis-server for the scale-out tests: none is on PATH, and ${whyNotMaven}.\nTo fix it, ${INSTALL_HINT}.`);
}

async function redisFromMaven(platform: string): Promise<string> {
  // Named after the pom's content, so changing the embedded-redis version there unpacks the new binary.
  const pomHash = createHash('sha256').update(readFileSync(REDIS_POM)).digest('hex').slice(0, 12);
  const dir = await cachedTool(`redis-server-${pomHash}-${platform}`, async (scratchDir) => {
    if (spawnSync('mvn', ['-v']).error) throw new Error('Maven (mvn), which unpacks one from Maven Central, is not on PATH');
    const args = ['-q', '-B', '-Dstyle.color=never', '-f', REDIS_POM, 'generate-resources', `-Dredis.binary=redis-server-*-${platform}`, `-Dredis.outputDirectory=${scratchDir}`];
    try {
      await promisify(execFile)('mvn', args, { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      const tail = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n');
      throw new Error(`unpacking redis-server from Maven Central failed (mvn ${args.join(' ')}):\n${tail}`, { cause: error });
    }
  });
  const binary = readdirSync(dir).find((name) => name.startsWith('redis-server-'));
  if (!binary) throw new Error(`Maven unpacked no redis-server-*-${platform} into ${dir}: check the embedded-redis version in ${REDIS_POM}`);
  return path.join(dir, binary);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  const binary = await findRedisServer();
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Redis logs to stdout; the last lines explain a server that exits at start.
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let failure: string | undefined;
  child.once('error', (error) => (failure = error.message));
  child.once('exit', (code, signal) => (failure ??= `exited with ${signal ?? `code ${code}`}`));

  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (failure !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${binary} did not start on 127.0.0.1:${port} (${failure ?? 'no answer within 10 s'}):\n${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

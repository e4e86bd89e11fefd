import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { cachedTool } from './tool-cache';

/** A Chromium for playwright-core to launch, and the environment it needs. */
export interface ChromiumBinary {
  executablePath: string;
  env: Record<string, string>;
  /** Where it came from, for error messages. */
  source: string;
}

/** Tried, in order, where the bundled build cannot run (another OS or CPU). */
const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium), ' +
  'or set PUBGRAPH_CHROMIUM to a Chromium or Chrome binary';

/**
 * The Chromium the browser tests drive. PUBGRAPH_CHROMIUM wins when set. On Linux x64 it is the build that
 * `npm install` brings inside @sparticuz/chromium, the same on every machine and in CI; elsewhere that build cannot
 * run, so a system Chromium is used, and without one the error says what to install.
 */
export async function findChromium(): Promise<ChromiumBinary> {
  const override = process.env.PUBGRAPH_CHROMIUM;
  if (override) {
    if (!existsSync(override)) {
      throw new Error(`PUBGRAPH_CHROMIUM=${override} does not exist: point it at a Chromium or Chrome binary, or unset it to use the Chromium that npm install brings`);
    }
    return { executablePath: override, env: {}, source: 'PUBGRAPH_CHROMIUM' };
  }
  if (process.platform === 'linux' && process.arch === 'x64') return bundledChromium();
  const system = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  if (system) return { executablePath: system, env: {}, source: 'the system Chromium' };
  throw new Error(
    `No Chromium for the browser tests: the one npm install brings (@sparticuz/chromium) is built for Linux x64 only, ` +
      `this machine is ${process.platform}-${process.arch}, and none was found at ${SYSTEM_CHROMIUMS.join(', ')}: ${INSTALL_HINT}.`,
  );
}

async function bundledChromium(): Promise<ChromiumBinary> {
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error(`@sparticuz/chromium is not installed: run npm install (it is a devDependency that carries the browser tests' Chromium), or ${INSTALL_HINT}.`);
  }
  // The package exports only its entry point; its package.json sits two folders above it (build/cjs/index.cjs).
  const { version } = JSON.parse(readFileSync(path.resolve(path.dirname(entry), '../../package.json'), 'utf8')) as { version: string };
  const dir = await cachedTool(`chromium-${version}`, inflateChromium);
  const executablePath = path.join(dir, 'chromium');
  const env: Record<string, string> = { FONTCONFIG_FILE: path.join(dir, 'fonts.conf') };
  // The build links against NSS and expat. Debian's OpenJDK (a prerequisite) pulls them in, but where they are
  // missing the copies the package carries for Amazon Linux are used; the system's are preferred because they
  // match its C library.
  if (hasUnresolvedLibraries(executablePath)) {
    env.LD_LIBRARY_PATH = [path.join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }
  return { executablePath, env, source: `@sparticuz/chromium ${version} (unpacked in ${dir})` };
}

/**
 * Unpacks the brotli-compressed Chromium, its SwiftShader libraries, fonts and NSS libraries with the package's own
 * `executablePath()`. That function unpacks into os.tmpdir() and reuses whatever `chromium` it finds there, so it
 * runs in a child process whose TMPDIR is the scratch directory: the copy is private to this version, and
 * nothing in /tmp is shared with other projects. AWS_LAMBDA_JS_RUNTIME is the package's switch for also unpacking
 * the NSS libraries (its Amazon Linux mode); it only affects that child.
 */
async function inflateChromium(scratchDir: string, finalDir: string): Promise<void> {
  const script = "require('@sparticuz/chromium').executablePath().then((p) => process.stdout.write(p))";
  try {
    await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, TMPDIR: scratchDir, AWS_LAMBDA_JS_RUNTIME: 'nodejs20.x' },
    });
  } catch (error) {
    throw new Error(`Unpacking @sparticuz/chromium into ${scratchDir} failed (is the disk full? it needs about 200 MB): ${(error as Error).message}`, { cause: error });
  }
  // Chromium reads fonts through its own fontconfig: the system's configuration first, then the Open Sans the
  // package carries, so text renders even on a machine with no fonts installed.
  writeFileSync(
    path.join(scratchDir, 'fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <dir>${path.join(finalDir, 'fonts', 'fonts')}</dir>`,
      `  <cachedir>${path.join(finalDir, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
}

/** True when the dynamic loader cannot find a library the binary needs (false when ldd itself is unavailable). */
function hasUnresolvedLibraries(binary: string): boolean {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  return !ldd.error && /not found/.test(ldd.stdout);
}

/**
 * Builds the browser side of the service from web/ into web/dist/ with esbuild:
 *   web/dist/widget.js             the <pubgraph-related> Web Component (ES2019, no dependencies)
 *   web/dist/explorer/             the explorer page (Cytoscape.js bundled in)
 *   web/dist/graphiql/             a local GraphiQL (React bundled in)
 * `npm run build:web` always builds; `npm start` runs it with --if-stale, which does nothing when web/dist/
 * is newer than every source file and package-lock.json.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.built');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === DIST) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return newestSourceMtime(WEB) > built || statSync(path.join(ROOT, 'package-lock.json')).mtimeMs > built;
}

export interface WebBuildReport {
  widgetBytes: number;
  widgetGzipBytes: number;
}

export async function buildWeb(): Promise<WebBuildReport> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(path.join(DIST, 'explorer'), { recursive: true });
  mkdirSync(path.join(DIST, 'graphiql'), { recursive: true });
  const common: BuildOptions = { bundle: true, minify: true, format: 'iife', legalComments: 'linked', logLevel: 'warning', sourcemap: 'linked' };
  await Promise.all([
    build({ ...common, entryPoints: [path.join(WEB, 'widget/pubgraph-related.ts')], outfile: path.join(DIST, 'widget.js'), target: 'es2019', legalComments: 'none', sourcemap: false }),
    build({ ...common, entryPoints: [path.join(WEB, 'explorer/main.ts')], outfile: path.join(DIST, 'explorer/explorer.js'), target: 'es2019' }),
    build({
      ...common,
      entryPoints: [path.join(WEB, 'graphiql/main.tsx')],
      outfile: path.join(DIST, 'graphiql/graphiql.js'),
      target: 'es2020',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl' },
    }),
  ]);
  copyFileSync(path.join(WEB, 'explorer/index.html'), path.join(DIST, 'explorer/index.html'));
  copyFileSync(path.join(WEB, 'explorer/explorer.css'), path.join(DIST, 'explorer/explorer.css'));
  copyFileSync(path.join(WEB, 'graphiql/index.html'), path.join(DIST, 'graphiql/index.html'));
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return widgetSize();
}

export function widgetSize(): WebBuildReport {
  const bundle = readFileSync(path.join(DIST, 'widget.js'));
  return { widgetBytes: bundle.length, widgetGzipBytes: gzipSync(bundle, { level: 9 }).length };
}

/** Builds unless web/dist/ is up to date; safe to call from several places (npm start, the browser tests). */
export async function ensureWebBuilt(): Promise<void> {
  if (webBuildIsStale()) await buildWeb();
}

if (require.main === module) {
  const ifStale = process.argv.includes('--if-stale');
  const started = Date.now();
  (ifStale && !webBuildIsStale() ? Promise.resolve(undefined) : buildWeb())
    .then((report) => {
      if (report) {
        process.stdout.write(
          `web front end built into web/dist/ in ${Date.now() - started} ms; widget.js ${report.widgetBytes} bytes, ${report.widgetGzipBytes} bytes gzipped\n`,
        );
      }
    })
    .catch((error: unknown) => {
      process.stderr.write(`building the web front end failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

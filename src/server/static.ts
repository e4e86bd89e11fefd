import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Response } from 'express';
import type { AppConfig } from '../config';
import { projectRoot } from '../config/project-root';

/**
 * The browser side of the service, built from web/ by `npm run build:web` into web/dist/:
 *   /widget.js   the <pubgraph-related> Web Component, embeddable from any origin with one script tag
 *   /            the explorer (search, publication, topic and place views)
 *   /graphiql/   a local GraphiQL (no CDN), unless disabled by configuration (GRAPHIQL=off, or production)
 * A browser opening /graphql (HTML, no query) is sent to /graphiql/.
 */
export const WEB_DIST_DIR = path.join(projectRoot(), 'web', 'dist');

// Everything the pages load comes from this origin; the explorer only calls its own /graphql.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const ASSET_MAX_AGE_SECONDS = 300;

function notBuilt(res: Response): void {
  res
    .status(503)
    .type('text/plain')
    .send('The web front end is not built: run `npm run build:web` (npm start does it when web/dist/ is missing or stale).\n');
}

export function mountWebUi(app: Express, config: AppConfig, distDir: string = WEB_DIST_DIR): void {
  const widgetFile = path.join(distDir, 'widget.js');
  const pageHeaders = (res: Response) => {
    res.setHeader('content-security-policy', PAGE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  };

  app.get('/widget.js', (_req, res) => {
    if (!existsSync(widgetFile)) return notBuilt(res);
    // Third-party pages load it with a plain <script> tag; CORS lets them also fetch it (module preloads, SRI).
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cache-control', `public, max-age=${ASSET_MAX_AGE_SECONDS}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendFile(widgetFile);
  });

  if (config.web.graphiql) {
    app.get('/graphql', (req, res, next) => {
      const wantsPage = req.method === 'GET' && req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html';
      if (wantsPage) return res.redirect(302, '/graphiql/');
      next();
    });
    const graphiqlDir = path.join(distDir, 'graphiql');
    app.use('/graphiql', (_req, res, next) => (existsSync(graphiqlDir) ? next() : notBuilt(res)));
    app.use('/graphiql', express.static(graphiqlDir, { maxAge: ASSET_MAX_AGE_SECONDS * 1000, setHeaders: pageHeaders }));
  }

  const explorerDir = path.join(distDir, 'explorer');
  app.get('/', (_req, res, next) => (existsSync(explorerDir) ? next() : notBuilt(res)));
  app.use('/', express.static(explorerDir, { maxAge: ASSET_MAX_AGE_SECONDS * 1000, setHeaders: pageHeaders }));
}

import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ensureWebBuilt } from '../../scripts/build-web';
import { findChromium } from './chromium';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../artifacts/screenshots');

/** Chromium (the build npm install brings, see ./chromium.ts), driven by playwright-core: no browser download. */
export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  await ensureWebBuilt();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  try {
    return await chromium.launch({
      executablePath: binary.executablePath,
      env: { ...process.env, ...binary.env },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    throw new Error(
      `Chromium from ${binary.source} did not start: ${(error as Error).message}\n` +
        'Set PUBGRAPH_CHROMIUM to another Chromium or Chrome binary, or install Chromium (Debian/Ubuntu: apt-get install chromium).',
      { cause: error },
    );
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Every origin a page talks to, to prove it makes no third-party requests. */
export function recordOrigins(page: Page): Set<string> {
  const origins = new Set<string>();
  // Page errors and console errors go to the test output: they are what explains a failed wait.
  page.on('pageerror', (error) => process.stderr.write(`[browser page error] ${error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`[browser console] ${message.text()}\n`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'http:' || url.protocol === 'https:') origins.add(url.origin);
  });
  return origins;
}

export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

/** A tiny web server on another port, standing in for a third-party site that embeds the widget. */
export async function startStaticSite(pages: Record<string, string>): Promise<StaticSite> {
  const server = http.createServer((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

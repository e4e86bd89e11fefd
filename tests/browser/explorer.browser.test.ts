import type { Browser, Page } from 'playwright-core';
import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { launchChromium, recordOrigins, screenshot } from '../support/browser';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import { startTestServer } from '../support/http';

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';

let graph: GraphConnection;
let server: RunningServer;
let browser: Browser;
let origin: string;
let page: Page;
let origins: Set<string>;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  server = await startTestServer(graph);
  origin = new URL(server.url).origin;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await graph?.close();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  origins = recordOrigins(page);
});
afterEach(async () => {
  await page.close();
  // The explorer, the widget and GraphiQL load everything from the service itself.
  expect([...origins]).toEqual([origin]);
});

describe('the explorer in Chromium', () => {
  it('searches for "trafficking", shows results with highlighted snippets, and narrows them by clicking a facet', async () => {
    await page.goto(`${origin}/`);
    await page.locator('main[data-route="home"] .results li').first().waitFor();
    await page.fill('#q', 'trafficking');
    await page.press('#q', 'Enter');
    const heading = page.locator('#results-heading');
    await heading.filter({ hasText: '“trafficking”' }).waitFor();
    const total = Number((await heading.textContent())!.match(/^(\d+)/)![1]);
    expect(total).toBeGreaterThan(5);
    expect(await page.locator('.results li mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'explorer-search');

    const kindFacet = page.locator('[data-facet="kinds"] button').first();
    const bucketCount = Number(await kindFacet.locator('.count').textContent());
    await kindFacet.click();
    await page.locator('[data-facet="kinds"] button[aria-pressed="true"]').waitFor();
    await heading.filter({ hasText: `${bucketCount} publication` }).waitFor();
    expect(await page.locator('.results > li').count()).toBe(bucketCount);
    expect(page.url()).toContain('kinds=');
  });

  it('opens a publication with its companions and their evidence, and the related-publications widget with reasons', async () => {
    await page.goto(`${origin}/#/publication/${HANDBOOK}`);
    const companions = page.locator('[data-testid="companions"] li');
    await companions.first().waitFor();
    expect(await companions.count()).toBeGreaterThanOrEqual(2);
    await expect(page.locator('[data-testid="companions"] blockquote').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/complementing the IOM Handbook/)]),
    );

    await page.locator('pubgraph-related[data-state="items"]').waitFor();
    const items = page.locator('pubgraph-related li');
    expect(await items.count()).toBeGreaterThanOrEqual(1);
    for (const reason of await page.locator('pubgraph-related .reason').allTextContents()) expect(reason.length).toBeGreaterThan(5);
    // Exactly one JSON-LD block, for this publication (the explorer replaces it on every publication view).
    // It arrives by a request of its own after the page has drawn, so wait for it before counting.
    const jsonLd = page.locator('script#pubgraph-jsonld');
    await jsonLd.first().waitFor({ state: 'attached' });
    expect(await jsonLd.count()).toBe(1);
    expect(await jsonLd.getAttribute('type')).toBe('application/ld+json');
    expect(JSON.parse((await jsonLd.textContent())!)).toMatchObject({ '@context': 'https://schema.org', name: expect.stringMatching(/^IOM Handbook on Protection and Assistance for Migrants Vulnerable/) });
    await screenshot(page, 'explorer-publication');

    // A related item links to its own publication view inside the explorer.
    const first = page.locator('pubgraph-related li a').first();
    const title = (await first.textContent())!;
    await first.click();
    await page.locator('#pub-title', { hasText: title }).waitFor();
  });

  it('opens a topic and draws its neighbourhood graph; clicking a node opens that node', async () => {
    await page.goto(`${origin}/#/topic/counter-trafficking`);
    await page.locator('#graph[data-nodes]').waitFor();
    const nodeCount = await page.evaluate('window.pubgraphExplorer.cy.nodes().length');
    expect(nodeCount).toBeGreaterThan(5);
    // The canvas really has something drawn on it (not all transparent pixels).
    const painted = await page.evaluate(`(() => {
      return [...document.querySelectorAll('#graph canvas')].some((canvas) => {
        const ctx = canvas.getContext('2d');
        if (!ctx || !canvas.width || !canvas.height) return false;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
        return false;
      });
    })()`);
    expect(painted).toBe(true);
    await page.waitForTimeout(200);
    await screenshot(page, 'explorer-topic');

    const target = (await page.evaluate(`(() => {
      const cy = window.pubgraphExplorer.cy;
      const node = cy.nodes('[type = "PUBLICATION"]').first();
      const box = document.getElementById('graph').getBoundingClientRect();
      const p = node.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y, href: node.data('href') };
    })()`)) as { x: number; y: number; href: string };
    expect(target.href).toMatch(/^#\/publication\//);
    await page.mouse.click(target.x, target.y);
    await page.waitForURL((url) => url.hash === target.href);
    await page.locator('#pub-title').waitFor();
  });

  it('opens a place and draws its neighbourhood', async () => {
    await page.goto(`${origin}/#/place/west-africa`);
    await page.locator('#graph[data-nodes]').waitFor();
    expect(await page.evaluate('window.pubgraphExplorer.cy.nodes().length')).toBeGreaterThan(1);
    await screenshot(page, 'explorer-place');
  });

  it('serves GraphiQL from the service itself, with no CDN', async () => {
    await page.goto(`${origin}/graphql`);
    expect(new URL(page.url()).pathname).toBe('/graphiql/');
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor();
    await screenshot(page, 'graphiql');
  });
});

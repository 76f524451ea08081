/** Every page of the built edition in real Chromium: loads cleanly, draws the bundled font, fits 360 px, passes axe. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';
import { builtOut } from '../helpers/built.ts';

const out = await builtOut();
const pages = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.disconnect();
});

interface Visit {
  page: Page;
  errors: string[];
  failed: string[];
  outside: string[];
}

async function open(file: string, width: number): Promise<Visit> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 800 });
  const visit: Visit = { page, errors: [], failed: [], outside: [] };
  const root = pathToFileURL(out).href;
  page.on('console', (m) => m.type() === 'error' && visit.errors.push(m.text()));
  page.on('pageerror', (e) => visit.errors.push(String(e)));
  page.on('requestfailed', (r) => visit.failed.push(r.url()));
  page.on('request', (r) => !r.url().startsWith(root) && visit.outside.push(r.url()));
  await page.goto(pathToFileURL(join(out, file)).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return visit;
}

describe.each(pages)('%s in Chromium', (file) => {
  it('loads with no console error, no failed request and nothing from outside out/', async () => {
    const { page, errors, failed, outside } = await open(file, 1280);
    await page.close();
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('draws its text in the bundled font, not a fallback', async () => {
    const { page } = await open(file, 1280);
    const session = await page.createCDPSession();
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument');
    const body = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.article-body p' });
    const { nodeId } = body.nodeId ? body : await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'main p, main li' });
    const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
    await page.close();
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.isCustomFont, JSON.stringify(font)).toBe(true);
      expect(font.familyName).toMatch(/Noto S(erif|ans) SC/);
    }
  });

  it('is not wider than a 360 px viewport', async () => {
    const { page } = await open(file, 360);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.close();
    expect(width).toBeLessThanOrEqual(360);
  });

  it('has no axe-core violations', async () => {
    const { page } = await open(file, 1280);
    const results = await new AxePuppeteer(page).analyze();
    await page.close();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});

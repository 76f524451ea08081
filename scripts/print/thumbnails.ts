/**
 * Cover thumbnails for the archive's home page: the cover page of each edition's print document,
 * drawn by the print browser (so no PDF rasteriser is needed) as a PNG, 2× the size the page
 * shows it at. Rendered from the print document and its fonts, with scripts off and only the
 * build's files allowed, like the print itself; the same input gives the same pixels.
 */
import { readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PageSettings } from '../load/model.ts';
import type { BrowserContext, Page } from 'puppeteer-core';
import { cached } from '../core/cache.ts';
import { documentKey } from './layout-cache.ts';
import { isAllowed } from './print-page.ts';
import type { PrintBrowser } from './index.ts';
import { THUMBNAIL_WIDTH } from '../build/web.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';

const PX_PER_MM = 96 / 25.4;

export interface CoverJob {
  /** The print document (its fonts next to it). */
  htmlPath: string;
  /** The only folder the document may load files from. */
  root: string;
  page: PageSettings;
  /** Bleed in mm around the trim in the print document. */
  bleed: number;
}

/**
 * The print document cut down to its cover (the first <section class="cover">): laying out a
 * whole issue to draw its first page would cost a second per edition. The whole document when
 * a template override has no such section.
 */
export function coverDocument(html: string): string {
  const start = html.search(/<section\b[^>]*\bclass="[^"]*\bcover\b[^"]*"/);
  const end = start < 0 ? -1 : html.indexOf('</section>', start);
  const body = html.search(/<body\b[^>]*>/);
  if (start < 0 || end < 0 || body < 0 || body > start) return html;
  const bodyTag = /<body\b[^>]*>/.exec(html.slice(body))![0];
  return `${html.slice(0, body)}${bodyTag}\n${html.slice(start, end + '</section>'.length)}\n</body>\n</html>\n`;
}

/**
 * Draws cover thumbnails in the print browser: one browser context for all of them, and a page
 * per concurrent drawing reused from cover to cover (a context and a page per cover cost more
 * than the drawing). Close it when done.
 */
export class CoverRenderer {
  private readonly idle: Page[] = [];
  /** Screenshots one at a time, each of the page in front: a page in the background may never draw a frame. */
  private shooting: Promise<unknown> = Promise.resolve();
  /** Opened for the first cover that is not in the build cache. */
  private context?: Promise<BrowserContext>;
  private constructor(private readonly browser: PrintBrowser) {}

  /** Chromium is asked for nothing until a cover is not in the build cache. */
  static open(browser: PrintBrowser): CoverRenderer {
    return new CoverRenderer(browser);
  }

  /**
   * The cover page of the print document as PNG bytes, THUMBNAIL_WIDTH × 2 pixels wide; drawn
   * once for the same cover, fonts and Chromium (the build cache keeps the drawing).
   */
  async render(job: CoverJob): Promise<Uint8Array> {
    const html = coverDocument(await readFile(job.htmlPath, 'utf8'));
    const size = JSON.stringify({ width: job.page.width, height: job.page.height, bleed: job.bleed, thumbnail: THUMBNAIL_WIDTH });
    const key = await documentKey(await this.browser.version(), `cover ${size}`, job.root, html);
    return cached('covers', `${key}.png`, () => this.draw(job, html), 1000);
  }

  private async draw(job: CoverJob, html: string): Promise<Uint8Array> {
    const coverPath = join(dirname(job.htmlPath), 'cover-thumbnail.html');
    await writeFile(coverPath, html);
    const page = this.idle.pop() ?? (await this.newPage());
    try {
      const shoot = await prepare(page, { ...job, htmlPath: coverPath });
      const png = this.shooting.then(async () => {
        await page.bringToFront();
        return shoot();
      });
      this.shooting = png.catch(() => undefined);
      return await png;
    } finally {
      this.idle.push(page);
      await rm(coverPath, { force: true });
    }
  }

  async close(): Promise<void> {
    await (await this.context?.catch(() => undefined))?.close().catch(() => undefined);
  }

  private async newPage(): Promise<Page> {
    this.context ??= this.browser.current().then(({ browser }) => browser.createBrowserContext());
    const page = await (await this.context).newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    // Only the files of the document's own folder (its fonts), by the rule the print follows.
    page.on('request', (request) => {
      const root = roots.get(page);
      const decided = root ? isAllowed(request.url(), root) : Promise.resolve(false);
      void decided.then((allowed) => (allowed ? request.continue() : request.abort('blockedbyclient'))).catch(() => undefined);
    });
    await page.emulateMediaType('print');
    return page;
  }
}

const roots = new WeakMap<Page, string>();

/** Loads the cover and its fonts; returns the function that takes its picture. */
async function prepare(page: Page, job: CoverJob): Promise<() => Promise<Uint8Array>> {
  roots.set(page, await realpath(job.root));
  const width = Math.ceil((job.page.width + 2 * job.bleed) * PX_PER_MM);
  const height = Math.ceil((job.page.height + 2 * job.bleed) * PX_PER_MM);
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(resolve(job.htmlPath)).href, { waitUntil: 'load', timeout: 60_000 });
  // Every face loaded explicitly: with scripts off, a page in the background may not lay out until
  // its screenshot, so document.fonts.ready alone can wait forever.
  await page.evaluate(async () => {
    await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
    await document.fonts.ready;
  });
  const trimWidth = job.page.width * PX_PER_MM;
  const clip = { x: job.bleed * PX_PER_MM, y: job.bleed * PX_PER_MM, width: trimWidth, height: job.page.height * PX_PER_MM, scale: (2 * THUMBNAIL_WIDTH) / trimWidth };
  return async () => new Uint8Array(await withinSeconds(page.screenshot({ type: 'png', clip }), 60, say('print-thumbnail', { path: job.htmlPath })));
}

/** A screenshot that never comes would otherwise hold the build for Puppeteer's protocol timeout. */
async function withinSeconds<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(say('print-within', { what, seconds }))), seconds * 1000);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

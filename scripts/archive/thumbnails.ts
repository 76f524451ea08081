/**
 * Cover thumbnails for the archive's home page: the cover page of each edition's print document,
 * drawn by the print browser (so no PDF rasteriser is needed) as a PNG, 2× the size the page
 * shows it at. Rendered from the print document and its fonts, with scripts off and only the
 * build's files allowed, like the print itself; the same input gives the same pixels.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PageSettings } from '../load/model.ts';
import type { PrintBrowser } from '../print/index.ts';
import { THUMBNAIL_WIDTH } from '../build/web.ts';

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

/** The cover page of the print document as PNG bytes, THUMBNAIL_WIDTH × 2 pixels wide. */
export async function renderCover(browser: PrintBrowser, job: CoverJob): Promise<Uint8Array> {
  const { browser: chromium } = await browser.current();
  const context = await chromium.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    const root = resolve(job.root);
    page.on('request', (request) => {
      const url = request.url();
      const inside = url.startsWith('file:') && isInside(fileURLToPath(url), root);
      void (inside || url.startsWith('data:') ? request.continue() : request.abort('blockedbyclient'));
    });
    const width = Math.ceil((job.page.width + 2 * job.bleed) * PX_PER_MM);
    const height = Math.ceil((job.page.height + 2 * job.bleed) * PX_PER_MM);
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    await page.emulateMediaType('print');
    await page.goto(pathToFileURL(resolve(job.htmlPath)).href, { waitUntil: 'load', timeout: 60_000 });
    await page.evaluate(async () => {
      await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
      await document.fonts.ready;
    });
    const trimWidth = job.page.width * PX_PER_MM;
    const png = await page.screenshot({
      type: 'png',
      clip: { x: job.bleed * PX_PER_MM, y: job.bleed * PX_PER_MM, width: trimWidth, height: job.page.height * PX_PER_MM, scale: (2 * THUMBNAIL_WIDTH) / trimWidth },
    });
    return new Uint8Array(png);
  } finally {
    await context.close().catch(() => undefined);
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

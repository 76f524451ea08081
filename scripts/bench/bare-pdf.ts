/**
 * The floor of a print: the bare page.pdf of a final print document (its fonts loaded first, the
 * options the build prints with), in a page of a browser that is already warm. Milliseconds.
 */
import { pathToFileURL } from 'node:url';
import type { PrintBrowser } from '../print/index.ts';

export async function barePdf(browser: PrintBrowser, html: string): Promise<number> {
  const { browser: chromium } = await browser.current();
  const page = await chromium.newPage();
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  await page.evaluate(() => Promise.all([...document.fonts].map((f) => f.load())));
  const started = performance.now();
  await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  const ms = performance.now() - started;
  await page.close();
  return ms;
}

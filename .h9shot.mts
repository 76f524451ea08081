import { PrintBrowser } from './scripts/print/browser.ts';
import { readFileSync } from 'node:fs';
const port = readFileSync('/tmp/h9port', 'utf8').trim();
const b = await PrintBrowser.launch();
const { browser } = await b.current();
const page = await browser.newPage();
await page.setViewport({ width: 1200, height: 900 });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', String(e)));
page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
await page.goto(`http://localhost:${port}/__print/2017-09/`, { waitUntil: 'load' });
try { await page.waitForSelector('#pages[data-rendered]', { timeout: 60000 }); } catch (e) { console.log(String(e)); }
console.log(await page.$eval('#info', (i) => i.textContent));
await page.screenshot({ path: '/tmp/h9preview.png', fullPage: true });
await page.goto(`http://localhost:${port}/2017-09/`, { waitUntil: 'load' });
await page.screenshot({ path: '/tmp/h9edition.png' });
await b.close();

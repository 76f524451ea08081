/**
 * What a search costs the reader's browser: opens search.html?q=… of a built archive, served as
 * daan serve does, in real Chromium with nothing cached (a fresh browser context each time), and times
 * it from the page's request to the status line saying what was found, with the requests and
 * bytes Pagefind fetched (every bundle of pagefind/bundles.json is searched).
 *
 *   npm run bench:search -- <out folder> [--runs 5] [--query 词语 …]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { PrintBrowser } from '../print/index.ts';
import { startStaticServer } from '../serve/server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, query: { type: 'string', multiple: true } },
});
const out = positionals[0];
if (!out) throw new Error('usage: npm run bench:search -- <out folder> [--runs 5] [--query 词语 …]');
const runs = Math.max(1, Number(values.runs));
// Words of the synthetic archive's text (scripts/bench/synthetic.ts draws it from the default edition's characters) and a phrase.
const queries = values.query ?? ['扶贫', '脱贫攻坚', '村党支部', '宇宙飞船'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// daan serve's own file server.
const server = await startStaticServer({ root: out, port: 0 });
// Addressed as localhost: the print browser resolves no other name, and maps bare IP addresses away.
const base = `http://localhost:${server.port}/`;
const browser = await PrintBrowser.launch();
try {
  const { browser: chromium } = await browser.current();
  for (const query of queries) {
    const times: number[] = [];
    const requests: number[] = [];
    const kib: number[] = [];
    let status = '';
    for (let i = 0; i < runs; i++) {
      const context = await chromium.createBrowserContext();
      const page = await context.newPage();
      let fetched = 0;
      let bytes = 0;
      page.on('requestfinished', (request) => {
        if (!request.url().includes('/pagefind/')) return;
        fetched++;
        bytes += Number(request.response()?.headers()['content-length'] ?? 0);
      });
      const started = performance.now();
      await page.goto(`${base}search.html?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
      await page.waitForFunction(() => !/正在搜索/.test(document.getElementById('search-status')?.textContent ?? '正在搜索'), { timeout: 60_000 });
      times.push(performance.now() - started);
      status = await page.$eval('#search-status', (e) => e.textContent ?? '');
      requests.push(fetched);
      kib.push(bytes / 1024);
      await context.close();
    }
    console.log(`${query.padEnd(8)} ${median(times).toFixed(0).padStart(5)} ms median (${times.map((t) => t.toFixed(0)).join(', ')})  ${median(requests)} requests to pagefind/, ${median(kib).toFixed(0)} KiB  — ${status}  [load ${loadavg()[0].toFixed(1)}]`);
  }
} finally {
  await browser.close();
  await server.close();
}

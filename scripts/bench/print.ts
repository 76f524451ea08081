/**
 * `npm run bench`: figures for the print path of the default edition (a script that prints
 * figures, not a test). Medians of 5, measured in one run:
 *   1. the clean build as a user runs it (`node bin/daan.mjs build` in a new process, empty out/,
 *      HTML + both PDFs + cover thumbnail + search index), with a cold and a warm build cache
 *      (font subsets, chart drawings; the compiled command is made before timing);
 *   2. that build split into phases, in one process with one browser;
 *   3. the bare page.pdf of the same final HTML in the same browser, and the ratio;
 *   4. md-to-pdf 5.2.5 on the same article alone (a devDependency, pointed at the system Chromium);
 *   5. a synthetic 40-page edition printed in a warm browser;
 *   6. the floor of any Puppeteer tool here: a new process that launches Chromium, prints one
 *      line of text to PDF and closes it; and our own floor: launch the print browser, bare
 *      page.pdf of the final issue HTML, close;
 *   7. the edit-to-PDF figures of daan serve, scripts/bench/serve.ts (BENCH_SERVE=0 skips them);
 *   8. the archive figures of scripts/bench/archive.ts (BENCH_EDITIONS, default 100; BENCH_ARCHIVE=0 skips them);
 * and ends with issue 19's table of figures, side by side from this one run, with the load average.
 *
 *   BENCH_RUNS=5 BENCH_EDITIONS=100 npm run bench
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadContent } from '../load/index.ts';
import { datasetLookup, transformEdition } from '../build/transform-edition.ts';
import { editionView } from '../render/views.ts';
import { loadTemplates } from '../render/templates.ts';
import { renderPrintDocument } from '../render/print.ts';
import { fontFaceCss, subsetFaces } from '../fonts/subset.ts';
import { visibleText } from '../build/web.ts';
import { PrintBrowser, buildDate, printPdfTimed, withPrintPage } from '../print/index.ts';
import { finishPdf } from '../print/postprocess.ts';
import { readDestinations } from '../print/destinations.ts';
import type { EditionView } from '../render/model.ts';
import { barePdf } from './bare-pdf.ts';

const root = join(import.meta.dirname, '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'daan-bench-'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return performance.now() - started;
}

/**
 * Clean builds of the sample: with an empty build cache; with a warm one, which takes the
 * finished PDFs from it (print/pdf-cache.ts); and with a warm one without its PDFs, which prints
 * each document once (its layout known).
 */
function cleanBuilds(): { cold: number; warm: number; printing: number } {
  const daan = [join(root, 'bin/daan.mjs'), 'build', '--quiet'];
  const cold: number[] = [];
  const warm: number[] = [];
  const printing: number[] = [];
  const warmCache = join(work, 'cache-warm');
  timeCommand(process.execPath, [...daan, '--out', join(work, 'prime')], { DAAN_CACHE_DIR: warmCache });
  const printingCache = join(work, 'cache-printing');
  timeCommand(process.execPath, [...daan, '--out', join(work, 'prime-printing')], { DAAN_CACHE_DIR: printingCache });
  // What a build wrote is flushed to disk before the next one is timed: a cold build writes its
  // whole cache, and the warm build after it would otherwise pay for that write-back.
  const settle = () => spawnSync('sync');
  for (let i = 0; i < runs; i++) {
    settle();
    cold.push(timeCommand(process.execPath, [...daan, '--out', join(work, `cold-${i}`)], { DAAN_CACHE_DIR: join(work, `cache-cold-${i}`) }));
    settle();
    warm.push(timeCommand(process.execPath, [...daan, '--out', join(work, `warm-${i}`)], { DAAN_CACHE_DIR: warmCache }));
    rmSync(join(printingCache, 'pdfs'), { recursive: true, force: true });
    settle();
    printing.push(timeCommand(process.execPath, [...daan, '--out', join(work, `printing-${i}`)], { DAAN_CACHE_DIR: printingCache }));
  }
  return { cold: median(cold), warm: median(warm), printing: median(printing) };
}

interface Phases {
  load: number;
  transform: number;
  render: number;
  fonts: number;
  pass1: number;
  pass2: number;
  post: number;
}

async function phasesOnce(browser: PrintBrowser, contentDir: string, dir: string): Promise<{ phases: Phases; html: string }> {
  const t = [performance.now()];
  const mark = () => t.push(performance.now());
  const { content } = await loadContent(contentDir);
  mark();
  const edition = content!.editions[0];
  const { bodies } = await transformEdition(edition, datasetLookup(content!.editions));
  const view: EditionView = editionView(edition, bodies);
  mark();
  const templates = await loadTemplates([join(root, 'templates')]);
  const base = { site: content!.site, edition: view, templates, templatesDir: join(root, 'templates') };
  const draft = await renderPrintDocument({ ...base, fontCss: '' });
  mark();
  const fonts = await subsetFaces(visibleText(draft), 'truetype');
  mkdirSync(join(dir, 'fonts'), { recursive: true });
  for (const font of fonts) writeFileSync(join(dir, 'fonts', font.name), font.bytes);
  const fontCss = fontFaceCss(fonts, 'fonts/');
  const html = join(dir, 'issue.html');
  writeFileSync(html, await renderPrintDocument({ ...base, fontCss }));
  mark();
  const options = { htmlPath: html, root: dir, timeoutMs: 60_000, name: 'bench' };
  // As the build prints: both passes in one page, the second after the numbers are filled in.
  const { value: second } = await withPrintPage(browser, options, async (page) => {
    const first = await page.print();
    const pages = await readDestinations(first.pdf);
    writeFileSync(html, await renderPrintDocument({ ...base, fontCss, pages }));
    mark();
    const again = await page.print();
    mark();
    return again;
  });
  await finishPdf(second.pdf, { title: 'bench', date: buildDate(edition.date), fontNames: fonts.map((f) => f.face.postScriptName) });
  mark();
  const d = (i: number) => t[i + 1] - t[i];
  return { phases: { load: d(0), transform: d(1), render: d(2), fonts: d(3), pass1: d(4), pass2: d(5), post: d(6) }, html };
}

/** The floor of our own build: launch the print browser, bare page.pdf of the final issue HTML, close. */
async function launchPrintClose(html: string): Promise<number> {
  const started = performance.now();
  const browser = await PrintBrowser.launch();
  try {
    await barePdf(browser, html);
  } finally {
    await browser.close();
  }
  return performance.now() - started;
}

/** A new process: launch Chromium, print one line to PDF, close (what every Puppeteer tool pays at least). */
function puppeteerFloor(): number {
  const script = join(work, 'floor.mjs');
  const launch = JSON.stringify({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  writeFileSync(
    script,
    `import puppeteer from ${JSON.stringify(pathToFileURL(join(root, 'node_modules/puppeteer/lib/esm/puppeteer/puppeteer.js')).href)};\n` +
      `const browser = await puppeteer.launch(${launch});\nconst page = await browser.newPage();\nawait page.setContent('<p>大安</p>');\nawait page.pdf();\nawait browser.close();\n`,
  );
  return median(Array.from({ length: runs }, () => timeCommand(process.execPath, [script])));
}

/** md-to-pdf 5.2.5 (a devDependency: nothing is fetched at run time), pointed at the system Chromium as its users do. */
function mdToPdf(): number | string {
  const bin = join(root, 'node_modules/.bin/md-to-pdf');
  if (!existsSync(bin)) return 'not measured (md-to-pdf is a devDependency: run npm ci without --omit=dev)';
  const article = join(work, 'md-to-pdf', 'article.md');
  mkdirSync(join(work, 'md-to-pdf'), { recursive: true });
  cpSync(join(root, 'test/fixtures/import/seed-restored.txt'), article);
  const launch = JSON.stringify({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const times = Array.from({ length: runs }, () => timeCommand(bin, [article, '--launch-options', launch], {}, join(work, 'md-to-pdf')));
  return median(times);
}

/** About 40 pages: the default article eleven times over (tables and chart once), in a copy of the content. */
function fortyPageContent(): string {
  const dir = join(work, 'content-40');
  cpSync(join(root, 'content'), dir, { recursive: true });
  rmSync(join(dir, 'briefings'), { recursive: true, force: true });
  const article = readFileSync(join(dir, '2017-09/articles/dangjian-linghang.md'), 'utf8');
  for (let i = 2; i <= 11; i++) {
    const copy = article.replace(/^slug: .*$/m, `slug: copy-${i}`).replace(/^title: (.*)$/m, `title: $1（${i}）`).replace(/::(table|chart)\{#?[^}]*\}/g, '');
    writeFileSync(join(dir, `2017-09/articles/copy-${i}.md`), copy);
  }
  return dir;
}

/** The archive figures of scripts/bench/archive.ts (run as its own process), from the JSON it ends with. */
interface ArchiveRow {
  name: string;
  seconds: number;
  tree: number;
}
function archiveFigures(): ArchiveRow[] | string {
  const args = [join(root, 'scripts/bench/archive.ts'), '--repeat', String(runs), ...(process.env.BENCH_EDITIONS ? ['--editions', process.env.BENCH_EDITIONS] : [])];
  const result = spawnSync(join(root, 'node_modules/.bin/tsx'), args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  process.stdout.write(result.stdout.slice(0, result.stdout.indexOf('\n{')));
  if (result.status !== 0) return `not measured (the archive benchmark failed: ${result.stderr.trim().split('\n').at(-1)})`;
  return (JSON.parse(result.stdout.slice(result.stdout.indexOf('\n{'))) as { results: ArchiveRow[] }).results;
}

/** The edit-to-PDF figures of scripts/bench/serve.ts (run as its own process), from the JSON line it ends with. */
function serveFigures(): { editToPdf: number; print: number; overhead: number } | string {
  const result = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/bench/serve.ts'), '--runs', String(runs)], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const at = result.stdout.indexOf('\n{"serve"');
  process.stdout.write(result.stdout.slice(0, at < 0 ? undefined : at + 1));
  if (result.status !== 0 || at < 0) return `not measured (the serve benchmark failed: ${result.stderr.trim().split('\n').at(-1)})`;
  return (JSON.parse(result.stdout.slice(at)) as { serve: { editToPdf: number; print: number; overhead: number } }).serve;
}

async function main() {
  console.log(`load average at the start: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  console.log(`大安刊印 print benchmark — medians of ${runs}, measured in one run (Node ${process.version})`);
  const clean = cleanBuilds();
  console.log(
    `clean build (daan build, new process, HTML + both PDFs): empty build cache ${seconds(clean.cold)} (fonts subset, chart drawn, drafts then the final print of each document, cover drawn), warm build cache ${seconds(clean.warm)} (the finished PDFs from the cache, nothing printed), warm build cache without its PDFs ${seconds(clean.printing)} (one print a document)`,
  );

  let issueHtml = '';
  const browser = await PrintBrowser.launch();
  try {
    const all: Phases[] = [];
    let html = '';
    for (let i = 0; i < runs; i++) {
      const dir = join(work, `phases-${i}`);
      mkdirSync(dir, { recursive: true });
      const result = await phasesOnce(browser, join(root, 'content'), dir);
      all.push(result.phases);
      html = result.html;
    }
    const med = Object.fromEntries(Object.keys(all[0]).map((k) => [k, median(all.map((p) => p[k as keyof Phases]))])) as unknown as Phases;
    console.log('phases of the issue without the build cache (in one process, warm browser; pass 1 is what the layout cache saves):');
    for (const [name, ms] of Object.entries(med)) console.log(`  ${name.padEnd(10)} ${(ms as number).toFixed(0).padStart(6)} ms`);
    const bare = median(await Promise.all(Array.from({ length: runs }, () => barePdf(browser, html))));
    issueHtml = html;
    const printing = med.pass1 + med.pass2 + med.post;
    console.log(`bare page.pdf of the final HTML: ${bare.toFixed(0)} ms; two passes + post-process ${printing.toFixed(0)} ms = ${(printing / bare).toFixed(1)} × bare`);

    const forty = fortyPageContent();
    const dir = join(work, 'forty');
    mkdirSync(dir, { recursive: true });
    const first = await phasesOnce(browser, forty, dir);
    const pages = (await printPdfTimed(browser, { htmlPath: first.html, root: dir, timeoutMs: 60_000, name: 'forty' })).pdf;
    const { PDFDocument } = await import('pdf-lib');
    const count = (await PDFDocument.load(pages)).getPageCount();
    const times = [];
    for (let i = 0; i < runs; i++) times.push((await printPdfTimed(browser, { htmlPath: first.html, root: dir, timeoutMs: 60_000, name: 'forty' })).timings);
    const total = median(times.map((t) => t.load + t.fonts + t.pdf));
    console.log(`${count}-page edition in a warm browser: one print ${total.toFixed(0)} ms (load ${median(times.map((t) => t.load)).toFixed(0)}, fonts ${median(times.map((t) => t.fonts)).toFixed(0)}, page.pdf ${median(times.map((t) => t.pdf)).toFixed(0)} ms)`);
  } finally {
    await browser.close();
  }
  const floor = puppeteerFloor();
  console.log(`floor of a Puppeteer tool here (new process: launch Chromium, print one line, close): ${seconds(floor)}`);
  const ownFloors: number[] = [];
  for (let i = 0; i < runs; i++) ownFloors.push(await launchPrintClose(issueHtml));
  const ownFloor = median(ownFloors);
  console.log(`floor of our build (launch the print browser, bare page.pdf of the final issue HTML, close): ${seconds(ownFloor)}`);
  const md = mdToPdf();
  if (typeof md === 'number') console.log(`md-to-pdf 5.2.5, the article alone: ${seconds(md)}; the Puppeteer floor alone is ${(floor / md).toFixed(2)} of it`);
  else console.log(`md-to-pdf 5.2.5: ${md}`);
  const serve = process.env.BENCH_SERVE === '0' ? 'not measured (BENCH_SERVE=0)' : serveFigures();
  const archive = process.env.BENCH_ARCHIVE === '0' ? 'not measured (BENCH_ARCHIVE=0)' : archiveFigures();
  const row = (name: string) => (typeof archive === 'string' ? undefined : archive.find((r) => r.name === name));
  const archiveSeconds = (name: string) => {
    const found = row(name);
    return found ? seconds(found.seconds * 1000) : typeof archive === 'string' ? archive : 'not measured';
  };
  const peak = typeof archive === 'string' ? archive : `${Math.max(...archive.map((r) => r.tree)).toFixed(0)} MiB (the archive builds' whole process tree)`;
  const figures: [string, string, string][] = [
    ['clean build (warm cache, new process) ÷ md-to-pdf 5.2.5 on the article alone', typeof md === 'number' ? `${(clean.warm / md).toFixed(2)} (PDFs from the cache); ${(clean.printing / md).toFixed(2)} printing each document` : md, '≤ 0.5'],
    ['the same build ÷ the floor (launch, bare page.pdf of the final issue HTML, close)', `${(clean.warm / ownFloor).toFixed(2)} (PDFs from the cache); ${(clean.printing / ownFloor).toFixed(2)} printing each document`, '≤ 1.5'],
    ['empty-cache build ÷ warm-cache build', `${(clean.cold / clean.warm).toFixed(2)} (PDFs from the cache); ${(clean.cold / clean.printing).toFixed(2)} printing each document`, '≤ 2'],
    [
      `the ${process.env.BENCH_EDITIONS ?? 100}-edition archive with PDFs`,
      `${archiveSeconds('clean build, with PDFs (build cache warm)')} with a warm build cache (PDFs from it), ${archiveSeconds('clean build, with PDFs (build cache warm, PDFs printed)')} with a warm one without its PDFs (one print an edition), ${archiveSeconds('clean build, with PDFs (build cache cold)')} with an empty one`,
      '≤ 45 s',
    ],
    [`clean HTML-only, cold build cache (the ${process.env.BENCH_EDITIONS ?? 100}-edition archive)`, archiveSeconds('clean build, HTML only (build cache cold)'), '≤ 10 s'],
    [`one-article change in the ${process.env.BENCH_EDITIONS ?? 100}-edition archive, HTML only`, archiveSeconds('one-article change, HTML only'), '≤ 1.5 s'],
    ['peak memory', peak, '≤ 1 GiB'],
    ['serve, edit-to-PDF after one article changed', typeof serve === 'string' ? serve : `${seconds(serve.editToPdf * 1000)}, of which printing ${seconds(serve.print * 1000)}: the rest ${seconds(serve.overhead * 1000)}`, '≤ 0.5 s + the print time'],
  ];
  console.log(`\nissue 19's figures, medians of ${runs}, side by side in this run (load average now ${loadavg().map((n) => n.toFixed(1)).join(' ')}):`);
  console.log('| figure | this run | goal |\n| --- | --- | --- |');
  for (const [name, value, goal] of figures) console.log(`| ${name} | ${value} | ${goal} |`);
  rmSync(work, { recursive: true, force: true });
}

await main();

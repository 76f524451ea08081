/**
 * The print machinery end to end on a small issue (cover, TOC, three articles, a TrueType subset
 * font, named pages, margin boxes): printed in one browser for the whole file, then read back with
 * poppler, qpdf and pdf.js as a printer's preflight would.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintBrowser } from '../../scripts/print/browser.ts';
import { assertPrinted, printDocuments, type PrintJob, type PrintResult, type PrintSuccess } from '../../scripts/print/index.ts';
import { MARK, MM, pageBoxes, type FinishOptions } from '../../scripts/print/postprocess.ts';
import { PrintError, printPdf, printPdfTimed, withPrintPage } from '../../scripts/print/print-page.ts';
import { readMarks } from '../../scripts/print/destinations.ts';
import { UserError } from '../../scripts/report/problems.ts';
import { ARTICLE_IDS, ARTICLE_TITLES, makeFixture, type Fixture } from './fixture.ts';
import { greyRegion, outline, pageSizes, pageTexts, pdffonts, pdfinfo, pdfinfoBox, qpdfCheck, requireChromium, requireTools } from './poppler.ts';

const TRIM = { width: 210, height: 285 };
const TRIM_PT = { width: 595.28, height: 807.87 };
const EDITION_DATE = new Date('2017-09-30T00:00:00Z');
const FINISH: FinishOptions = {
  title: '大安 2017年第9期',
  author: '大安镇宣传办',
  subject: '测试刊',
  keywords: ['大安', '春耕'],
  date: EDITION_DATE,
  trim: TRIM,
  fontNames: ['NotoSerifSC-Regular'],
};
const BLEED_STYLE = '<style>@page cover { size: 216mm 291mm; } .cover { height: 291mm; }</style>';

let browser: PrintBrowser;
let fixture: Fixture;
let work: string;
let issue: PrintSuccess;
let issuePath: string;
let cacheBefore: string | undefined;
const fixtures: Fixture[] = [];

/** A fresh copy of the fixture, removed after the file's tests. */
async function freshFixture(extraHead?: string): Promise<Fixture> {
  const f = await makeFixture(extraHead);
  fixtures.push(f);
  return f;
}

function issueJob(f: Fixture, pdfPath: string, finish: FinishOptions = FINISH, extra?: string): PrintJob {
  return { name: 'daan-test.pdf', htmlPath: f.htmlPath, root: f.dir, pdfPath, pageIds: ARTICLE_IDS, render: (pages) => f.html(pages, extra), finish };
}

async function printOne(job: PrintJob): Promise<PrintSuccess> {
  const [result] = await printDocuments([job], { browser });
  assertPrinted([result]);
  return result as PrintSuccess;
}

beforeAll(async () => {
  requireChromium();
  requireTools('pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm', 'qpdf');
  work = await mkdtemp(join(tmpdir(), 'daan-print-test-'));
  // A build cache of this file's own: the first print of the fixture is a cold one (two passes).
  cacheBefore = process.env.DAAN_CACHE_DIR;
  process.env.DAAN_CACHE_DIR = join(work, 'cache');
  fixture = await freshFixture();
  browser = await PrintBrowser.launch();
  issuePath = join(work, 'issue.pdf');
  issue = await printOne(issueJob(fixture, issuePath));
});

afterAll(async () => {
  if (cacheBefore === undefined) delete process.env.DAAN_CACHE_DIR;
  else process.env.DAAN_CACHE_DIR = cacheBefore;
  await browser?.close();
  await Promise.all(fixtures.map((f) => f.remove()));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the printed issue', () => {
  it('has every page at the trim size, 210 × 285 mm (595.28 × 807.87 pt ± 0.5)', () => {
    const sizes = pageSizes(issuePath);
    expect(sizes.length).toBeGreaterThan(10);
    for (const size of sizes) {
      expect(Math.abs(size.width - TRIM_PT.width)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(size.height - TRIM_PT.height)).toBeLessThanOrEqual(0.5);
    }
  });

  it('is tagged and carries the metadata and dates of the edition, never the clock', async () => {
    const info = pdfinfo(issuePath);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe(FINISH.title);
    expect(info.Author).toBe(FINISH.author);
    expect(info.Subject).toBe(FINISH.subject);
    expect(info.Keywords).toBe('大安 春耕');
    expect(info.Creator).toBe('大安刊印');
    expect(info.CreationDate).toMatch(/Sep 30 00:00:00 2017 UTC/);
    expect(info.ModDate).toMatch(/Sep 30 00:00:00 2017 UTC/);
    const doc = await PDFDocument.load(issue.pdf, { updateMetadata: false });
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(zh-CN)');
    expect(doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
  });

  it('embeds every font, has no Type 3 font, and uses no system font — not even in the margin boxes', () => {
    const fonts = pdffonts(issuePath);
    // The body face and the face used only by the folios in @bottom-center, both the build's subsets.
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(['NotoSerifSC-Regular', 'NotoSerifSC-Regular']);
    expect(fonts.filter((f) => f.type.includes('Type 3'))).toEqual([]);
    expect(fonts.filter((f) => f.emb !== 'yes')).toEqual([]);
  });

  it('prints the page where each article starts in the table of contents', () => {
    const pages = pageTexts(issuePath);
    const tocIndex = pages.findIndex((text) => text.includes('目录'));
    expect(tocIndex).toBeGreaterThanOrEqual(0);
    const titlePages = ARTICLE_TITLES.map((title) => pages.findIndex((text, i) => i > tocIndex && text.includes(title)) + 1);
    const tocLines = pageTexts(issuePath, true)[tocIndex].split('\n');
    const tocNumbers = ARTICLE_TITLES.map((title) => Number(/(\d+)\s*$/.exec(tocLines.find((l) => l.includes(title)) ?? '')?.[1]));
    expect(tocNumbers).toEqual(titlePages);
    expect(titlePages).toEqual(ARTICLE_IDS.map((id) => issue.pages!.get(id)));
    expect(new Set(titlePages).size).toBe(3);
    expect(titlePages[1] - titlePages[0]).toBeGreaterThan(1); // the first article runs over several pages
  });

  it('says why a font face could not be loaded: a file that is no font (what Chromium said of it), a file that is missing (which)', async () => {
    const dir = mkdtempSync(join(work, 'bad-font-'));
    writeFileSync(join(dir, 'broken.ttf'), 'not a font at all, but long enough to be read as one '.repeat(20));
    const page = (src: string) => `<!doctype html><html lang="zh"><head><meta charset="utf-8"><style>@font-face { font-family: "Broken"; src: url("${src}") format("truetype"); } p { font-family: "Broken", serif; }</style></head><body><p>大安</p></body></html>`;
    writeFileSync(join(dir, 'broken.html'), page('broken.ttf'));
    writeFileSync(join(dir, 'missing.html'), page('nowhere.ttf'));
    const broken = await printPdf(browser, { htmlPath: join(dir, 'broken.html'), root: dir, name: 'broken.pdf', timeoutMs: 60_000 }).catch((e) => e);
    expect(broken).toBeInstanceOf(PrintError);
    expect(broken.message).toMatch(/^broken\.pdf: font faces could not be loaded: Broken normal normal \(Chromium: .*(OTS parsing error|Failed to decode downloaded font).*\)$/);
    const missing = await printPdf(browser, { htmlPath: join(dir, 'missing.html'), root: dir, name: 'missing.pdf', timeoutMs: 60_000 }).catch((e) => e);
    expect(missing).toBeInstanceOf(PrintError);
    expect(missing.message).toMatch(/^missing\.pdf: .*nowhere\.ttf/);
    expect(missing.message).not.toMatch(/font faces could not be loaded/);
  });

  it('leaves a full disk met while printing (writing the print document) as that error, for the print step to say in words, not "printing failed"', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const error = await withPrintPage(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, name: 'full.pdf', timeoutMs: 60_000 }, async () => {
      throw full;
    }).catch((e) => e);
    expect(error).toBe(full);
  });

  it('reads its page numbers from a draft print: laid out as the full one, every destination on the same page and height, without tags or outline, nothing drawn', async () => {
    const { value } = await withPrintPage(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, name: 'draft.pdf', timeoutMs: 60_000 }, async (page) => ({ draft: await page.print({ draft: true }), full: await page.print() }));
    const draft = await PDFDocument.load(value.draft.pdf, { updateMetadata: false });
    const full = await PDFDocument.load(value.full.pdf, { updateMetadata: false });
    expect(draft.catalog.get(PDFName.of('StructTreeRoot'))).toBeUndefined();
    expect(draft.catalog.get(PDFName.of('Outlines'))).toBeUndefined();
    expect(full.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    expect(draft.getPageCount()).toBe(full.getPageCount());
    const marks = async (pdf: Uint8Array) => [...(await readMarks(pdf)).marks].sort(([a], [b]) => (a < b ? -1 : 1));
    const draftMarks = await marks(value.draft.pdf);
    expect(draftMarks.length).toBeGreaterThanOrEqual(ARTICLE_IDS.length);
    expect(draftMarks).toEqual(await marks(value.full.pdf));
    // Nothing of the body drawn: only the page margins' running heads and numbers are left.
    const draftPath = join(work, 'draft.pdf');
    const fullPath = join(work, 'draft-full.pdf');
    await writeFile(draftPath, value.draft.pdf);
    await writeFile(fullPath, value.full.pdf);
    const text = (path: string) => pageTexts(path).join('').replace(/\s+/g, '');
    for (const title of ARTICLE_TITLES.map((t) => t.replace(/\s+/g, ''))) {
      expect(text(fullPath)).toContain(title);
      expect(text(draftPath)).not.toContain(title);
    }
    expect(text(draftPath).length).toBeLessThan(text(fullPath).length / 10);
  });

  it('prints twice (the numbers moved nothing) and reports the page of each id', () => {
    expect(issue.prints).toHaveLength(2);
    expect([...issue.pages!.keys()]).toEqual(ARTICLE_IDS);
  });

  it('has an outline of the articles and their headings, every entry resolving to its page', async () => {
    const entries = await outline(issue.pdf);
    const numPages = pageSizes(issuePath).length;
    expect(entries.length).toBeGreaterThanOrEqual(ARTICLE_TITLES.length * 2);
    for (const entry of entries) {
      expect(entry.page, `outline entry “${entry.title}” resolves`).toBeGreaterThanOrEqual(1);
      expect(entry.page!).toBeLessThanOrEqual(numPages);
    }
    ARTICLE_TITLES.forEach((title, i) => {
      const entry = entries.find((e) => e.title === title);
      expect(entry?.page, title).toBe(issue.pages!.get(ARTICLE_IDS[i]));
    });
    expect(entries.map((e) => e.title)).toEqual(expect.arrayContaining(['一、田间', '二、水利', '一、粮食', '一、仓储', '二、来年']));
  });

  it('passes qpdf --check', () => {
    const check = qpdfCheck(issuePath);
    expect(check.output).toMatch(/No syntax or stream encoding errors found/);
    expect(check.status).toBe(0);
  });

  it('is byte-identical when the same input is built again, printed once from the layout cache, or not at all from the PDF cache', async () => {
    expect(issue.prints).toHaveLength(2);
    expect(issue.reused).toBeUndefined();
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    // Printed again (as `daan verify --rebuild` does): one print, its layout from the cache.
    const results = await printDocuments([issueJob(await freshFixture(), join(work, 'printed.pdf'))], { browser, reuse: false });
    assertPrinted(results);
    const [printed] = results;
    expect(printed.prints).toHaveLength(1);
    expect(printed.reused).toBeUndefined();
    expect(printed.pages).toEqual(issue.pages);
    expect(sha(printed.pdf)).toBe(sha(issue.pdf));
    expect(sha(await readFile(join(work, 'printed.pdf')))).toBe(sha(issue.pdf));
    // Built again: the finished PDF from the build cache, no print, and the final print document written as printed.
    const again = await freshFixture();
    const second = await printOne(issueJob(again, join(work, 'again.pdf')));
    expect(second.prints).toHaveLength(0);
    expect(second.reused).toBe(true);
    expect(second.pages).toEqual(issue.pages);
    expect(sha(second.pdf)).toBe(sha(issue.pdf));
    expect(sha(await readFile(join(work, 'again.pdf')))).toBe(sha(issue.pdf));
    expect(await readFile(again.htmlPath, 'utf8')).toBe(await again.html(issue.pages));
    // Another finishing (the title) is another PDF: printed, not reused.
    const retitled = await printOne(issueJob(await freshFixture(), join(work, 'retitled.pdf'), { ...FINISH, title: `${FINISH.title}（重排）` }));
    expect(retitled.reused).toBeUndefined();
    expect(retitled.prints).toHaveLength(1);
  });

  it('prints from the start when a cached layout no longer holds, with the same bytes', async () => {
    const entries = join(work, 'cache', 'layout');
    // Each entry as the cache keeps it (the pages and the float placement), every page number wrong.
    for (const name of await readdir(entries)) {
      const kept = JSON.parse(await readFile(join(entries, name), 'utf8'));
      expect(kept.pages.map(([id]: [string, number]) => id)).toEqual(ARTICLE_IDS);
      await writeFile(join(entries, name), JSON.stringify({ ...kept, pages: ARTICLE_IDS.map((id) => [id, 99]) }));
    }
    const third = await printOne(issueJob(await freshFixture(), join(work, 'third.pdf')));
    expect(third.prints).toHaveLength(3);
    expect(third.pages).toEqual(issue.pages);
    expect(createHash('sha256').update(third.pdf).digest('hex')).toBe(createHash('sha256').update(issue.pdf).digest('hex'));
  });

  it('prints every pass of a job in one page, reloading the document there', async () => {
    const again = await freshFixture();
    const { browser: chromium } = await browser.current();
    const opened: string[] = [];
    const onTarget = (target: { type(): string; url(): string }) => void (target.type() === 'page' && opened.push(target.url()));
    chromium.on('targetcreated', onTarget);
    try {
      // Another document (one meta line more), so that its layout is not in the cache.
      const result = await printOne(issueJob(again, join(work, 'one-page.pdf'), FINISH, '<meta name="daan-test" content="one page">'));
      expect(result.prints).toHaveLength(2);
      expect(opened).toHaveLength(1);
      // The second print read the document again: its TOC has the numbers the first print found.
      expect(result.pages!.get(ARTICLE_IDS[0])).toBeGreaterThan(1);
      const tocLines = pageTexts(join(work, 'one-page.pdf'), true).find((text) => text.includes('目录'))!.split('\n');
      const tocNumbers = ARTICLE_TITLES.map((title) => Number(/(\d+)\s*$/.exec(tocLines.find((l) => l.includes(title)) ?? '')?.[1]));
      expect(tocNumbers).toEqual(ARTICLE_IDS.map((id) => result.pages!.get(id)));
    } finally {
      chromium.off('targetcreated', onTarget);
    }
  });

  // Its phases' times are figures for npm run bench (scripts/bench/print.ts), not for a test.
  it('prints one pass with printPdfTimed', async () => {
    const single = await printPdfTimed(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'single' });
    expect(single.pdf.length).toBeGreaterThan(1000);
  });
});

describe('press option: --bleed 3mm --marks', () => {
  let marked: PrintSuccess;
  let bleedOnly: PrintSuccess;
  const markedPath = () => join(work, 'marked.pdf');
  const tw = TRIM.width * MM;
  const th = TRIM.height * MM;
  const bleed = 3 * MM;
  const slug = (3 + MARK.lengthMm + MARK.paddingMm) * MM;

  beforeAll(async () => {
    const f = await freshFixture(BLEED_STYLE);
    [marked, bleedOnly] = (await printDocuments(
      [
        { ...issueJob(f, markedPath(), { ...FINISH, bleedMm: 3, marks: true }, BLEED_STYLE), name: 'marked.pdf' },
        { ...issueJob(f, join(work, 'bleed.pdf'), { ...FINISH, bleedMm: 3 }, BLEED_STYLE), name: 'bleed.pdf', htmlPath: join(f.dir, 'bleed.html') },
      ],
      { browser },
    )) as PrintSuccess[];
    assertPrinted([marked, bleedOnly]);
  });

  const size = (box: number[]) => ({ width: box[2] - box[0], height: box[3] - box[1] });
  const close = (a: number, b: number, within = 0.01) => expect(Math.abs(a - b)).toBeLessThanOrEqual(within);

  it('sets TrimBox to the trim and BleedBox 3 mm outside it on every page, on an enlarged MediaBox', async () => {
    const doc = await PDFDocument.load(marked.pdf, { updateMetadata: false });
    for (const page of doc.getPages()) {
      const boxes = pageBoxes(page);
      const [trim, bleedBox, media] = [boxes.TrimBox!, boxes.BleedBox!, boxes.MediaBox!];
      close(size(trim).width, tw);
      close(size(trim).height, th);
      bleedBox.forEach((v, i) => close(v, trim[i] + (i < 2 ? -bleed : bleed)));
      media.forEach((v, i) => close(v, trim[i] + (i < 2 ? -slug : slug)));
    }
  });

  it('reads the same boxes back with poppler (pdfinfo -box)', () => {
    for (const page of [1, 2]) {
      const trim = pdfinfoBox(markedPath(), page, 'TrimBox');
      const bleedBox = pdfinfoBox(markedPath(), page, 'BleedBox');
      close(size(trim).width, tw, 0.02);
      close(size(trim).height, th, 0.02);
      close(size(bleedBox).width, tw + 2 * bleed, 0.02);
      close(size(pdfinfoBox(markedPath(), page, 'MediaBox')).width, tw + 2 * slug, 0.02);
    }
  });

  it('lets the cover’s colour run into the bleed, which the CSS printed at trim + 2 × bleed', async () => {
    const doc = await PDFDocument.load(marked.pdf, { updateMetadata: false });
    const cover = pageBoxes(doc.getPage(0)).BleedBox!;
    // The cover was printed at 216 × 291 mm: its BleedBox is the painted page (Chromium rounds by < 0.5 pt).
    close(cover[0], 0, 0.5);
    close(cover[1], 0, 0.5);
    // Inside the bleed of the cover is red; the bleed of an inside page is white.
    const dpi = 72;
    const [media] = [pageBoxes(doc.getPage(0)).MediaBox!];
    const px = (x: number) => Math.round(x - media[0]);
    const py = (y: number) => Math.round(media[3] - y);
    const coverBleed = greyRegion(markedPath(), 1, dpi, px(cover[0] + 2), py(cover[3] - 2), 3, 3);
    expect(Math.max(...coverBleed)).toBeLessThan(200);
  });

  it('draws crop marks outside the bleed, and nothing else there', () => {
    const dpi = 288;
    const s = dpi / 72;
    const media = pdfinfoBox(markedPath(), 2, 'MediaBox');
    const trim = pdfinfoBox(markedPath(), 2, 'TrimBox');
    const offset = 3 * MM;
    const length = MARK.lengthMm * MM;
    // The horizontal mark at the top-left corner: from (left − offset − length) to (left − offset), at y = top.
    const x = Math.round((trim[0] - offset - length - media[0]) * s);
    const y = Math.round((media[3] - trim[3]) * s) - 4;
    const mark = greyRegion(markedPath(), 2, dpi, x + 4, y, Math.round(length * s) - 8, 9);
    expect(Math.min(...mark)).toBeLessThan(128);
    // Between the bleed and the mark's start, on the same line: white.
    const gap = greyRegion(markedPath(), 2, dpi, Math.round((trim[0] - bleed - media[0]) * s) + 2, y, Math.round((bleed - 1 * MM) * s) - 4, 9);
    expect(Math.min(...gap)).toBe(255);
  });

  it('without --marks, the MediaBox is the BleedBox', async () => {
    const doc = await PDFDocument.load(bleedOnly.pdf, { updateMetadata: false });
    for (const page of doc.getPages()) {
      const boxes = pageBoxes(page);
      boxes.MediaBox!.forEach((v, i) => close(v, boxes.BleedBox![i]));
    }
  });

  it('stays valid: qpdf --check clean, tagged, fonts embedded', () => {
    for (const path of [markedPath(), join(work, 'bleed.pdf')]) {
      expect(qpdfCheck(path).status).toBe(0);
      expect(pdfinfo(path).Tagged).toBe('yes');
      expect(pdffonts(path).every((f) => f.emb === 'yes' && !f.type.includes('Type 3'))).toBe(true);
    }
  });
});

describe('the printing browser', () => {
  async function page(name: string, html: string): Promise<string> {
    const path = join(fixture.dir, name);
    await writeFile(path, html);
    return path;
  }

  it('blocks and reports every request outside the build folder (file:///etc, http, symlinks out)', async () => {
    await symlink('/etc/hostname', join(fixture.dir, 'outside.txt')).catch(() => undefined);
    const htmlPath = await page(
      'blocked.html',
      `<!doctype html><html><head><link rel="stylesheet" href="file:///etc/passwd">
       <style>body { background: url(http://example.invalid/leak?data=secret) }</style></head>
       <body><p>x</p><img src="https://example.invalid/x.png"><iframe src="outside.txt"></iframe>
       <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></body></html>`,
    );
    const error = await printPdf(browser, { htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'blocked.pdf' }).catch((e) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(error).toBeInstanceOf(UserError);
    expect(error.kind).toBe('blocked');
    expect(error.message).toMatch(/^blocked\.pdf: blocked requests outside the build folder/);
    expect(error.message).toContain('file:///etc/passwd');
    expect(error.message).toContain('http://example.invalid/leak?data=secret');
    expect(error.message).toContain('https://example.invalid/x.png');
    expect(error.message).toContain('outside.txt');
    expect(error.message).not.toContain('data:');
  });

  it('refuses a print document outside the build folder', async () => {
    const error = await printPdf(browser, { htmlPath: fixture.htmlPath, root: work, timeoutMs: 30_000, name: 'astray.pdf' }).catch((e) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(error.message).toMatch(/^astray\.pdf: the print document .*issue\.html is not inside the build folder/);
  });

  it('reports a file of the build that is missing', async () => {
    const htmlPath = await page('missing.html', '<!doctype html><p>x</p><img src="images/nope.png">');
    const error = await printPdf(browser, { htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'missing.pdf' }).catch((e) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(error.kind).toBe('missing');
    expect(error.message).toMatch(/^missing\.pdf: could not load: .*images\/nope\.png/);
  });

  it('runs no scripts of the document unless asked to', async () => {
    const htmlPath = await page('script.html', '<!doctype html><body><p>static</p><script>document.body.append("JS-RAN")</script></body>');
    const off = await printPdf(browser, { htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'script.pdf' });
    const on = await printPdf(browser, { htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'script.pdf', javascript: true });
    await writeFile(join(work, 'off.pdf'), off);
    await writeFile(join(work, 'on.pdf'), on);
    expect(pageTexts(join(work, 'off.pdf')).join('')).not.toContain('JS-RAN');
    expect(pageTexts(join(work, 'on.pdf')).join('')).toContain('JS-RAN');
  });

  it('cuts a print off after the timeout with a clear message, retrying once in a fresh browser', async () => {
    const error = await printPdf(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 1, name: 'slow.pdf' }).catch((e) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/^slow\.pdf: printing did not finish within 1 ms \(tried 2 times, the last in a fresh browser\)\. .*longer print timeout/);
    // The shared browser is still good for the next document.
    const pdf = await printPdf(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'after.pdf' });
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it('prints documents concurrently; one that fails is reported by name and the others finish', async () => {
    const blocked = await page('leak.html', '<!doctype html><p>x</p><img src="http://example.invalid/a.png">');
    const other = await freshFixture();
    const jobs: PrintJob[] = [
      issueJob(fixture, join(work, 'c1.pdf')),
      { name: 'leak.pdf', htmlPath: blocked, root: fixture.dir },
      { ...issueJob(other, join(work, 'c3.pdf')), name: 'other.pdf' },
    ];
    const ended: string[] = [];
    const results: PrintResult[] = await printDocuments(jobs, { browser, concurrency: 2, onResult: (r) => ended.push(r.name) });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['daan-test.pdf', true],
      ['leak.pdf', false],
      ['other.pdf', true],
    ]);
    expect(ended.sort()).toEqual(['daan-test.pdf', 'leak.pdf', 'other.pdf']);
    const failure = results[1];
    expect(!failure.ok && failure.error.message).toMatch(/^leak\.pdf: blocked requests .*http:\/\/example\.invalid\/a\.png/);
    expect(() => assertPrinted(results)).toThrow(/1 of 3 PDFs could not be printed:\n {2}leak\.pdf: blocked/);
    expect(qpdfCheck(join(work, 'c3.pdf')).status).toBe(0);
  });

  it('prepares documents given as preparations one at a time, the next while the previous print, only one ahead of the printing', async () => {
    const events: string[] = [];
    let preparing = 0;
    let prepared = 0;
    let ended = 0;
    let mostAhead = 0;
    const preparation = (n: number) => async (): Promise<PrintJob> => {
      events.push(`prepare ${n}`);
      expect(++preparing).toBe(1);
      const page = `<!doctype html><link rel="stylesheet" href="print.css"><p>第${n}篇</p>`;
      const job = { name: `p${n}.pdf`, htmlPath: join(fixture.dir, `p${n}.html`), root: fixture.dir, render: () => page };
      preparing--;
      mostAhead = Math.max(mostAhead, ++prepared - ended);
      return job;
    };
    const results = await printDocuments([1, 2, 3, 4, 5].map(preparation), { browser, concurrency: 2, onResult: (r) => (ended++, events.push(`printed ${r.name}`)) });
    assertPrinted(results);
    expect(results.map((r) => r.name)).toEqual(['p1.pdf', 'p2.pdf', 'p3.pdf', 'p4.pdf', 'p5.pdf']);
    // The second and third are prepared while the first prints; never more than two printing and one waiting.
    expect(events.indexOf('prepare 3')).toBeLessThan(events.indexOf('printed p1.pdf'));
    expect(mostAhead).toBeLessThanOrEqual(3);
    expect(events.filter((e) => e.startsWith('prepare'))).toEqual(['prepare 1', 'prepare 2', 'prepare 3', 'prepare 4', 'prepare 5']);
  });

  it('stops preparing after a preparation fails, lets the documents printing finish, and throws that error', async () => {
    const called: number[] = [];
    const printed: string[] = [];
    const preparation = (n: number) => async (): Promise<PrintJob> => {
      called.push(n);
      if (n === 2) throw new UserError('第2期：the print document could not be rendered');
      return { name: `q${n}.pdf`, htmlPath: join(fixture.dir, `q${n}.html`), root: fixture.dir, render: () => `<!doctype html><p>${n}</p>` };
    };
    const error = await printDocuments([1, 2, 3, 4, 5].map(preparation), { browser, concurrency: 2, onResult: (r) => printed.push(r.name) }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('第2期：the print document could not be rendered');
    expect(called).toEqual([1, 2]);
    expect(printed).toEqual(['q1.pdf']);
  });

  it('fails when Chromium fell back to a system font (a character the build\'s font lacks)', async () => {
    const htmlPath = await page('fallback.html', '<!doctype html><style>@page { size: 210mm 285mm } body { font-family: "Fixture Serif" }</style><link rel="stylesheet" href="print.css"><p>春耕 Ω 龘</p>');
    const [result] = await printDocuments([{ name: 'fallback.pdf', htmlPath, root: fixture.dir, finish: FINISH }], { browser });
    // Which system font Chromium takes, and so which other problems come first (a CJK system font
    // is often CFF: a Type 3 font too), depends on the machine; the fallback is named on any.
    const message = !result.ok ? result.error.message : '';
    expect(message).toMatch(/^fallback\.pdf: /);
    expect(message).toMatch(/fonts that are not the build's \(.*\b[A-Z]{6}\+\w+.*\): Chromium fell back to a system font/);
  });

  it('fails clearly when a page has a size other than the trim', async () => {
    const htmlPath = await page('letter.html', '<!doctype html><style>@page { size: 8.5in 11in }</style><p>x</p>');
    const [result] = await printDocuments([{ name: 'letter.pdf', htmlPath, root: fixture.dir, finish: { ...FINISH, checkFonts: false } }], { browser });
    expect(!result.ok && result.error.message).toMatch(/^letter\.pdf: page 1 is 215\.9 × 279\.4 mm, expected 210 × 285 mm/);
  });
});

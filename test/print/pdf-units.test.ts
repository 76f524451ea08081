import { existsSync } from 'node:fs';
/**
 * The PDF-side pieces without a browser: reading named destinations, the two-pass loop, finishing
 * (dates, fonts check, boxes errors), and finding Chromium.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFString, type PDFPage } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { chromiumArgs, findChromium, findPrintBrowser, SHELL_CANDIDATES } from '../../scripts/print/browser.ts';
import { chromiumVersion } from '../../scripts/build/plan.ts';
import { readDestinations, readMarks, takeReadPdf } from '../../scripts/print/destinations.ts';
import { finishPdf, fontProblems, renumberStructureIds } from '../../scripts/print/postprocess.ts';
import { printWithPageNumbers, type PrintKind } from '../../scripts/print/two-pass.ts';
import { buildDate } from '../../scripts/print/index.ts';
import { UserError } from '../../scripts/report/problems.ts';

const A4 = [595.28, 841.89] as [number, number];

/** A PDF of `pages` pages whose named destinations point at the given 1-based pages, as Chromium writes them (catalog /Dests). */
async function pdfWithDests(pages: number, dests: Record<string, number>, style: 'dests' | 'names' = 'dests'): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const list: PDFPage[] = Array.from({ length: pages }, () => doc.addPage(A4));
  const explicit = (page: number) => doc.context.obj([list[page - 1].ref, PDFName.of('XYZ'), 0, 800, 0]);
  if (style === 'dests') {
    const dict = doc.context.obj({});
    for (const [name, page] of Object.entries(dests)) dict.set(PDFName.of(encodeURIComponent(name)), explicit(page));
    doc.catalog.set(PDFName.of('Dests'), dict);
  } else {
    const entries = Object.entries(dests).sort(([a], [b]) => (a < b ? -1 : 1));
    const leaf = doc.context.obj({ Names: entries.flatMap(([name, page]) => [PDFString.of(name), doc.context.obj({ D: explicit(page) })]) });
    const root = doc.context.obj({ Kids: [doc.context.register(leaf)] });
    doc.catalog.set(PDFName.of('Names'), doc.context.obj({ Dests: doc.context.register(root) }));
  }
  return doc.save();
}

describe('readDestinations', () => {
  it('reads the catalog /Dests Chromium writes, percent-decoding ids', async () => {
    const dests = await readDestinations(await pdfWithDests(5, { 'art-1': 2, 'art-冬藏': 5 }));
    expect(dests.get('art-1')).toBe(2);
    expect(dests.get('art-冬藏')).toBe(5);
  });

  it('reads /Names /Dests name trees with /Kids and << /D … >> values', async () => {
    const dests = await readDestinations(await pdfWithDests(4, { a: 1, b: 3, c: 4 }, 'names'));
    expect([...dests]).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 4],
    ]);
  });
});

describe('printWithPageNumbers', () => {
  /** A fake print: layouts[n] is where the ids land on the n-th print (the last one from then on). */
  function fakePrint(layouts: Record<string, number>[]) {
    const calls: (Map<string, number> | undefined)[] = [];
    const kinds: PrintKind[] = [];
    const print = async (pages: Map<string, number> | undefined, _layout: unknown, kind: PrintKind) => {
      calls.push(pages);
      kinds.push(kind);
      return pdfWithDests(20, layouts[Math.min(calls.length - 1, layouts.length - 1)]);
    };
    return { print, calls, kinds };
  }

  it('prints a draft, only read, then the final print with the pages it found, which is kept when nothing moved', async () => {
    const fake = fakePrint([{ a: 3, b: 7 }]);
    const result = await printWithPageNumbers(fake.print, ['a', 'b']);
    expect(fake.kinds).toEqual(['draft', 'final']);
    expect(result.passes).toBe(2);
    expect([...result.pages]).toEqual([
      ['a', 3],
      ['b', 7],
    ]);
    expect(fake.calls).toEqual([undefined, new Map([['a', 3], ['b', 7]])]);
  });

  it('drafts again from what the final print found when filling in the numbers moved an article, then prints the final again', async () => {
    const fake = fakePrint([{ a: 3, b: 7 }, { a: 3, b: 8 }, { a: 3, b: 8 }]);
    const result = await printWithPageNumbers(fake.print, ['a', 'b']);
    expect(fake.kinds).toEqual(['draft', 'final', 'draft', 'final']);
    expect(result.passes).toBe(4);
    expect(result.pages.get('b')).toBe(8);
    expect(fake.calls[2]).toEqual(new Map([['a', 3], ['b', 8]]));
  });

  it('names a destination that moved on its page, and how far', async () => {
    const draft = await pdfWithDests(2, { a: 1, note: 2 });
    const doc = await PDFDocument.load(await pdfWithDests(2, { a: 1, note: 2 }));
    // The final print's note lands one line (19 pt) lower on the same page, every time.
    const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict);
    const note = dests.lookup(PDFName.of('note'), PDFArray);
    note.set(3, PDFNumber.of(800 + 19));
    const lower = await doc.save();
    let calls = 0;
    const print = async () => (calls++ % 2 === 0 ? draft : lower);
    await expect(printWithPageNumbers(print, ['a'], { name: 'issue.pdf' })).rejects.toThrow(/after 6 prints these still move: #note \(page 2, 19 pt lower\)/);
  });

  it('does not keep a final print in which a named destination other than the ids moved', async () => {
    const fake = fakePrint([{ a: 3, note: 5 }, { a: 3, note: 6 }, { a: 3, note: 6 }]);
    const result = await printWithPageNumbers(fake.print, ['a']);
    expect(fake.kinds).toEqual(['draft', 'final', 'draft', 'final']);
    expect(result.passes).toBe(4);
  });

  it('arranges in drafts only: the final print comes once the arrangement is settled', async () => {
    const fake = fakePrint([{ a: 3 }]);
    let rounds = 0;
    const arrange = { initial: 0, maxRounds: 3, next: async (_pdf: Uint8Array, current: number) => (rounds++ < 2 ? current + 1 : undefined) };
    const result = await printWithPageNumbers(fake.print, ['a'], { arrange });
    expect(fake.kinds).toEqual(['draft', 'draft', 'draft', 'final']);
    expect(result.layout).toBe(2);
  });

  it('fails clearly when the pages never settle', async () => {
    const fake = fakePrint(Array.from({ length: 12 }, (_, i) => ({ a: 3 + i })));
    await expect(printWithPageNumbers(fake.print, ['a'], { name: 'daan-2017-09.pdf' })).rejects.toThrow(
      /^daan-2017-09\.pdf: the table of contents does not settle — after 6 prints these still move: #a \(page 7 → 8\)/,
    );
  });

  it('names the ids that have no destination', async () => {
    const fake = fakePrint([{ a: 3 }]);
    const error = await printWithPageNumbers(fake.print, ['a', 'art-x'], { name: 'issue.pdf' }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/^issue\.pdf: no page found for #art-x — each needs an element with that id and a link/);
  });
});

describe('finishPdf', () => {
  const date = new Date('2017-09-30T00:00:00Z');

  it('takes the date from SOURCE_DATE_EPOCH, else from the edition', () => {
    expect(buildDate('2017-09-30', {}).toISOString()).toBe('2017-09-30T00:00:00.000Z');
    expect(buildDate('2017-09-30', { SOURCE_DATE_EPOCH: '1500000000' }).toISOString()).toBe('2017-07-14T02:40:00.000Z');
    expect(() => buildDate('2017-09-30', { SOURCE_DATE_EPOCH: 'soon' })).toThrow(UserError);
    expect(() => buildDate('not a date', {})).toThrow(/Not a date/);
  });

  it('gives the same bytes for the same input, a /ID that follows the content, and no clock', async () => {
    const doc = await PDFDocument.create();
    doc.addPage(A4);
    const raw = await doc.save();
    const one = await finishPdf(raw, { title: '大安', date });
    const two = await finishPdf(raw, { title: '大安', date });
    const other = await finishPdf(raw, { title: '大安 二', date });
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    const id = (bytes: Uint8Array) => /\/ID \[ <([0-9a-f]+)>/.exec(Buffer.from(bytes).toString('latin1'))?.[1];
    expect(id(one)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(other)).not.toBe(id(one));
    expect(Buffer.from(one).toString('latin1')).toContain("/CreationDate (D:20170930000000Z)");
  });

  it('reads a print once for its page numbers and its floats (marks) together', async () => {
    const printed = await pdfWithDests(3, { 'art-1': 2 });
    const load = vi.spyOn(PDFDocument, 'load');
    try {
      expect((await readDestinations(printed)).get('art-1')).toBe(2);
      expect((await readMarks(printed)).marks.get('art-1')?.page).toBe(2);
      expect(load).toHaveBeenCalledTimes(1);
      const first = await takeReadPdf(printed);
      expect(first?.getPageCount()).toBe(3);
      // Read again after the hand-over (which the taker may change): parsed anew.
      await readMarks(printed);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      load.mockRestore();
    }
  });

  it('finishes the document its page numbers were read from without reading it again, to the same bytes', async () => {
    const printed = await pdfWithDests(3, { 'art-1': 2 });
    const fresh = await finishPdf(Uint8Array.from(printed), { title: '大安', date });
    await readDestinations(printed);
    const read = await takeReadPdf(printed);
    expect(read?.getPageCount()).toBe(3);
    expect(await takeReadPdf(printed)).toBeUndefined();
    await readDestinations(printed);
    const handedOver = await finishPdf(printed, { title: '大安', date });
    expect(await takeReadPdf(printed)).toBeUndefined();
    expect(Buffer.from(handedOver).equals(Buffer.from(fresh))).toBe(true);
  });

  it('fails on Type 3 fonts and fonts that are not embedded, naming them', async () => {
    const doc = await PDFDocument.create();
    doc.addPage(A4);
    doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type3', Name: 'T3Bold' }));
    doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'SimSun' }));
    const loaded = await PDFDocument.load(await doc.save());
    expect(fontProblems(loaded)).toEqual([expect.stringMatching(/^Type 3 fonts in the PDF \(T3Bold\)/), expect.stringMatching(/^fonts not embedded \(SimSun\)/)]);
    expect(fontProblems(loaded, ['NotoSerifSC-Regular', 'T3Bold'])[2]).toMatch(/^fonts that are not the build's \(SimSun\): Chromium fell back to a system font/);
    await expect(finishPdf(await doc.save(), { title: 'x', name: 'x.pdf', date })).rejects.toThrow(/^x\.pdf: Type 3 fonts/);
  });

  it('needs the trim size for bleed and marks', async () => {
    const doc = await PDFDocument.create();
    doc.addPage(A4);
    await expect(finishPdf(await doc.save(), { title: 'x', name: 'x.pdf', date, bleedMm: 3 })).rejects.toThrow(/^x\.pdf: bleed and crop marks need the trim size/);
  });
});

describe('finding and starting Chromium', () => {
  it('uses PUPPETEER_EXECUTABLE_PATH, and says how to install one when it points nowhere', async () => {
    await expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: '/usr/bin/chromium' })).resolves.toBe('/usr/bin/chromium');
    const error = await findChromium({ PUPPETEER_EXECUTABLE_PATH: '/nowhere/chrome' }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/\/nowhere\/chrome, but there is no such file\. Install one: `apt-get install chromium`/);
  });

  it('prints with the headless shell where it is installed, else with Chromium, and says so', async () => {
    const shell = SHELL_CANDIDATES.find((path) => existsSync(path));
    if (!shell) throw new Error(`no headless shell in ${SHELL_CANDIDATES.join(' or ')}: apt-get install chromium-headless-shell`);
    await expect(findPrintBrowser({})).resolves.toEqual({ path: shell, shell: true });
    const fallback = await findPrintBrowser({}, { shells: ['/nowhere/chromium-headless-shell'], chromiums: ['/nowhere/chromium', '/usr/bin/chromium'] });
    expect(fallback).toEqual({
      path: '/usr/bin/chromium',
      shell: false,
      fallback: 'printing with /usr/bin/chromium: the faster chromium-headless-shell is not installed (Debian: apt-get install chromium-headless-shell)',
    });
    // Named explicitly, a shell is still run as one.
    await expect(findPrintBrowser({ PUPPETEER_EXECUTABLE_PATH: shell })).resolves.toEqual({ path: shell, shell: true });
  });

  it('with no browser anywhere, says where it looked, how to install one, and that --no-pdf needs none', async () => {
    const nowhere = { shells: ['/nowhere/chromium-headless-shell'], chromiums: ['/nowhere/chromium'] };
    const found = await findPrintBrowser({}, nowhere).catch((e) => e);
    const bundled = (await import('puppeteer')).default.executablePath();
    if (existsSync(bundled)) {
      // Puppeteer's own download is the last place looked in.
      expect(found).toMatchObject({ path: bundled, shell: false });
      return;
    }
    expect(found).toBeInstanceOf(UserError);
    expect(found.message).toBe(
      "No Chromium or Chrome found to print PDFs with (looked in /nowhere/chromium-headless-shell, /nowhere/chromium and Puppeteer's cache). Install one: `apt-get install chromium` (Debian/Ubuntu), or `npx puppeteer browsers install chrome`, or point PUPPETEER_EXECUTABLE_PATH at a Chrome/Chromium binary. Without one, `--no-pdf` builds the web edition alone.",
    );
  });

  it('puts the print browser and its mode into the input hash', async () => {
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    try {
      delete process.env.PUPPETEER_EXECUTABLE_PATH;
      const shell = await chromiumVersion();
      process.env.PUPPETEER_EXECUTABLE_PATH = '/usr/bin/chromium';
      const chromium = await chromiumVersion();
      expect(shell).toMatch(/^Chromium \d+\.\d+\.\d+\.\d+.* \(headless shell\)$/);
      expect(chromium).toMatch(/^Chromium \d+\.\d+\.\d+\.\d+.* \(headless\)$/);
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
  });

  it('turns the sandbox off only for root, and always uses a profile of its own', () => {
    expect(chromiumArgs('/tmp/p', true)).toContain('--no-sandbox');
    expect(chromiumArgs('/tmp/p', false)).not.toContain('--no-sandbox');
    expect(chromiumArgs('/tmp/p', false)).toEqual(expect.arrayContaining(['--disable-gpu', '--disable-quic', '--no-first-run', '--user-data-dir=/tmp/p']));
  });
});

describe('renumberStructureIds', () => {
  it('names structure elements by rank wherever the names occur, whatever the renderer counted before', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const element = (id: string, headers?: string[]) => doc.context.register(doc.context.obj({ Type: 'StructElem', ID: PDFString.of(id), ...(headers ? { A: { O: 'Table', Headers: headers.map((h) => PDFString.of(h)) } } : {}) }));
    const th = element('node00000816');
    const td = element('node00000820', ['node00000816']);
    const tree = doc.context.obj({ Names: [PDFString.of('node00000816'), th, PDFString.of('node00000820'), td], Limits: [PDFString.of('node00000816'), PDFString.of('node00000820')] });
    doc.catalog.set(PDFName.of('IDTreeForTest'), doc.context.register(tree));
    renumberStructureIds(doc);
    const text = new TextDecoder('latin1').decode(await doc.save({ useObjectStreams: false }));
    expect(text).not.toMatch(/node0000081|node0000082/);
    expect(text.match(/\(node0000000[12]\)/g)).toEqual(expect.arrayContaining(['(node00000001)', '(node00000002)']));
    // The td's header names the th, as before; the tree's order and limits are unchanged.
    expect(text).toMatch(/\/ID \(node00000002\)[\s\S]*?\/Headers \[\s*\(node00000001\)\s*\]|\/Headers \[\s*\(node00000001\)\s*\][\s\S]*?\/ID \(node00000002\)/);
    expect(text).toMatch(/\/Names \[ \(node00000001\) \d+ 0 R \(node00000002\) \d+ 0 R \]/);
    expect(text).toMatch(/\/Limits \[ \(node00000001\) \(node00000002\) \]/);
  });
});

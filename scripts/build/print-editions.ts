/**
 * The print side of emit: one print document per edition, its own TrueType subsets, two
 * passes for the table of contents (one when the layout cache knows the pages), then metadata,
 * dates and boxes. One browser for all; each edition prepared while the previous ones print.
 */
import { asUnit } from '../core/inputs.ts';
import { copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Site } from '../load/model.ts';
import { fontFaceCss, subsetAlongsidePrinting, subsetFaces } from '../fonts/subset.ts';
import { templateLoader, type Templates } from '../render/templates.ts';
import { floatGeometry, printGeometry, renderPrintDocument } from '../render/print.ts';
import type { EditionView } from '../render/model.ts';
import { assertPrinted, buildDate, printDocuments, type PrintBrowser, type PrintJob, type PrintSlots } from '../print/index.ts';
import type { Staging } from '../emit/staging.ts';
import { writeEditionImages } from '../emit/images.ts';
import { visibleText } from './web.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { say } from '../report/messages.ts';
import type { PressCopyOptions, PressJobMaker } from './press-editions.ts';
import { pressCopyName } from '../render/views.ts';

export interface PrintOptions {
  templatesDir: string;
  browser?: PrintBrowser;
  /** Press options from the command line; settings apply otherwise. */
  bleed?: number;
  marks?: boolean;
  concurrency?: number;
  /** Print slots shared with other documents of the build (see print/index.ts). */
  slots?: PrintSlots;
  /** false: print every document, also one whose PDF is in the build cache (see print/index.ts). */
  reuse?: boolean;
  timeoutMs?: number;
  /** Counts documents printed; see report/progress.ts. */
  progress?: Progress;
  /** Called when every document has printed, before the print folder is removed (cover thumbnails, PDF/A copies). */
  afterPrint?: (printed: PrintedEdition[]) => Promise<void>;
  /** Also print each edition's press copy (see build/press-editions.ts). */
  press?: PressCopyOptions;
  /** Called when the first print document is ready and the printing starts (the others are prepared while it prints). */
  prepared?: () => void;
}

/** An edition just printed: its print document (still on disk for afterPrint) and its PDF. */
export interface PrintedEdition {
  edition: EditionView;
  htmlPath: string;
  /** The print document's folder: the only files it may load. */
  root: string;
  pdfPath: string;
  /** Bleed in mm around the trim. */
  bleed: number;
}

/** Prints every edition into the staging folder; returns the size of each PDF by edition id. */
export async function printEditions(site: Site, editions: EditionView[], staging: Staging, options: PrintOptions): Promise<Map<string, number>> {
  const progress = options.progress ?? silentProgress;
  progress.count('documents', editions.length);
  const work = join(staging.dir, '.print');
  // A pipeline: each edition is prepared (its print document rendered, four fonts subset) while
  // the previous ones print, one at a time and only a few ahead (see printDocuments).
  const pressJobs: PressJobMaker[] = [];
  const templatesFor = templateLoader();
  // Once Chromium prints, the fonts are subset in one process (see fonts/subset.ts): memory.
  let widen: (() => void) | undefined;
  const preparations = editions.map((edition, i) => async () => {
    const prepared = await asUnit(edition.edition.id, () => printJob(site, edition, staging, work, options, templatesFor));
    pressJobs[i] = prepared.press;
    if (i === 0) {
      widen = subsetAlongsidePrinting();
      // The printing starts: what waits for it (the web fonts, the outlets) may start beside it.
      options.prepared?.();
    }
    return prepared.job;
  });
  let results;
  try {
    // Each PDF is on disk as soon as it is printed: only its size is kept.
    results = await printDocuments(preparations, {
      browser: options.browser,
      concurrency: options.concurrency,
      slots: options.slots,
      timeoutMs: options.timeoutMs,
      reuse: options.reuse,
      keepPdfs: false,
      onResult: (r) => r.ok && progress.tick('documents', say(r.reused ? 'print-reused' : 'print-printed', { name: r.name }), say('print-printed-detail', { bytes: r.size, prints: r.prints.length, seconds: (r.ms / 1000).toFixed(1) })),
    });
    assertPrinted(results);
    // The press copies: the same pages, printed again with bleed, then made CMYK and PDF/X.
    // Loaded only for a press build: the press copies' tools (pdf-lib, Ghostscript, preflight) are of no use otherwise.
    if (options.press) await (await import('./press-editions.ts')).printPressCopies(site, editions, results, pressJobs, staging, options.press, { ...options, progress });
  } finally {
    widen?.();
  }
  if (options.afterPrint) {
    await options.afterPrint(
      results.map(({ job }, i) => ({ edition: editions[i], htmlPath: job.htmlPath, root: job.root, pdfPath: job.pdfPath!, bleed: job.finish?.bleedMm ?? options.bleed ?? editions[i].edition.page.bleed })),
    );
  }
  // bench:archive prints the final documents again, bare, for the floor it compares the build with.
  const kept = process.env.DAAN_BENCH_PRINT_DOCUMENTS;
  if (kept) await cp(work, kept, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
  return new Map(results.map((r, i) => [editions[i].edition.id, r.size]));
}

async function printJob(site: Site, view: EditionView, staging: Staging, work: string, options: PrintOptions, templatesFor: (dirs: string[]) => Promise<Templates>): Promise<{ job: PrintJob; press: PressJobMaker }> {
  const edition = view.edition;
  const dir = join(work, edition.id);
  const templates = await templatesFor([options.templatesDir, join(edition.dir, 'templates')]);
  const bleed = options.bleed ?? edition.page.bleed;
  const marks = options.marks ?? edition.page.marks;
  const base = { site, edition: view, templates, templatesDir: options.templatesDir, bleed };
  const draft = await renderPrintDocument({ ...base, fontCss: '', unmarked: true });
  const fonts = await subsetFaces(visibleText(draft), 'truetype');
  for (const font of fonts) await staging.write(join('.print', edition.id, 'fonts', font.name), font.bytes);
  await writeEditionImages(view, dir, 'print');
  const photo = edition.cover.image;
  if (photo) {
    await mkdir(dirname(join(dir, photo.src)), { recursive: true });
    await copyFile(photo.file, join(dir, photo.src));
  }
  const fontCss = fontFaceCss(fonts, 'fonts/');
  const geometry = printGeometry(edition.page, bleed);
  const job: PrintJob = {
    name: view.pdfName,
    htmlPath: join(dir, 'issue.html'),
    root: dir,
    pdfPath: join(staging.dir, edition.id, view.pdfName),
    // Rendered again while printing, outside the unit's own context: what it reads is still the edition's.
    render: (pages, floats, final) => asUnit(edition.id, () => renderPrintDocument({ ...base, fontCss, pages, floats, final })),
    layoutSource: () => asUnit(edition.id, () => renderPrintDocument({ ...base, fontCss, unmarked: true })),
    floats: async (pdf, current) => (await import('../print/floats.ts')).nextPlacement(pdf, view.articles.map((a) => ({ id: a.id, html: a.printHtml })), current, floatGeometry(geometry)),
    pageIds: view.articles.map((a) => a.id),
    sources: [...view.articles.map((a) => a.article.file), ...templates.files, ...['print.css', 'data.css'].map((name) => join(options.templatesDir, 'css', name))],
    finish: {
      title: `${site.masthead}${view.label}`,
      author: site.publisher,
      subject: `${site.masthead}${view.label}：${view.articles.map((a) => a.article.title).join('；')}`,
      keywords: [site.name, view.label, ...edition.columns.map((c) => c.name)],
      creator: '大安刊印',
      producer: '大安刊印 (Chromium, pdf-lib)',
      lang: 'zh-CN',
      date: buildDate(edition.date),
      trim: { width: geometry.pageWidth - 2 * bleed, height: geometry.pageHeight - 2 * bleed },
      bleedMm: bleed,
      marks,
      fontNames: fonts.map((f) => f.face.postScriptName),
    },
  };
  /** The press copy's print: the reading copy's pages (and page numbers), the press bleed and marks, blank pages before the colophon. */
  const press: PressJobMaker = (pages, blanks, floats) => {
    const pressBleed = site.press.bleed;
    const pressGeometry = printGeometry(edition.page, pressBleed);
    return {
      name: pressCopyName(view),
      htmlPath: join(dir, 'press.html'),
      root: dir,
      pdfPath: join(dir, 'press-chromium.pdf'),
      render: () => asUnit(edition.id, () => renderPrintDocument({ ...base, bleed: pressBleed, fontCss, pages, floats, final: true, press: { blanks } })),
      finish: {
        ...job.finish!,
        trim: { width: pressGeometry.pageWidth - 2 * pressBleed, height: pressGeometry.pageHeight - 2 * pressBleed },
        bleedMm: pressBleed,
        marks: site.press.marks,
      },
    };
  };
  return { job, press };
}

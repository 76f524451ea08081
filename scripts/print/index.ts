/**
 * Prints the PDFs of a build: every job in one shared browser, a few at a time; a job that fails
 * is reported with its document's name while the others go on.
 *
 *   const results = await printDocuments(jobs, { concurrency: 2, timeoutMs: 60_000 });
 *   assertPrinted(results); // one UserError listing every document that failed
 */
import pMap from 'p-map';
import pLimit, { type LimitFunction } from 'p-limit';
import { writeAtomically } from '../core/files.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { isDiskFull, writeError } from '../emit/staging.ts';
import { PrintBrowser, withBrowser } from './browser.ts';
import type { FinishOptions } from './postprocess.ts';
import { blockedMessage, PrintError, withPrintPage, type PrintTimings } from './print-page.ts';
import { traceUrls } from './sources.ts';
import { layoutKey, readLayout, writeLayout } from './layout-cache.ts';
import { pdfKey, readPdf, writePdf } from './pdf-cache.ts';
import type { FloatPlacement } from './floats.ts';

/** At most this many rounds of float placement (each one print) before the page numbers. */
const FLOAT_ROUNDS = 4;

export { PrintBrowser, withBrowser, findChromium } from './browser.ts';
export { PrintError, printPdf, printPdfTimed, withPrintPage } from './print-page.ts';
export type { FinishOptions } from './postprocess.ts';

/**
 * The date to stamp into a PDF: SOURCE_DATE_EPOCH (seconds) when set, else the edition date
 * ("2017-09-30" is read as midnight UTC).
 */
export function buildDate(editionDate: string | Date, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch) {
    if (!/^\d+$/.test(epoch)) throw new UserError(say('print-epoch', { epoch }));
    return new Date(Number(epoch) * 1000);
  }
  const date = editionDate instanceof Date ? editionDate : new Date(/^\d{4}-\d{2}-\d{2}$/.test(editionDate) ? `${editionDate}T00:00:00Z` : editionDate);
  if (Number.isNaN(date.getTime())) throw new UserError(say('print-date', { date: String(editionDate) }));
  return date;
}

export interface PrintJob {
  /** The document's name in messages and results, e.g. "daan-2017-09.pdf". */
  name: string;
  /** Where the print document is (or is written by `render`). Must lie inside `root`. */
  htmlPath: string;
  /** The build's folder: the only files the document may load. */
  root: string;
  /** Write the finished PDF here (folders are created). Optional: the bytes are returned anyway. */
  pdfPath?: string;
  /**
   * Renders the print document; its HTML is written to htmlPath before each print. Called with
   * no pages for the first print, then with id → page for the ids in `pageIds`; `final` for the
   * print that is kept, which need not name the marks only drafts are read for (two-pass.ts).
   * Without it the file at htmlPath is printed as it is.
   */
  render?: (pages?: Map<string, number>, floats?: FloatPlacement, final?: boolean) => string | Promise<string>;
  /**
   * Floats placed from the print (print/floats.ts): reads a print and returns where the floats go
   * next, or undefined when none left a hole. With pageIds or measured.
   */
  floats?: (pdf: Uint8Array, current: FloatPlacement) => Promise<FloatPlacement | undefined>;
  /** Ids whose start pages the document shows (the TOC's article ids): printed twice or three times. */
  pageIds?: string[];
  /**
   * For a document laid out from its own first print in some other way (a briefing places its
   * 版记 where the body ended): `render(undefined)` is printed, `measure` reads that print, and
   * `render(measured)` is printed as the final PDF. The measurement must survive JSON (it is kept
   * in the build cache, see layout-cache.ts). Takes the place of render and pageIds.
   */
  measured?: {
    /** `final` for the print that is kept (see PrintJob.render). */
    render: (measured?: unknown, floats?: FloatPlacement, final?: boolean) => string | Promise<string>;
    measure: (pdf: Uint8Array) => Promise<unknown>;
  };
  /**
   * The document without the marks that measure its floats: what the key of its layout in the
   * build cache is taken from (the marks follow from it and the pipeline's code), so that a
   * document whose layout is known is marked once, for the print that uses that layout.
   * Without it the key is taken from the first print's document.
   */
  layoutSource?: () => string | Promise<string>;
  /** Metadata, dates, boxes, marks. Without it the PDF is Chromium's, unfinished. */
  finish?: FinishOptions;
  /** Let the document run scripts (default: off). */
  javascript?: boolean;
  /** The files the document is made of (articles, templates, style sheets): a blocked request is named with its place in them. */
  sources?: string[];
}

export interface PrintOptions {
  /** How many documents print at the same time (default 2). */
  concurrency?: number;
  /** Share the limit with other printDocuments calls in the same browser (takes the place of concurrency). */
  slots?: PrintSlots;
  /** Cut one print off after this many milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Reuse this browser (one per build); otherwise one is launched and closed for this call. */
  browser?: PrintBrowser;
  /** Retries in a fresh browser after a crash or timeout (default 1). */
  retries?: number;
  /** false: print every document, also one whose finished PDF is in the build cache (print/pdf-cache.ts). Default true. */
  reuse?: boolean;
  /** Called as each job ends, in the order they end. */
  onResult?: (result: PrintResult) => void;
  /**
   * false: the bytes of a document written to its pdfPath are not kept in its result (`pdf` is
   * empty, `size` says how big it was) — a hundred editions' PDFs would otherwise be held until
   * the last one printed. Default true.
   */
  keepPdfs?: boolean;
}

interface ResultBase {
  name: string;
  job: PrintJob;
  /** Wall-clock milliseconds for the whole job (all passes, finishing, writing). */
  ms: number;
}
export interface PrintSuccess extends ResultBase {
  ok: true;
  pdf: Uint8Array;
  /** Bytes of the finished PDF. */
  size: number;
  /** id → start page, for jobs with pageIds. */
  pages?: Map<string, number>;
  /** Where the floats went, for jobs that place them (the press copy prints them there too). */
  floats?: FloatPlacement;
  /** Timings of every print of this job (two or three with pageIds; none when reused). */
  prints: PrintTimings[];
  /** The finished PDF came from the build cache (print/pdf-cache.ts): nothing was printed. */
  reused?: true;
}
export interface PrintFailure extends ResultBase {
  ok: false;
  error: Error;
}
export type PrintResult = PrintSuccess | PrintFailure;

/**
 * At most `size` documents printing at once in one browser, across every printDocuments call
 * given the same slots (a build prints its editions and its briefings side by side).
 */
export type PrintSlots = LimitFunction;

export function printSlots(size = 2): PrintSlots {
  return pLimit(size);
}

/**
 * A job, or the preparation that makes it (renders the document, subsets its fonts). Jobs given
 * as preparations are prepared one at a time, each when a printing slot is about to be free: the
 * next document is prepared while the previous ones print, and only a few prepared documents are
 * ever held at once.
 */
export type PrintJobSource = PrintJob | (() => Promise<PrintJob>);

/** Prepared documents waiting for a printing slot beyond those printing. */
const PREPARED_AHEAD = 1;

/**
 * Prints every job, `concurrency` at a time in one browser; results in the order of `jobs`.
 * A preparation that throws stops the preparing of the rest: the documents already printing
 * finish, then its error is thrown (nothing is reported for the documents not printed).
 */
export async function printDocuments(jobs: PrintJobSource[], options: PrintOptions = {}): Promise<PrintResult[]> {
  if (jobs.length === 0) return [];
  if (!options.browser) return withBrowser((browser) => printDocuments(jobs, { ...options, browser }));
  const browser = options.browser;
  const slots = options.slots ?? printSlots(options.concurrency ?? 2);
  const preparing = pLimit(1);
  let unprepared: { error: unknown } | undefined;
  const ahead = jobs.some((job) => typeof job === 'function') ? PREPARED_AHEAD : 0;
  const results = await pMap(
    jobs,
    async (source) => {
      const job =
        typeof source !== 'function'
          ? source
          : await preparing(async () => {
              if (unprepared) return undefined;
              try {
                return await source();
              } catch (error) {
                unprepared = { error };
                return undefined;
              }
            });
      if (!job) return undefined;
      const result = await runJob(browser, job, slots, options);
      options.onResult?.(result);
      return result;
    },
    { concurrency: Math.max(1, Math.min(slots.concurrency + ahead, jobs.length)) },
  );
  if (unprepared) throw unprepared.error;
  return results as PrintResult[];
}

/** Throws one UserError naming every document that failed; does nothing when all printed. */
export function assertPrinted(results: PrintResult[]): asserts results is PrintSuccess[] {
  const failed = results.filter((r): r is PrintFailure => !r.ok);
  if (failed.length === 0) return;
  const list = failed.map((r) => `  ${r.error.message}`).join('\n');
  throw new UserError(say('print-failed', { failed: failed.length, total: results.length, list }));
}

/**
 * What finishes a PDF (pdf-lib and its fonts, some 1 MB of code): loaded while Chromium prints the
 * first document, when the build's own thread has nothing else to do, rather than before or after.
 */
let finishing: Promise<typeof import('./postprocess.ts')> | undefined;
const finisher = () => (finishing ??= import('./postprocess.ts'));

async function runJob(browser: PrintBrowser, job: PrintJob, slots: PrintSlots, options: PrintOptions): Promise<PrintResult> {
  const started = performance.now();
  let prints: PrintTimings[] = [];
  const pageOptions = { htmlPath: job.htmlPath, root: job.root, name: job.name, timeoutMs: options.timeoutMs ?? 60_000, retries: options.retries, javascript: job.javascript };
  try {
    // What the document's layout is kept under (layout-cache.ts), and the final print document when that layout is known.
    const { key, source } = await documentLayoutKey(browser, job);
    const known = key === undefined ? undefined : await knownFinal(job, key, source!);
    // The final print document, as the cover thumbnail and the press copy read it, whether printed or not.
    if (known) await writeAtomically(job.htmlPath, known.html);
    const reused = key !== undefined && known && job.finish && options.reuse !== false ? await readPdf(pdfKey(key, known.html, job.finish)) : undefined;
    if (known && reused) {
      if (job.pdfPath) await writeAtomically(job.pdfPath, reused);
      const kept = job.pdfPath && options.keepPdfs === false ? new Uint8Array(0) : reused;
      return { ok: true, name: job.name, job, pdf: kept, size: reused.length, pages: known.pages, floats: known.floats, prints, reused: true, ms: performance.now() - started };
    }
    let final: string | undefined;
    let onDisk = known?.html;
    // Every print of the job in one page (a retry after a crash starts the job again).
    const printed = () =>
      withPrintPage(browser, pageOptions, async (page) => {
        prints = [];
        const print = async (html?: string, draft = false) => {
          if (html !== undefined && html !== onDisk) await writeAtomically(job.htmlPath, (onDisk = html));
          const printing = page.print({ draft });
          if (job.finish && !finishing) setTimeout(() => void finisher().catch(() => undefined), 0);
          const { pdf, timings } = await printing;
          prints.push(timings);
          if (!draft) final = html;
          return pdf;
        };
        return printPasses(job, print, key, known);
      });
    // The slot is held while Chromium prints; finishing (pdf-lib, in this process) lets the next document start.
    const { value } = await slots(printed);
    let { pdf } = value;
    if (job.finish) pdf = await (await finisher()).finishPdf(pdf, { name: job.name, ...job.finish });
    if (key !== undefined && job.finish && final !== undefined) await writePdf(pdfKey(key, final, job.finish), pdf);
    if (job.pdfPath) await writeAtomically(job.pdfPath, pdf);
    const kept = job.pdfPath && options.keepPdfs === false ? new Uint8Array(0) : pdf;
    return { ok: true, name: job.name, job, pdf: kept, size: pdf.length, pages: value.pages, floats: value.floats, prints, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, name: job.name, job, error: named(await traced(error, job), job.name), ms: performance.now() - started };
  }
}

/** A document's final print when its layout is in the build cache: the HTML printed, and the pages and floats it shows. */
interface KnownFinal {
  html: string;
  pages?: Map<string, number>;
  floats?: FloatPlacement;
}

/**
 * The key of a document's layout in the build cache (layout-cache.ts): from its document without
 * marks (PrintJob.layoutSource), else from its first print's document; undefined for a document
 * printed as it is on disk.
 */
async function documentLayoutKey(browser: PrintBrowser, job: PrintJob): Promise<{ key?: string; source?: string }> {
  const render = job.layoutSource ?? (job.measured ? () => job.measured!.render(undefined) : job.render);
  if (!render) return {};
  const source = await render();
  return { key: await layoutKey(browser, job.root, source), source };
}

/**
 * The final print document of a job whose first print's measurement is in the build cache, or
 * undefined when it must be printed to be known. A document that measures nothing is its own
 * first print's (`source`).
 */
async function knownFinal(job: PrintJob, key: string, source: string): Promise<KnownFinal | undefined> {
  if (job.measured) {
    const known = await readLayout(key);
    return isMeasuredLayout(known) ? { html: await job.measured.render(known.measured, known.floats, true), floats: known.floats } : undefined;
  }
  const { render } = job;
  if (!render) return undefined;
  if (!job.pageIds?.length) return { html: job.layoutSource ? await render() : source };
  const known = await readLayout(key);
  if (!isKnownLayout(known)) return undefined;
  const pages = new Map<string, number>(known.pages);
  return { html: await render(pages, known.floats, true), pages, floats: known.floats };
}

/**
 * The prints of one job. A document that shows what its own first print measured is printed
 * once when that measurement is in the build cache (`known`; for page numbers, the pages are
 * checked again in the final PDF), else twice or three times.
 */
async function printPasses(job: PrintJob, print: (html?: string, draft?: boolean) => Promise<Uint8Array>, key: string | undefined, known: KnownFinal | undefined): Promise<{ pdf: Uint8Array; pages?: Map<string, number>; floats?: FloatPlacement }> {
  if (job.measured) return known ? { pdf: await print(known.html), floats: known.floats } : printMeasured(job, job.measured, print, key!);
  const render = job.render;
  if (job.pageIds?.length) {
    if (!render) throw new UserError(say('print-no-render', { name: job.name, n: job.pageIds.length }));
    return printPageNumbers(job, job.pageIds, render, print, key!, known);
  }
  return { pdf: await print(known?.html) };
}

async function printPageNumbers(
  job: PrintJob,
  ids: string[],
  render: NonNullable<PrintJob['render']>,
  print: (html?: string, draft?: boolean) => Promise<Uint8Array>,
  key: string,
  known: KnownFinal | undefined,
): Promise<{ pdf: Uint8Array; pages: Map<string, number>; floats?: FloatPlacement }> {
  // pdf-lib (reading the PDFs) loads when the first document prints, not with the pipeline.
  const { pagesOf, printWithPageNumbers } = await import('./two-pass.ts');
  if (known?.pages) {
    const pdf = await print(known.html);
    const landed = await pagesOf(pdf, ids, job.name);
    if (ids.every((id) => landed.get(id) === known.pages!.get(id))) return { pdf, pages: known.pages, floats: known.floats };
  }
  const first = await render();
  const arrange = job.floats && { initial: {} as FloatPlacement, next: job.floats, maxRounds: FLOAT_ROUNDS };
  const result = await printWithPageNumbers<FloatPlacement>(
    async (pages, floats, kind) => print(kind === 'final' ? await render(pages, floats, true) : pages || floats ? await render(pages, floats) : first, kind === 'draft'),
    ids,
    { name: job.name, arrange },
  );
  await writeLayout(key, { pages: [...result.pages], floats: result.layout ?? {} });
  return { pdf: result.pdf, pages: result.pages, floats: result.layout };
}

function isKnownLayout(value: unknown): value is { pages: [string, number][]; floats: FloatPlacement } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { pages?: unknown }).pages) && typeof (value as { floats?: unknown }).floats === 'object';
}

/**
 * A document laid out from its own print, its layout not known yet: its floats first (a bounded
 * number of rounds, each one print), then the measurement of the print they settled in, then the
 * final print.
 */
async function printMeasured(job: PrintJob, measured: NonNullable<PrintJob['measured']>, print: (html?: string, draft?: boolean) => Promise<Uint8Array>, key: string): Promise<{ pdf: Uint8Array; floats: FloatPlacement }> {
  const first = await measured.render(undefined);
  // Every print before the last is read, never kept: drafts.
  let floats: FloatPlacement = {};
  let pdf = await print(first, true);
  for (let round = 0; job.floats && round < FLOAT_ROUNDS; round++) {
    const next = await job.floats(pdf, floats);
    if (next === undefined) break;
    floats = next;
    pdf = await print(await measured.render(undefined, floats), true);
  }
  const measurement = await measured.measure(pdf);
  const final = await print(await measured.render(measurement, floats, true));
  await writeLayout(key, { measured: measurement, floats });
  return { pdf: final, floats };
}

function isMeasuredLayout(value: unknown): value is { measured: unknown; floats: FloatPlacement } {
  return typeof value === 'object' && value !== null && 'measured' in value && typeof (value as { floats?: unknown }).floats === 'object';
}

/** A blocked request, named with the file and line that asked for it. */
async function traced(error: unknown, job: PrintJob): Promise<unknown> {
  if (!(error instanceof PrintError) || error.kind !== 'blocked' || !error.urls.length) return error;
  const list = (await traceUrls(error.urls, job.sources ?? [])).join(', ');
  return new PrintError(job.name, blockedMessage(list), 'blocked', error.urls);
}

/** The error with the document's name in its message. */
function named(error: unknown, name: string): Error {
  if (error instanceof UserError && error.message.startsWith(`${name}:`)) return error;
  // A full disk while writing the PDF says so in words (the build then keeps the previous out/).
  const message = isDiskFull(error) ? writeError(error, error.path ?? name, { outputKept: false }).message : error instanceof Error ? error.message : String(error);
  return new PrintError(name, message);
}


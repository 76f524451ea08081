/**
 * Prints one HTML file to PDF in the shared browser: scripts off, only files of the build may be
 * loaded (everything else is blocked and reported), every font face loaded first, cut off after a
 * timeout, and retried once in a fresh browser when Chromium crashed or hung.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, HTTPRequest, Page } from 'puppeteer-core';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { PrintBrowser } from './browser.ts';
import { isDiskFull } from '../emit/staging.ts';
import { shortUrl } from './sources.ts';

export interface PrintPageOptions {
  /** The print document on disk (page.setContent cannot load file:// resources). */
  htmlPath: string;
  /** The build's folder: the only place the document may load files from. */
  root: string;
  /** Cut the print off after this many milliseconds (load, fonts and page.pdf together). */
  timeoutMs: number;
  /** The document's name in messages, e.g. "daan-2017-09.pdf". */
  name: string;
  /** Let the document run scripts (only for templates that need them). Default false. */
  javascript?: boolean;
  /** Retries in a fresh browser after a crash or a timeout. Default 1. */
  retries?: number;
}

/** Milliseconds spent in each step of one print. */
export interface PrintTimings {
  load: number;
  fonts: number;
  pdf: number;
}

/** A failure to print one document, with the document's name; reported without a stack trace. */
export class PrintError extends UserError {
  override name = 'PrintError';
  constructor(
    readonly document: string,
    message: string,
    readonly kind: 'blocked' | 'missing' | 'fonts' | 'timeout' | 'crash' | 'other' = 'other',
    /** The requests the guard blocked (kind 'blocked'), to be traced to their sources. */
    readonly urls: string[] = [],
  ) {
    super(`${document}: ${message}`);
  }
}

/** Prints `htmlPath` to PDF bytes; retries once in a fresh browser when Chromium crashes or hangs. */
export async function printPdf(browser: PrintBrowser, options: PrintPageOptions): Promise<Uint8Array> {
  return (await printPdfTimed(browser, options)).pdf;
}

/** printPdf, also returning how long each step took and how many attempts it needed. */
export async function printPdfTimed(
  browser: PrintBrowser,
  options: PrintPageOptions,
): Promise<{ pdf: Uint8Array; timings: PrintTimings; attempts: number }> {
  const { value, attempts } = await withPrintPage(browser, options, (page) => page.print());
  return { ...value, attempts };
}

/**
 * A page kept open for the prints of one document: `print()` prints the file at htmlPath as it is
 * now. A draft print is only read for where things landed (named destinations), never kept: it
 * is laid out as the final one but written without tags and outline, which cost Chromium a third
 * of the print and double the PDF that is then parsed, and with nothing drawn (DRAFT_STYLE).
 */
export interface PrintPage {
  print(options?: { draft?: boolean }): Promise<{ pdf: Uint8Array; timings: PrintTimings }>;
}

/**
 * Runs `use` with one page for the document, in a browser context of its own, and closes it.
 * Every print of a document that needs several (page numbers, a measured layout) happens in this
 * page: a second print reloads the document with its fonts and renderer warm, at a third of the
 * cost of the first. Each print is cut off after timeoutMs; when Chromium crashes or a print
 * hangs, `use` runs again from the start in a fresh browser (so it must not depend on what an
 * earlier attempt did).
 */
export async function withPrintPage<T>(browser: PrintBrowser, options: PrintPageOptions, use: (page: PrintPage) => Promise<T>): Promise<{ value: T; attempts: number }> {
  const retries = options.retries ?? 1;
  await checkInsideRoot(options);
  const { browser: shared, generation } = await browser.current();
  let failure = await attempt(shared, options, use, await browser.takeFirstPage(generation));
  if (!isRetryable(failure)) return settle(failure, 1);
  await browser.recover(generation);
  for (let retry = 1; retry <= retries; retry++) {
    const fresh = await browser.spawnFresh();
    try {
      failure = await attempt((await fresh.current()).browser, options, use);
    } finally {
      await fresh.close();
    }
    if (!isRetryable(failure)) return settle(failure, retry + 1);
  }
  throw retriedError(options, failure as PrintError, retries);
}

async function checkInsideRoot(options: PrintPageOptions): Promise<void> {
  const root = await realpath(options.root).catch(() => undefined);
  if (!root) throw new PrintError(options.name, say('print-no-root', { root: options.root }));
  if (!(await isAllowed(pathToFileURL(resolve(options.htmlPath)).href, root))) {
    throw new PrintError(options.name, say('print-outside-root', { path: options.htmlPath, root: options.root }));
  }
}

type Attempt<T> = { value: T } | Error;

async function attempt<T>(browser: Browser, options: PrintPageOptions, use: (page: PrintPage) => Promise<T>, firstPage?: Page): Promise<Attempt<T>> {
  try {
    return { value: await inPage(browser, options, use, firstPage) };
  } catch (error) {
    return error as Error;
  }
}

function isRetryable<T>(result: Attempt<T>): result is PrintError {
  return result instanceof PrintError && (result.kind === 'timeout' || result.kind === 'crash');
}

function settle<T>(result: Attempt<T>, attempts: number): { value: T; attempts: number } {
  if (result instanceof Error) throw result;
  return { value: result.value, attempts };
}

function retriedError(options: PrintPageOptions, last: PrintError, retries: number): PrintError {
  return new PrintError(options.name, say('print-retried', { message: last.message.replace(`${options.name}: `, ''), retries, timeout: last.kind === 'timeout', time: seconds(options.timeoutMs) }), last.kind);
}

/**
 * `use` with a page of `browser`, in a context of its own (or the browser's first tab, given as
 * `firstPage`, in the default context): a print throws PrintError with kind
 * 'timeout' when it takes longer than timeoutMs, 'crash' when the browser or the page's renderer
 * goes away, 'blocked'/'missing'/'fonts' when the document asks for what it may not have or
 * cannot find.
 */
async function inPage<T>(browser: Browser, options: PrintPageOptions, use: (page: PrintPage) => Promise<T>, firstPage?: Page): Promise<T> {
  const crashed = disconnection(browser, options.name);
  let context: Promise<BrowserContext> | undefined;
  let opened: Page | undefined;
  const open = async () => {
    if (firstPage) {
      try {
        return await setUp((opened = firstPage), options);
      } catch {
        // A first tab that is not ready: the print opens a page of its own.
        await firstPage.close().catch(() => undefined);
        opened = undefined;
      }
    }
    context = browser.createBrowserContext();
    return setUp(await (await context).newPage(), options);
  };
  let renderer: ReturnType<typeof rendererCrash> | undefined;
  try {
    const { page, guard } = await withTimeout(options, Promise.race([open(), crashed.promise]));
    const watched = (renderer = rendererCrash(page, options.name));
    const print = (kind?: { draft?: boolean }) => withTimeout(options, Promise.race([printSteps(page, guard, options, kind?.draft ?? false), watched.promise, crashed.promise]), watched);
    return await use({ print });
  } catch (error) {
    // What `use` itself decided (a table of contents that does not settle) is said as it is.
    if (error instanceof UserError && !(error instanceof PrintError)) throw error;
    throw asPrintError(error, browser, options.name);
  } finally {
    crashed.dispose();
    renderer?.dispose();
    await closeQuietly(context ?? Promise.resolve(opened));
  }
}

async function setUp(page: Page, options: PrintPageOptions): Promise<{ page: Page; guard: RequestGuard }> {
  await page.setJavaScriptEnabled(options.javascript ?? false);
  return { page, guard: await guardRequests(page, options.root) };
}

/**
 * A renderer that dies (killed, out of memory) leaves the browser up but never answers: a crash,
 * retried at once. Until dispose() (on and off, as for disconnection above).
 */
function rendererCrash(page: Page, name: string): { promise: Promise<never>; error?: PrintError; dispose(): void } {
  let listener: (error: Error) => void = () => undefined;
  const state: { promise: Promise<never>; error?: PrintError; dispose(): void } = { promise: Promise.resolve() as never, dispose: () => page.off('error', listener) };
  state.promise = new Promise<never>((_, reject) => {
    listener = (error) => reject((state.error = new PrintError(name, say('print-page-crashed', { error: error.message }), 'crash')));
    page.on('error', listener);
  });
  state.promise.catch(() => undefined);
  return state;
}

async function withTimeout<T>(options: PrintPageOptions, work: Promise<T>, renderer?: { promise: Promise<never>; error?: PrintError }): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintError(options.name, say('print-timeout', { time: seconds(options.timeoutMs) }), 'timeout')), options.timeoutMs);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timedOut]);
  } catch (error) {
    // The step that failed ("Printing failed", net::ERR_ABORTED) may say so before the crash does: give it a moment.
    if (renderer && !renderer.error && !(error instanceof PrintError)) await Promise.race([renderer.promise, new Promise((done) => setTimeout(done, 250))]).catch(() => undefined);
    throw renderer?.error ?? error;
  } finally {
    clearTimeout(timer);
  }
}

async function printSteps(page: Page, guard: RequestGuard, options: PrintPageOptions, draft: boolean): Promise<{ pdf: Uint8Array; timings: PrintTimings }> {
  guard.clear();
  const t0 = performance.now();
  await page.goto(pathToFileURL(resolve(options.htmlPath)).href, { waitUntil: 'load', timeout: 0 });
  const t1 = performance.now();
  guard.throwIfAny(options.name);
  const failedFaces = await loadAllFonts(page);
  if (failedFaces.length) {
    // A font file missing or outside the build is said as such; else what Chromium said of it.
    guard.throwIfAny(options.name);
    throw new PrintError(options.name, say('print-fonts', { faces: failedFaces.join('; '), notes: [...new Set(guard.fontNotes)].join('; ') }), 'fonts');
  }
  if (draft) await page.evaluate(hideForDraft, DRAFT_STYLE);
  const t2 = performance.now();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: !draft, outline: !draft, timeout: 0 });
  const t3 = performance.now();
  guard.throwIfAny(options.name);
  return { pdf, timings: { load: t1 - t0, fonts: t2 - t1, pdf: t3 - t2 } };
}

/**
 * A draft is printed with every element of the body hidden. `visibility` changes what is painted,
 * never the layout, and Chromium still writes the named destination of a hidden element, where
 * it lies: the draft's destinations are the full print's (test/print/print.test.ts), while no
 * glyph, image or chart is drawn and no font embedded. Measured on the kitchen-sink edition (19
 * pages): the draft's page.pdf took a third to a half of the time, its PDF 0.1 MB against 2.1 MB.
 * The next print reloads the document, without this style.
 */
const DRAFT_STYLE = 'html body * { visibility: hidden !important; }';

function hideForDraft(css: string): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
}

/**
 * Loads every declared font face — `document.fonts.ready` does not wait for faces used only in
 * page margin boxes. Works with scripts disabled (CDP evaluates regardless). Returns the faces
 * that failed, as "family weight style".
 */
export async function loadAllFonts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const faces = [...document.fonts];
    const results = await Promise.allSettled(faces.map((face) => face.load()));
    await document.fonts.ready;
    return faces.filter((_, i) => results[i].status === 'rejected').map((f) => `${f.family} ${f.weight} ${f.style}`);
  });
}

// Requests: only the build's own files.

interface RequestGuard {
  blocked: string[];
  missing: string[];
  /** What Chromium said of the fonts it could not use ("OTS parsing error: …", "Failed to decode downloaded font: …"). */
  fontNotes: string[];
  throwIfAny(name: string): void;
  /** Forgets what earlier loads of the page recorded. */
  clear(): void;
}

/** Intercepts every request of `page`: file:// inside `root` and data: pass, the rest is blocked and recorded. */
export async function guardRequests(page: Page, root: string): Promise<RequestGuard> {
  const realRoot = await realpath(root);
  const guard: RequestGuard = {
    blocked: [],
    missing: [],
    fontNotes: [],
    throwIfAny: (name) => throwIfBlocked(guard, name),
    clear: () => void (guard.blocked.length = guard.missing.length = guard.fontNotes.length = 0),
  };
  page.on('console', (message) => {
    const text = message.text();
    if (/font/i.test(text)) guard.fontNotes.push(text.length > 300 ? `${text.slice(0, 299)}…` : text);
  });
  await page.setRequestInterception(true);
  page.on('request', (request) => void decide(request, realRoot, guard));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'failed';
    if (!guard.blocked.includes(request.url()) && !/ERR_BLOCKED_BY_CLIENT|ERR_ABORTED/.test(error)) guard.missing.push(`${shortUrl(request.url())} (${error})`);
  });
  return guard;
}

async function decide(request: HTTPRequest, realRoot: string, guard: RequestGuard): Promise<void> {
  const url = request.url();
  try {
    if (await isAllowed(url, realRoot)) return await request.continue();
    guard.blocked.push(url);
    await request.abort('blockedbyclient');
  } catch {
    // The page is gone (closed, timed out): nothing left to decide.
  }
}

/** True for data: URLs and file:// URLs whose real path lies inside `realRoot`. */
export async function isAllowed(url: string, realRoot: string): Promise<boolean> {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('file:')) return false;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return false;
  }
  const real = await realpath(path).catch(() => resolve(path));
  const rel = relative(realRoot, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function throwIfBlocked(guard: RequestGuard, name: string): void {
  if (guard.blocked.length) {
    const list = [...new Set(guard.blocked)].map(shortUrl).join(', ');
    throw new PrintError(name, blockedMessage(list), 'blocked', [...new Set(guard.blocked)]);
  }
  if (guard.missing.length) throw new PrintError(name, say('print-missing', { files: [...new Set(guard.missing)].join(', ') }), 'missing');
}

/** The message of blocked requests: `list` names each (with its source, when known). */
export function blockedMessage(list: string): string {
  return say('print-blocked', { list });
}

// Timeouts and crashes.

/**
 * A promise that rejects when the browser goes away, until dispose(). The listener is added with
 * on(), not once(): Puppeteer's once() wraps it, and off() with the listener itself then removes
 * nothing. A listener left behind keeps this promise, and through the Promise.race calls waiting
 * on it every page and PDF of the print, alive as long as the browser: some 2.5 MB an edition.
 */
function disconnection(browser: Browser, name: string): { promise: Promise<never>; dispose(): void } {
  let listener: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    listener = () => reject(new PrintError(name, say('print-crashed', {}), 'crash'));
    if (!browser.connected) listener();
    browser.on('disconnected', listener);
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => browser.off('disconnected', listener) };
}

function asPrintError(error: unknown, browser: Browser, name: string): Error {
  if (error instanceof PrintError) return error;
  // A full disk while writing the print document: said in words by the print step (print/index.ts named), never retried.
  if (isDiskFull(error)) return error;
  const message = (error as Error)?.message ?? String(error);
  // net::ERR_ABORTED on the print document itself (a file of the build, never blocked): its renderer went away mid-load.
  if (!browser.connected || /Target closed|Session closed|Connection closed|crash|net::ERR_ABORTED at file:/i.test(message)) {
    return new PrintError(name, say('print-crashed', { detail: message }), 'crash');
  }
  return new PrintError(name, say('print-other', { detail: message }));
}

/** Closes the print's context (and with it its page) or its page, waiting at most 5 s for a browser that hangs. */
async function closeQuietly(context: Promise<BrowserContext | Page | undefined>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = context.then((c) => c?.close()).catch(() => undefined);
  await Promise.race([closed, new Promise((done) => (timer = setTimeout(done, 5000)))]);
  clearTimeout(timer);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

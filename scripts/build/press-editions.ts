/**
 * The press copy of an edition, daan-<edition>-press.pdf: the output step of `--press` (or
 * `press.enabled` in site.yaml), after the reading copy has printed.
 *
 *   reading copy's pages and page count → print again with the press bleed (and crop marks), blank
 *   pages before the colophon up to a multiple of 4 → the same pages in the same places? →
 *   colours for the press (greys to black ink only, settings' CMYK) → Ghostscript PDF/X, CMYK,
 *   output intent → preflight
 *
 * The reading copy is not touched: it is the same file, byte for byte, with or without --press.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import type { Site } from '../load/model.ts';
import type { BriefingView, EditionView } from '../render/model.ts';
import { pressCopyName } from '../render/views.ts';
import type { Staging } from '../emit/staging.ts';
import { assertPrinted, buildDate, printDocuments, type PrintBrowser, type PrintJob, type PrintSlots, type PrintSuccess } from '../print/index.ts';
import { readDestinations } from '../print/destinations.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { prepareForPress } from '../press/prepare.ts';
import { convertToPdfX, pressGhostscript, resolveProfile } from '../press/pdfx.ts';
import type { Ghostscript } from '../print/ghostscript.ts';
import type { FloatPlacement } from '../print/floats.ts';
import { formatFindings, preflight } from '../press/preflight.ts';
import type { Palette } from '../press/colour.ts';

/** The press job of one edition, given the reading copy's page numbers, where its floats went and the blank pages to add. */
export type PressJobMaker = (pages: Map<string, number> | undefined, blanks: number, floats: FloatPlacement | undefined) => PrintJob;

export interface PressCopyOptions {
  /** content/: where a press.icc given as a path is looked up. */
  contentDir: string;
}

/** Blank pages that make `pages` a multiple of 4 (a sheet folds into 4 pages). */
export function blanksFor(pages: number): number {
  return (4 - (pages % 4)) % 4;
}

/** The colours the press prints in CMYK: press.colors, and the edition's cover.cmyk for its cover colour. */
export function pressPalette(site: Site, view: EditionView): Palette {
  const cover = view.edition.cover;
  return { ...site.press.colors, ...(cover.cmyk ? { [cover.color.toLowerCase()]: cover.cmyk } : {}) };
}

export async function printPressCopies(
  site: Site,
  editions: EditionView[],
  reading: PrintSuccess[],
  makers: PressJobMaker[],
  staging: Staging,
  press: PressCopyOptions,
  options: { browser?: PrintBrowser; slots?: PrintSlots; timeoutMs?: number; progress?: Progress; reuse?: boolean },
): Promise<void> {
  const progress = options.progress ?? silentProgress;
  const gs = await pressGhostscript();
  const icc = resolveProfile(site.press.icc, press.contentDir, gs);
  const counts = await Promise.all(reading.map(async (r) => (await PDFDocument.load(await readFile(r.job.pdfPath!), { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })).getPageCount()));
  const jobs = editions.map((_, i) => makers[i](reading[i].pages, blanksFor(counts[i]), reading[i].floats));
  progress.count('documents', jobs.length);
  const printed = await printDocuments(jobs, { browser: options.browser, slots: options.slots, timeoutMs: options.timeoutMs, reuse: options.reuse, keepPdfs: false });
  assertPrinted(printed);
  const failures: string[] = [];
  for (const [i, view] of editions.entries()) {
    const job = jobs[i];
    const raw = await readFile(job.pdfPath!);
    const blanks = blanksFor(counts[i]);
    await samePages(raw, reading[i].pages ?? new Map(), counts[i] + blanks, job.name);
    const target = join(staging.dir, view.edition.id, pressCopyName(view));
    const made = await makePressCopy(raw, target, { gs, icc, site, palette: pressPalette(site, view), title: job.finish!.title, date: buildDate(view.edition.date), work: dirname(job.pdfPath!), name: `${view.edition.id}/${pressCopyName(view)}` }, progress);
    if (made.errors) failures.push(say('press-errors', { name: pressCopyName(view), n: made.errors }));
    const padded = blanks ? say('press-padded', { blanks, pages: counts[i] + blanks }) : '';
    progress.tick('documents', say('press-wrote', { path: `${view.edition.id}/${pressCopyName(view)}` }), say('press-detail', { version: made.version, bleed: site.press.bleed, padded }));
  }
  if (failures.length) throw new UserError(say('press-failed', { failures }));
}

export interface PressCopyJob {
  gs: Ghostscript;
  /** The output profile (resolveProfile). */
  icc: string;
  site: Site;
  palette: Palette;
  title: string;
  date: Date;
  work: string;
  /** How the build names the file in what it prints. */
  name: string;
  /** Pages a press sheet takes (default 4: folded; 1 for a briefing printed on single A4 sheets). */
  pageMultiple?: number;
  /** Bleed to add around a document printed without it (a briefing), in mm. */
  addBleedMm?: number;
}

/**
 * The steps every press copy takes after its print: colours for the press (greys to black ink
 * only, the settings' CMYK), Ghostscript PDF/X with the output intent, preflight. Returns the
 * PDF/X version and the number of preflight errors (the findings are printed).
 */
export async function makePressCopy(printed: Uint8Array, target: string, job: PressCopyJob, progress: Progress): Promise<{ version: 'X-3' | 'X-4'; errors: number }> {
  const { pdf } = await prepareForPress(printed, job.palette, { addBleedMm: job.addBleedMm });
  const cmyk = join(job.work, `press-cmyk-${basename(target)}`);
  await mkdir(job.work, { recursive: true });
  await writeFile(cmyk, pdf);
  try {
    const { version } = await convertToPdfX(job.gs, cmyk, target, { icc: job.icc, condition: job.site.press.condition, title: job.title, date: job.date }, job.work);
    const findings = await preflight(target, { press: true, pageMultiple: job.pageMultiple });
    progress.info(formatFindings(job.name, findings));
    return { version, errors: findings.filter((f) => f.severity === 'error').length };
  } finally {
    await rm(cmyk, { force: true });
  }
}

/** The press copy starts every article on the page the reading copy does, and has the pages it should. */
async function samePages(pdf: Uint8Array, pages: Map<string, number>, expected: number, name: string): Promise<void> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const landed = await readDestinations(doc);
  const moved = [...pages].filter(([id, page]) => landed.get(id) !== page).map(([id, page]) => say('press-page-moved', { id, got: String(landed.get(id) ?? '?'), expected: page }));
  if (moved.length || doc.getPageCount() !== expected) {
    throw new UserError(say('press-pages-differ', { name, differences: [...moved, say('press-page-count', { got: doc.getPageCount(), expected })] }));
  }
}

/** The 红头 red of the briefings' print CSS (briefing.css `--red`) and the ink it prints in: M80 Y80, no cyan, no black. */
export const BRIEFING_RED: Palette = { '#ff3333': [0, 80, 80, 0] };

/**
 * The press copy of each briefing, <id>-press.pdf next to its reading copy: the same pages with
 * white bleed around them (nothing of a briefing touches the trim edge), the 红头 red in M80 Y80
 * (press.colors may say otherwise), PDF/X, preflight. A briefing is printed on single A4 sheets,
 * so its page count is not padded.
 */
export async function writeBriefingPressCopies(site: Site, printed: { view: BriefingView; pdf: Uint8Array }[], dir: string, folder: string, press: PressCopyOptions, progress: Progress): Promise<void> {
  if (!printed.length) return;
  const gs = await pressGhostscript();
  const icc = resolveProfile(site.press.icc, press.contentDir, gs);
  const failures: string[] = [];
  for (const { view, pdf } of printed) {
    const name = pressCopyName(view);
    const work = join(dir, '.press');
    const made = await makePressCopy(pdf, join(dir, name), { gs, icc, site, palette: { ...BRIEFING_RED, ...site.press.colors }, title: `${view.briefing.name}（${view.label}）`, date: buildDate(view.briefing.date), work, name: `${folder}/${name}`, pageMultiple: 1, addBleedMm: site.press.bleed }, progress);
    await rm(work, { recursive: true, force: true });
    if (made.errors) failures.push(say('press-errors', { name, n: made.errors }));
    progress.debug(say('press-briefing-wrote', { path: `${folder}/${name}`, version: made.version, bleed: site.press.bleed }));
  }
  if (failures.length) throw new UserError(say('press-briefings-failed', { failures }));
}

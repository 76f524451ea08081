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
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import type { Site } from '../load/model.ts';
import type { EditionView } from '../render/model.ts';
import type { Staging } from '../emit/staging.ts';
import { assertPrinted, buildDate, printDocuments, type PrintBrowser, type PrintJob, type PrintSlots, type PrintSuccess } from '../print/index.ts';
import { readDestinations } from '../print/destinations.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { prepareForPress } from '../press/prepare.ts';
import { convertToPdfX, pressGhostscript, resolveProfile } from '../press/pdfx.ts';
import { formatFindings, preflight } from '../press/preflight.ts';
import type { Palette } from '../press/colour.ts';

/** The press job of one edition, given the reading copy's page numbers and the blank pages to add. */
export type PressJobMaker = (pages: Map<string, number> | undefined, blanks: number) => PrintJob;

export interface PressCopyOptions {
  /** content/: where a press.icc given as a path is looked up. */
  contentDir: string;
}

export function pressName(view: EditionView): string {
  return view.pdfName.replace(/\.pdf$/, '-press.pdf');
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
  options: { browser?: PrintBrowser; slots?: PrintSlots; timeoutMs?: number; progress?: Progress },
): Promise<void> {
  const progress = options.progress ?? silentProgress;
  const gs = await pressGhostscript();
  const icc = resolveProfile(site.press.icc, press.contentDir, gs);
  const counts = await Promise.all(reading.map(async (r) => (await PDFDocument.load(await readFile(r.job.pdfPath!), { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })).getPageCount()));
  const jobs = editions.map((_, i) => makers[i](reading[i].pages, blanksFor(counts[i])));
  progress.count('documents', jobs.length);
  const printed = await printDocuments(jobs, { browser: options.browser, slots: options.slots, timeoutMs: options.timeoutMs, keepPdfs: false });
  assertPrinted(printed);
  const failures: string[] = [];
  for (const [i, view] of editions.entries()) {
    const job = jobs[i];
    const raw = await readFile(job.pdfPath!);
    const blanks = blanksFor(counts[i]);
    await samePages(raw, reading[i].pages ?? new Map(), counts[i] + blanks, job.name);
    const { pdf } = await prepareForPress(raw, pressPalette(site, view));
    const cmyk = join(dirname(job.pdfPath!), 'press-cmyk.pdf');
    await writeFile(cmyk, pdf);
    const target = join(staging.dir, view.edition.id, pressName(view));
    const { version } = await convertToPdfX(gs, cmyk, target, { icc, condition: site.press.condition, title: job.finish!.title, date: buildDate(view.edition.date) }, dirname(job.pdfPath!));
    await rm(cmyk, { force: true });
    const findings = await preflight(target, { press: true });
    const errors = findings.filter((f) => f.severity === 'error');
    progress.info(formatFindings(`${view.edition.id}/${pressName(view)}`, findings));
    if (errors.length) failures.push(say('press-errors', { name: pressName(view), n: errors.length }));
    const padded = blanks ? say('press-padded', { blanks, pages: counts[i] + blanks }) : '';
    progress.tick('documents', say('press-wrote', { path: `${view.edition.id}/${pressName(view)}` }), say('press-detail', { version, bleed: site.press.bleed, padded }));
  }
  if (failures.length) throw new UserError(say('press-failed', { failures }));
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

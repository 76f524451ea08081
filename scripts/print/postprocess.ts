/**
 * The finishing touches Chromium cannot do, with pdf-lib: document metadata and language, dates
 * taken from the edition (never the clock) and a content-derived /ID so that two builds of the
 * same input are byte-identical, TrimBox / BleedBox, and crop marks on an enlarged MediaBox.
 * The outline and the structure tree Chromium wrote are kept as they are.
 */
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFPage,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
  ParseSpeeds,
  beginMarkedContent,
  endMarkedContent,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setLineWidth,
  setStrokingCmykColor,
  stroke,
} from 'pdf-lib';
import { UserError } from '../report/problems.ts';
import { linkTargets, nameText, takeReadPdf } from './destinations.ts';
import { isFloatMark } from './floats.ts';
import { say } from '../report/messages.ts';

export interface FinishOptions {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creator?: string;
  producer?: string;
  /** Document language; default zh-CN. */
  lang?: string;
  /** CreationDate and ModDate: the edition date, or buildDate() (print/index.ts); never `new Date()`. */
  date: Date;
  /** Trim size in mm; required for bleed and marks, and checked against every page when given. */
  trim?: { width: number; height: number };
  /** Bleed in mm on each side (pages printed at trim + 2 × bleed carry full-bleed colour). */
  bleedMm?: number;
  /** Draw crop marks outside the bleed on an enlarged MediaBox. */
  marks?: boolean;
  /** Fail on Type 3 or non-embedded fonts (default true). */
  checkFonts?: boolean;
  /**
   * PostScript names of the build's faces (e.g. "NotoSerifSC-Regular"). When given, any other font
   * in the PDF fails the build: Chromium fell back to a system font (a face that was not loaded, or
   * characters the build's fonts do not cover).
   */
  fontNames?: string[];
  /** The document's name in messages. */
  name?: string;
}

export const MM = 72 / 25.4;
/** Crop marks: at least this far from the trim (and never inside the bleed), this long, this thick. */
export const MARK = { minOffsetMm: 3, lengthMm: 5, paddingMm: 2, widthPt: 0.25 } as const;
/** How far a page may be from the expected size (Chromium rounds page sizes by up to ~0.35 pt). */
const SIZE_TOLERANCE_PT = 1.5;

/** Metadata, fixed dates, boxes and marks; returns the finished PDF bytes (deterministic for the same input). */
export async function finishPdf(pdf: Uint8Array, options: FinishOptions): Promise<Uint8Array> {
  const doc = (await takeReadPdf(pdf)) ?? (await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest }));
  const name = options.name ?? options.title;
  if (options.checkFonts ?? true) {
    const problems = fontProblems(doc, options.fontNames);
    if (problems.length) throw new UserError(`${name}: ${problems.join('; ')}`);
  }
  setMetadata(doc, options);
  // The marks first: some thousands of objects fewer for the renumbering to walk.
  dropFloatMarks(doc);
  renumberStructureIds(doc);
  if (options.trim) setBoxes(doc, options.trim, options.bleedMm ?? 0, options.marks ?? false, name);
  else if (options.bleedMm || options.marks) throw new UserError(say('print-no-trim', { name }));
  return saveWithId(doc);
}

/**
 * Chromium names the structure elements of a tagged PDF after its DOM node ids ("node00000816"),
 * which count every node the renderer made before — a document printed a second time in the same
 * page gets other names than one printed first. Renamed by rank (node00000001, …) everywhere they
 * occur (element /ID, the /IDTree and its limits, table headers), the PDF no longer depends on
 * what the renderer printed before; the order, and so the sorted /IDTree, stays as it was.
 */
export function renumberStructureIds(doc: PDFDocument): void {
  const nodeNumber = (value: PDFObject) => (value instanceof PDFString || value instanceof PDFHexString ? /^node(\d+)$/.exec(value.decodeText())?.[1] : undefined);
  // One walk: each name is a leaf, so it can be replaced once all are known.
  const found: { n: number; set: (replacement: PDFObject) => void }[] = [];
  forEachValue(doc, (value, set) => {
    const n = nodeNumber(value);
    if (n !== undefined) found.push({ n: Number(n), set });
  });
  const numbers = [...new Set(found.map((f) => f.n))].sort((a, b) => a - b);
  const rank = new Map(numbers.map((n, i) => [n, `node${String(i + 1).padStart(8, '0')}`]));
  for (const { n, set } of found) set(PDFString.of(rank.get(n)!));
}

/**
 * The named destinations of the marks that placed the floats (print/floats.ts: some thousands in
 * an issue) are left out of the final PDF, unless a link or the outline goes to one.
 */
export function dropFloatMarks(doc: PDFDocument): void {
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return;
  const linked = linkTargets(doc);
  for (const [key, value] of dests.entries()) {
    const name = nameText(key);
    if (!isFloatMark(decodeURIComponentSafe(name)) || linked.has(name)) continue;
    dests.delete(key);
    if (value instanceof PDFRef) doc.context.delete(value);
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every value inside the document's dictionaries and arrays (stream dictionaries included), with a way to replace it. */
function forEachValue(doc: PDFDocument, visit: (value: PDFObject, set: (replacement: PDFObject) => void) => void): void {
  const seen = new Set<PDFObject>();
  const walk = (container: PDFObject): void => {
    if (seen.has(container)) return;
    seen.add(container);
    if (container instanceof PDFArray) {
      for (let i = 0; i < container.size(); i++) {
        visit(container.get(i), (replacement) => container.set(i, replacement));
        walk(container.get(i));
      }
    } else if (container instanceof PDFDict) {
      for (const [key, value] of container.entries()) {
        visit(value, (replacement) => container.set(key, replacement));
        walk(container.get(key)!);
      }
    } else if (container instanceof PDFStream) {
      walk(container.dict);
    }
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) walk(object);
}

function setMetadata(doc: PDFDocument, options: FinishOptions): void {
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  if (options.author) doc.setAuthor(options.author);
  if (options.subject) doc.setSubject(options.subject);
  if (options.keywords?.length) doc.setKeywords(options.keywords);
  doc.setCreator(options.creator ?? '大安刊印');
  doc.setProducer(options.producer ?? '大安刊印 (Chromium, pdf-lib)');
  doc.setLanguage(options.lang ?? 'zh-CN');
  doc.setCreationDate(options.date);
  doc.setModificationDate(options.date);
}

/**
 * Saves with /ID = a hash of the file, so /ID follows the content: saved once with a stand-in ID
 * of the same length, which is then written over in the trailer (no offset moves).
 */
async function saveWithId(doc: PDFDocument): Promise<Uint8Array> {
  const standIn = '0'.repeat(32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(standIn), PDFHexString.of(standIn)]);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trailer = file.lastIndexOf('trailer');
  const ids = file.subarray(trailer).toString('latin1').lastIndexOf(`/ID [ <${standIn}> <${standIn}> ]`);
  if (trailer < 0 || ids < 0) throw new Error('pdf-lib wrote the trailer /ID in a way finishPdf does not know');
  file.write(`/ID [ <${id}> <${id}> ]`, trailer + ids, 'latin1');
  return bytes;
}

// Boxes and marks.

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function setBoxes(doc: PDFDocument, trimMm: { width: number; height: number }, bleedMm: number, marks: boolean, name: string): void {
  if (bleedMm === 0 && !marks) return checkPageSizes(doc, trimMm, 0, name);
  const [tw, th, bleed] = [trimMm.width * MM, trimMm.height * MM, bleedMm * MM];
  const offset = Math.max(bleedMm, MARK.minOffsetMm) * MM;
  const slug = marks ? offset + (MARK.lengthMm + MARK.paddingMm) * MM : bleed;
  doc.getPages().forEach((page, i) => {
    const media = page.getMediaBox();
    pageKind(media, tw, th, bleed, i + 1, name);
    const trim = { x: media.x + (media.width - tw) / 2, y: media.y + (media.height - th) / 2, width: tw, height: th };
    setBox(page, 'MediaBox', grow(trim, slug));
    if (hasBox(page, 'CropBox')) setBox(page, 'CropBox', grow(trim, slug));
    setBox(page, 'BleedBox', grow(trim, bleed));
    setBox(page, 'TrimBox', trim);
    if (marks) drawCropMarks(page, trim, offset);
  });
}

function checkPageSizes(doc: PDFDocument, trimMm: { width: number; height: number }, bleed: number, name: string): void {
  doc.getPages().forEach((page, i) => pageKind(page.getMediaBox(), trimMm.width * MM, trimMm.height * MM, bleed, i + 1, name));
}

/** 'trim' for a page of the trim size, 'bleed' for one of trim + 2 × bleed; a UserError for anything else. */
function pageKind(media: Rect, tw: number, th: number, bleed: number, page: number, name: string): 'trim' | 'bleed' {
  const near = (w: number, h: number) => Math.abs(media.width - w) <= SIZE_TOLERANCE_PT && Math.abs(media.height - h) <= SIZE_TOLERANCE_PT;
  if (near(tw, th)) return 'trim';
  if (bleed > 0 && near(tw + 2 * bleed, th + 2 * bleed)) return 'bleed';
  const mm = (pt: number) => +(pt / MM).toFixed(1);
  const expected = `${mm(tw)} × ${mm(th)} mm${bleed > 0 ? ` (or ${mm(tw + 2 * bleed)} × ${mm(th + 2 * bleed)} mm with bleed)` : ''}`;
  throw new UserError(say('print-page-size', { name, page, width: String(mm(media.width)), height: String(mm(media.height)), expected }));
}

function grow(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

function setBox(page: PDFPage, box: 'MediaBox' | 'CropBox' | 'BleedBox' | 'TrimBox', r: Rect): void {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  page.node.set(PDFName.of(box), page.doc.context.obj([round(r.x), round(r.y), round(r.x + r.width), round(r.y + r.height)]));
}

function hasBox(page: PDFPage, box: string): boolean {
  return page.node.get(PDFName.of(box)) !== undefined;
}

/** Eight registration-colour lines, two at each corner of the trim, starting `offset` outside it. */
function drawCropMarks(page: PDFPage, trim: Rect, offset: number): void {
  const length = MARK.lengthMm * MM;
  const [left, right, bottom, top] = [trim.x, trim.x + trim.width, trim.y, trim.y + trim.height];
  const lines: [number, number, number, number][] = [];
  for (const x of [left, right]) {
    const out = x === left ? -1 : 1;
    for (const y of [bottom, top]) {
      const up = y === bottom ? -1 : 1;
      lines.push([x + out * offset, y, x + out * (offset + length), y]);
      lines.push([x, y + up * offset, x, y + up * (offset + length)]);
    }
  }
  page.pushOperators(
    beginMarkedContent('Artifact'),
    pushGraphicsState(),
    setLineWidth(MARK.widthPt),
    setStrokingCmykColor(1, 1, 1, 1),
    ...lines.flatMap(([x1, y1, x2, y2]) => [moveTo(x1, y1), lineTo(x2, y2)]),
    stroke(),
    popGraphicsState(),
    endMarkedContent(),
  );
}

// Fonts.

/** Type 3, non-embedded and (when `expected` is given) unexpected fonts, as messages. */
export function fontProblems(doc: PDFDocument, expected?: string[]): string[] {
  const type3: string[] = [];
  const notEmbedded: string[] = [];
  const foreign: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    const fontName = fontNameOf(object);
    if (subtype === PDFName.of('Type3')) type3.push(fontName);
    else if (subtype === PDFName.of('Type0')) continue;
    else if (!isEmbedded(object)) notEmbedded.push(fontName);
    if (expected && !expected.includes(fontName.replace(/^[A-Z]{6}\+/, ''))) foreign.push(fontName);
  }
  const problems: string[] = [];
  if (type3.length) problems.push(`Type 3 fonts in the PDF (${unique(type3)}): Chromium makes these from CFF-outline or variable fonts and synthetic bold/italic — use static TrueType faces for every weight and style`);
  if (notEmbedded.length) problems.push(`fonts not embedded (${unique(notEmbedded)}): every face must come from the build's font files, not the system`);
  if (foreign.length) problems.push(`fonts that are not the build's (${unique(foreign)}): Chromium fell back to a system font — a face that did not load, or characters the build's fonts lack`);
  return problems;
}

function fontNameOf(font: PDFDict): string {
  const name = font.get(PDFName.of('BaseFont')) ?? font.get(PDFName.of('Name'));
  return name instanceof PDFName ? new TextDecoder().decode(name.asBytes()) : '(unnamed)';
}

function isEmbedded(font: PDFDict): boolean {
  const descriptor = font.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  if (!descriptor) return false;
  return ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.get(PDFName.of(key)) !== undefined);
}

function unique(names: string[]): string {
  return [...new Set(names)].join(', ');
}

/** The pages' boxes, for tests and reports: [x0, y0, x1, y1] in pt. */
export function pageBoxes(page: PDFPage): Record<'MediaBox' | 'TrimBox' | 'BleedBox', number[] | undefined> {
  const read = (box: string) => page.node.lookupMaybe(PDFName.of(box), PDFArray)?.asArray().map((n) => Number(n.toString()));
  return { MediaBox: read('MediaBox'), TrimBox: read('TrimBox'), BleedBox: read('BleedBox') };
}

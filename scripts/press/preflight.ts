/**
 * Preflight: what a print shop checks before it accepts a PDF, read from the PDF itself.
 *
 * - fonts: every font embedded, none Type 3;
 * - colour (press copy): no RGB anywhere (text, paths, images, shadings), no rich black text;
 * - images: effective resolution at the printed size (warning below 250 dpi, error below 150);
 *   one image over a whole page other than the cover (a page turned into a picture: warning);
 * - ink: total area coverage above 300 % (press copy; from a CMYK rendering by Ghostscript);
 * - geometry: lines and rules thinner than 0.1 mm; TrimBox and BleedBox on every page, the
 *   bleed at least 3 mm; colour that touches the trim edge reaching into the bleed; a page count
 *   that is a multiple of 4 (press copy).
 *
 * Lines and ink wholly outside the BleedBox (crop marks on the slug, in registration colour) are
 * cut off with it and not checked. Each finding names its page and the object (font, image,
 * colour, line) it is about.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, ParseSpeeds, decodePDFRawStream, type PDFObject, type PDFPage } from 'pdf-lib';
import { numbers, scanContent } from './content-stream.ts';
import { say } from '../report/messages.ts';

const run = promisify(execFile);
const MM = 72 / 25.4;

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** fonts, colour, images, ink, geometry */
  rule: 'fonts' | 'colour' | 'images' | 'ink' | 'geometry';
  /** 1-based page, when the finding is about one page. */
  page?: number;
  /** The object: a font name, an image (Im3, 1200 × 800 px), a colour, a line. */
  object?: string;
  message: string;
}

export interface PreflightOptions {
  /** Check as a press copy: CMYK only, ink limit, bleed, a multiple of 4 pages. */
  press: boolean;
  /** Ghostscript for the ink and bleed checks (default: gs on the PATH). */
  gs?: string;
  /** Minimum bleed in mm (default 3). */
  bleedMm?: number;
  /** The page count of a press copy is a multiple of this (default 4: a sheet folds into 4 pages; 1 for single sheets). */
  pageMultiple?: number;
}

export const LIMITS = { minLineMm: 0.1, warnDpi: 250, errorDpi: 150, maxInk: 300, bleedMm: 3 } as const;
/** The share of a page (past the cover) one image may cover before preflight asks whether the page became a picture. */
const FULL_PAGE_IMAGE = 0.95;

export async function preflight(file: string, options: PreflightOptions): Promise<Finding[]> {
  const bytes = await readFile(file);
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const findings: Finding[] = [];
  const pages = doc.getPages();
  findings.push(...fontFindings(doc));
  pages.forEach((page, index) => findings.push(...pageFindings(doc, page, index + 1, options)));
  if (options.press) {
    const multiple = options.pageMultiple ?? 4;
    if (pages.length % multiple) findings.push({ severity: 'error', rule: 'geometry', message: say('preflight-pages', { pages: pages.length, multiple, add: multiple - (pages.length % multiple) }) });
    findings.push(...(await rasterFindings(file, doc, options)));
  }
  return dedupe(findings);
}

/** Findings of one page: boxes, then everything its content streams draw. */
function pageFindings(doc: PDFDocument, page: PDFPage, number: number, options: PreflightOptions): Finding[] {
  const findings: Finding[] = [];
  const box = (name: string) => page.node.lookupMaybe(PDFName.of(name), PDFArray)?.asArray().map((n) => (n as PDFNumber).asNumber());
  const trim = box('TrimBox');
  const bleed = box('BleedBox');
  if (options.press) {
    if (!trim) findings.push({ severity: 'error', rule: 'geometry', page: number, object: 'TrimBox', message: say('preflight-no-trimbox') });
    if (!bleed) findings.push({ severity: 'error', rule: 'geometry', page: number, object: 'BleedBox', message: say('preflight-no-bleedbox') });
    if (trim && bleed) {
      const least = Math.min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]) / MM;
      const wanted = options.bleedMm ?? LIMITS.bleedMm;
      if (least < wanted - 0.01) findings.push({ severity: 'error', rule: 'geometry', page: number, object: 'BleedBox', message: say('preflight-bleed-short', { bleed: least.toFixed(1), wanted }) });
    }
  }
  // What lies wholly outside the BleedBox is cut off (crop marks, in registration colour on the slug): not checked.
  const context = { doc, page: number, options, findings, bleed: bleed ?? box('MediaBox'), trim: trim ?? box('MediaBox') };
  const contents = page.node.get(PDFName.of('Contents'));
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  const text = streams.map((ref) => streamText(doc, ref)).join('\n');
  interpret(context, text, page.node.lookupMaybe(PDFName.of('Resources'), PDFDict), [1, 0, 0, 1, 0, 0], new Set());
  return findings;
}

type Matrix = [number, number, number, number, number, number];
type Space = 'rgb' | 'cmyk' | 'gray' | 'other';

interface State {
  ctm: Matrix;
  lineWidth: number;
  fill: { space: Space; values: number[] };
  stroke: { space: Space; values: number[] };
  font: string;
}

interface Context {
  doc: PDFDocument;
  page: number;
  options: PreflightOptions;
  findings: Finding[];
  /** The BleedBox (else the MediaBox) in page space: x0, y0, x1, y1. */
  bleed?: number[];
  /** The TrimBox (else the MediaBox): the printed page. */
  trim?: number[];
}

function interpret(context: Context, text: string, resources: PDFDict | undefined, ctm: Matrix, visited: Set<PDFObject>): void {
  const { findings, page, options } = context;
  let state: State = { ctm, lineWidth: 1, fill: { space: 'gray', values: [0] }, stroke: { space: 'gray', values: [0] }, font: '' };
  const stack: State[] = [];
  let rects: number[][] = [];
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const spaces = resources?.lookupMaybe(PDFName.of('ColorSpace'), PDFDict);
  const spaceOf = (name: string): Space => {
    if (name === 'DeviceRGB' || name === 'RGB') return 'rgb';
    if (name === 'DeviceCMYK' || name === 'CMYK') return 'cmyk';
    if (name === 'DeviceGray' || name === 'G') return 'gray';
    return colourSpace(context.doc, spaces?.get(PDFName.of(name)));
  };
  const scale = () => Math.sqrt(Math.abs(state.ctm[0] * state.ctm[3] - state.ctm[1] * state.ctm[2]));
  /** RGB in a press copy: the object is the colour when it is known (else `object`, e.g. the image). */
  const rgbUse = (what: 'text' | 'line' | 'fill' | 'shading' | 'image', values: number[], object?: string) => {
    const colour = values.length ? `RGB ${values.map((v) => Math.round(v * 255)).join(',')}` : object;
    if (options.press) findings.push({ severity: 'error', rule: 'colour', page, object: colour, message: say('preflight-rgb', { what, font: state.font }) });
  };
  scanContent(text, (op, operands) => {
    const nums = (count: number) => numbers(operands, count);
    switch (op) {
      case 'q':
        stack.push({ ...state, fill: { ...state.fill }, stroke: { ...state.stroke } });
        break;
      case 'Q':
        state = stack.pop() ?? state;
        break;
      case 'cm': {
        const m = nums(6);
        if (m) state.ctm = multiply(m as Matrix, state.ctm);
        break;
      }
      case 'w': {
        const [w] = nums(1) ?? [1];
        state.lineWidth = w;
        break;
      }
      case 'gs': {
        // A graphics state may set the line width too (/LW: Chromium strokes SVG lines that way).
        const name = operands[operands.length - 1]?.value;
        const extGState = typeof name === 'string' ? resources?.lookupMaybe(PDFName.of('ExtGState'), PDFDict)?.lookupMaybe(PDFName.of(name), PDFDict) : undefined;
        const width = extGState?.lookupMaybe(PDFName.of('LW'), PDFNumber)?.asNumber();
        if (width !== undefined) state.lineWidth = width;
        break;
      }
      case 'rg':
      case 'RG':
      case 'k':
      case 'K':
      case 'g':
      case 'G': {
        const space: Space = op.toLowerCase() === 'rg' ? 'rgb' : op.toLowerCase() === 'k' ? 'cmyk' : 'gray';
        const values = nums(space === 'rgb' ? 3 : space === 'cmyk' ? 4 : 1) ?? [];
        state[op === op.toLowerCase() ? 'fill' : 'stroke'] = { space, values };
        break;
      }
      case 'cs':
      case 'CS': {
        const name = operands[operands.length - 1]?.value;
        state[op === 'cs' ? 'fill' : 'stroke'] = { space: typeof name === 'string' ? spaceOf(name) : 'other', values: [] };
        break;
      }
      case 'sc':
      case 'scn':
      case 'SC':
      case 'SCN': {
        const values = operands.filter((o) => typeof o.value === 'number').map((o) => o.value as number);
        state[op.startsWith('s') ? 'fill' : 'stroke'].values = values;
        break;
      }
      case 'Tf': {
        const name = operands.find((o) => typeof o.value === 'string')?.value as string | undefined;
        const font = name ? fonts?.lookupMaybe(PDFName.of(name), PDFDict) : undefined;
        state.font = font ? baseFont(font) : name ?? '';
        break;
      }
      case 'Tj':
      case 'TJ':
      case "'":
      case '"': {
        const { space, values } = state.fill;
        if (space === 'rgb') rgbUse('text', values);
        if (options.press && space === 'cmyk' && values.length === 4) {
          const [c, m, y, k] = values;
          if (k >= 0.5 && c + m + y > 0.05) findings.push({ severity: 'error', rule: 'colour', page, object: `${state.font}, C${pct(c)} M${pct(m)} Y${pct(y)} K${pct(k)}`, message: say('preflight-rich-black') });
        }
        break;
      }
      case 're': {
        const r = nums(4);
        if (r) rects.push([Math.min(r[0], r[0] + r[2]), Math.min(r[1], r[1] + r[3]), Math.max(r[0], r[0] + r[2]), Math.max(r[1], r[1] + r[3])]);
        break;
      }
      case 'm': {
        const p = nums(2);
        if (p) rects.push([p[0], p[1], p[0], p[1]]);
        break;
      }
      case 'l':
      case 'c':
      case 'v':
      case 'y': {
        // The subpath's bounding box grows to take in the end point (control points are close enough for a rule).
        const p = numbers(operands, 2);
        const box = rects[rects.length - 1];
        if (p && box) rects[rects.length - 1] = [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[0]), Math.max(box[3], p[1])];
        break;
      }
      case 'S':
      case 's':
      case 'B':
      case 'B*':
      case 'b':
      case 'b*': {
        const width = state.lineWidth * scale();
        if (rects.length && rects.every(outsideBleed)) {
          rects = [];
          break;
        }
        if (state.stroke.space === 'rgb') rgbUse('line', state.stroke.values);
        if (width < LIMITS.minLineMm * MM) findings.push({ severity: 'error', rule: 'geometry', page, object: say('preflight-object-line', { mm: (width / MM).toFixed(3) }), message: say('preflight-thin-line', { limit: LIMITS.minLineMm }) });
        if (op.startsWith('S') || op === 's') rects = [];
        else fill();
        break;
      }
      case 'f':
      case 'F':
      case 'f*':
        fill();
        break;
      case 'n':
        rects = [];
        break;
      case 'sh':
        if (options.press) {
          const name = operands[operands.length - 1]?.value;
          const shading = typeof name === 'string' ? resources?.lookupMaybe(PDFName.of('Shading'), PDFDict)?.lookup(PDFName.of(name)) : undefined;
          const dict = shading instanceof PDFStream ? shading.dict : shading instanceof PDFDict ? shading : undefined;
          if (dict && colourSpace(context.doc, dict.get(PDFName.of('ColorSpace'))) === 'rgb') rgbUse('shading', [], String(name));
        }
        break;
      case 'Do': {
        const name = operands[operands.length - 1]?.value;
        if (typeof name !== 'string' || !xobjects) break;
        const ref = xobjects.get(PDFName.of(name));
        const object = context.doc.context.lookup(ref);
        if (!(object instanceof PDFStream)) break;
        const subtype = object.dict.get(PDFName.of('Subtype'));
        if (subtype === PDFName.of('Image')) image(name, object.dict);
        else if (subtype === PDFName.of('Form') && !visited.has(object)) {
          visited.add(object);
          const matrix = (object.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray)?.asArray().map((n) => (n as PDFNumber).asNumber()) ?? [1, 0, 0, 1, 0, 0]) as Matrix;
          interpret(context, streamText(context.doc, ref), object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources, multiply(matrix, state.ctm), visited);
        }
        break;
      }
    }
  });

  /** A box of the current path (user space) that lies wholly outside the BleedBox, within half a point. */
  function outsideBleed([x0, y0, x1, y1]: number[]): boolean {
    const bleed = context.bleed;
    if (!bleed) return false;
    const corners = [[x0, y0], [x0, y1], [x1, y0], [x1, y1]].map(([x, y]) => [state.ctm[0] * x + state.ctm[2] * y + state.ctm[4], state.ctm[1] * x + state.ctm[3] * y + state.ctm[5]]);
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const slack = 0.5;
    return Math.max(...xs) <= bleed[0] + slack || Math.min(...xs) >= bleed[2] - slack || Math.max(...ys) <= bleed[1] + slack || Math.min(...ys) >= bleed[3] - slack;
  }

  function fill(): void {
    if (state.fill.space === 'rgb') rgbUse('fill', state.fill.values);
    for (const [x0, y0, x1, y1] of rects) {
      const [w, h] = [x1 - x0, y1 - y0];
      const thin = Math.min(Math.abs(w), Math.abs(h)) * scale();
      const long = Math.max(Math.abs(w), Math.abs(h)) * scale();
      if (thin > 0 && thin < LIMITS.minLineMm * MM && long > 1 * MM) findings.push({ severity: 'error', rule: 'geometry', page, object: say('preflight-object-rule', { thin: (thin / MM).toFixed(3), long: (long / MM).toFixed(1) }), message: say('preflight-thin-rule', { limit: LIMITS.minLineMm }) });
    }
    rects = [];
  }

  function image(name: string, dict: PDFDict): void {
    const width = (dict.lookupMaybe(PDFName.of('Width'), PDFNumber)?.asNumber() ?? 0);
    const height = (dict.lookupMaybe(PDFName.of('Height'), PDFNumber)?.asNumber() ?? 0);
    const [a, b, c, d] = state.ctm;
    const placedWidth = Math.hypot(a, b) / 72;
    const placedHeight = Math.hypot(c, d) / 72;
    const dpi = Math.min(width / placedWidth, height / placedHeight);
    const object = say('preflight-object-image', { name, width, height, mmWidth: (placedWidth * 25.4).toFixed(0), mmHeight: (placedHeight * 25.4).toFixed(0) });
    const isMask = dict.get(PDFName.of('ImageMask')) !== undefined;
    if (!isMask && Number.isFinite(dpi) && dpi < LIMITS.warnDpi) {
      findings.push({ severity: dpi < LIMITS.errorDpi ? 'error' : 'warning', rule: 'images', page, object, message: say('preflight-dpi', { dpi: Math.round(dpi), warn: LIMITS.warnDpi, error: LIMITS.errorDpi }) });
    }
    if (!isMask && options.press && colourSpace(context.doc, dict.get(PDFName.of('ColorSpace'))) === 'rgb') rgbUse('image', [], object);
    // One picture over the whole printed page, past the cover: a page that was turned into an
    // image (a converter rasterising what it could not keep as vectors) prints its text blurred.
    const trim = context.trim;
    if (!isMask && page > 1 && trim) {
      const corners = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => [a * x + c * y + state.ctm[4], b * x + d * y + state.ctm[5]]);
      const [x0, x1] = [Math.min(...corners.map((p) => p[0])), Math.max(...corners.map((p) => p[0]))];
      const [y0, y1] = [Math.min(...corners.map((p) => p[1])), Math.max(...corners.map((p) => p[1]))];
      const covered = (Math.max(0, Math.min(x1, trim[2]) - Math.max(x0, trim[0])) * Math.max(0, Math.min(y1, trim[3]) - Math.max(y0, trim[1]))) / ((trim[2] - trim[0]) * (trim[3] - trim[1]));
      if (covered > FULL_PAGE_IMAGE) findings.push({ severity: 'warning', rule: 'images', page, object, message: say('preflight-full-page-image', { percent: Math.round(covered * 100) }) });
    }
  }
}

/** rgb, cmyk, gray or other, for a colour space object (names, ICCBased with /N, Indexed over a base). */
function colourSpace(doc: PDFDocument, value: PDFObject | undefined): Space {
  const object = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (object instanceof PDFName) {
    const name = object.decodeText();
    return name === 'DeviceRGB' ? 'rgb' : name === 'DeviceCMYK' ? 'cmyk' : name === 'DeviceGray' ? 'gray' : 'other';
  }
  if (object instanceof PDFArray) {
    const family = object.get(0);
    if (family === PDFName.of('ICCBased')) {
      const stream = doc.context.lookup(object.get(1));
      const n = stream instanceof PDFStream ? stream.dict.lookupMaybe(PDFName.of('N'), PDFNumber)?.asNumber() : undefined;
      return n === 3 ? 'rgb' : n === 4 ? 'cmyk' : n === 1 ? 'gray' : 'other';
    }
    if (family === PDFName.of('CalRGB')) return 'rgb';
    if (family === PDFName.of('Indexed')) return colourSpace(doc, object.get(1));
  }
  return 'other';
}

function streamText(doc: PDFDocument, ref: PDFObject | undefined): string {
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream)) return '';
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
}

function baseFont(font: PDFDict): string {
  const name = font.get(PDFName.of('BaseFont'));
  return name instanceof PDFName ? name.decodeText() : '(unnamed font)';
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

function pct(value: number): number {
  return Math.round(value * 100);
}

/** Fonts: every font of the document (Type 3, not embedded), with the pages that use it. */
export function fontFindings(doc: PDFDocument): Finding[] {
  const findings: Finding[] = [];
  doc.getPages().forEach((page, index) => {
    const fonts = page.node.lookupMaybe(PDFName.of('Resources'), PDFDict)?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref);
      if (!(font instanceof PDFDict)) continue;
      const name = baseFont(font);
      const subtype = font.get(PDFName.of('Subtype'));
      if (subtype === PDFName.of('Type3')) findings.push({ severity: 'error', rule: 'fonts', page: index + 1, object: name, message: say('preflight-type3') });
      else if (!embedded(doc, font)) findings.push({ severity: 'error', rule: 'fonts', page: index + 1, object: name, message: say('preflight-not-embedded') });
    }
  });
  return findings;
}

function embedded(doc: PDFDocument, font: PDFDict): boolean {
  const descendants = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
  const target = descendants ? doc.context.lookup(descendants.get(0)) : font;
  if (!(target instanceof PDFDict)) return false;
  const descriptor = target.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  return !!descriptor && ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.get(PDFName.of(key)) !== undefined);
}

/**
 * The ink and bleed checks, from Ghostscript's CMYK rendering of each page (MediaBox) at 50 dpi:
 * total ink over 300 % on more than a speck, and colour that stops at the trim edge.
 */
async function rasterFindings(file: string, doc: PDFDocument, options: PreflightOptions): Promise<Finding[]> {
  const dpi = 50;
  const dir = await mkdtemp(join(tmpdir(), 'daan-preflight-'));
  const findings: Finding[] = [];
  try {
    await run(options.gs ?? 'gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pamcmyk32', `-r${dpi}`, `-sOutputFile=${join(dir, 'p%04d.pam')}`, file], { timeout: 300_000 });
    const names = (await readdir(dir)).filter((n) => n.endsWith('.pam')).sort();
    for (const [index, name] of names.entries()) {
      const page = doc.getPage(index);
      const raster = readPam(await readFile(join(dir, name)));
      findings.push(...inkFindings(raster, index + 1, dpi, bleedArea(page, dpi)));
      findings.push(...bleedFindings(raster, page, index + 1, dpi));
    }
  } catch (error) {
    findings.push({ severity: 'warning', rule: 'ink', message: say('preflight-ink-failed', { detail: (error as Error).message.split('\n')[0] }) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return findings;
}

interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

function readPam(bytes: Uint8Array): Raster {
  const header = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const end = header.indexOf('ENDHDR\n') + 'ENDHDR\n'.length;
  const width = Number(/WIDTH (\d+)/.exec(header)![1]);
  const height = Number(/HEIGHT (\d+)/.exec(header)![1]);
  return { width, height, data: bytes.subarray(end) };
}

/**
 * The pixels of the BleedBox in a rendering of the MediaBox (x0, y0 inclusive, x1, y1 exclusive,
 * y down): what lies outside it is cut off, crop marks in registration colour (400 %) included.
 */
function bleedArea(page: PDFPage, dpi: number): [number, number, number, number] | undefined {
  const box = (name: string) => page.node.lookupMaybe(PDFName.of(name), PDFArray)?.asArray().map((n) => (n as PDFNumber).asNumber());
  const media = box('MediaBox');
  const bleed = box('BleedBox');
  if (!media || !bleed) return undefined;
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  return [px(bleed[0] - media[0]), px(media[3] - bleed[3]), px(bleed[2] - media[0]), px(media[3] - bleed[1])];
}

function inkFindings(raster: Raster, page: number, dpi: number, area = [0, 0, raster.width, raster.height]): Finding[] {
  let over = 0;
  let worst = 0;
  let at = [0, 0];
  for (let i = 0; i < raster.width * raster.height; i++) {
    const [x, y] = [i % raster.width, Math.floor(i / raster.width)];
    if (x < area[0] || y < area[1] || x >= area[2] || y >= area[3]) continue;
    const o = i * 4;
    const total = ((raster.data[o] + raster.data[o + 1] + raster.data[o + 2] + raster.data[o + 3]) / 255) * 100;
    if (total > LIMITS.maxInk) {
      over++;
      if (total > worst) [worst, at] = [total, [i % raster.width, Math.floor(i / raster.width)]];
    }
  }
  // More than a speck: 2 mm² at 50 dpi is about 8 pixels.
  if (over < 8) return [];
  const mm = (px: number) => Math.round((px / dpi) * 25.4);
  return [{ severity: 'error', rule: 'ink', page, object: say('preflight-object-area', { x: mm(at[0]), y: mm(at[1]) }), message: say('preflight-ink', { total: Math.round(worst), limit: LIMITS.maxInk, area: Math.round(over / (dpi / 25.4) ** 2) }) }];
}

/** Along each trim edge: colour just inside the trim that does not reach the bleed edge. */
function bleedFindings(raster: Raster, page: PDFPage, number: number, dpi: number): Finding[] {
  const box = (name: string) => page.node.lookupMaybe(PDFName.of(name), PDFArray)?.asArray().map((n) => (n as PDFNumber).asNumber());
  const media = box('MediaBox');
  const trim = box('TrimBox');
  const bleed = box('BleedBox');
  if (!media || !trim || !bleed) return [];
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  const inked = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return false;
    const o = (y * raster.width + x) * 4;
    return raster.data[o] + raster.data[o + 1] + raster.data[o + 2] + raster.data[o + 3] > 25;
  };
  // Raster y runs down from the top of the MediaBox.
  const X = (pt: number) => px(pt - media[0]);
  const Y = (pt: number) => px(media[3] - pt);
  const sides: { side: 'left' | 'right' | 'top' | 'bottom'; inner: (t: number) => number[]; outer: (t: number) => number[]; along: number[] }[] = [
    { side: 'left', inner: (t: number) => [X(trim[0]) + 1, t], outer: (t: number) => [X(bleed[0]) + 1, t], along: [Y(trim[3]), Y(trim[1])] },
    { side: 'right', inner: (t: number) => [X(trim[2]) - 2, t], outer: (t: number) => [X(bleed[2]) - 2, t], along: [Y(trim[3]), Y(trim[1])] },
    { side: 'top', inner: (t: number) => [t, Y(trim[3]) + 1], outer: (t: number) => [t, Y(bleed[3]) + 1], along: [X(trim[0]), X(trim[2])] },
    { side: 'bottom', inner: (t: number) => [t, Y(trim[1]) - 2], outer: (t: number) => [t, Y(bleed[1]) - 2], along: [X(trim[0]), X(trim[2])] },
  ];
  const findings: Finding[] = [];
  for (const { side, inner, outer, along } of sides) {
    let short = 0;
    for (let t = along[0] + 2; t < along[1] - 2; t++) {
      const [ix, iy] = inner(t);
      const [ox, oy] = outer(t);
      if (inked(ix, iy) && !inked(ox, oy)) short++;
    }
    if (short > 2) findings.push({ severity: 'error', rule: 'geometry', page: number, object: say('preflight-object-edge', { side }), message: say('preflight-bleed-stops', { side, mm: Math.round((short / dpi) * 25.4), bleed: LIMITS.bleedMm }) });
  }
  return findings;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding & { count?: number }>();
  for (const f of findings) {
    const key = `${f.severity}|${f.rule}|${f.page}|${f.object}|${f.message}`;
    const known = seen.get(key);
    if (known) known.count = (known.count ?? 1) + 1;
    else seen.set(key, { ...f });
  }
  return [...seen.values()].map(({ count, ...f }) => (count ? { ...f, message: say('preflight-times', { message: f.message, n: count }) } : f));
}

/** The findings of one file as text: one line each, errors first. */
export function formatFindings(name: string, findings: Finding[]): string {
  if (!findings.length) return say('preflight-passed', { name });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (a.page ?? 0) - (b.page ?? 0));
  return [
    say('preflight-found', { name, errors, warnings: findings.length - errors }),
    ...sorted.map((f) => say('preflight-finding', { error: f.severity === 'error', page: f.page, object: f.object, rule: f.rule, message: f.message })),
  ].join('\n');
}


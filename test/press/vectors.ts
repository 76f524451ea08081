/**
 * What a page of a PDF draws as vectors, read from its content streams (and the form XObjects
 * they call) with the lexer of the press scripts, in page space (pt, y up, the CTM applied):
 * the filled rectangles (`x y w h re … f`) with the colour they are filled with, as written —
 * rules printed by Chromium and by Ghostscript are such rectangles — and the straight stroked
 * segments (`m … l … S`) with their stroke colour and width, such as crop marks.
 */
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import { numbers, scanContent } from '../../scripts/press/content-stream.ts';

type Matrix = [number, number, number, number, number, number];

export interface FilledRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The fill colour operator and its operands as written, e.g. `0 0 0 rg` or `0 0 0 1 k`. */
  fill: string;
}

export interface StrokedSegment {
  from: [number, number];
  to: [number, number];
  /** The stroke colour operator and its operands as written, e.g. `1 1 1 1 K`. */
  stroke: string;
  /** The line width in pt (the `w` operand scaled by the CTM). */
  width: number;
}

export async function filledRects(file: string, pageNumber: number): Promise<FilledRect[]> {
  return (await pageVectors(file, pageNumber)).rects;
}

export async function strokedSegments(file: string, pageNumber: number): Promise<StrokedSegment[]> {
  return (await pageVectors(file, pageNumber)).segments;
}

async function pageVectors(file: string, pageNumber: number): Promise<{ rects: FilledRect[]; segments: StrokedSegment[] }> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const page = doc.getPage(pageNumber - 1);
  const contents = page.node.get(PDFName.of('Contents'));
  const text = (contents instanceof PDFArray ? contents.asArray() : [contents]).map((ref) => streamText(doc, ref)).join('\n');
  const found = { rects: [] as FilledRect[], segments: [] as StrokedSegment[] };
  walk(doc, text, page.node.lookupMaybe(PDFName.of('Resources'), PDFDict), [1, 0, 0, 1, 0, 0], found);
  return found;
}

function walk(doc: PDFDocument, text: string, resources: PDFDict | undefined, start: Matrix, found: { rects: FilledRect[]; segments: StrokedSegment[] }): void {
  const { rects } = found;
  let state = { ctm: start, fill: '0 g', stroke: '0 G', width: 1 };
  const stack: (typeof state)[] = [];
  let path: number[][] = [];
  let lines: [number, number][][] = [];
  let point: [number, number] | undefined;
  scanContent(text, (op, operands) => {
    if (op === 'q') stack.push({ ...state });
    else if (op === 'Q') state = stack.pop() ?? state;
    else if (op === 'cm') state.ctm = multiply(numbers(operands, 6) as Matrix, state.ctm);
    else if (op === 'w') state.width = numbers(operands, 1)![0];
    else if (['g', 'rg', 'k', 'sc', 'scn'].includes(op)) state.fill = `${operands.map((o) => o.value).join(' ')} ${op}`;
    else if (['G', 'RG', 'K', 'SC', 'SCN'].includes(op)) state.stroke = `${operands.map((o) => o.value).join(' ')} ${op}`;
    else if (op === 'm') point = apply(state.ctm, ...(numbers(operands, 2) as [number, number]));
    else if (op === 'l') {
      const to = apply(state.ctm, ...(numbers(operands, 2) as [number, number]));
      if (point) lines.push([point, to]);
      point = to;
    } else if (op === 'S' || op === 's') {
      const width = state.width * Math.sqrt(Math.abs(state.ctm[0] * state.ctm[3] - state.ctm[1] * state.ctm[2]));
      for (const [from, to] of lines) found.segments.push({ from, to, stroke: state.stroke, width });
      lines = [];
      path = [];
    } else if (op === 're') {
      const [x, y, w, h] = numbers(operands, 4)!;
      const corners = [apply(state.ctm, x, y), apply(state.ctm, x + w, y + h)];
      path.push([Math.min(corners[0][0], corners[1][0]), Math.min(corners[0][1], corners[1][1]), Math.max(corners[0][0], corners[1][0]), Math.max(corners[0][1], corners[1][1])]);
    } else if (['f', 'F', 'f*', 'B', 'B*', 'b', 'b*'].includes(op)) {
      for (const [x0, y0, x1, y1] of path) rects.push({ x0, y0, x1, y1, fill: state.fill });
      path = [];
      lines = [];
    } else if (op === 'n') {
      path = [];
      lines = [];
    }
    else if (op === 'Do') {
      const name = operands.at(-1)?.value;
      const ref = typeof name === 'string' ? resources?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.get(PDFName.of(name)) : undefined;
      const form = ref && doc.context.lookup(ref);
      if (form instanceof PDFStream && form.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')) {
        const matrix = (form.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray)?.asArray().map((n) => (n as PDFNumber).asNumber()) ?? [1, 0, 0, 1, 0, 0]) as Matrix;
        walk(doc, streamText(doc, ref), form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources, multiply(matrix, state.ctm), found);
      }
    }
  });
}

function streamText(doc: PDFDocument, ref: PDFObject | undefined): string {
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  return stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : '';
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

/**
 * The 版记 rules of a briefing page: filled rectangles as wide as the 156 mm text block (within a
 * point), top to bottom, with their thickness in mm.
 */
export async function banjiRules(file: string, page: number): Promise<(FilledRect & { mm: number })[]> {
  const MM = 72 / 25.4;
  return (await filledRects(file, page))
    .filter((r) => Math.abs(r.x1 - r.x0 - 156 * MM) < 1 && r.y1 - r.y0 < 1 * MM)
    .sort((a, b) => b.y1 - a.y1)
    .map((r) => ({ ...r, mm: (r.y1 - r.y0) / MM }));
}

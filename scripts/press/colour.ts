/**
 * The press copy's colours, set before Ghostscript converts the rest: Chromium writes every
 * colour as DeviceRGB (`r g b rg` / `RG`), which a CMYK conversion through an ICC profile turns
 * into four-colour black for text and into an approximation of any brand colour. Here each RGB
 * colour operator of every content stream (pages and form XObjects) is rewritten as DeviceCMYK
 * (`c m y k k` / `K`) where the press knows better:
 *
 * - neutral greys (black text, rules, table lines, white) become black ink only: rgb(v, v, v) → K = 1 − v;
 * - the colours the settings give in CMYK (press.colors, cover.cmyk) become exactly those values.
 *
 * Any other colour stays RGB for Ghostscript to convert with the output profile. Ghostscript
 * leaves DeviceCMYK as it is when it writes CMYK, so these values reach the plate unchanged.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import type { Cmyk } from '../load/model.ts';
import { numbers, scanContent } from './content-stream.ts';

/** sRGB hex (#9e1b1b, lower case) → CMYK in percent. */
export type Palette = Record<string, Cmyk>;

export interface ColourCounts {
  /** Operators rewritten as black ink only (neutral greys). */
  black: number;
  /** Operators rewritten from the palette. */
  palette: number;
  /** RGB operators left for the profile. */
  converted: number;
}

/** Rewrites the RGB colour operators of every page and form XObject; returns what it did. */
export function rewriteColours(doc: PDFDocument, palette: Palette): ColourCounts {
  const counts: ColourCounts = { black: 0, palette: 0, converted: 0 };
  const done = new Set<PDFRef>();
  const rewriteRef = (ref: unknown) => {
    if (!(ref instanceof PDFRef) || done.has(ref)) return;
    done.add(ref);
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return;
    const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    const rewritten = rewriteContent(text, palette, counts);
    const dict = stream.dict.clone(doc.context);
    dict.delete(PDFName.of('Filter'));
    dict.delete(PDFName.of('DecodeParms'));
    dict.delete(PDFName.of('Length'));
    const entries = Object.fromEntries([...dict.entries()].map(([key, value]) => [key.decodeText(), value]));
    doc.context.assign(ref, doc.context.flateStream(Buffer.from(rewritten, 'latin1'), entries));
    forms(stream.dict).forEach(rewriteRef);
  };
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFArray) contents.asArray().forEach(rewriteRef);
    else rewriteRef(contents);
    forms(page.node).forEach(rewriteRef);
  }

  /** The form XObjects a page or form uses (their own content streams). */
  function forms(holder: PDFDict): PDFRef[] {
    const resources = holder.lookupMaybe(PDFName.of('Resources'), PDFDict);
    const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    if (!xobjects) return [];
    return [...xobjects.entries()].flatMap(([, value]) => {
      const target = value instanceof PDFRef ? doc.context.lookup(value) : undefined;
      const isForm = target instanceof PDFStream && target.dict.get(PDFName.of('Subtype')) === PDFName.of('Form');
      return isForm ? [value as PDFRef] : [];
    });
  }
  return counts;
}

/** The CMYK (0–1) the press prints an RGB colour (0–1) in, or undefined to leave it to the profile. */
export function pressColour(rgb: [number, number, number], palette: Palette): { cmyk: [number, number, number, number]; kind: 'black' | 'palette' } | undefined {
  const bytes = rgb.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  if (bytes[0] === bytes[1] && bytes[1] === bytes[2]) return { cmyk: [0, 0, 0, 1 - bytes[0] / 255], kind: 'black' };
  const hex = `#${bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  const given = palette[hex];
  return given ? { cmyk: given.map((v) => v / 100) as [number, number, number, number], kind: 'palette' } : undefined;
}

/**
 * One content stream (latin1 text) with its `r g b rg` / `RG` operators rewritten; everything else
 * is copied as it is.
 */
export function rewriteContent(text: string, palette: Palette, counts: ColourCounts): string {
  const out: string[] = [];
  let copied = 0;
  scanContent(text, (name, operands, end) => {
    if (name !== 'rg' && name !== 'RG') return;
    const rgb = numbers(operands, 3);
    const press = rgb && pressColour(rgb as [number, number, number], palette);
    if (!press) {
      counts.converted++;
      return;
    }
    counts[press.kind]++;
    out.push(text.slice(copied, operands[operands.length - 3].start), `${press.cmyk.map(format).join(' ')} ${name === 'rg' ? 'k' : 'K'}`);
    copied = end;
  });
  out.push(text.slice(copied));
  return out.join('');
}

function format(value: number): string {
  const rounded = Math.round(value * 10000) / 10000;
  return String(rounded === 0 ? 0 : rounded);
}

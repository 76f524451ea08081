/**
 * The press copy's text layer. Ghostscript 10.0's pdfwrite keeps every glyph of Chromium's CID
 * TrueType fonts under its CID (Identity-H) but writes new ToUnicode maps, many of them wrong:
 * the press copy prints right yet extracts and copies as garbage (“助力” comes out as “ᐔû力”).
 * The maps Chromium wrote into the PDF Ghostscript read are right, so they are carried over, font
 * by font (matched on the font's name without its subset tag), into the file Ghostscript wrote.
 * Ghostscript keeps the CIDs (CIDToGIDMap /Identity on both sides); a font whose glyph widths
 * differ at a CID of the carried map is not the same font and keeps Ghostscript's map.
 */
import { PDFArray, PDFDict, PDFNumber, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, ParseSpeeds, decodePDFRawStream } from 'pdf-lib';

/** CID → the UTF-16BE hex it stands for. */
type UnicodeMap = Map<number, string>;

interface Carried {
  map: UnicodeMap;
  widths: Map<number, number>;
}

/** `pdf` with the ToUnicode maps of `source`'s fonts of the same name; unchanged when none applies. */
export async function carryToUnicode(source: Uint8Array, pdf: Uint8Array): Promise<Uint8Array> {
  const maps = new Map<string, Carried>();
  const from = await PDFDocument.load(source, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  for (const font of type0Fonts(from)) {
    const carried = maps.get(font.name) ?? { map: new Map(), widths: new Map() };
    for (const [cid, text] of readMap(font.toUnicode)) if (!carried.map.has(cid)) carried.map.set(cid, text);
    for (const [cid, width] of font.widths) carried.widths.set(cid, width);
    maps.set(font.name, carried);
  }
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  let mended = 0;
  for (const font of type0Fonts(doc)) {
    const carried = maps.get(font.name);
    if (!carried || [...carried.map.keys()].some((cid) => font.widths.has(cid) && carried.widths.has(cid) && Math.abs(font.widths.get(cid)! - carried.widths.get(cid)!) > 1)) continue;
    const stream = doc.context.flateStream(writeMap(carried.map));
    font.dict.set(PDFName.of('ToUnicode'), doc.context.register(stream));
    mended++;
  }
  if (!mended) return pdf;
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

interface Type0Font {
  dict: PDFDict;
  /** The font's name without the subset tag: NotoSerifSC-Regular. */
  name: string;
  toUnicode?: string;
  /** CID → advance width, from the descendant font's /W. */
  widths: Map<number, number>;
}

function type0Fonts(doc: PDFDocument): Type0Font[] {
  const fonts: Type0Font[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object instanceof PDFStream) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font') || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const base = object.get(PDFName.of('BaseFont'));
    if (!(base instanceof PDFName)) continue;
    const ref = object.get(PDFName.of('ToUnicode'));
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    const toUnicode = stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : undefined;
    const descendant = object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict);
    const widths = readWidths(descendant?.lookupMaybe(PDFName.of('W'), PDFArray));
    fonts.push({ dict: object, name: base.decodeText().replace(/^[A-Z]{6}\+/, ''), toUnicode, widths });
  }
  return fonts;
}

/** A CIDFont's /W: `c [w1 w2 …]` and `c_first c_last w`. */
function readWidths(w: PDFArray | undefined): Map<number, number> {
  const widths = new Map<number, number>();
  const items = w?.asArray() ?? [];
  const number = (i: number) => (items[i] instanceof PDFNumber ? (items[i] as PDFNumber).asNumber() : NaN);
  for (let i = 0; i < items.length; ) {
    const next = w!.lookup(i + 1);
    if (next instanceof PDFArray) {
      next.asArray().forEach((width, k) => width instanceof PDFNumber && widths.set(number(i) + k, width.asNumber()));
      i += 2;
    } else {
      for (let cid = number(i); cid <= number(i + 1); cid++) widths.set(cid, number(i + 2));
      i += 3;
    }
  }
  return widths;
}

/** The bfchar and bfrange entries of a ToUnicode CMap (two-byte codes, as Identity-H has). */
export function readMap(cmap: string | undefined): UnicodeMap {
  const map: UnicodeMap = new Map();
  if (!cmap) return map;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(code, 16), text.toUpperCase());
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, target] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g)) {
      const [first, last] = [parseInt(low, 16), parseInt(high, 16)];
      if (target.startsWith('[')) {
        [...target.matchAll(/<([0-9A-Fa-f]*)>/g)].forEach(([, text], i) => first + i <= last && map.set(first + i, text.toUpperCase()));
        continue;
      }
      // A range counts up in the last UTF-16 unit of its target.
      const hex = target.slice(1, -1).toUpperCase();
      const head = hex.slice(0, -4);
      const tail = parseInt(hex.slice(-4) || '0', 16);
      for (let cid = first; cid <= last; cid++) map.set(cid, head + (tail + cid - first).toString(16).toUpperCase().padStart(4, '0'));
    }
  }
  return map;
}

function writeMap(map: UnicodeMap): string {
  const entries = [...map].sort(([a], [b]) => a - b);
  const blocks: string[] = [];
  for (let at = 0; at < entries.length; at += 100) {
    const chunk = entries.slice(at, at + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([cid, text]) => `<${cid.toString(16).toUpperCase().padStart(4, '0')}> <${text}>`).join('\n')}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
${blocks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

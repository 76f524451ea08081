/**
 * The text layer of what Ghostscript writes (the press copy, the PDF/A copy). Ghostscript 10.0's
 * pdfwrite keeps every glyph of Chromium's CID TrueType fonts under its CID (CIDToGIDMap
 * /Identity on both sides) but writes new ToUnicode maps, many of them wrong: the copy prints right yet extracts and copies as garbage (“助力”
 * comes out as “ᐔû力”). The maps Chromium wrote into the PDF Ghostscript read are right, so they
 * are carried over into the file Ghostscript wrote, font by font. A font is matched on its name
 * without the subset tag and, since one face can come as several fonts of that name (the slices
 * of LXGW WenKai), on its glyphs: every glyph Ghostscript kept must be the same outline, byte for
 * byte, under the same CID. A font that matches no source font keeps Ghostscript's map.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, ParseSpeeds, decodePDFRawStream } from 'pdf-lib';

/** CID → the UTF-16BE hex it stands for. */
type UnicodeMap = Map<number, string>;

interface Type0Font {
  dict: PDFDict;
  /** The font's name without the subset tag: NotoSerifSC-Regular. */
  name: string;
  map: UnicodeMap;
  /** CID → the glyph's outline (glyf data), from the embedded TrueType program. */
  glyph: (cid: number) => Buffer | undefined;
  /** The CIDs the font has outlines for (non-empty glyphs). */
  cids: number[];
}

/** `pdf` with the ToUnicode maps of `source`'s fonts; unchanged when none applies. */
export async function carryToUnicode(source: Uint8Array, pdf: Uint8Array): Promise<Uint8Array> {
  const from = type0Fonts(await PDFDocument.load(source, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest }));
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  let mended = 0;
  for (const font of type0Fonts(doc)) {
    const match = from.find((candidate) => candidate.name === font.name && font.cids.every((cid) => candidate.glyph(cid)?.equals(font.glyph(cid)!)));
    if (!match || match.map.size === 0) continue;
    font.dict.set(PDFName.of('ToUnicode'), doc.context.register(doc.context.flateStream(writeMap(match.map))));
    mended++;
  }
  if (!mended) return pdf;
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

function type0Fonts(doc: PDFDocument): Type0Font[] {
  const fonts: Type0Font[] = [];
  const streamText = (ref: unknown) => {
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    return stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()) : undefined;
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object instanceof PDFStream) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font') || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const base = object.get(PDFName.of('BaseFont'));
    const descendant = object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict);
    const program = streamText(descendant?.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict)?.get(PDFName.of('FontFile2')));
    // Only CID TrueType fonts whose CIDs are their glyph ids.
    if (!(base instanceof PDFName) || !program || descendant?.get(PDFName.of('CIDToGIDMap')) !== PDFName.of('Identity')) continue;
    const glyphs = readGlyphs(program);
    if (!glyphs) continue;
    fonts.push({ dict: object, name: base.decodeText().replace(/^[A-Z]{6}\+/, ''), map: readMap(streamText(object.get(PDFName.of('ToUnicode')))?.toString('latin1')), ...glyphs });
  }
  return fonts;
}

/** The outlines of a TrueType program (its head, loca and glyf tables); undefined when it has none. */
function readGlyphs(font: Buffer): Pick<Type0Font, 'glyph' | 'cids'> | undefined {
  if (font.length < 12) return undefined;
  const tables = new Map<string, { offset: number; length: number }>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count && 12 + i * 16 + 16 <= font.length; i++) {
    const at = 12 + i * 16;
    tables.set(font.toString('latin1', at, at + 4), { offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) });
  }
  const [head, loca, glyf] = [tables.get('head'), tables.get('loca'), tables.get('glyf')];
  if (!head || !loca || !glyf || head.offset + 54 > font.length || loca.offset + loca.length > font.length) return undefined;
  const long = font.readInt16BE(head.offset + 50) === 1;
  const glyphCount = Math.floor(loca.length / (long ? 4 : 2)) - 1;
  const offset = (gid: number) => (long ? font.readUInt32BE(loca.offset + gid * 4) : font.readUInt16BE(loca.offset + gid * 2) * 2);
  const glyph = (gid: number) => {
    if (gid < 0 || gid >= glyphCount) return undefined;
    const [start, end] = [offset(gid), offset(gid + 1)];
    return end > start && glyf.offset + end <= font.length ? font.subarray(glyf.offset + start, glyf.offset + end) : undefined;
  };
  const cids = [...Array(glyphCount).keys()].filter((gid) => gid > 0 && glyph(gid));
  return { glyph, cids };
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

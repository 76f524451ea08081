import { open } from 'node:fs/promises';

/** Reads which Unicode code points a TrueType/OpenType font maps to glyphs (its cmap table). */
export function readCodePoints(font: Uint8Array): Set<number> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const cmap = findTable(view, 'cmap');
  if (cmap === undefined) throw new Error('font has no cmap table');
  return cmapCodePoints(view, cmap);
}

/** The same, read from a font file's table directory and cmap alone: a 15 MB face is not read whole to learn what it covers. */
export async function readCodePointsOfFile(file: string): Promise<Set<number>> {
  const { cmap } = await readTablesOfFile(file, ['cmap']);
  if (!cmap) throw new Error('font has no cmap table');
  return cmapCodePoints(cmap, 0);
}

/** readVerticalMetrics from a font file's head and hhea tables alone. */
export async function readVerticalMetricsOfFile(file: string): Promise<VerticalMetrics> {
  const { head, hhea } = await readTablesOfFile(file, ['head', 'hhea']);
  if (!head || !hhea) throw new Error('font has no head or hhea table');
  return verticalMetrics(head, 0, hhea, 0);
}

/** The tables named, each read alone from the font file (found in its table directory). */
async function readTablesOfFile(file: string, tags: string[]): Promise<Record<string, DataView | undefined>> {
  const handle = await open(file);
  try {
    const read = async (offset: number, length: number) => {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      if (bytesRead < length) throw new Error(`${file}: not a complete font file`);
      return new DataView(bytes.buffer);
    };
    const header = await read(0, 12);
    const directory = await read(12, header.getUint16(4) * 16);
    const tables: Record<string, DataView | undefined> = {};
    for (let record = 0; record < directory.byteLength; record += 16) {
      const tag = String.fromCharCode(...[0, 1, 2, 3].map((k) => directory.getUint8(record + k)));
      if (tags.includes(tag)) tables[tag] = await read(directory.getUint32(record + 8), directory.getUint32(record + 12));
    }
    return tables;
  } finally {
    await handle.close();
  }
}

function cmapCodePoints(view: DataView, cmap: number): Set<number> {
  const subtables = view.getUint16(cmap + 2);
  let best: { offset: number; format: number } | undefined;
  for (let i = 0; i < subtables; i++) {
    const platform = view.getUint16(cmap + 4 + i * 8);
    const encoding = view.getUint16(cmap + 6 + i * 8);
    const offset = cmap + view.getUint32(cmap + 8 + i * 8);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && best?.format !== 12))) best = { offset, format };
  }
  if (!best) throw new Error('font has no Unicode cmap subtable');
  return best.format === 12 ? readFormat12(view, best.offset) : readFormat4(view, best.offset);
}

export interface VerticalMetrics {
  unitsPerEm: number;
  /** hhea ascender, in font units (positive). */
  ascent: number;
  /** hhea descender, in font units (positive: below the baseline). */
  descent: number;
}

/** The font's em and the ascent and descent browsers lay lines out with (hhea). */
export function readVerticalMetrics(font: Uint8Array): VerticalMetrics {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const head = findTable(view, 'head');
  const hhea = findTable(view, 'hhea');
  if (head === undefined || hhea === undefined) throw new Error('font has no head or hhea table');
  return verticalMetrics(view, head, view, hhea);
}

function verticalMetrics(head: DataView, headAt: number, hhea: DataView, hheaAt: number): VerticalMetrics {
  return { unitsPerEm: head.getUint16(headAt + 18), ascent: hhea.getInt16(hheaAt + 4), descent: -hhea.getInt16(hheaAt + 6) };
}

function findTable(view: DataView, tag: string): number | undefined {
  const tables = view.getUint16(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    const name = String.fromCharCode(...[0, 1, 2, 3].map((k) => view.getUint8(record + k)));
    if (name === tag) return view.getUint32(record + 8);
  }
  return undefined;
}

function readFormat12(view: DataView, offset: number): Set<number> {
  const points = new Set<number>();
  const groups = view.getUint32(offset + 12);
  for (let i = 0; i < groups; i++) {
    const start = view.getUint32(offset + 16 + i * 12);
    const end = view.getUint32(offset + 20 + i * 12);
    for (let c = start; c <= end; c++) points.add(c);
  }
  return points;
}

function readFormat4(view: DataView, offset: number): Set<number> {
  const points = new Set<number>();
  const segments = view.getUint16(offset + 6) / 2;
  const ends = offset + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const ranges = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = view.getUint16(starts + s * 2);
    const end = view.getUint16(ends + s * 2);
    const rangeOffset = view.getUint16(ranges + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      const glyph = rangeOffset === 0 ? 1 : view.getUint16(ranges + s * 2 + rangeOffset + (c - start) * 2);
      if (glyph !== 0) points.add(c);
    }
  }
  return points;
}

import { open } from 'node:fs/promises';

/**
 * The font file at `path` cut down to the tables named: a small font file (its header, the
 * directory of those tables, their bytes) that readCodePoints and readVerticalMetrics read as they
 * read the whole file. A CJK face weighs 15 MB; its cmap, head and hhea tables a few hundred kB.
 */
export async function readFontTables(path: string, tags: string[]): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const read = async (position: number, length: number) => {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await file.read(bytes, 0, length, position);
      if (bytesRead !== length) throw new Error(`${path}: the font file ends early`);
      return bytes;
    };
    const header = await read(0, 12);
    const count = new DataView(header.buffer).getUint16(4);
    const directory = new DataView((await read(12, count * 16)).buffer);
    const records = Array.from({ length: count }, (_, i) => ({ record: i * 16, tag: String.fromCharCode(...[0, 1, 2, 3].map((k) => directory.getUint8(i * 16 + k))) })).filter((r) => tags.includes(r.tag));
    const tables = await Promise.all(records.map((r) => read(directory.getUint32(r.record + 8), directory.getUint32(r.record + 12))));
    let offset = 12 + records.length * 16;
    const out = new Uint8Array(offset + tables.reduce((n, t) => n + t.length, 0));
    const view = new DataView(out.buffer);
    out.set(header);
    view.setUint16(4, records.length);
    records.forEach((r, i) => {
      out.set(new Uint8Array(directory.buffer, r.record, 16), 12 + i * 16);
      view.setUint32(12 + i * 16 + 8, offset);
      out.set(tables[i], offset);
      offset += tables[i].length;
    });
    return out;
  } finally {
    await file.close();
  }
}

/** Reads which Unicode code points a TrueType/OpenType font maps to glyphs (its cmap table). */
export function readCodePoints(font: Uint8Array): Set<number> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const cmap = findTable(view, 'cmap');
  if (cmap === undefined) throw new Error('font has no cmap table');
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
  return { unitsPerEm: view.getUint16(head + 18), ascent: view.getInt16(hhea + 4), descent: -view.getInt16(hhea + 6) };
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

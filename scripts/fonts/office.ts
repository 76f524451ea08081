/**
 * Fonts the office owns (site.yaml `fonts: { fangsong, kaiti }`, paths under content/), used by
 * briefings for the 仿宋 body and the 楷体 headings of the GB/T 9704 layout.
 *
 * Chromium embeds a static TrueType-outline font (glyf) as a CID TrueType font; a CFF-outline
 * (OTTO), variable or restricted-licence font would come out as a Type 3 font (or not at all), so
 * those are refused with a message that says why and what to do. Checked without reading the glyphs:
 * the sfnt header, the table directory and the OS/2 embedding bits.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { problem, type Place } from '../report/problems.ts';
import { reasonAndFix, say, sayProblem } from '../report/messages.ts';
import { readContentText } from '../load/read-text.ts';
import { recordFile } from '../core/inputs.ts';
import { realFileInside } from '../load/safe-path.ts';
import type { Site } from '../load/model.ts';
import type { Face } from './faces.ts';

export interface OfficeFonts {
  /** The 仿宋-style body face, when configured. */
  fangsong?: Face;
  /** The 楷体-style face of （一） headings, when configured. */
  kaiti?: Face;
}

/** A CJK TrueType font of one face is 10–25 MB; anything far larger is not a font to embed. */
export const MAX_FONT_BYTES = 64 * 1024 * 1024;

const FAMILY = { fangsong: 'Daan Fangsong', kaiti: 'Daan Kaiti' } as const;

/** The configured office fonts as faces; a problem (at its line in site.yaml) for each that cannot be used. */
export async function officeFonts(site: Site, contentDir: string): Promise<{ fonts: OfficeFonts; problems: VFileMessage[] }> {
  const fonts: OfficeFonts = {};
  const problems: VFileMessage[] = [];
  for (const key of ['fangsong', 'kaiti'] as const) {
    const path = site.fonts[key];
    if (!path) continue;
    const where = async () => placeOfField(site.file, key);
    const file = resolve(contentDir, path);
    const rel = relative(resolve(contentDir), file);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      problems.push(problem(site.file, await where(), ...sayProblem('font-outside', { key, path, name: String(path.split(/[\\/]/).pop()) })));
      continue;
    }
    // A symlink out of content/, a folder or a file too large for a font is refused before anything is read.
    const found = await realFileInside(file, contentDir, `fonts.${key}:`, MAX_FONT_BYTES);
    if ('refusal' in found) {
      problems.push(problem(site.file, await where(), ...(found.refusal.kind === 'missing' ? sayProblem('font-missing', { key, path: join(contentDir, path) }) : sayProblem('outside-content', found.refusal))));
      continue;
    }
    const bytes = await readFile(found.real);
    recordFile(file, bytes);
    const refusal = fontRefusal(bytes);
    if (refusal) {
      problems.push(problem(site.file, await where(), ...sayProblem('font-file', { key, path, why: refusal.reason, fix: refusal.fix })));
      continue;
    }
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    fonts[key] = { id: `${key}-${hash}`, family: FAMILY[key], weight: 400, file, package: path, postScriptName: postScriptName(bytes) ?? '' };
  }
  return { fonts, problems };
}

/** Why a font file cannot be printed as an embedded TrueType font, or undefined when it can. */
export function fontRefusal(font: Uint8Array): { reason: string; fix: string } | undefined {
  const convert = say('font-convert');
  if (font.length < 12) return { reason: say('font-not-font'), fix: convert };
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tag = String.fromCharCode(...font.subarray(0, 4));
  const version = view.getUint32(0);
  if (tag === 'ttcf') return reasonAndFix(sayProblem('font-collection'));
  if (tag === 'wOFF' || tag === 'wOF2') return reasonAndFix(sayProblem('font-woff'));
  if (tag === 'OTTO') return { reason: say('font-cff'), fix: convert };
  if (version !== 0x00010000 && tag !== 'true') return { reason: say('font-not-truetype'), fix: convert };
  const tables = readTables(view);
  if (!tables) return { reason: say('font-broken'), fix: convert };
  if (tables.has('CFF ') || tables.has('CFF2')) return { reason: say('font-cff'), fix: convert };
  if (!tables.has('glyf') || !tables.has('loca')) return { reason: say('font-no-glyf'), fix: convert };
  if (!tables.has('cmap')) return { reason: say('font-no-cmap'), fix: convert };
  if (tables.has('fvar')) return reasonAndFix(sayProblem('font-variable'));
  const os2 = tables.get('OS/2');
  if (os2 !== undefined && os2 + 10 <= font.length) {
    const fsType = view.getUint16(os2 + 8);
    if (fsType & 0x0002) return reasonAndFix(sayProblem('font-no-embedding'));
    if (fsType & 0x0200) return reasonAndFix(sayProblem('font-bitmap-only'));
  }
  return undefined;
}

/** The font's PostScript name (name table, id 6), as Chromium writes it into the PDF. */
export function postScriptName(font: Uint8Array): string | undefined {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const name = readTables(view)?.get('name');
  if (name === undefined || name + 6 > font.length) return undefined;
  const count = view.getUint16(name + 2);
  const strings = name + view.getUint16(name + 4);
  for (let i = 0; i < count; i++) {
    const record = name + 6 + i * 12;
    if (record + 12 > font.length) break;
    const [platform, encoding, , id, length, offset] = [0, 2, 4, 6, 8, 10].map((k) => view.getUint16(record + k));
    if (id !== 6) continue;
    const start = strings + offset;
    if (start + length > font.length) continue;
    const raw = font.subarray(start, start + length);
    if (platform === 3 || platform === 0) return new TextDecoder('utf-16be').decode(raw);
    if (platform === 1 && encoding === 0) return String.fromCharCode(...raw);
  }
  return undefined;
}

function readTables(view: DataView): Map<string, number> | undefined {
  const count = view.getUint16(4);
  if (12 + count * 16 > view.byteLength) return undefined;
  const tables = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(view.getUint8(record), view.getUint8(record + 1), view.getUint8(record + 2), view.getUint8(record + 3));
    tables.set(tag, view.getUint32(record + 8));
  }
  return tables;
}

async function placeOfField(siteFile: string, key: string): Promise<Place | undefined> {
  const read = await readContentText(siteFile).catch(() => undefined);
  if (!read || 'error' in read) return undefined;
  // Only to place a message: the YAML parser is not loaded otherwise.
  const { parseYaml, placeOf } = await import('../load/yaml.ts');
  return placeOf(parseYaml(read.text, siteFile).source, ['fonts', key]);
}


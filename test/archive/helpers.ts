/** The fixture archive (test/fixtures/archive: three small editions over two years), copied where a test may change it. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { repoRoot } from '../helpers/cli.ts';

export const fixtureArchive = join(repoRoot, 'test/fixtures/archive');

/** A fresh folder with a copy of the fixture content (content/) and room for outputs. */
export function workspace(prefix = 'daan-archive-'): { dir: string; content: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const content = join(dir, 'content');
  cpSync(fixtureArchive, content, { recursive: true });
  return { dir, content };
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  unit?: string;
  input?: string;
}

export interface ManifestJson {
  generator: string;
  scheme?: string;
  options?: { pdf: boolean; pdfa: boolean };
  units: Record<string, string>;
  inputs: Record<string, Record<string, string>>;
  files: ManifestFile[];
  redirects?: Record<string, string>;
}

export function readManifest(out: string): ManifestJson {
  return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ManifestJson;
}

/** Every file under `dir`, relative, sorted. */
export function treeFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.replace(/\\/g, '/'))
    .sort();
}

/** The inode of a file: a reused output is a hard link to the previous one. */
export function inode(path: string): number {
  return statSync(path).ino;
}

/**
 * Elements matching a small selector: `tag.class[attr=value]` steps separated by spaces (descendants),
 * e.g. `.archive-year h2`, `a.edition-link`, `form[role=search]`.
 */
export function selectAll(selector: string, tree: Root | Element): Element[] {
  const steps = selector.trim().split(/\s+/).map(parseStep);
  let current: (Root | Element)[] = [tree];
  for (const step of steps) {
    const found: Element[] = [];
    for (const node of current) {
      visit(node, 'element', (element: Element) => {
        if (element !== node && matches(element, step) && !found.includes(element)) found.push(element);
      });
    }
    current = found;
  }
  return current as Element[];
}

interface Step {
  tag?: string;
  classes: string[];
  attrs: [string, string | undefined][];
}

function parseStep(text: string): Step {
  const tag = /^[a-z][a-z0-9]*/i.exec(text)?.[0];
  const classes = [...text.matchAll(/\.([\w-]+)/g)].map((m) => m[1]);
  const attrs = [...text.matchAll(/\[([\w-]+)(?:=([^\]]+))?\]/g)].map((m) => [m[1], m[2]] as [string, string | undefined]);
  return { tag, classes, attrs };
}

function matches(element: Element, step: Step): boolean {
  if (step.tag && element.tagName !== step.tag) return false;
  const className = element.properties.className;
  const classes = Array.isArray(className) ? className.map(String) : [];
  if (!step.classes.every((c) => classes.includes(c))) return false;
  return step.attrs.every(([name, value]) => {
    const key = Object.keys(element.properties).find((k) => k.toLowerCase() === name.replace(/-/g, '').toLowerCase() || k === name);
    if (!key) return false;
    return value === undefined || String(element.properties[key]) === value;
  });
}

/** The RGB colour of one pixel of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes). */
export function pngPixel(png: Buffer, x: number, y: number): [number, number, number] {
  const width = png.readUInt32BE(16);
  const colourType = png[25];
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (png[24] !== 8 || !channels || png[28] !== 0) throw new Error('only 8-bit RGB(A), non-interlaced PNGs');
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const data = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  let previous = Buffer.alloc(stride);
  let row = previous;
  for (let r = 0; r <= y; r++) {
    const filter = data[r * (stride + 1)];
    const raw = data.subarray(r * (stride + 1) + 1, (r + 1) * (stride + 1));
    row = Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = previous[i];
      const c = i >= channels ? previous[i - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      row[i] = (raw[i] + predictor) & 0xff;
    }
    previous = row;
  }
  return [row[x * channels], row[x * channels + 1], row[x * channels + 2]];
}

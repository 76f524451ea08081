/** The fixture archive (test/fixtures/archive: three small editions over two years), copied where a test may change it. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
  files: ManifestFile[];
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

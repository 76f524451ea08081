/**
 * out/manifest.json: every output file with its size, sha256, the unit that wrote it (an edition
 * id, `briefings/<id>` for a briefing, `site` for the archive pages and assets, `search` for the Pagefind index) and that unit's
 * input hash; the inputs each unit read (`inputs`, see core/inputs.ts); the build options; in a
 * stable order, with no date, path or machine name in it.
 *
 *   { "generator": "大安刊印", "scheme": "daan-input-v1",
 *     "options": { "pdf": true, "pdfa": false },
 *     "units": { "2017-09": "<input hash>", "search": "…", "site": "…" },
 *     "inputs": { "2017-09": { "file:content/2017-09/edition.yaml": "<sha256>", "file:templates/pages/article.hbs": "…", … }, … },
 *     "files": [ { "path": "2017-09/index.html", "size": 1645, "sha256": "…", "unit": "2017-09", "input": "…" }, … ] }
 *
 * The next build reads it to reuse the outputs of editions and briefings whose inputs have not changed;
 * `daan verify` checks out/ against it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { OutputSettings } from '../core/config.ts';

export const MANIFEST = 'manifest.json';

/** out/pagefind/: the search index's bundles and their list (emit/search.ts). */
export const PAGEFIND_DIR = 'pagefind';

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
  /** The unit that wrote the file: an edition id, `briefings/<id>`, `site` or `search`. */
  unit?: string;
  /** The input hash of that unit when the file was written. */
  input?: string;
}

export type ManifestOptions = OutputSettings;

export interface Manifest {
  generator: string;
  scheme?: string;
  options?: ManifestOptions;
  /** Unit → input hash (the digest of its recorded inputs). */
  units?: Record<string, string>;
  /** Unit → the inputs it read when it was built (key → sha256), for the next build's planner. */
  inputs?: Record<string, Record<string, string>>;
  /** Page path → what the page is (article, column), for the pages whose paths come from slugs (see emit/redirects.ts). */
  pages?: Record<string, string>;
  /** Old page path → the path it redirects to. */
  redirects?: Record<string, string>;
  files: ManifestEntry[];
}

/** Every file under `dir` (relative, `/`-separated, sorted); with `apart`, not those in that folder of `dir`, which another process may still be writing. */
export async function listFiles(dir: string, apart?: string): Promise<string[]> {
  // Synchronous: out/ of an archive holds thousands of files, and a walk with a promise per folder costs several times as much.
  const entries = apart === undefined ? readdirSync(dir, { withFileTypes: true, recursive: true }) : readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.name === apart ? [] : e.isDirectory() ? [e, ...readdirSync(join(dir, e.name), { withFileTypes: true, recursive: true })] : [e]));
  // An entry's folder is `dir` as given, or a folder below it: its path inside is cut off that (path.relative was a tenth of the listing's time).
  const below = dir + sep;
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const folder = e.parentPath;
      const inside = folder === dir ? e.name : folder.startsWith(below) ? `${folder.slice(below.length)}${sep}${e.name}` : relative(dir, join(folder, e.name));
      return sep === '/' ? inside : inside.replace(/\\/g, '/');
    })
    .sort(byPath);
}

/** Code-unit order: the same on every machine and locale. */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Every file under `dir` (but those skipped) with its size and sha256: read, unless `known` has them (emit/staging.ts).
 * `folder`: only the files in that folder of `dir`; `apart`: all but those.
 */
export async function manifestEntries(dir: string, skip: (path: string) => boolean = (p) => p === MANIFEST, known: Map<string, { size: number; sha256: string }> = new Map(), part: { folder?: string; apart?: string } = {}): Promise<ManifestEntry[]> {
  const { folder, apart } = part;
  const listed = folder === undefined ? await listFiles(dir, apart) : existsSync(join(dir, folder)) ? (await listFiles(join(dir, folder))).map((path) => `${folder}/${path}`) : [];
  const files = listed.filter((p) => !skip(p));
  return Promise.all(
    files.map(async (path) => {
      const staged = known.get(path);
      if (staged) return { path, size: staged.size, sha256: staged.sha256 };
      const bytes = await readFile(join(dir, path));
      return { path, size: bytes.length, sha256: sha256Of(bytes) };
    }),
  );
}

/** The unit a file of out/ belongs to: the edition whose folder holds it, the search index, or the site. */
export function unitOf(path: string, editions: Set<string>): string {
  const first = path.split('/')[0];
  if (path.includes('/') && editions.has(first)) return first;
  if (first === PAGEFIND_DIR) return 'search';
  return 'site';
}

/** The manifest as text: stable key order, one file per entry, a final newline. */
export function manifestText(manifest: Manifest): string {
  const ordered: Manifest = {
    generator: manifest.generator,
    scheme: manifest.scheme,
    options: manifest.options && {
      pdf: manifest.options.pdf,
      pdfa: manifest.options.pdfa,
      ...(manifest.options.bleed !== undefined ? { bleed: manifest.options.bleed } : {}),
      ...(manifest.options.marks !== undefined ? { marks: manifest.options.marks } : {}),
      ...(manifest.options.sourceDateEpoch !== undefined ? { sourceDateEpoch: manifest.options.sourceDateEpoch } : {}),
      // Options given only on the command line: `daan brief` and `verify --rebuild` build with them again.
      ...(manifest.options.epub ? { epub: true } : {}),
      ...(manifest.options.wechat ? { wechat: true } : {}),
      ...(manifest.options.press !== undefined ? { press: manifest.options.press } : {}),
      ...(manifest.options.allowQueries ? { allowQueries: true } : {}),
    },
    units: manifest.units && Object.fromEntries(Object.entries(manifest.units).sort(([a], [b]) => byPath(a, b))),
    ...(manifest.inputs ? { inputs: Object.fromEntries(Object.entries(manifest.inputs).sort(([a], [b]) => byPath(a, b)).map(([unit, keys]) => [unit, Object.fromEntries(Object.entries(keys).sort(([a], [b]) => byPath(a, b)))])) } : {}),
    ...(manifest.pages ? { pages: sortedRecord(manifest.pages) } : {}),
    ...(manifest.redirects ? { redirects: sortedRecord(manifest.redirects) } : {}),
    files: [...manifest.files]
      .sort((a, b) => byPath(a.path, b.path))
      .map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, ...(f.unit ? { unit: f.unit } : {}), ...(f.input ? { input: f.input } : {}) })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => byPath(a, b)));
}

/**
 * The manifest of a previous build, or undefined when there is none or it cannot be read. A
 * build reads it three times (plan, out/'s check, redirects): a manifest file that is the same
 * file as last read (size, times, inode) is parsed once. Callers only read it.
 */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const path = resolve(outDir, MANIFEST);
  const info = statSync(path, { throwIfNoEntry: false });
  const identity = info && `${info.size}\0${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}\0${info.dev}`;
  const known = lastRead.get(path);
  if (identity && known?.identity === identity) return known.manifest;
  try {
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
    const valid = Array.isArray(manifest.files) ? manifest : undefined;
    if (identity) lastRead.set(path, { identity, manifest: valid });
    return valid;
  } catch {
    return undefined;
  }
}

/** The manifest last parsed from each path, by the file's identity. */
const lastRead = new Map<string, { identity: string; manifest: Manifest | undefined }>();

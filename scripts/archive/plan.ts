/**
 * What a build has to do: the input hash of every edition and of the site-level outputs,
 * compared with the manifest of the previous build. An edition is reused when its hash is the
 * one recorded and every file the manifest lists for it is still in out/ with its size; the
 * build is a no-op when that holds for every edition and for the site. `--force` reuses nothing.
 *
 * Light on purpose (node built-ins only): a no-change rebuild stops here.
 */
import { execFile } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readManifest, type Manifest } from '../emit/manifest.ts';
import { editionInputHash, hashedContent, repoRoot, sha256, siteInputHash, type OutputOptions, type SharedInputs } from './input-hash.ts';

export interface EditionPlan {
  id: string;
  dir: string;
  hash: string;
  /** Its files are taken from the previous out/. */
  reuse: boolean;
  /** Why it is rebuilt: new, changed, forced, files missing. */
  why?: string;
}

export interface BuildPlan {
  /** By id (oldest first). */
  editions: EditionPlan[];
  /** Input hash of the site-level outputs (archive pages, stylesheet, fonts). */
  site: string;
  options: OutputOptions;
  previous?: Manifest;
  /** Nothing changed since the previous build: out/ is left as it is. */
  upToDate: boolean;
}

export interface PlanInputs {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  pdf: boolean;
  pdfa?: boolean;
  epub?: boolean;
  wechat?: boolean;
  bleed?: number;
  marks?: boolean;
  /** --press / --no-press (undefined: site.yaml decides, and site.yaml is an input of every edition). */
  press?: boolean;
  allowQueries?: boolean;
  force?: boolean;
}

export async function planBuild(inputs: PlanInputs): Promise<BuildPlan> {
  const options: OutputOptions = {
    pdf: inputs.pdf,
    pdfa: Boolean(inputs.pdf && inputs.pdfa),
    ...(inputs.epub ? { epub: true } : {}),
    ...(inputs.wechat ? { wechat: true } : {}),
    ...(inputs.bleed !== undefined ? { bleed: inputs.bleed } : {}),
    ...(inputs.marks !== undefined ? { marks: inputs.marks } : {}),
    ...(inputs.pdf && inputs.press !== undefined ? { press: inputs.press } : {}),
    ...(inputs.pdf && inputs.allowQueries ? { allowQueries: true } : {}),
    ...(inputs.pdf ? { chromium: await chromiumVersion() } : {}),
    ...(inputs.pdf && process.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH.trim() } : {}),
  };
  if (options.pdfa || options.press) {
    const { findGhostscript } = await import('./pdfa.ts');
    const gs = await findGhostscript();
    options.ghostscript = 'missing' in gs ? 'none' : gs.version;
  }
  const shared: SharedInputs = { contentDir: inputs.contentDir, templatesDir: inputs.templatesDir, options };
  const dirs = await editionFolders(inputs.contentDir);
  const previous = inputs.force ? undefined : await readManifest(inputs.outDir);
  const sizes = previous ? await presentSizes(inputs.outDir, previous) : new Map<string, boolean>();
  const editions = await Promise.all(
    dirs.map(async (id): Promise<EditionPlan> => {
      const dir = join(inputs.contentDir, id);
      const hash = await editionInputHash(shared, dir);
      const why = reason(previous, id, hash, sizes, inputs.force);
      return { id, dir, hash, reuse: !why, ...(why ? { why } : {}) };
    }),
  );
  const site = await siteInputHash(shared, editions, await otherContent(inputs.contentDir, new Set(dirs)));
  const upToDate =
    Boolean(previous) &&
    editions.every((e) => e.reuse) &&
    previous!.units?.site === site &&
    !reason(previous, 'site', site, sizes) &&
    (!previous!.units?.search || !reason(previous, 'search', previous!.units.search, sizes));
  // Something will be built: then the files to be reused are checked byte for byte, so that a file
  // changed in out/ by hand is rebuilt rather than carried on (a no-change build only checks sizes).
  if (!upToDate && previous) await checkReusedContents(inputs.outDir, previous, editions);
  return { editions, site, options, previous, upToDate };
}

async function checkReusedContents(outDir: string, previous: Manifest, editions: EditionPlan[]): Promise<void> {
  const byUnit = new Map(editions.filter((e) => e.reuse).map((e) => [e.id, e]));
  const entries = previous.files.filter((f) => f.unit && byUnit.has(f.unit));
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const entry = entries[next++];
      const edition = byUnit.get(entry.unit!)!;
      if (!edition.reuse) continue;
      const bytes = await readFile(join(outDir, entry.path)).catch(() => undefined);
      if (!bytes || sha256(bytes) !== entry.sha256) {
        edition.reuse = false;
        edition.why = `${entry.path} changed in out/`;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function reason(previous: Manifest | undefined, unit: string, hash: string, present: Map<string, boolean>, force?: boolean): string | undefined {
  if (force) return 'forced';
  const recorded = previous?.units?.[unit];
  if (!recorded) return 'new';
  if (recorded !== hash) return 'changed';
  const files = previous!.files.filter((f) => f.unit === unit);
  if (files.length === 0 || files.some((f) => !present.get(f.path))) return 'files missing from out/';
  return undefined;
}

/** Whether each file of the manifest is in out/ with its recorded size (a cheap check; `daan verify` hashes). */
async function presentSizes(outDir: string, manifest: Manifest): Promise<Map<string, boolean>> {
  const entries = await Promise.all(
    manifest.files.map(async (f) => [f.path, await stat(join(outDir, f.path)).then((s) => s.isFile() && s.size === f.size, () => false)] as const),
  );
  return new Map(entries);
}

/** Folders directly under content/ that hold an edition.yaml (as the load stage finds them), sorted. */
async function editionFolders(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { withFileTypes: true }).catch(() => []);
  return entries
    // lstat, as the load stage does: an edition.yaml that is a looping or broken link still makes an edition (which the load refuses, by name).
    .filter((e) => e.isDirectory() && lstatSync(join(contentDir, e.name, 'edition.yaml'), { throwIfNoEntry: false }) !== undefined)
    .map((e) => e.name)
    .sort();
}

/** content/ outside the editions (site.yaml, briefings, fonts the office owns): path → bytes, for the site hash. */
async function otherContent(contentDir: string, editions: Set<string>): Promise<Map<string, Uint8Array>> {
  const entries = await readdir(contentDir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const path = join(entry.parentPath, entry.name).slice(contentDir.length).replace(/\\/g, '/').replace(/^\//, '');
    if (editions.has(path.split('/')[0]) && path.includes('/')) continue;
    const content = await hashedContent(join(contentDir, path), contentDir);
    files.set(path, typeof content === 'string' ? Buffer.from(content) : content);
  }
  return files;
}

const CACHE_DIR = process.env.DAAN_CACHE_DIR ?? join(repoRoot, 'node_modules', '.cache', 'daan');

/**
 * The version of the Chromium that prints, for the input hash: `chromium --version`, cached by
 * the executable's path, size and modification time so that a no-change build does not start it.
 */
export async function chromiumVersion(): Promise<string> {
  let path: string;
  let mode: string;
  try {
    const { findPrintBrowser } = await import('../print/browser.ts');
    const found = await findPrintBrowser();
    path = found.path;
    // The shell reports itself as plain Chromium: its mode goes into the hash beside the version.
    mode = found.shell ? 'headless shell' : 'headless';
  } catch {
    return 'none';
  }
  const info = await stat(path).catch(() => undefined);
  const key = sha256(`${path}\0${info?.size}\0${info?.mtimeMs}`);
  const cacheFile = join(CACHE_DIR, 'chromium-version.json');
  const cache = JSON.parse(await readFile(cacheFile, 'utf8').catch(() => '{}')) as Record<string, string>;
  if (cache[key]) return `${cache[key]} (${mode})`;
  const version = await promisify(execFile)(path, ['--version'], { timeout: 20_000 }).then(
    (r) => r.stdout.trim(),
    () => 'unknown',
  );
  // A failure (a loaded machine timing out) is not kept: the next build asks again.
  if (version !== 'unknown') {
    await mkdir(CACHE_DIR, { recursive: true }).catch(() => undefined);
    await writeFile(cacheFile, JSON.stringify({ ...cache, [key]: version })).catch(() => undefined);
  }
  return `${version} (${mode})`;
}

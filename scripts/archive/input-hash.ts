/**
 * Input hashes for incremental builds. Each edition's outputs depend on a hash of everything that
 * can change them: its own files, the data of editions it quotes (`data=2016-12/…`), the templates
 * it uses (the shared ones it does not override, and the partials they reach), the CSS, the site
 * settings, the pipeline's own code, the versions of the packages that shape the output (fonts
 * included — they come from npm), and the build options (PDF or not, PDF/A, bleed, marks, and the
 * Chromium that prints). The site-level outputs (archive pages, stylesheet, fonts, search index)
 * hash the same shared parts plus every edition's hash.
 *
 * Only node built-ins here: a no-change rebuild hashes, compares with the manifest and stops,
 * without loading the rest of the pipeline.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { isInside } from '../load/inside.ts';

/** Bump when the meaning of the hash changes: every edition is rebuilt once. */
export const HASH_SCHEME = 'daan-input-v1';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** Templates an edition renders, by name; partials they include are found from these. */
export const EDITION_TEMPLATES = ['layouts/web', 'pages/edition', 'pages/article'];
export const PRINT_TEMPLATES = ['print/issue'];

/** The options that change what a build writes. */
export interface OutputOptions {
  pdf: boolean;
  pdfa: boolean;
  /** `--epub` / `--wechat` (the settings in site.yaml are hashed with site.yaml). */
  epub?: boolean;
  wechat?: boolean;
  bleed?: number;
  marks?: boolean;
  /** The Chromium that prints ("Chromium 156.0.8078.108 …"), when PDFs are printed. */
  chromium?: string;
  /** The Ghostscript that writes PDF/A ("10.00.0", or "none"), with --pdfa. */
  ghostscript?: string;
  /** SOURCE_DATE_EPOCH, when set: it replaces the edition date in the PDFs. */
  sourceDateEpoch?: string;
  /** --press (set only when given): the press copy; and --allow-queries with it. */
  press?: boolean;
  allowQueries?: boolean;
}

/** A hash built from named parts: the same parts in any order of arrival give the same hash. */
export class InputHash {
  private readonly parts: string[] = [];
  add(name: string, data: string | Uint8Array): this {
    this.parts.push(`${name}\0${sha256(data)}`);
    return this;
  }
  digest(): string {
    return sha256(this.parts.sort().join('\n'));
  }
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under `dir`, as sorted paths relative to it (forward slashes). */
export async function filesUnder(dir: string, skip: (relativePath: string) => boolean = () => false): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    // Symlinks count too: adding one (even one the load stage refuses) changes the input.
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath, e.name)).replace(/\\/g, '/'))
    .filter((path) => !skip(path) && !basename(path).startsWith('.'))
    .sort();
}

async function addFiles(hash: InputHash, prefix: string, dir: string, root: string, skip?: (path: string) => boolean): Promise<void> {
  const files = await filesUnder(dir, skip);
  const contents = await Promise.all(files.map((file) => hashedContent(join(dir, file), root)));
  files.forEach((file, i) => hash.add(`${prefix}${file}`, contents[i]));
}

/** Larger than any file the build reads (images, fonts, text): such a file is refused when used, so its bytes never matter. */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;

/**
 * What a file counts as in a hash, without opening what the build may not read: a symlink that
 * leads out of `root` (or loops, or is not a regular file — a pipe, a device) by where it points;
 * a file too large for any use by its size; anything else by its bytes.
 */
export async function hashedContent(path: string, root: string): Promise<string | Uint8Array> {
  const link = `symlink:${await readlink(path).catch(() => '')}`;
  const real = await realpath(path).catch(() => undefined);
  if (!real || !isInside(real, await realpath(root).catch(() => root))) return link;
  const info = await stat(real).catch(() => undefined);
  if (!info?.isFile()) return link;
  if (info.size > MAX_HASHED_BYTES) return `size:${info.size}`;
  return readFile(real);
}

let generator: Promise<string> | undefined;

/** Folders of scripts/ whose code cannot change what a build writes (commands, messages, the importer, the dev server …). */
const NOT_OUTPUT = /^(bench|cli|docs|import|report|serve|setup)\//;

/**
 * The pipeline itself: the code under scripts/ that shapes the output, and the versions of the
 * runtime packages as package-lock.json pins them (transitive ones included). Once per process.
 */
export function generatorHash(): Promise<string> {
  generator ??= (async () => {
    const hash = new InputHash();
    await addFiles(hash, 'scripts/', join(repoRoot, 'scripts'), repoRoot, (path) => NOT_OUTPUT.test(path) || path === 'archive/verify.ts' || !/\.(ts|mts|mjs|js|json)$/.test(path));
    hash.add('packages', JSON.stringify(await runtimePackages()));
    return hash.digest();
  })();
  return generator;
}

/** name@version of every runtime package (not dev-only), sorted. */
async function runtimePackages(): Promise<string[]> {
  try {
    const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages?: Record<string, { version?: string; dev?: boolean }> };
    return Object.entries(lock.packages ?? {})
      .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev)
      .map(([path, entry]) => `${path.slice('node_modules/'.length)}@${entry.version ?? ''}`)
      .sort();
  } catch {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return Object.entries(pkg.dependencies ?? {}).map(([name, version]) => `${name}@${version}`).sort();
  }
}

/** A template name → the file it is read from: later folders override earlier ones (as loadTemplates does). */
export async function templateFiles(dirs: string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    for (const path of await filesUnder(dir, (p) => !p.endsWith('.hbs'))) files.set(path.replace(/\.hbs$/, ''), join(dir, path));
  }
  return files;
}

const PARTIAL = /\{\{~?#?>\s*([\w./-]+)/g;
const DYNAMIC_PARTIAL = /\{\{~?#?>\s*\(/;

/**
 * The templates that `roots` use: the roots and, transitively, every partial they include. A
 * dynamic partial ({{> (name)}}) could be any of them: then every partial counts.
 */
export async function templateClosure(available: Map<string, string>, roots: string[], dirs: string[]): Promise<Map<string, string>> {
  const used = new Map<string, string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift()!;
    const file = available.get(name);
    if (!file || used.has(name)) continue;
    const content = await hashedContent(file, dirOf(file, dirs));
    const text = typeof content === 'string' ? '' : Buffer.from(content).toString('utf8');
    used.set(name, file);
    if (DYNAMIC_PARTIAL.test(text)) queue.push(...[...available.keys()].filter((n) => n.startsWith('partials/')));
    for (const match of text.matchAll(PARTIAL)) queue.push(`partials/${match[1]}`);
  }
  return used;
}

async function addTemplates(hash: InputHash, dirs: string[], roots: string[]): Promise<void> {
  const used = await templateClosure(await templateFiles(dirs), roots, dirs);
  const names = [...used.keys()].sort();
  const texts = await Promise.all(names.map((name) => hashedContent(used.get(name)!, dirOf(used.get(name)!, dirs))));
  // The name and whether it comes from the shared folder or the edition's: an override counts.
  names.forEach((name, i) => hash.add(`template:${name}:${dirs.indexOf(dirOf(used.get(name)!, dirs))}`, texts[i]));
}

function dirOf(file: string, dirs: string[]): string {
  return [...dirs].reverse().find((dir) => file.startsWith(`${dir}/`)) ?? '';
}

/** Editions whose data an edition's articles quote: `data=2016-12/poverty`. */
export async function quotedEditions(editionDir: string): Promise<string[]> {
  const folder = join(editionDir, 'articles');
  const found = new Set<string>();
  for (const file of await filesUnder(folder, (p) => !p.endsWith('.md'))) {
    const content = await hashedContent(join(folder, file), dirname(editionDir));
    const text = typeof content === 'string' ? '' : Buffer.from(content).toString('utf8');
    for (const match of text.matchAll(/data\s*=\s*["']?(\d{4}-\d{1,2})\//g)) found.add(match[1]);
  }
  found.delete(basename(editionDir));
  return [...found].sort();
}

export interface SharedInputs {
  contentDir: string;
  templatesDir: string;
  options: OutputOptions;
}

/** The parts every output shares: scheme, pipeline, options, site settings. */
async function sharedHash(inputs: SharedInputs): Promise<InputHash> {
  const hash = new InputHash();
  hash.add('scheme', HASH_SCHEME);
  hash.add('generator', await generatorHash());
  const { chromium, ghostscript, sourceDateEpoch, ...rest } = inputs.options;
  hash.add('options', JSON.stringify(rest, Object.keys(rest).sort()));
  if (inputs.options.pdf) hash.add('print', JSON.stringify([chromium ?? '', sourceDateEpoch ?? '']));
  if (inputs.options.pdfa) hash.add('ghostscript', ghostscript ?? '');
  hash.add('site.yaml', await hashedContent(join(inputs.contentDir, 'site.yaml'), inputs.contentDir));
  return hash;
}

/**
 * The input hash of one edition (the folder content/<id>). Its pages link the stylesheet by a
 * stable name, so the CSS counts only for what is printed (the PDF and the cover thumbnail).
 */
export async function editionInputHash(inputs: SharedInputs, editionDir: string): Promise<string> {
  const hash = await sharedHash(inputs);
  await addFiles(hash, 'edition/', editionDir, inputs.contentDir);
  if (inputs.options.pdf) await addFiles(hash, 'css/', join(inputs.templatesDir, 'css'), inputs.templatesDir, (path) => path === 'web.css');
  for (const other of await quotedEditions(editionDir)) await addFiles(hash, `quoted/${other}/`, join(inputs.contentDir, other, 'data'), inputs.contentDir);
  const roots = inputs.options.pdf ? [...EDITION_TEMPLATES, ...PRINT_TEMPLATES] : EDITION_TEMPLATES;
  await addTemplates(hash, [inputs.templatesDir, join(editionDir, 'templates')], roots);
  return hash.digest();
}

/** The input hash of the site-level outputs: every template and script, content/ outside the editions (site.yaml, briefings), and every edition's hash. */
export async function siteInputHash(inputs: SharedInputs, editions: { id: string; hash: string }[], otherContent: Map<string, Uint8Array> = new Map()): Promise<string> {
  const hash = await sharedHash(inputs);
  // Every template, stylesheet and script: the site-level outputs are cheap to redo, so they depend on all of them.
  await addFiles(hash, 'templates/', inputs.templatesDir, inputs.templatesDir);
  for (const [path, bytes] of otherContent) hash.add(`content/${path}`, bytes);
  hash.add('editions', editions.map((e) => `${e.id} ${e.hash}`).sort().join('\n'));
  return hash.digest();
}

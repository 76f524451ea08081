/**
 * What every unit of a build shares and no stage records: the pipeline itself (its code under
 * scripts/ and the versions of the packages that shape the output, fonts included — they come
 * from npm) and the build options. They enter each unit's recorded inputs as values (see
 * core/inputs.ts and plan.ts); everything else a unit depends on is recorded while it is built.
 *
 * Only node built-ins and the ground floor here: a no-change rebuild hashes, compares with the
 * manifest and stops, without loading the rest of the pipeline.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { isInside } from '../load/inside.ts';
import { packageRoot as repoRoot, type OutputSettings } from '../core/config.ts';
import { regularFileSha256 } from '../core/file-hashes.ts';

/** Bump when the meaning of the hash changes: every edition is rebuilt once. */
export const HASH_SCHEME = 'daan-input-v2';

export { packageRoot as repoRoot } from '../core/config.ts';

/** The options that change what a build writes. */
export interface OutputOptions extends OutputSettings {
  /** The Chromium that prints ("Chromium 156.0.8078.108 …"), when PDFs are printed. */
  chromium?: string;
  /** The Ghostscript that writes PDF/A ("10.00.0", or "none"), with --pdfa. */
  ghostscript?: string;
  /** SOURCE_DATE_EPOCH, when set: it replaces the edition date in the PDFs. */
  sourceDateEpoch?: string;
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

/**
 * Each file under `dir` by what it counts as (hashedContent); a regular file by its sha256 as the
 * build cache remembers it (core/file-hashes.ts): the pipeline's ~250 files are not read at every start.
 */
export async function addFiles(hash: InputHash, prefix: string, dir: string, root: string, skip?: (path: string) => boolean): Promise<void> {
  const files = await filesUnder(dir, skip);
  const contents = await Promise.all(files.map(async (file) => (await regularFileSha256(join(dir, file)).then((sha256) => sha256 && `sha256:${sha256}`)) ?? hashedContent(join(dir, file), root)));
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
    await addFiles(hash, 'scripts/', join(repoRoot, 'scripts'), repoRoot, (path) => NOT_OUTPUT.test(path) || path === 'check/verify.ts' || !/\.(ts|mts|mjs|js|json)$/.test(path));
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

/** The values every unit's inputs include: scheme, pipeline, options (and what prints, when PDFs are printed). */
export async function inputValues(options: OutputOptions): Promise<Record<string, string>> {
  const { chromium, ghostscript, sourceDateEpoch, ...rest } = options;
  return {
    'value:scheme': sha256(HASH_SCHEME),
    'value:generator': await generatorHash(),
    'value:options': sha256(JSON.stringify(rest, Object.keys(rest).sort())),
    ...(options.pdf ? { 'value:print': sha256(JSON.stringify([chromium ?? '', sourceDateEpoch ?? ''])) } : {}),
    ...(options.pdfa ? { 'value:ghostscript': sha256(ghostscript ?? '') } : {}),
  };
}

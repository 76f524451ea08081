/**
 * What a build has to do. Every unit of the previous build (each edition, each briefing, the site pages) left
 * in the manifest the inputs it read, with their hashes (see core/inputs.ts); the planner hashes
 * exactly those again — files it has no record of are never opened — and reuses a unit when none
 * changed and every file the manifest lists for it is still in out/ with its size. A unit
 * with no record (new, or built by an older scheme) is built; `--force` reuses nothing.
 *
 * Light on purpose (node built-ins and the ground floor): a no-change rebuild stops here.
 */
import { execFile } from 'node:child_process';
import { lstatSync, statSync, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readManifest, type Manifest, type ManifestEntry } from '../emit/manifest.ts';
import { briefingUnit, firstChange, type CheckedReads, type InputRoots, type UnitInputs } from '../core/inputs.ts';
import { HASH_SCHEME, inputValues, sha256, type OutputOptions } from './input-hash.ts';
import type { BuildSettings } from '../core/config.ts';
import { readCached, writeCached } from '../core/cache.ts';
import { outFileSha256, saveFileHashes } from '../core/file-hashes.ts';

/** One unit of the build whose outputs may be taken from the previous out/: an edition or a briefing. */
export interface UnitPlan {
  id: string;
  /** Its name in the manifest: the edition's id, `briefings/<id>` (core/inputs.ts briefingUnit). */
  unit: string;
  /** Its files are taken from the previous out/. */
  reuse: boolean;
  /** Why it is rebuilt: new, forced, which input changed, files missing. */
  why?: string;
}

export interface EditionPlan extends UnitPlan {
  dir: string;
}

export interface BuildPlan {
  /** By id (oldest first). */
  editions: EditionPlan[];
  /** content/briefings/<id>.md, by id. */
  briefings: UnitPlan[];
  /** The site pages' recorded inputs are unchanged. */
  siteUnchanged: boolean;
  options: OutputOptions;
  /** The values every unit's inputs include (see input-hash.ts). */
  values: UnitInputs;
  roots: InputRoots;
  previous?: Manifest;
  /** Nothing changed since the previous build: out/ is left as it is. */
  upToDate: boolean;
  /** The files and folder listings the plan hashed, as it found them (core/inputs.ts CheckedReads). */
  checked?: CheckedReads;
  /**
   * `daan brief <id>`: the build restricted to that briefing's unit. Every other file of the previous out/ is carried over as it is, with its manifest entry;
   * the next full build finds what else changed.
   */
  restricted?: { unit: string; carried: ManifestEntry[] };
}

export interface PlanInputs extends BuildSettings {
  /** `daan brief <id>`: build this briefing only. */
  onlyBriefing?: string;
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
    const { findGhostscript } = await import('../print/ghostscript.ts');
    const gs = await findGhostscript();
    options.ghostscript = 'missing' in gs ? 'none' : gs.version;
  }
  const values = await inputValues(options);
  const roots: InputRoots = { content: inputs.contentDir, templates: inputs.templatesDir };
  const dirs = await editionFolders(inputs.contentDir);
  const only = inputs.onlyBriefing === undefined ? undefined : briefingUnit(inputs.onlyBriefing);
  const read = inputs.force && !only ? undefined : await readManifest(inputs.outDir);
  // A manifest of another scheme recorded other inputs: nothing in it can be trusted to be current.
  // Restricted to one briefing, what out/ holds is carried over all the same (the next full build rebuilds it).
  const previous = read?.scheme === HASH_SCHEME || only ? read : undefined;
  const present = previous ? presentFiles(inputs.outDir, previous) : new Map<string, Stats | undefined>();
  const sizes = new Map([...present].map(([path, info]) => [path, info !== undefined]));
  const hashed = new Map<string, Promise<string>>();
  const checked: CheckedReads = new Map();
  const why = async (unit: string): Promise<string | undefined> => {
    if (inputs.force) return 'forced';
    const recorded = previous?.inputs?.[unit];
    if (!recorded) return 'new';
    const changed = await firstChange(recorded, roots, values, hashed, checked);
    if (changed) return `${changed.replace(/^\w+:/, '')} changed`;
    const files = previous!.files.filter((f) => f.unit === unit);
    if (files.length === 0 || files.some((f) => !sizes.get(f.path))) return 'files missing from out/';
    return undefined;
  };
  const planned = async <T extends UnitPlan>(unit: T): Promise<T> => {
    // Restricted to one briefing, every other unit is carried over whatever changed (the next full build sees it).
    const reason = only ? (unit.unit === only ? (await why(unit.unit)) ?? 'asked for' : undefined) : await why(unit.unit);
    return { ...unit, reuse: !reason, ...(reason ? { why: reason } : {}) };
  };
  const editions = await Promise.all(dirs.map((id) => planned({ id, unit: id, dir: join(inputs.contentDir, id), reuse: false })));
  const briefings = await Promise.all((await briefingIds(inputs.contentDir)).map((id) => planned({ id, unit: briefingUnit(id), reuse: false })));
  const siteUnchanged = !(await why('site'));
  const searchPresent = !previous?.units?.search || !previous.files.some((f) => f.unit === 'search' && !sizes.get(f.path));
  const upToDate = !only && Boolean(previous) && [...editions, ...briefings].every((e) => e.reuse) && siteUnchanged && searchPresent;
  if (only) {
    const rebuilt = new Set(briefings.filter((b) => !b.reuse).map((b) => b.unit));
    // Nor a file the briefing writes now, whoever wrote it before (an out/ of an older version listed briefings under the site).
    const own = new Set([...rebuilt].flatMap((unit) => ['.html', '.pdf', '-press.pdf'].map((end) => `${unit}${end}`)));
    const carried = (previous?.files ?? []).filter((f) => !rebuilt.has(f.unit ?? '') && !own.has(f.path) && sizes.get(f.path));
    return { editions, briefings, siteUnchanged, options, values, roots, previous, upToDate, checked, restricted: { unit: only, carried } };
  }
  // Something will be built: then the files to be reused are checked byte for byte, so that a file
  // changed in out/ by hand is rebuilt rather than carried on (a no-change build only checks sizes).
  if (!upToDate && previous) await checkReusedContents(inputs.outDir, previous, [...editions, ...briefings], present);
  // The hashes found are kept now when nothing is to be built; else by the build, at its end (build/index.ts), once for both.
  if (upToDate) await saveFileHashes();
  return { editions, briefings, siteUnchanged, options, values, roots, previous, upToDate, checked };
}

/** The briefings of content/briefings/ (the names of its .md files, as the load stage finds them), sorted. */
async function briefingIds(contentDir: string): Promise<string[]> {
  const names = await readdir(join(contentDir, 'briefings')).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -'.md'.length)).sort();
}

/** Read only where a file may have changed since it was last read (core/file-hashes.ts outFileSha256): `present` holds the plan's lstat of each. */
async function checkReusedContents(outDir: string, previous: Manifest, units: UnitPlan[], present: Map<string, Stats | undefined>): Promise<void> {
  const byUnit = new Map(units.filter((e) => e.reuse).map((e) => [e.unit, e]));
  for (const entry of previous.files) {
    const unit = entry.unit === undefined ? undefined : byUnit.get(entry.unit);
    if (!unit?.reuse) continue;
    if ((await outFileSha256(join(outDir, entry.path), present.get(entry.path))) !== entry.sha256) {
      unit.reuse = false;
      unit.why = `${entry.path} changed in out/`;
    }
  }
}

/**
 * The files of the manifest that are in out/ with their recorded size, with their lstat (a cheap check; `daan verify` hashes).
 * Synchronous: thousands of stat calls cost a tenth as much without a promise each.
 */
function presentFiles(outDir: string, manifest: Manifest): Map<string, Stats | undefined> {
  return new Map(
    manifest.files.map((f) => {
      const path = join(outDir, f.path);
      const link = lstatSync(path, { throwIfNoEntry: false });
      // A symbolic link counts by what it leads to, as before; its contents are then always read (outFileSha256).
      const info = link?.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : link;
      return [f.path, info?.isFile() && info.size === f.size ? (link?.isSymbolicLink() ? link : info) : undefined] as const;
    }),
  );
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


/**
 * The version of the Chromium that prints, for the input hash (print/browser.ts executableVersion:
 * a no-change build does not start it).
 */
export async function chromiumVersion(): Promise<string> {
  try {
    const { findPrintBrowser, executableVersion } = await import('../print/browser.ts');
    return await executableVersion(await findPrintBrowser());
  } catch {
    return 'none';
  }
}

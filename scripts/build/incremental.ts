/**
 * The emit side of incremental builds: the outputs of unchanged editions and briefings are taken from the
 * previous out/ into the staging folder (hard links where the file system allows, else copies;
 * the swap into out/ stays atomic), and the new manifest records for every file the unit that
 * wrote it and that unit's input hash, and for every unit the inputs it read.
 */
import { copyFileSync, linkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { manifestEntries, PAGEFIND_DIR, sha256Of, unitOf, type Manifest, type ManifestEntry } from '../emit/manifest.ts';
import type { EditionFiles } from './web.ts';
import type { BuildPlan } from './plan.ts';
import type { Staging } from '../emit/staging.ts';
import { HASH_SCHEME } from './input-hash.ts';
import { unitDigest, type InputLog, type UnitInputs } from '../core/inputs.ts';

/** Files of the previous build that belong to reused units (editions, briefings); restricted to one briefing, every other file. */
export function reusedEntries(plan: BuildPlan): ManifestEntry[] {
  if (plan.restricted) return plan.restricted.carried;
  const reused = new Set([...plan.editions, ...plan.briefings].filter((e) => e.reuse).map((e) => e.unit));
  return (plan.previous?.files ?? []).filter((f) => f.unit !== undefined && reused.has(f.unit));
}

/**
 * Puts the previous build's files into the staging folder. The folders are made first, all at
 * once: making a folder waits on the disk (about a millisecond each on a busy machine, a hundred
 * folders and more in an archive), which Node's threads do side by side. The links are made
 * synchronously: an archive reuses thousands of files, and a link costs a tenth as much without a promise each.
 */
export async function reuseFiles(outDir: string, stagingDir: string, entries: { path: string }[]): Promise<void> {
  const folders = new Set(entries.map(({ path }) => dirname(join(stagingDir, path))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  for (const { path } of entries) {
    const target = join(stagingDir, path);
    try {
      linkSync(join(outDir, path), target);
    } catch {
      copyFileSync(join(outDir, path), target);
    }
  }
}

/** What a reused edition's folder holds: PDF and PDF/A sizes, cover thumbnail. */
export function reusedEditionFiles(entries: ManifestEntry[], plan: BuildPlan): Map<string, EditionFiles> {
  const files = new Map<string, EditionFiles>();
  const editions = new Set(plan.editions.map((e) => e.id));
  for (const entry of entries) {
    if (!editions.has(entry.unit ?? '')) continue;
    const id = entry.unit!;
    const info = files.get(id) ?? {};
    files.set(id, info);
    const name = entry.path.slice(id.length + 1);
    if (/^daan-.*\.pdfa\.pdf$/.test(name)) info.pdfa = entry.size;
    else if (/^daan-.*\.pdf$/.test(name)) info.pdf = entry.size;
    else if (/^daan-.*\.epub$/.test(name)) info.epub = entry.size;
    else if (name === 'cover.png') info.cover = true;
  }
  return files;
}

/**
 * The manifest of the staged build. Reused files keep their recorded entries (they are the same
 * bytes, linked); the others are hashed now, and belong to the unit that wrote them (`owners`:
 * the briefings' files) or the one their path names (emit/manifest.ts unitOf). A rebuilt unit's
 * inputs are what its stages recorded in `log` this time, a reused unit's those of the build that
 * wrote it; the site pages are built from everything, so their inputs are everything read and
 * every other unit's. The search index's input is the set of pages it indexed, and each of its
 * bundles' (`searchUnits`, `search/<bundle>`) the pages of that bundle (emit/search.ts). Restricted to one
 * briefing, the site pages and the search index are carried over with their records.
 */
export async function stagedManifest(staging: Pick<Staging, 'dir' | 'known'>, plan: BuildPlan, reused: ManifestEntry[], log: InputLog, owners: Map<string, string>, searchUnits: Record<string, string> | Promise<Record<string, string>> = {}): Promise<Manifest> {
  const ids = new Set(plan.editions.map((e) => e.id));
  const previous = plan.previous;
  const inputs: Record<string, UnitInputs> = {};
  const units: Record<string, string> = {};
  for (const unit of [...plan.editions, ...plan.briefings]) {
    const recorded = unit.reuse ? previous?.inputs?.[unit.unit] : log.inputsOf(unit.unit, plan.values);
    // Restricted to one briefing, a unit that was never built is carried over as absent.
    if (recorded) inputs[unit.unit] = recorded;
  }
  if (plan.restricted) {
    for (const unit of ['site', 'search']) {
      if (previous?.inputs?.[unit]) inputs[unit] = previous.inputs[unit];
      if (previous?.units?.[unit]) units[unit] = previous.units[unit];
    }
    for (const [unit, key] of Object.entries(previous?.units ?? {})) if (unit.startsWith('search/')) units[unit] = key;
  } else {
    inputs.site = Object.fromEntries(Object.entries(Object.assign({}, ...Object.values(inputs), log.everything(plan.values)) as UnitInputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const known = new Map(reused.map((e) => [e.path, e]));
  const skip = (path: string) => path === 'manifest.json' || known.has(path);
  for (const [unit, keys] of Object.entries(inputs)) if (!(unit in units)) units[unit] = unitDigest(keys);
  // Everything but the search index is made: listed and hashed while Pagefind may still be writing it (searchUnits resolves once it is done).
  const fresh = await manifestEntries(staging.dir, skip, staging.known, { apart: PAGEFIND_DIR });
  const search = await searchUnits;
  fresh.push(...(await manifestEntries(staging.dir, skip, staging.known, { folder: PAGEFIND_DIR })));
  if (!plan.restricted) {
    const all = [...fresh, ...reused];
    const pages = all.filter((f) => f.path.endsWith('.html')).map((f) => `${f.path} ${f.sha256}`).sort();
    if (all.some((f) => unitOf(f.path, ids) === 'search')) units.search = sha256Of(Buffer.from(pages.join('\n')));
    Object.assign(units, search);
  }
  const files = [
    ...fresh.map((f) => {
      const unit = owners.get(f.path) ?? unitOf(f.path, ids);
      return { ...f, unit, input: units[unit] };
    }),
    ...reused.map(({ path, size, sha256, unit }) => {
      // A briefing's image may have another owner now (build/index.ts stageBriefingFiles).
      const owner = owners.get(path) ?? unit ?? unitOf(path, ids);
      return { path, size, sha256, unit: owner, ...(units[owner] ? { input: units[owner] } : {}) };
    }),
  ];
  const { chromium: _chromium, ghostscript: _ghostscript, ...options } = plan.options;
  return { generator: '大安刊印', scheme: HASH_SCHEME, options, units, inputs, files };
}

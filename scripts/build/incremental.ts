/**
 * The emit side of incremental builds: the outputs of unchanged editions are taken from the
 * previous out/ into the staging folder (hard links where the file system allows, else copies;
 * the swap into out/ stays atomic), and the new manifest records for every file the unit that
 * wrote it and that unit's input hash, and for every unit the inputs it read.
 */
import pMap from 'p-map';
import { copyFile, link, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { manifestEntries, sha256Of, unitOf, type Manifest, type ManifestEntry } from '../emit/manifest.ts';
import type { EditionFiles } from './web.ts';
import type { BuildPlan } from './plan.ts';
import { HASH_SCHEME } from './input-hash.ts';
import { unitDigest, type InputLog, type UnitInputs } from '../core/inputs.ts';

/** Files of the previous build that belong to reused editions. */
export function reusedEntries(plan: BuildPlan): ManifestEntry[] {
  const reused = new Set(plan.editions.filter((e) => e.reuse).map((e) => e.id));
  return (plan.previous?.files ?? []).filter((f) => f.unit !== undefined && reused.has(f.unit));
}

/** Puts the previous build's files into the staging folder, a few at a time. */
export async function reuseFiles(outDir: string, stagingDir: string, entries: { path: string }[]): Promise<void> {
  await pMap(
    entries,
    async ({ path }) => {
      const target = join(stagingDir, path);
      await mkdir(dirname(target), { recursive: true });
      await link(join(outDir, path), target).catch(() => copyFile(join(outDir, path), target));
    },
    { concurrency: 16 },
  );
}

/** What a reused edition's folder holds: PDF and PDF/A sizes, cover thumbnail. */
export function reusedEditionFiles(entries: ManifestEntry[]): Map<string, EditionFiles> {
  const files = new Map<string, EditionFiles>();
  for (const entry of entries) {
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
 * The manifest of the staged build. Reused files keep their recorded hashes (they are the same
 * bytes, linked); the others are hashed now. A rebuilt unit's inputs are what its stages recorded
 * in `log` this time, a reused unit's those of the build that wrote it; the site pages are built
 * from everything, so their inputs are everything read and every edition's. The search index's input is the set of
 * pages it indexed.
 */
export async function stagedManifest(stagingDir: string, plan: BuildPlan, reused: ManifestEntry[], log: InputLog): Promise<Manifest> {
  const ids = new Set(plan.editions.map((e) => e.id));
  const inputs: Record<string, UnitInputs> = {};
  for (const edition of plan.editions) inputs[edition.id] = edition.reuse ? plan.previous!.inputs![edition.id] : log.inputsOf(edition.id, plan.values);
  inputs.site = Object.fromEntries(Object.entries(Object.assign({}, ...Object.values(inputs), log.everything(plan.values)) as UnitInputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const known = new Map(reused.map((e) => [e.path, e]));
  const fresh = await manifestEntries(stagingDir, (path) => path === 'manifest.json' || known.has(path));
  const all = [...fresh, ...reused.map(({ path, size, sha256 }) => ({ path, size, sha256 }))];
  const pages = all.filter((f) => f.path.endsWith('.html')).map((f) => `${f.path} ${f.sha256}`).sort();
  const units: Record<string, string> = Object.fromEntries(Object.entries(inputs).map(([unit, keys]) => [unit, unitDigest(keys)]));
  const search = all.some((f) => unitOf(f.path, ids) === 'search') ? sha256Of(Buffer.from(pages.join('\n'))) : undefined;
  if (search) units.search = search;
  const files = all.map((f) => {
    const unit = unitOf(f.path, ids);
    return { ...f, unit, input: units[unit] };
  });
  const { chromium: _chromium, ghostscript: _ghostscript, ...options } = plan.options;
  return { generator: '大安刊印', scheme: HASH_SCHEME, options, units, inputs, files };
}

/**
 * `daan verify`: out/ checked against out/manifest.json — every file listed must be there with its
 * size and sha256, and nothing else may be there; every redirect must lead to a page that is
 * there. `--previous FILE` checks that every page address an earlier manifest published still
 * resolves: to a page, or to a redirect that leads to one. `--rebuild` goes further: it builds the same
 * content with the same options into a temporary folder, from scratch, and compares the two
 * trees byte for byte (manifest included), which proves the build reproducible.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { listFiles, MANIFEST, readManifest, sha256Of, type Manifest } from '../emit/manifest.ts';
import { linkedTargets } from './outputs.ts';

export interface Difference {
  path: string;
  /** differs: the bytes are not the expected ones; missing: expected but absent; extra: present but not expected. */
  kind: 'differs' | 'missing' | 'extra';
  detail?: string;
}

export interface VerifyReport {
  /** Files compared. */
  checked: number;
  differences: Difference[];
}

/** out/ against its manifest. */
export async function verifyAgainstManifest(outDir: string): Promise<VerifyReport> {
  const manifest = await readManifest(outDir);
  if (!manifest) throw new UserError(say('verify-no-manifest', { manifest: MANIFEST, out: outDir }));
  const present = new Set(await listFiles(outDir).catch(() => [] as string[]));
  const differences: Difference[] = [];
  for (const entry of manifest.files) {
    if (!present.has(entry.path)) {
      differences.push({ path: entry.path, kind: 'missing' });
      continue;
    }
    const bytes = await readFile(join(outDir, entry.path));
    const sha256 = sha256Of(bytes);
    if (bytes.length !== entry.size || sha256 !== entry.sha256) {
      differences.push({ path: entry.path, kind: 'differs', detail: say('verify-differs-detail', { bytes: bytes.length, sha: sha256.slice(0, 12), size: entry.size, expected: entry.sha256.slice(0, 12) }) });
    }
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const path of present) if (path !== MANIFEST && !listed.has(path)) differences.push({ path, kind: 'extra' });
  // A manifest that itself lacks files (written by an interrupted or disturbed build) is caught by the pages' links.
  for (const [path, from] of await unlinkedTargets(outDir, manifest.files.map((f) => f.path), present)) {
    differences.push({ path, kind: 'missing', detail: say('verify-linked-missing', { from, out: outDir }) });
  }
  for (const [from, to] of Object.entries(manifest.redirects ?? {})) {
    if (!present.has(to) || manifest.redirects![to] !== undefined) differences.push({ path: to, kind: 'missing', detail: `the redirect ${from} leads here, but no page is there` });
  }
  return { checked: manifest.files.length, differences: sortDifferences(differences) };
}

/**
 * Every page address of an earlier manifest (its HTML pages and its redirects) against out/: each
 * must still be a page, or a redirect of the current manifest that leads to a page.
 */
export async function verifyPublishedUrls(outDir: string, previousManifest: string): Promise<VerifyReport> {
  const manifest = await readManifest(outDir);
  if (!manifest) throw new UserError(say('verify-no-manifest', { manifest: MANIFEST, out: outDir }));
  let earlier: Manifest;
  try {
    earlier = JSON.parse(await readFile(previousManifest, 'utf8')) as Manifest;
    if (!Array.isArray(earlier.files)) throw new Error('it has no "files" list');
  } catch (error) {
    throw new UserError(say('verify-not-manifest', { file: previousManifest, detail: (error as Error).message }), { cause: error });
  }
  const present = new Set(await listFiles(outDir).catch(() => [] as string[]));
  const redirects = manifest.redirects ?? {};
  const urls = [...new Set([...earlier.files.map((f) => f.path).filter((p) => p.endsWith('.html')), ...Object.keys(earlier.redirects ?? {})])].sort();
  const differences: Difference[] = [];
  for (const url of urls) {
    if (!present.has(url)) differences.push({ path: url, kind: 'missing', detail: `published by ${previousManifest}; neither a page nor a redirect now` });
    else if (redirects[url] && !present.has(redirects[url])) differences.push({ path: url, kind: 'missing', detail: `redirects to ${redirects[url]}, which is not there` });
  }
  return { checked: urls.length, differences };
}

/**
 * Files the pages link to (href, src) that are not in out/ and not in the manifest: target → the
 * first page linking to it. Only links inside the site: no scheme, no //host, no bare #fragment.
 */
export async function unlinkedTargets(outDir: string, listed: string[], present: Set<string>): Promise<Map<string, string>> {
  const known = new Set(listed);
  const missing = new Map<string, string>();
  for (const page of listed.filter((p) => p.endsWith('.html') && present.has(p))) {
    for (const target of linkedTargets(page, await readFile(join(outDir, page), 'utf8'))) {
      if (!known.has(target) && !present.has(target) && !missing.has(target)) missing.set(target, page);
    }
  }
  return missing;
}

/** Two output trees byte for byte; paths are those of `actual` (out/) against `expected` (the rebuild). */
export async function compareTrees(actual: string, expected: string): Promise<VerifyReport> {
  const [mine, theirs] = await Promise.all([listFiles(actual), listFiles(expected)]);
  const theirSet = new Set(theirs);
  const mineSet = new Set(mine);
  const differences: Difference[] = [];
  for (const path of theirs) if (!mineSet.has(path)) differences.push({ path, kind: 'missing' });
  for (const path of mine) {
    if (!theirSet.has(path)) {
      differences.push({ path, kind: 'extra' });
      continue;
    }
    const [a, b] = await Promise.all([readFile(join(actual, path)), readFile(join(expected, path))]);
    if (!a.equals(b)) differences.push({ path, kind: 'differs', detail: firstDifference(a, b) });
  }
  return { checked: theirs.length, differences: sortDifferences(differences) };
}

function firstDifference(a: Buffer, b: Buffer): string {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a[i] === b[i]) i++;
  return `${a.length} bytes here, ${b.length} rebuilt; first difference at byte ${i}`;
}

function sortDifferences(list: Difference[]): Difference[] {
  return list.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

export interface RebuildInputs {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  /** Keep the rebuilt tree here instead of a temporary folder that is removed. */
  keep?: string;
  log?: (line: string) => void;
}

/** Rebuilds from scratch, with the options out/ was built with, and compares byte for byte. */
export async function verifyByRebuilding(inputs: RebuildInputs): Promise<VerifyReport & { rebuiltIn: string }> {
  const manifest = await readManifest(inputs.outDir);
  if (!manifest) throw new UserError(say('verify-no-manifest', { manifest: MANIFEST, out: inputs.outDir }));
  const options = manifest.options ?? { pdf: manifest.files.some((f) => f.path.endsWith('.pdf')), pdfa: manifest.files.some((f) => f.path.endsWith('.pdfa.pdf')) };
  const work = inputs.keep ? undefined : await mkdtemp(join(tmpdir(), 'daan-verify-'));
  const target = inputs.keep ?? join(work!, 'out');
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (options.sourceDateEpoch) process.env.SOURCE_DATE_EPOCH = options.sourceDateEpoch;
  else delete process.env.SOURCE_DATE_EPOCH;
  try {
    // The rebuild starts from the addresses out/ published, so that it writes the same redirects (emit/redirects.ts).
    if (!(await readdir(target).catch(() => [])).length) {
      await mkdir(target, { recursive: true });
      await copyFile(join(inputs.outDir, MANIFEST), join(target, MANIFEST));
    }
    const { build } = await import('../build/index.ts');
    await build({
      contentDir: inputs.contentDir,
      outDir: target,
      templatesDir: inputs.templatesDir,
      pdf: options.pdf,
      pdfa: options.pdfa,
      bleed: options.bleed,
      marks: options.marks,
      force: true,
      log: inputs.log,
    });
    return { ...(await compareTrees(inputs.outDir, target)), rebuiltIn: target };
  } finally {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
    if (work) await rm(work, { recursive: true, force: true });
  }
}

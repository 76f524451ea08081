/**
 * `daan verify`: out/ checked against out/manifest.json — every file listed must be there with its
 * size and sha256, and nothing else may be there; every redirect must lead to a page that is
 * there. `--previous FILE` checks that every page address an earlier manifest published still
 * resolves: to a page, or to a redirect that leads to one. `--rebuild` goes further: the command
 * builds the same content with the same options into another folder, from scratch, through the
 * one pipeline (cli/commands/verify.ts), and compareTrees compares the two byte for byte
 * (manifest included), which proves the build reproducible. Only comparing here: nothing builds.
 */
import { readFile } from 'node:fs/promises';
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

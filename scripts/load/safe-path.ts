/**
 * Files that content names (images, CSV files of data sets, articles and data files themselves)
 * must lie inside content/: no absolute paths, no `../` that climbs out, no symlink that leads
 * out. Content is not trusted, and a build must never copy /etc/passwd into out/.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, posix, resolve } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { isInside } from './inside.ts';

export { isInside };

/** Why a path was refused, with the fix; `kind` for tests and rule ids. */
export interface Refusal {
  kind: 'absolute' | 'url' | 'parent' | 'outside' | 'missing' | 'loop' | 'not-file' | 'too-big';
  reason: string;
  fix: string;
}

/** A reference as written in content (`images/x.png`, `task.csv`): syntactic checks only. */
export function refuseReference(ref: string, what: string, base: string): Refusal | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) {
    return { kind: 'url', reason: `${what} \`${ref}\` is a URL: only files of the content folder may be used`, fix: `Save the file under ${base}/ and refer to it by its path relative to ${base}/` };
  }
  if (isAbsolute(ref) || /^[\\/]/.test(ref) || /^[a-z]:[\\/]/i.test(ref)) {
    return { kind: 'absolute', reason: `${what} \`${ref}\` is an absolute path: only files of the content folder may be used`, fix: `Copy the file under ${base}/ and write its path relative to ${base}/` };
  }
  const normal = posix.normalize(ref.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) {
    return { kind: 'parent', reason: `${what} \`${ref}\` climbs out of ${base}/ with ../`, fix: `Copy the file under ${base}/ and write its path relative to ${base}/` };
  }
  return undefined;
}

/**
 * Checks that `path` exists, is a regular file (not a folder, pipe or device) and that its real
 * path (symlinks followed) lies inside `root`. Returns the real path, or why it was refused.
 */
export async function realFileInside(path: string, root: string, what: string, maxBytes?: number, rootName = 'the content folder'): Promise<{ real: string; size: number } | { refusal: Refusal }> {
  const shown = path;
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { refusal: loopRefusal(shown, what) };
    return { refusal: { kind: 'missing', reason: `${what} not found: ${shown}`, fix: 'Add the file, or correct the path' } };
  }
  const realRoot = await realpath(root).catch(() => resolve(root));
  if (!isInside(real, realRoot)) {
    return { refusal: { kind: 'outside', reason: `${what} ${shown} is a symlink to ${real}, outside ${rootName}`, fix: `Copy the file into ${rootName} instead of linking to it` } };
  }
  const info = await stat(real);
  if (!info.isFile()) return { refusal: { kind: 'not-file', reason: `${what} ${shown} is not a regular file`, fix: 'Refer to a file' } };
  if (maxBytes !== undefined && info.size > maxBytes) {
    return { refusal: { kind: 'too-big', reason: `${what} ${shown} is ${info.size} bytes; at most ${maxBytes} bytes are allowed`, fix: 'Make the file smaller (scale the image down, split the data)' } };
  }
  return { real, size: info.size };
}

export function loopRefusal(shown: string, what: string): Refusal {
  return { kind: 'loop', reason: `${what} ${shown} is a symlink loop: following it leads back to itself and never to a file`, fix: 'Delete the link and put the file itself there' };
}

/**
 * A content file found by listing a folder (an article, a data file): refused, as a problem at
 * its first line, when it is a symlink that leads out of content/ (or not a regular file).
 */
export async function refuseOutside(file: string, root: string, what: string): Promise<VFileMessage | undefined> {
  const found = await realFileInside(file, root, what);
  if (!('refusal' in found)) return undefined;
  return problem(file, { line: 1, column: 1 }, found.refusal.reason, found.refusal.fix, 'outside-content');
}

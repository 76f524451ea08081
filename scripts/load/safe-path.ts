/**
 * Files that content names (images, CSV files of data sets, articles and data files themselves)
 * must lie inside content/: no absolute paths, no `../` that climbs out, no symlink that leads
 * out. Content is not trusted, and a build must never copy /etc/passwd into out/.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, posix, resolve } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem, type Said } from '../report/messages.ts';
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
    return refusal('url', sayProblem('refused-url', { what, ref, base }));
  }
  if (isAbsolute(ref) || /^[\\/]/.test(ref) || /^[a-z]:[\\/]/i.test(ref)) {
    return refusal('absolute', sayProblem('refused-absolute', { what, ref, base }));
  }
  const normal = posix.normalize(ref.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) {
    return refusal('parent', sayProblem('refused-parent', { what, ref, base }));
  }
  return undefined;
}

/**
 * Checks that `path` exists, is a regular file (not a folder, pipe or device) and that its real
 * path (symlinks followed) lies inside `root`. Returns the real path, or why it was refused.
 */
export async function realFileInside(path: string, root: string, what: string, maxBytes?: number, rootName = say('noun-content-folder')): Promise<{ real: string; size: number } | { refusal: Refusal }> {
  const shown = path;
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { refusal: loopRefusal(shown, what) };
    return { refusal: refusal('missing', sayProblem('refused-missing', { what, path: shown })) };
  }
  const realRoot = await realpath(root).catch(() => resolve(root));
  if (!isInside(real, realRoot)) {
    return { refusal: refusal('outside', sayProblem('refused-outside', { what, path: shown, real, root: rootName })) };
  }
  const info = await stat(real);
  if (!info.isFile()) return { refusal: refusal('not-file', sayProblem('refused-not-file', { what, path: shown })) };
  if (maxBytes !== undefined && info.size > maxBytes) {
    return { refusal: refusal('too-big', sayProblem('refused-too-big', { what, path: shown, size: info.size, max: maxBytes })) };
  }
  return { real, size: info.size };
}

export function loopRefusal(shown: string, what: string): Refusal {
  return refusal('loop', sayProblem('refused-loop', { what, path: shown }));
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

/** A refusal in the catalogue's words. */
function refusal(kind: Refusal['kind'], [reason, fix]: Said): Refusal {
  return { kind, reason, fix: fix ?? '' };
}

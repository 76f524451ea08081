/** Whether a path lies inside a folder (node built-ins only: the input hash uses it before the pipeline loads). */
import { isAbsolute, relative, sep } from 'node:path';

/** True when `path` is `root` or lies below it (both absolute, normalized). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

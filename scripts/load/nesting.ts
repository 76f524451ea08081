/**
 * The nesting limit of Markdown bodies: quotes, list levels and HTML elements inside one another.
 * Deeper text (10,000 nested `>` or `<div>`) would cost the Markdown parser minutes and overflow
 * the stack of the tree walkers after it, so it is refused by a cheap scan of the text before
 * anything parses it. The scan over-counts rather than under-counts (a list marker and the
 * indentation that nests it are each counted), which only matters far above any real article.
 */
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';

/** Levels of quotes, lists and HTML elements inside one another that a body may have. */
export const MAX_NESTING = 40;

/** Elements HTML closes by itself (or that have no end tag): they do not nest by being left open. */
const SELF_CLOSING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rp', 'rt', 'colgroup', 'caption', 'html', 'head', 'body',
]);

/**
 * The first place where the body nests deeper than MAX_NESTING, as a problem; `firstLine` is the
 * line of the body's first line in its file.
 */
export function nestingProblem(body: string, file: string, firstLine = 1): VFileMessage | undefined {
  const lines = body.split('\n');
  let fence: string | undefined;
  let openElements = 0;
  for (const [index, line] of lines.entries()) {
    const { depth, rest } = containerDepth(line, fence !== undefined);
    const fenceMark = /^(`{3,}|~{3,})/.exec(rest)?.[1];
    if (fenceMark && (fence === undefined || fenceMark.startsWith(fence))) fence = fence === undefined ? fenceMark : undefined;
    const html = fence === undefined ? htmlDepth(rest, openElements) : { open: openElements, deepest: openElements };
    openElements = html.open;
    const levels = depth + html.deepest;
    if (levels > MAX_NESTING) {
      return problem(file, { line: firstLine + index, column: 1 }, ...sayProblem('nesting', { levels, max: MAX_NESTING }));
    }
  }
  return undefined;
}

/** Quote and list markers at the start of a line, and two columns of indentation, each as one level. */
function containerDepth(line: string, inFence: boolean): { depth: number; rest: string } {
  let depth = 0;
  let at = 0;
  let spaces = 0;
  for (;;) {
    const char = line[at];
    if (char === ' ') spaces += 1;
    else if (char === '\t') spaces += 4;
    else break;
    at += 1;
  }
  for (;;) {
    const rest = line.slice(at);
    const marker = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*/.exec(rest);
    // Inside a code fence only quote markers still nest (the fence itself may sit in a quote).
    if (!marker || (inFence && !marker[0].startsWith('>'))) break;
    depth += 1;
    at += marker[0].length;
  }
  return { depth: depth + (inFence ? 0 : Math.floor(spaces / 2)), rest: line.slice(at) };
}

/** Elements open after this line (opening tags minus closing tags, never below zero), and the most open on it. */
function htmlDepth(text: string, open: number): { open: number; deepest: number } {
  let deepest = open;
  for (const match of text.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (SELF_CLOSING.has(name.toLowerCase()) || selfClosing) continue;
    open = closing ? Math.max(0, open - 1) : open + 1;
    deepest = Math.max(deepest, open);
  }
  return { open, deepest };
}

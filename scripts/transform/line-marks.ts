/**
 * Chromium lets ——, —, ……, …, ～ and · start a line, which Chinese typesetting forbids (禁则).
 * Each run of these marks is wrapped, together with the character before it, in
 * `<span class="nobr">` (white-space: nowrap, templates/css/data.css): the line cannot break
 * between them, so the marks never start one. The text keeps exactly its own characters — no
 * invisible joiner reaches the page, its copy, the search index or the PDF text layer.
 * (Closing punctuation needs nothing: the browser's line breaking already keeps it on its line.)
 *
 * When the marks open a text node that follows an inline element (`**强调**——说明`), a short
 * element goes into the span whole; a longer one has its last character split off into a copy
 * of the element (a link stays one link unless it is long).
 */
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import { phrasing } from 'hast-util-phrasing';
import { toString } from 'hast-util-to-string';
import { toHtml } from 'hast-util-to-html';

/** A run of marks that must not start a line, and the character before it when there is one. */
const MARKS = /([^—…～·]?)([—…～·]+)/gsu;

/** Elements whose text is not running prose: left as they are. */
const UNTOUCHED = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'svg', 'math', 'textarea']);

/** An inline element of at most this many characters is kept whole on the line of the marks after it. */
const SHORT = 8;

function nobr(children: ElementContent[]): Element {
  return { type: 'element', tagName: 'span', properties: { className: ['nobr'] }, children };
}

/** The children of one element with every run of marks kept on the line of the character before it. */
function keepMarksOnLine(children: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const child of children) {
    if (child.type !== 'text') {
      out.push(child);
      continue;
    }
    let last = 0;
    for (const match of child.value.matchAll(MARKS)) {
      const [, before, marks] = match;
      const start = match.index;
      if (start > last) out.push(text(child.value.slice(last, start)));
      last = start + match[0].length;
      if (before) {
        out.push(nobr([text(before + marks)]));
        continue;
      }
      // The marks open the text node: the character before them ends the previous sibling.
      const previous = out.at(-1);
      const split = previous && previous.type === 'element' && phrasing(previous) ? ([...toString(previous)].length <= SHORT ? { last: previous } : splitLastCharacter(previous)) : undefined;
      if (!split) {
        out.push(text(marks));
        continue;
      }
      out.pop();
      if ('rest' in split && split.rest) out.push(split.rest);
      out.push(nobr([split.last, text(marks)]));
    }
    if (last === 0) out.push(child);
    else if (last < child.value.length) out.push(text(child.value.slice(last)));
  }
  return out;
}

function text(value: string): Text {
  return { type: 'text', value };
}

/**
 * An inline element cut before its last character: what remains (undefined when nothing does)
 * and a copy holding only that character (without the id, which stays with the rest). Undefined
 * when the element does not end in text (an image, a line break, whitespace).
 */
function splitLastCharacter(node: ElementContent): { rest?: ElementContent; last: ElementContent } | undefined {
  if (node.type === 'text') {
    const chars = [...node.value];
    const final = chars.pop();
    if (!final || /\s/u.test(final)) return undefined;
    return { rest: chars.length ? text(chars.join('')) : undefined, last: text(final) };
  }
  if (node.type !== 'element' || UNTOUCHED.has(node.tagName) || !node.children.length) return undefined;
  const inner = splitLastCharacter(node.children[node.children.length - 1]);
  if (!inner) return undefined;
  if (!inner.rest && node.children.length === 1) return { last: node };
  const { id: _id, ...properties } = node.properties;
  return {
    rest: { ...node, children: [...node.children.slice(0, -1), ...(inner.rest ? [inner.rest] : [])] },
    last: { ...node, properties, children: [inner.last] },
  };
}

function walk(node: Root | Element): void {
  node.children = keepMarksOnLine(node.children) as typeof node.children;
  for (const child of node.children) if (child.type === 'element' && !UNTOUCHED.has(child.tagName) && !isNobr(child)) walk(child);
}

function isNobr(node: Element): boolean {
  return node.tagName === 'span' && Array.isArray(node.properties.className) && node.properties.className.includes('nobr');
}

export default function rehypeLineMarks() {
  return (tree: Root) => walk(tree);
}

/**
 * A line of text from content (a title, a subtitle) as escaped HTML with the same rule as the
 * bodies: each run of marks in a nobr span with the character before it. For templates
 * (`{{marks article.title}}`), where the text never passed through the transform.
 */
export function marksKeptOnLineHtml(value: string): string {
  return toHtml({ type: 'root', children: keepMarksOnLine([text(value)]) });
}

/**
 * Floats: a figure or table that does not fit in the rest of a page (or column) is moved, as a
 * typesetter floats it, after the text that fills that page, so that no hole is left.
 *
 * Chromium has no page floats, so the build learns from its own print. Every float of an article
 * body carries two empty marks, before and after it (named destinations in the PDF). When the
 * first print shows a float that starts on a later page or column than the mark before it, the
 * space left below that mark is a hole: the float is moved after the paragraphs that fill it
 * (estimated from their length in characters) and the document is printed again. The next print
 * measures again, so a short estimate is corrected; the number of rounds is bounded by the
 * caller. A float never moves past the next float (figures stay in order), and a table taller
 * than half a page may split across pages (its header repeats) instead of moving.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';

/** Article id → (index of a float among the body's blocks → index of the block it now follows). */
export type FloatPlacement = Record<string, Record<number, number>>;

/** What the measurement needs of the page: all in pt. */
export interface FloatGeometry {
  /** Height of the page box and of its content area (between top and bottom margins). */
  pageHeight: number;
  contentHeight: number;
  contentWidth: number;
  lineHeight: number;
  columns: 1 | 2;
  charsPerLine: number;
}

/** A hole smaller than this many body lines is left alone. */
export const TOLERATED_EMPTY_LINES = 3;

const markId = (articleId: string, index: number, side: 'a' | 'b') => `${articleId}-float${index}${side}`;

interface Block {
  node: Element;
  /** Index among the body's elements, in the source order. */
  index: number;
  float: boolean;
  /** Estimated body lines in one column. */
  lines: number;
}

/** The blocks of an article body (its top-level elements; white space between them is dropped). */
function blocksOf(html: string, charsPerLine: number, contentLines: number): Block[] {
  const root = fromHtml(html, { fragment: true }) as Root;
  const elements = root.children.filter((node: RootContent): node is Element => node.type === 'element');
  return elements.map((node, index) => {
    const float = isFloat(node);
    const text = toString(node).replace(/\s+/g, '');
    const heading = /^h[1-6]$/.test(node.tagName);
    const lines = float ? 0 : Math.max(1, Math.ceil(text.length / charsPerLine)) + (heading ? 1 : 0);
    return { node, index, float: float && !splits(node, contentLines), lines };
  });
}

/** Figures (photos, charts, data tables) and tables are floats. */
function isFloat(node: Element): boolean {
  if (node.tagName === 'figure' || node.tagName === 'table') return true;
  const classes = classList(node);
  return classes.some((c) => /^(figure|table|chart|data-table)(-|$)/.test(c)) && containsTag(node, ['table', 'img', 'svg', 'picture']);
}

/** A table taller than half a page splits across pages (its header repeated) rather than moving. */
function splits(node: Element, contentLines: number): boolean {
  let rows = 0;
  const visit = (n: ElementContent | Element) => {
    if (n.type !== 'element') return;
    if (n.tagName === 'tr') rows++;
    n.children.forEach(visit);
  };
  visit(node);
  // A row of a table takes about 1.4 body lines (padding, rules).
  return rows * 1.4 > contentLines / 2;
}

function classList(node: Element): string[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? String(value).split(' ') : [];
}

function containsTag(node: Element, tags: string[]): boolean {
  return node.children.some((child) => child.type === 'element' && (tags.includes(child.tagName) || containsTag(child, tags)));
}

function mark(id: string): Element {
  return { type: 'element', tagName: 'div', properties: { className: ['float-mark'], id }, children: [] };
}

/**
 * The article body as printed: its floats moved where `moves` says, each between two marks, and
 * the hidden links that make Chromium write the marks as named destinations. Tables that split
 * are marked `float-split`.
 */
export function placeFloats(html: string, articleId: string, moves: Record<number, number> = {}, charsPerLine: number, contentLines: number): string {
  const blocks = blocksOf(html, charsPerLine, contentLines);
  if (!blocks.some((b) => b.float || isFloat(b.node))) return html;
  const children: ElementContent[] = [];
  const ids: string[] = [];
  for (const block of order(blocks, moves)) {
    if (isFloat(block.node) && !block.float) {
      block.node.properties = { ...block.node.properties, className: [...classList(block.node), 'float-split'] };
    }
    if (!block.float) {
      children.push(block.node);
      continue;
    }
    ids.push(markId(articleId, block.index, 'a'), markId(articleId, block.index, 'b'));
    children.push(mark(ids.at(-2)!), block.node, mark(ids.at(-1)!));
  }
  const links: Element = {
    type: 'element',
    tagName: 'p',
    properties: { hidden: true, className: ['float-marks'] },
    children: ids.map((id) => ({ type: 'element', tagName: 'a', properties: { href: `#${id}` }, children: [] })),
  };
  return toHtml({ type: 'root', children: [...children, links] });
}

interface Mark {
  page: number;
  /** From the top of the content area, pt. */
  y: number;
  column: number;
}

/**
 * The placement for the next print, or undefined when no float left a hole of more than
 * TOLERATED_EMPTY_LINES lines in `pdf` (or none can move further).
 */
export async function nextPlacement(
  pdf: Uint8Array,
  articles: { id: string; html: string }[],
  current: FloatPlacement,
  geometry: FloatGeometry,
): Promise<FloatPlacement | undefined> {
  const { readMarks } = await import('./destinations.ts');
  const { marks } = await readMarks(pdf);
  const columnWidth = geometry.contentWidth / geometry.columns;
  const at = (id: string): Mark | undefined => {
    const m = marks.get(id);
    return m && { page: m.page, y: geometry.pageHeight - m.top, column: Math.min(geometry.columns - 1, Math.floor((m.left + 1) / columnWidth)) };
  };
  const contentLines = geometry.contentHeight / geometry.lineHeight;
  let changed = false;
  const next: FloatPlacement = structuredClone(current);
  for (const article of articles) {
    const blocks = blocksOf(article.html, geometry.charsPerLine, contentLines);
    const moves = (next[article.id] ??= {});
    // Blocks in the order they were printed.
    const printed = order(blocks, current[article.id] ?? {});
    for (const block of blocks) {
      if (!block.float) continue;
      const before = at(markId(article.id, block.index, 'a'));
      const after = at(markId(article.id, block.index, 'b'));
      if (!before || !after || (before.page === after.page && before.column === after.column)) continue;
      const emptyLines = Math.floor((geometry.contentHeight - before.y) / geometry.lineHeight);
      if (emptyLines <= TOLERATED_EMPTY_LINES) continue;
      // Moved to the next page: every column below the mark is empty (the columns above a
      // figure spanning both are balanced); to the next column: the rest of this one.
      const columnsLeft = after.page > before.page ? geometry.columns - (geometry.columns === 2 && before.column === 1 ? 0 : before.column) : 1;
      const capacity = emptyLines * Math.max(1, columnsLeft);
      // The floats that directly follow it move with it, in their order.
      const group = [block];
      for (let i = printed.indexOf(block) + 1; i < printed.length && printed[i].float; i++) group.push(printed[i]);
      const target = fillingBlock(printed, group.at(-1)!, capacity);
      if (target === undefined || target === moves[block.index]) continue;
      for (const member of group) moves[member.index] = target;
      changed = true;
    }
    if (Object.keys(moves).length === 0) delete next[article.id];
  }
  return changed ? next : undefined;
}

/** The blocks in print order for a placement (the order placeFloats writes them in). */
function order(blocks: Block[], moves: Record<number, number>): Block[] {
  const result = blocks.filter((b) => !(b.float && moves[b.index] !== undefined));
  for (const block of blocks) {
    const after = block.float ? moves[block.index] : undefined;
    if (after === undefined) continue;
    let at = result.findIndex((b) => b.index === after) + 1;
    while (at < result.length && result[at].float && result[at].index < block.index) at++;
    result.splice(at, 0, block);
  }
  return result;
}

/**
 * The block after which `float` goes: the one whose lines, counted from the float on, first
 * reach `capacity` — so the text fills the hole and the float follows the paragraph that ends the
 * page. Never past the next float; undefined when no text follows.
 */
function fillingBlock(printed: Block[], float: Block, capacity: number): number | undefined {
  let lines = 0;
  let last: number | undefined;
  for (const block of printed.slice(printed.indexOf(float) + 1)) {
    if (block.float || isFloat(block.node)) break;
    last = block.index;
    lines += block.lines;
    if (lines >= capacity) break;
  }
  return last;
}

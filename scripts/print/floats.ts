/**
 * Floats: a figure or table that does not fit in the rest of a page (or column) goes to the top
 * of the next one, and the text after it flows on to fill the page, as a typesetter floats it.
 *
 * Chromium has no page floats, so the build learns from its own print. Every float of an article
 * body has an empty mark before it and one where it starts, and every character of the text that follows it
 * (up to the next float, at most a page of it) an empty inline mark: all are named
 * destinations in the PDF. When a print shows a float that starts on a later page or column than
 * the mark before it, the space below that mark is a hole of so many lines; the characters after
 * the float, as printed, show where each of their lines starts. The float then moves to the
 * start of the line that would no longer fit in the hole — splitting that paragraph there (the
 * rest goes on after the float, unindented) — and the document is printed again. The next print
 * measures again; the caller bounds the rounds. A float never moves past the next float, and the
 * floats directly after it move with it, so figures keep their order. A table taller than half a
 * page splits across pages instead (its header repeats).
 */
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';

/** Where a float goes: into block `block` (an index among the body's elements) before its character `offset` (0: before the block). */
export interface FloatPosition {
  block: number;
  offset: number;
}

/** Article id → (index of a float among the body's elements → where it now goes). */
export type FloatPlacement = Record<string, Record<number, FloatPosition>>;

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

/** A hole of this many body lines or fewer is left alone. */
export const TOLERATED_EMPTY_LINES = 3;
/** The characters after a float that carry marks: about a page of text in two columns (each mark makes printing slower). */
const MARKED_CHARACTERS = 1800;
/**
 * Every third character carries a mark (each makes printing slower): a line found to start
 * between two marks starts, for the split, right after the earlier one — at most two characters
 * early, so the line before the float is justified a little wider, never overfull. (Where 禁则
 * keep an opening mark with the character after it, one more goes: a short document marks every
 * character instead, see placeFloats' markEvery.)
 */
const MARK_EVERY = 3;

const floatMark = (articleId: string, index: number, side: 'a' | 's') => `${articleId}-float${index}${side}`;
const charMark = (articleId: string, block: number, offset: number) => `${articleId}-c${block}-${offset}`;

/** Whether a named destination is one of the marks floats are measured with (no reader needs them in the final PDF). */
export function isFloatMark(name: string): boolean {
  return /-(float\d+[as]|c\d+-\d+)$/.test(name);
}
const CHARACTER_MARK = /-c\d+-\d+$/;

interface Block {
  node: Element;
  /** Index among the body's elements, in the source order. */
  index: number;
  /** A figure or table that moves (one that splits across pages does not). */
  float: boolean;
  /** A table that splits across pages. */
  split: boolean;
}

/** The blocks of an article body: its top-level elements (white space between them is dropped). */
function blocksOf(html: string, contentLines: number): Block[] {
  const root = fromHtml(html, { fragment: true }) as Root;
  const elements = root.children.filter((node: RootContent): node is Element => node.type === 'element');
  return elements.map((node, index) => {
    const figure = isFloat(node);
    const split = figure && splits(node, contentLines);
    return { node, index, float: figure && !split, split };
  });
}

/** Figures (photos, charts, data tables) and tables are floats. */
function isFloat(node: Element): boolean {
  if (node.tagName === 'figure' || node.tagName === 'table') return true;
  return classList(node).some((c) => /^(figure|table|chart|data-table)(-|$)/.test(c)) && containsTag(node, ['table', 'img', 'svg', 'picture']);
}

/** A table taller than half a page (a row takes about 1.4 body lines with its padding and rules). */
function splits(node: Element, contentLines: number): boolean {
  let rows = 0;
  const visit = (n: ElementContent) => {
    if (n.type !== 'element') return;
    if (n.tagName === 'tr') rows++;
    n.children.forEach(visit);
  };
  node.children.forEach(visit);
  return rows * 1.4 > contentLines / 2;
}

function classList(node: Element): string[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? String(value).split(' ') : [];
}

function containsTag(node: Element, tags: string[]): boolean {
  return node.children.some((child) => child.type === 'element' && (tags.includes(child.tagName) || containsTag(child, tags)));
}

function element(tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

/** Text blocks that carry character marks: those after each float, up to the next one, at most MARKED_CHARACTERS. */
function markedBlocks(blocks: Block[]): Set<number> {
  const marked = new Set<number>();
  blocks.forEach((block, i) => {
    if (!block.float) return;
    let characters = 0;
    for (const next of blocks.slice(i + 1)) {
      if (next.float || next.split || characters >= MARKED_CHARACTERS) break;
      marked.add(next.index);
      characters += countable(toString(next.node));
    }
  });
  return marked;
}

const countable = (text: string) => [...text.replace(/\s+/g, '')].length;

/** Marks no line may start with (禁则): closing marks, pause and stop marks, dashes, ellipses, middle dots. */
const NO_LINE_START = /[，。、；：？！）》」』】〕〉”’…—·～]/u;

/**
 * Where to cut a paragraph (its `characters`, white space aside) for a split found at `offset`:
 * earlier while the continued part would start with a mark no line may start with (the mark stays
 * with the character before it, and the line before the float is justified a little wider), but
 * not before the paragraph's second character, nor before `floor` (an earlier cut: a float found
 * there too goes with it).
 */
function lineStartAt(characters: string[], offset: number, floor: number): number {
  while (offset > Math.max(floor, 1) && NO_LINE_START.test(characters[offset] ?? '')) offset--;
  return offset;
}

/** Every `every`-th character (white space aside) of `node`'s text preceded by an empty mark `<a id>`; returns the ids. */
function markCharacters(node: Element, id: (offset: number) => string, every: number): string[] {
  const ids: string[] = [];
  let counted = 0;
  const visit = (parent: Element) => {
    if (parent.tagName === 'svg') return;
    parent.children = parent.children.flatMap((child): ElementContent[] => {
      if (child.type === 'element') {
        visit(child);
        return [child];
      }
      if (child.type !== 'text') return [child];
      const pieces: ElementContent[] = [];
      for (const character of child.value) {
        if (!/\s/.test(character)) {
          if (counted % every === 0) {
            ids.push(id(counted));
            pieces.push(element('a', { className: ['char-mark'], id: ids.at(-1) }));
          }
          counted++;
        }
        const last = pieces.at(-1);
        if (last?.type === 'text') last.value += character;
        else pieces.push({ type: 'text', value: character } satisfies Text);
      }
      return pieces;
    });
  };
  visit(node);
  return ids;
}

/**
 * `node` cut before its character `offset` (white space not counted): the part before, marked
 * `split-before`, and the part after, marked `continued` (unindented); marks without text go
 * with the character they precede.
 */
function splitAt(node: Element, offset: number): [Element, Element] {
  let left = offset;
  const cut = (parent: Element): [Element, Element] => {
    const before: ElementContent[] = [];
    const after: ElementContent[] = [];
    for (const child of parent.children) {
      if (left <= 0) {
        after.push(child);
        continue;
      }
      if (child.type === 'text') {
        const characters = [...child.value];
        let i = 0;
        for (; i < characters.length && left > 0; i++) if (!/\s/.test(characters[i])) left--;
        before.push({ type: 'text', value: characters.slice(0, i).join('') });
        if (i < characters.length) after.push({ type: 'text', value: characters.slice(i).join('') });
      } else if (child.type === 'element' && countable(toString(child)) > 0 && countable(toString(child)) > left) {
        const [b, a] = cut(child);
        before.push(b);
        after.push(a);
      } else {
        if (child.type === 'element') left -= countable(toString(child));
        before.push(child);
      }
    }
    return [
      { ...parent, children: before },
      { ...parent, properties: { ...parent.properties, id: undefined }, children: after },
    ];
  };
  const [before, after] = cut(node);
  before.properties = { ...before.properties, className: [...classList(before), 'split-before'] };
  after.properties = { ...after.properties, className: [...classList(after), 'continued'] };
  return [before, after];
}

/** For each article (by its view): its body prepared, and the last layout of it: the renders of one document mostly ask for the same layout again. */
const laidOut = new WeakMap<object, { html: string; prepared: string; key?: string; placed?: string }>();

/**
 * placeFloats(prepare(html), …), remembered for `owner` (the article's view) until it is asked
 * for another layout: a document is rendered several times (the draft its fonts are subset from,
 * its layout key, each print), and parsing and writing an article body again costs more than
 * anything else in a render. `moves` 'unmarked' gives the prepared body as it is, without floats
 * placed or marks (whose characters are the same: what the fonts and the layout key are taken from).
 */
export function placeFloatsOf(owner: object, html: string, prepare: (html: string) => string, articleId: string, moves: Record<number, FloatPosition> | undefined | 'unmarked', contentLines: number, markEvery = MARK_EVERY, final = false): string {
  let body = laidOut.get(owner);
  if (!body || body.html !== html) laidOut.set(owner, (body = { html, prepared: prepare(html) }));
  if (moves === 'unmarked') return body.prepared;
  const key = JSON.stringify([articleId, moves ?? {}, contentLines, markEvery, final]);
  if (body.key !== key || body.placed === undefined) Object.assign(body, { key, placed: placeFloats(body.prepared, articleId, moves, contentLines, markEvery, final) });
  return body.placed!;
}

/**
 * The article body as printed: each float between its two marks, where `moves` puts it (a block
 * it goes into is split there), the text after each float marked character by character, tables
 * that split across pages marked `float-split`, and the hidden links that make Chromium write
 * every mark as a named destination. For the `final` print, which is kept, only the floats' own
 * marks are linked: the character marks stay (the lines break around them as in the drafts),
 * but their thousands of destinations, which cost Chromium and pdf-lib time, are left out.
 */
export function placeFloats(html: string, articleId: string, moves: Record<number, FloatPosition> = {}, contentLines: number, markEvery = MARK_EVERY, final = false): string {
  const blocks = blocksOf(html, contentLines);
  if (!blocks.some((b) => b.float || b.split)) return html;
  const ids: string[] = [];
  const marked = markedBlocks(blocks);
  for (const block of blocks) {
    if (block.split) block.node.properties = { ...block.node.properties, className: [...classList(block.node), 'float-split'] };
    if (marked.has(block.index)) ids.push(...markCharacters(block.node, (offset) => charMark(articleId, block.index, offset), markEvery));
  }
  // Floats by the block they go into; within one block, by offset then source order.
  const into = new Map<number, Block[]>();
  for (const block of blocks) {
    const position = block.float ? moves[block.index] : undefined;
    if (position) into.set(position.block, [...(into.get(position.block) ?? []), block]);
  }
  // A mark before the float, and one where it starts: the first thing inside a figure (a mark
  // after the float could be pushed onto a page of its own), after anything else.
  const floatNodes = (float: Block): ElementContent[] => {
    const before = element('div', { className: ['float-mark'], id: floatMark(articleId, float.index, 'a') });
    const start = element('div', { className: ['float-mark'], id: floatMark(articleId, float.index, 's') });
    ids.push(floatMark(articleId, float.index, 'a'), floatMark(articleId, float.index, 's'));
    if (float.node.tagName === 'figure') return [before, { ...float.node, children: [start, ...float.node.children] }];
    return [before, float.node, start];
  };
  const children: ElementContent[] = [];
  for (const block of blocks) {
    if (block.float && moves[block.index]) continue;
    const arriving = (into.get(block.index) ?? []).sort((a, b) => moves[a.index].offset - moves[b.index].offset || a.index - b.index);
    let rest: Element | undefined = block.float ? undefined : block.node;
    let done = 0;
    const characters = block.float ? [] : [...toString(block.node).replace(/\s+/g, '')];
    for (const float of arriving) {
      const offset = lineStartAt(characters, moves[float.index].offset, done);
      if (rest && offset > done && offset < done + countable(toString(rest))) {
        const [before, after] = splitAt(rest, offset - done);
        children.push(before);
        rest = after;
        done = offset;
      } else if (rest && offset > done) {
        children.push(rest);
        rest = undefined;
      }
      children.push(...floatNodes(float));
    }
    if (rest && !block.float) children.push(rest);
    if (block.float) children.push(...floatNodes(block));
  }
  const linked = final ? ids.filter((id) => !CHARACTER_MARK.test(id)) : ids;
  const links = element('p', { hidden: true, className: ['float-marks'] }, linked.map((id) => element('a', { href: `#${id}` })));
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
    const blocks = blocksOf(article.html, contentLines);
    const moves = (next[article.id] ??= {});
    const placed = current[article.id] ?? {};
    const handled = new Set<number>();
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (!block.float || handled.has(block.index)) continue;
      const before = at(floatMark(article.id, block.index, 'a'));
      const start = at(floatMark(article.id, block.index, 's'));
      if (!before || !start) continue;
      // A figure across both columns is pushed when it starts on a later page (the mark before it
      // ends the balanced columns above it, in the last one), and then leaves both columns empty
      // below the mark; one in a column when it starts in a later column, leaving the rest of that one.
      const inColumn = geometry.columns === 1 || classList(block.node).some((c) => c === 'figure-column' || c === 'figure-half');
      const pushed = inColumn ? start.page > before.page || start.column > before.column : start.page > before.page;
      if (!pushed) continue;
      // The mark sits at the foot of the last line box, a little below the glyphs a reader sees end
      // there: a room of three and a half lines already looks like four empty ones.
      const room = geometry.contentHeight - before.y;
      if (room / geometry.lineHeight < TOLERATED_EMPTY_LINES + 0.5) continue;
      const columnsLeft = inColumn ? 1 : geometry.columns;
      // The floats that directly follow it (in the source and where they print) move with it;
      // when the text before the next float cannot fill the hole, that float joins them too.
      const group = [block];
      const joinFollowing = () => {
        for (let j = blocks.indexOf(group.at(-1)!) + 1; j < blocks.length && blocks[j].float && samePosition(placed[blocks[j].index], placed[group[0].index]); j++) group.push(blocks[j]);
      };
      joinFollowing();
      let capacity = room * columnsLeft;
      let from = placed[block.index] ?? { block: group.at(-1)!.index + 1, offset: 0 };
      let target: FloatPosition | undefined;
      for (;;) {
        const nextFloat = blocks.slice(blocks.indexOf(group.at(-1)!) + 1).find((b) => b.float || b.split);
        const found = lineStart(article.id, blocks, from, nextFloat, capacity, geometry.lineHeight, at);
        if ('position' in found) {
          target = found.position;
          break;
        }
        if (!nextFloat || nextFloat.split) {
          target = found.lastText === undefined ? undefined : { block: found.lastText, offset: Number.MAX_SAFE_INTEGER };
          break;
        }
        capacity -= found.used;
        group.push(nextFloat);
        joinFollowing();
        from = placed[nextFloat.index] ?? { block: group.at(-1)!.index + 1, offset: 0 };
      }
      group.forEach((member) => handled.add(member.index));
      if (!target || samePosition(target, placed[block.index])) continue;
      for (const member of group) moves[member.index] = target;
      changed = true;
    }
    // Figures keep their order: no float goes before one that comes earlier in the text.
    let previous: FloatPosition | undefined;
    for (const block of blocks) {
      if (!block.float) continue;
      const position = moves[block.index] ?? { block: block.index, offset: 0 };
      if (previous && before(position, previous)) moves[block.index] = previous;
      else previous = position;
    }
    if (Object.keys(moves).length === 0) delete next[article.id];
  }
  return changed ? next : undefined;
}

/** Whether `a` comes before `b` in the text (a float in its own place is at offset 0 of its own block). */
function before(a: FloatPosition, b: FloatPosition): boolean {
  return a.block < b.block || (a.block === b.block && a.offset < b.offset);
}

function samePosition(a: FloatPosition | undefined, b: FloatPosition | undefined): boolean {
  return a?.block === b?.block && a?.offset === b?.offset;
}

/**
 * Where the float goes so that the text from `from` up to the next float, as printed, fills
 * `capacity` pt of column height before it: the start of the first line that no longer fits.
 * Each line's height is read from where the next one starts (headings take more). When all that
 * text fits, how much of the capacity it used and its last block.
 */
function lineStart(
  articleId: string,
  blocks: Block[],
  from: FloatPosition,
  nextFloat: Block | undefined,
  capacity: number,
  lineHeight: number,
  at: (id: string) => Mark | undefined,
): { position: FloatPosition } | { used: number; lastText?: number } {
  const end = nextFloat?.index ?? blocks.length;
  const lines: { position: FloatPosition; mark: Mark }[] = [];
  let lastText: number | undefined;
  for (const block of blocks.slice(from.block, end)) {
    const length = countable(toString(block.node));
    let previousOffset: number | undefined;
    for (let offset = block.index === from.block ? from.offset : 0; offset < length; offset++) {
      const mark = at(charMark(articleId, block.index, offset));
      if (!mark) continue;
      const previous = lines.at(-1)?.mark;
      if (!previous || previous.page !== mark.page || previous.column !== mark.column || Math.abs(previous.y - mark.y) > 1) {
        lines.push({ position: { block: block.index, offset: previousOffset === undefined ? offset : previousOffset + 1 }, mark });
      }
      previousOffset = offset;
    }
    if (!block.float) lastText = block.index;
  }
  let used = 0;
  for (let k = 0; k < lines.length; k++) {
    const following = lines[k + 1]?.mark;
    const { mark } = lines[k];
    const height = following && following.page === mark.page && following.column === mark.column ? following.y - mark.y : lineHeight;
    if (used + height > capacity + 1) return { position: lines[k].position };
    used += height;
  }
  return { used, lastText };
}

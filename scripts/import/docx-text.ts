import type { Heading, Nodes, Paragraph, Parents, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { isStraySpace } from './punctuation.ts';

/**
 * The text of a Word document as an article wants it: no soft hyphens or zero-width marks, manual
 * line breaks (Shift+Enter) joined, first-line indents of spaces dropped, spaces between Chinese
 * characters removed. Works on a whole block at once, so a space between a bold run and the text
 * after it is judged by the characters on both sides.
 */
export function tidyDocxText(tree: Root): void {
  // Links into the document itself (a 目录 entry, a cross-reference) lead nowhere in the article, and a
  // bookmark is an anchor without a link: their text stays.
  visit(tree, 'link', (node, index, parent) => {
    if (!parent || index === undefined || (node.url && !node.url.startsWith('#'))) return;
    parent.children.splice(index, 1, ...node.children);
    return [SKIP, index];
  });
  visit(tree, 'break', (_node, index, parent) => {
    if (parent && index !== undefined) parent.children.splice(index, 1, { type: 'text', value: ' ' });
  });
  visit(tree, 'text', (node) => {
    node.value = node.value.replace(/[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g, '').replace(/\r?\n/g, ' ');
  });
  visit(tree, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return;
    tidyBlock(node);
    return SKIP;
  });
  removeEmpty(tree);
}

const space = /[ \t\u00a0\u3000]/;

/** One character stands for an inline node that is not text: a footnote mark counts as Chinese punctuation. */
type Slot = { node: Text; index: number } | { char: string };

function tidyBlock(block: Parents): void {
  const slots: Slot[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'text') [...node.value].forEach((_, index) => slots.push({ node, index }));
    else if (node.type === 'footnoteReference') slots.push({ char: '。' });
    else if (node.type === 'image' || node.type === 'inlineCode') slots.push({ char: 'x' });
    else if ('children' in node) node.children.forEach(walk);
  };
  block.children.forEach(walk);
  const charAt = (i: number) => {
    const slot = slots[i];
    if (!slot) return undefined;
    return 'char' in slot ? slot.char : [...slot.node.value][slot.index];
  };
  const kept = new Map<Text, string[]>();
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    if ('char' in slot) continue;
    const chars = kept.get(slot.node) ?? [];
    kept.set(slot.node, chars);
    const char = charAt(i)!;
    if (!space.test(char)) {
      chars.push(char);
      continue;
    }
    let end = i;
    while (end + 1 < slots.length && space.test(charAt(end + 1) ?? '')) end++;
    const before = charAt(i - 1);
    const after = charAt(end + 1);
    const firstOfRun = i === 0 || !space.test(before ?? '');
    if (firstOfRun && before !== undefined && after !== undefined && !isStraySpace(before, after)) chars.push(' ');
  }
  for (const [node, chars] of kept) node.value = chars.join('');
}

/** Paragraphs left empty (a line of spaces, a removed break) and empty formatting. */
function removeEmpty(tree: Root): void {
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return;
    const empty = (node.type === 'paragraph' || node.type === 'strong' || node.type === 'emphasis') && !node.children.some(hasContent);
    if (!empty) return;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
}

function hasContent(node: Nodes): boolean {
  if (node.type === 'text') return node.value !== '';
  if ('children' in node) return node.children.some(hasContent);
  return true;
}

/** Longer than this, a paragraph that starts like a heading is a paragraph that happens to. */
const MAX_HEADING = 40;

/** The numbering of a government document's headings, level by level. */
export const numbering = [
  { pattern: /^[一二三四五六七八九十百]+、/, depth: 2 },
  { pattern: /^[（(][一二三四五六七八九十百]+[）)]/, depth: 3 },
  { pattern: /^[0-9０-９]+[.．、](?![0-9０-９])/, depth: 4 },
  { pattern: /^[（(][0-9０-９]+[）)]/, depth: 5 },
] as const;

/**
 * Headings typed as numbered paragraphs: 一、… alone on its line is a `##` heading, （一）… a
 * `###`, 1. a `####`; a numbered lead sentence that the paragraph goes on after
 * (（一）健全工作机制。坚持…) becomes a bold run-in lead, as the magazine prints it. A short
 * paragraph that is bold throughout (a 黑体 line) is a heading too. Heading styles keep their
 * order, shifted so that the highest is `##`.
 */
export function numberedHeadings(tree: Root): void {
  shiftStyledHeadings(tree);
  tree.children = tree.children.map((block) => (block.type === 'paragraph' ? headingOf(block) : block));
}

function shiftStyledHeadings(tree: Root): void {
  const depths = tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => node.depth);
  if (!depths.length) return;
  const shift = 2 - Math.min(...depths);
  for (const node of tree.children) if (node.type === 'heading') node.depth = Math.min(6, Math.max(2, node.depth + shift)) as Heading['depth'];
}

function headingOf(paragraph: Paragraph): RootContent {
  const text = toString(paragraph);
  const level = numbering.find(({ pattern }) => pattern.test(text));
  const bold = isBoldThroughout(paragraph);
  const short = text.length <= MAX_HEADING && !/[。！？；]/.test(text.replace(/[。.]$/, ''));
  const heading = (depth: number): Heading => ({ type: 'heading', depth: depth as Heading['depth'], children: unbold(paragraph.children) });
  // 1. and （1） on a line of their own are headings only when bold: short numbered items are common in lists.
  if (short && level && (level.depth <= 3 || bold)) return heading(level.depth);
  if (short && bold && !level && !/[。！？；，：]$/.test(text)) return heading(2);
  if (level?.depth === 3) return runInLead(paragraph, text) ?? paragraph;
  return paragraph;
}

function isBoldThroughout(paragraph: Paragraph): boolean {
  const visible = paragraph.children.filter((child) => !(child.type === 'text' && !child.value.trim()));
  return visible.length > 0 && visible.every((child) => child.type === 'strong');
}

function unbold(children: PhrasingContent[]): PhrasingContent[] {
  return children.flatMap((child) => (child.type === 'strong' ? child.children : [child]));
}

/** （一）健全工作机制。坚持… → **（一）健全工作机制。**坚持…; a lead already bold stays as Word has it. */
function runInLead(paragraph: Paragraph, text: string): Paragraph | undefined {
  if (paragraph.children[0]?.type === 'strong') return undefined;
  const lead = /^.+?[。！？：]/.exec(text)?.[0];
  const first = paragraph.children[0];
  if (!lead || lead.length > MAX_HEADING || first?.type !== 'text' || !first.value.startsWith(lead)) return undefined;
  const rest: PhrasingContent[] = first.value.length > lead.length ? [{ type: 'text', value: first.value.slice(lead.length) }] : [];
  return { ...paragraph, children: [{ type: 'strong', children: [{ type: 'text', value: lead }] }, ...rest, ...paragraph.children.slice(1)] };
}

import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { defaultHandlers, toMdast, type Handle, type State } from 'hast-util-to-mdast';
import type { FootnoteDefinition, FootnoteReference, Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/** What a block was in Word, when its style said more than its HTML element does. */
export type DocxRole = 'title' | 'subtitle';

declare module 'mdast' {
  interface Data {
    /** Set on the heading or paragraph of Word's Title and Subtitle styles. */
    docxRole?: DocxRole;
  }
}

/**
 * mammoth's HTML as mdast. Its footnotes and endnotes (a `<sup><a href="#footnote-1">` reference
 * and an `<ol>` of `<li id="footnote-1">` at the end) become GFM footnotes, numbered in the order
 * they are referred to; Title and Subtitle paragraphs are marked for the front matter.
 */
export function docxHtmlToMdast(html: string): Root {
  const hast = fromHtml(html, { fragment: true }) as HastRoot;
  const notes = noteLabels(hast);
  removeBackLinks(hast);
  headerRows(hast);
  const handlers: Record<string, Handle> = {
    sup: (state, node) => noteReference(node, notes) ?? state.all(node),
    ol: (state, node) => noteDefinitions(state, node, notes) ?? defaultHandlers.ol(state, node),
    h1: (state, node) => marked(defaultHandlers.h1(state, node), roleOf(node)),
    p: (state, node) => marked(defaultHandlers.p(state, node), roleOf(node)),
  };
  return toMdast(hast, { handlers }) as Root;
}

/**
 * Word marks a header row only when "repeat as header row" is set; mammoth then writes `<th>`.
 * Otherwise the first row is the header all the same (a GFM table has one): its cells become `<th>`.
 */
function headerRows(tree: HastRoot): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'table') return;
    const sections = node.children.filter((child): child is Element => child.type === 'element');
    if (sections.some((child) => child.tagName === 'thead')) return;
    const rows = sections.flatMap((child) => (child.tagName === 'tbody' ? child.children : [child])).filter((child): child is Element => child.type === 'element' && child.tagName === 'tr');
    const first = rows[0];
    if (!first) return;
    for (const cell of first.children) if (cell.type === 'element' && cell.tagName === 'td') cell.tagName = 'th';
  });
}

/** A note's id in the HTML (footnote-1, endnote-1) → its label in the article (1, 2 …). */
function noteLabels(tree: HastRoot): Map<string, string> {
  const labels = new Map<string, string>();
  visit(tree, 'element', (node) => {
    const target = noteTarget(node);
    if (target && !labels.has(target)) labels.set(target, String(labels.size + 1));
  });
  return labels;
}

/** The note a `<sup><a href="#footnote-1">[1]</a></sup>` points to. */
function noteTarget(node: Element): string | undefined {
  if (node.tagName !== 'sup') return undefined;
  const links = node.children.filter((child): child is Element => child.type === 'element');
  const href = links.length === 1 && links[0].tagName === 'a' ? String(links[0].properties.href ?? '') : '';
  return /^#(foot|end)note-\d+$/.exec(href)?.[0].slice(1);
}

/** mammoth ends each note with a ↑ link back to its reference: the footnote gets its own. */
function removeBackLinks(tree: HastRoot): void {
  visit(tree, 'element', (node) => {
    node.children = node.children.filter((child) => !(child.type === 'element' && child.tagName === 'a' && /^#(foot|end)note-ref-\d+$/.test(String(child.properties.href ?? ''))));
  });
}

function noteReference(node: Element, notes: Map<string, string>): FootnoteReference | undefined {
  const target = noteTarget(node);
  const label = target && notes.get(target);
  return label ? { type: 'footnoteReference', identifier: label, label } : undefined;
}

function noteDefinitions(state: State, node: Element, notes: Map<string, string>): FootnoteDefinition[] | undefined {
  const items = node.children.filter((child): child is Element => child.type === 'element');
  const ids = items.map((item) => String(item.properties.id ?? ''));
  if (!items.length || !ids.every((id) => /^(foot|end)note-\d+$/.test(id))) return undefined;
  return items.flatMap((item, i) => {
    const label = notes.get(ids[i]);
    if (!label) return []; // a note nothing refers to (Word's separators are not notes)
    const children = state.toFlow(state.all({ ...item, children: trimEnd(item.children) }));
    return [{ type: 'footnoteDefinition', identifier: label, label, children }];
  });
}

/** Drops the space mammoth leaves before the removed back link. */
function trimEnd(children: ElementContent[]): ElementContent[] {
  return children.map((child) => (child.type === 'element' && child.tagName === 'p' ? { ...child, children: trimEnd(child.children) } : child)).filter((child, i, all) => !(i === all.length - 1 && child.type === 'text' && !child.value.trim()));
}

function roleOf(node: Element): DocxRole | undefined {
  const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
  if (classes.includes('docx-title')) return 'title';
  if (classes.includes('docx-subtitle')) return 'subtitle';
  return undefined;
}

function marked<T extends Nodes | Nodes[] | undefined | void>(result: T, role: DocxRole | undefined): T {
  if (role && result && !Array.isArray(result)) result.data = { ...result.data, docxRole: role };
  return result;
}

/**
 * The article body as a hast tree again, for the outlets that rewrite it (EPUB, 公众号): the same
 * HTML the web page and the print document show, so the three cannot drift apart.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { ArticleView } from '../render/model.ts';

export function articleTree(view: ArticleView): Root {
  const tree = fromHtml(view.html, { fragment: true });
  // A chart's narrow variant is for phones' browsers (web.css picks it); a reader shows the chart once.
  visit(tree, 'element', (node, index, parent) => {
    if (!parent || index === undefined || !classes(node).includes('chart-narrow')) return;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  return tree;
}

/** The footnotes of a body (GFM's footnote section), taken out of the tree: number, id and content. */
export interface Note {
  id: string;
  number: number;
  children: ElementContent[];
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿';

/** ①…㊿ as Chinese magazines number notes; past 50, the plain number in brackets. */
export function circled(n: number): string {
  return n >= 1 && n <= CIRCLED.length ? [...CIRCLED][n - 1] : `[${n}]`;
}

function isFootnoteSection(node: Element): boolean {
  return node.tagName === 'section' && ('dataFootnotes' in node.properties || classes(node).includes('footnotes'));
}

export function classes(node: Element): string[] {
  const value = node.properties.className;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? (value as string).split(/\s+/) : [];
}

/**
 * Removes the footnote section from `tree` and returns its notes in order, each without its
 * back-link; `reference(a, note)` rewrites each reference in the text.
 */
export function takeNotes(tree: Root, reference: (link: Element, note: Note) => ElementContent): Note[] {
  const notes: Note[] = [];
  visit(tree, 'element', (node, index, parent) => {
    if (!isFootnoteSection(node) || !parent || index === undefined) return;
    visit(node, 'element', (item) => {
      if (item.tagName !== 'li') return;
      const children = item.children.filter((c) => !(c.type === 'element' && c.tagName === 'h2'));
      visit({ type: 'root', children } as Root, 'element', (link, at, holder) => {
        // The back-links, and the number the web page prints before the note: the outlets number notes their own way.
        if (holder && at !== undefined && ((link.tagName === 'a' && isBackReference(link)) || classes(link).includes('footnote-mark'))) {
          holder.children.splice(at, 1);
          return [SKIP, at];
        }
      });
      notes.push({ id: String(item.properties.id ?? `fn-${notes.length + 1}`), number: notes.length + 1, children });
      return SKIP;
    });
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  const byId = new Map(notes.map((n) => [n.id, n]));
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'a' || !parent || index === undefined || !('dataFootnoteRef' in node.properties)) return;
    const note = byId.get(String(node.properties.href ?? '').replace(/^#/, ''));
    if (!note) return;
    // GFM wraps the reference in <sup>: replace the wrapper when it holds only the link.
    parent.children[index] = reference(node, note);
    return SKIP;
  });
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'sup' && parent && index !== undefined && node.children.length === 1 && node.children[0].type === 'element' && node.children[0].tagName === 'sup') {
      parent.children[index] = node.children[0];
    }
  });
  return notes;
}

function isBackReference(link: Element): boolean {
  return 'dataFootnoteBackref' in link.properties || classes(link).includes('data-footnote-backref');
}

/** Plain text of a tree (for lengths and digests). */
export function textOf(node: Root | Element | ElementContent): string {
  return toString(node);
}

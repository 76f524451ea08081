/**
 * GFM footnotes (`脚注[^1]` … `[^1]: 注释内容`) as a Chinese magazine prints them: circled
 * numbers ①②③ in the text and a 注释 section at the end of the article, each note starting
 * with its number. On the web each note links back with the word 返回 (print hides it); no
 * arrow glyph the fonts lack. `footnoteOptions` go to remark-rehype; rehypeFootnotes then
 * turns its output into this shape:
 *
 *   正文<sup class="footnote-ref"><a href="#fn-<file>-1" id="fnref-<file>-1" …>①</a></sup>
 *   <section class="footnotes" data-footnotes><h2 class="footnotes-title" id="footnote-label-<file>">注释</h2>
 *     <ol><li id="fn-<file>-1"><p><span class="footnote-mark">①</span>注释内容。<a class="data-footnote-backref" …>返回</a></p></li></ol></section>
 */
import type { Element, ElementContent, Root } from 'hast';
import type { Options as RehypeOptions } from 'remark-rehype';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { h } from 'hastscript';

/** Text the pipeline writes into footnotes (the fonts must draw it: test/fonts checks). */
export const FOOTNOTES_TITLE = '注释';
export const FOOTNOTE_BACK = '返回';

export const footnoteOptions: RehypeOptions = {
  clobberPrefix: '',
  footnoteLabel: FOOTNOTES_TITLE,
  footnoteLabelTagName: 'h2',
  footnoteBackContent: FOOTNOTE_BACK,
  footnoteBackLabel: (index, rereference) => `返回正文第${index + 1}条注释处${rereference > 1 ? `（第${rereference}处）` : ''}`,
};

/** ① … ⑳, ㉑ … ㉟, ㊱ … ㊿ (the bundled fonts have all fifty); beyond fifty [51]. */
export function circledNumber(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return `[${n}]`;
}

export default function rehypeFootnotes() {
  return (tree: Root, file: VFile) => {
    const scope = scopeOf(file);
    visit(tree, 'element', (node: Element) => {
      if (node.properties.dataFootnoteRef !== undefined || node.properties.dataFootnoteBackref !== undefined || node.properties.id === 'footnote-label' || (node.tagName === 'li' && String(node.properties.id ?? '').startsWith('fn-'))) {
        scopeIds(node, scope);
      }
      if (node.properties.dataFootnoteRef !== undefined && node.tagName === 'a') {
        const n = Number(textOf(node));
        if (Number.isInteger(n)) node.children = [{ type: 'text', value: circledNumber(n) }];
      }
      if (node.tagName === 'sup' && node.children.some((child) => child.type === 'element' && child.properties.dataFootnoteRef !== undefined)) {
        node.properties.className = ['footnote-ref'];
      }
      if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) markNotes(node);
      // The sanitizer's default schema allows only class="sr-only" on headings: set after it.
      if (node.tagName === 'h2' && String(node.properties.id).startsWith('footnote-label')) node.properties.className = ['footnotes-title'];
    });
  };
}

/** Each note of the 注释 list starts with its circled number (the list's own numbers are hidden by the CSS). */
function markNotes(section: Element): void {
  const list = section.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol');
  if (!list) return;
  let n = 0;
  for (const item of list.children) {
    if (item.type !== 'element' || item.tagName !== 'li') continue;
    n++;
    const mark = h('span.footnote-mark', circledNumber(n));
    const first = item.children.find((child): child is Element => child.type === 'element');
    if (first?.tagName === 'p') first.children.unshift(mark);
    else item.children.unshift(mark);
  }
}

/**
 * The print document holds every article of the edition: the ids of each article's notes carry
 * its file name (fn-dangjian-1, footnote-label-dangjian) so that ① links to its own note.
 */
function scopeOf(file: VFile): string {
  return (file.stem ?? '').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'article';
}

function scopeIds(node: Element, scope: string): void {
  const scoped = (value: string) => value.replace(/^(#?)(fnref|fn)-/, `$1$2-${scope}-`).replace(/^footnote-label$/, `footnote-label-${scope}`);
  const properties = node.properties;
  for (const name of ['id', 'href', 'ariaDescribedBy']) {
    const value = properties[name];
    if (typeof value === 'string') properties[name] = scoped(value);
    else if (Array.isArray(value)) properties[name] = value.map((v) => scoped(String(v)));
  }
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('');
}

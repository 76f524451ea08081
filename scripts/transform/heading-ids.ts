/**
 * Gives every heading a stable id made from its text (Chinese kept: 一、坚持组织引领… → 一坚持组织引领…),
 * unique within the article, and records the headings for the outline and the table of contents.
 */
import type { Element, Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { HeadingView } from '../render/model.ts';

export default function rehypeHeadingIds(options: { prefix?: string } = {}) {
  return (tree: Root, file: VFile) => {
    const slugger = new GithubSlugger();
    const headings: HeadingView[] = [];
    visit(tree, 'element', (node: Element) => {
      const depth = /^h([1-6])$/.exec(node.tagName)?.[1];
      if (!depth) return;
      // The 注释 heading of the footnotes (footnotes.ts) is not a section of the article.
      if (Array.isArray(node.properties.className) && node.properties.className.includes('footnotes-title')) return;
      const text = toString(node).trim();
      const id = String(node.properties.id ?? `${options.prefix ?? ''}${slugger.slug(text) || 'h'}`);
      node.properties.id = id;
      headings.push({ id, depth: Number(depth), text });
    });
    file.data.headings = headings;
  };
}

declare module 'vfile' {
  interface DataMap {
    headings: HeadingView[];
  }
}

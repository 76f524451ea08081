/**
 * Editorial queries in the text: `:query[原刊印作“34人”，请核实]` inline, `::query[…]` on a line of
 * its own, or `:::query` … `:::` around a longer note. They are for the editors: each is taken out
 * of the tree with its place (file.data.queries) before anything renders, so no output — page,
 * PDF, search index or a briefing quoting the article — ever holds a word of one.
 */
import type { Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import type { Query } from '../load/model.ts';

declare module 'vfile' {
  interface DataMap {
    queries: Query[];
  }
}

export default function remarkQueries() {
  return (tree: Root, file: VFile) => {
    const queries: Query[] = (file.data.queries ??= []);
    const emptied = new Set<Parent>();
    visit(tree, (node, index, parent) => {
      if (node.type !== 'textDirective' && node.type !== 'leafDirective' && node.type !== 'containerDirective') return;
      if (node.name !== 'query' || !parent || index === undefined) return;
      const start = node.position?.start;
      queries.push({ text: toString(node).trim() || '(空)', at: { file: file.path, line: start?.line ?? 1, column: start?.column ?? 1 } });
      parent.children.splice(index, 1);
      emptied.add(parent);
      return [SKIP, index];
    });
    // A paragraph that held only a query is gone with it (no empty <p> in the page).
    visit(tree, 'paragraph', (node, index, parent) => {
      if (!emptied.has(node) || !parent || index === undefined) return;
      if (node.children.some((child) => child.type !== 'text' || child.value.trim())) return;
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
  };
}

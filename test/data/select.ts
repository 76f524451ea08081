/** The elements of a hast tree with a tag name, with their text. */
import type { Element, Nodes } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

export function selectAll(tree: Nodes, tagName: string): (Element & { text: string })[] {
  const found: (Element & { text: string })[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === tagName) found.push(Object.assign(node, { text: toString(node) }));
  });
  return found;
}

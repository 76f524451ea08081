/**
 * Joins soft line breaks next to Chinese characters. In Chinese text a line break in the source is
 * not a word space: rendering it as one puts a stray gap in the middle of a sentence.
 */
import type { Root, Parent, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';

const wide = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·]/u;

export function joinHanSoftBreaks(text: string, before = '', after = ''): string {
  return text.replace(/[ \t]*\r?\n[ \t]*/g, (match, offset: number, whole: string) => {
    const left = offset > 0 ? whole[offset - 1] : before.slice(-1);
    const right = offset + match.length < whole.length ? whole[offset + match.length] : after.charAt(0);
    return wide.test(left) || wide.test(right) ? '' : match;
  });
}

export default function remarkHanSoftBreaks() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const children = (node as Parent).children;
      children.forEach((child, index) => {
        if (child.type !== 'text' || !/\n/.test(child.value)) return;
        const before = index > 0 ? toString(children[index - 1]) : '';
        const after = index + 1 < children.length ? toString(children[index + 1]) : '';
        (child as Text).value = joinHanSoftBreaks(child.value, before, after);
      });
    });
  };
}

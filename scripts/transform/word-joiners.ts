/**
 * Chromium lets ——, —, …, ～ and · start a line, which Chinese typesetting forbids (禁则).
 * A WORD JOINER (U+2060) before each keeps it on the line of the character before it.
 */
import type { Root, Text } from 'hast';
import { visit } from 'unist-util-visit';

const WJ = '\u2060';

export function joinBeforeMarks(text: string): string {
  return text.replace(/(?<!\u2060)(——|—|……|…|～|·)/gu, `${WJ}$1`).replace(/(——|……)/gu, (pair) => [...pair].join(WJ));
}

export default function rehypeWordJoiners() {
  return (tree: Root) => {
    visit(tree, 'text', (node: Text, _index, parent) => {
      if (parent && 'tagName' in parent && (parent.tagName === 'code' || parent.tagName === 'pre')) return;
      node.value = joinBeforeMarks(node.value);
    });
  };
}

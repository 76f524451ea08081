/**
 * Directives the pipeline does not know. A leaf or container directive (`::name`) is an error
 * with its position. A text directive without attributes or label is almost always an ASCII
 * colon in prose (网址:http …), so it is put back as the text it was.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { sayProblem } from '../report/messages.ts';

export const knownDirectives = new Set(['table', 'value', 'ref', 'chart', 'include', 'figure']);

export default function remarkUnknownDirectives() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node, index, parent) => {
      if (node.type !== 'textDirective' && node.type !== 'leafDirective' && node.type !== 'containerDirective') return;
      if (knownDirectives.has(node.name)) return;
      const bare = node.type === 'textDirective' && !node.children.length && !Object.keys(node.attributes ?? {}).length;
      if (bare && parent && index !== undefined) {
        parent.children.splice(index, 1, { type: 'text', value: `:${node.name}` });
        return;
      }
      const marker = node.type === 'textDirective' ? ':' : node.type === 'leafDirective' ? '::' : ':::';
      const [reason, fix, ruleId] = sayProblem('directive', { name: `${marker}${node.name}` });
      const message = file.message(reason, { place: node.position, ruleId, source: 'daan' });
      message.fatal = true;
      message.note = fix;
    });
  };
}

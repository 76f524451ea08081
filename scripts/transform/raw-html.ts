/**
 * The raw-HTML policy. Content is not trusted: raw HTML written in Markdown is parsed and then
 * sanitized (no script, no event handlers, no iframes/objects, no javascript: URLs, no style).
 * Elements the pipeline itself made from directives (marked with data-daan) are set aside
 * before sanitizing and put back afterwards, so the data tables and charts stay intact.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import { visit, SKIP } from 'unist-util-visit';

const SLOT = 'daan-slot';

const schema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), SLOT, 'figure', 'figcaption', 'mark', 'small', 'abbr'],
  attributes: {
    ...defaultSchema.attributes,
    [SLOT]: ['dataSlot'],
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'lang', 'title'],
  },
  protocols: { href: ['http', 'https', 'mailto', 'tel'], cite: ['http', 'https'] },
};

export default function rehypeRawPolicy() {
  return (tree: Root): Root => {
    const kept: Element[] = [];
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.properties?.dataDaan === undefined || !parent || index === undefined) return;
      kept.push(node);
      parent.children[index] = { type: 'element', tagName: SLOT, properties: { dataSlot: String(kept.length - 1) }, children: [] };
      return SKIP;
    });
    const clean = sanitize(raw(tree) as Root, schema) as Root;
    dropOutsideSources(clean);
    visit(clean, 'element', (node: Element, index, parent) => {
      if (node.tagName !== SLOT || !parent || index === undefined) return;
      const original = kept[Number(node.properties?.dataSlot)];
      if (original) parent.children[index] = original as ElementContent & RootContent;
      return SKIP;
    });
    return clean;
  };
}

/** Images may only come from the build itself: a src with a scheme, or starting with / or //, is dropped. */
function dropOutsideSources(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    const src = node.properties?.src;
    if (typeof src === 'string' && !isRelative(src)) delete node.properties.src;
  });
}

export function isRelative(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[\\/]/.test(url);
}

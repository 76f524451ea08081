/**
 * The raw-HTML policy. Content is not trusted: raw HTML written in Markdown is parsed and then
 * sanitized (no script, no event handlers, no iframes/objects, no javascript: URLs, no style).
 * Elements the pipeline itself made from directives (marked with data-daan) are set aside
 * before sanitizing and put back afterwards, so the data tables and charts stay intact.
 * Images are checked (see images.ts) between parsing and sanitizing, while positions are known.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { checkImages, type ImageOptions } from './images.ts';

const SLOT = 'daan-slot';

const schema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  // Dropped with their content (the text of a <style> is not prose, and may load remote resources).
  strip: ['script', 'style', 'template', 'noscript', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'iframe', 'object', 'embed', 'svg', 'math'],
  tagNames: [...(defaultSchema.tagNames ?? []), SLOT, 'figure', 'figcaption', 'mark', 'small', 'abbr'],
  attributes: {
    ...defaultSchema.attributes,
    [SLOT]: ['dataSlot'],
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'lang', 'title'],
  },
  protocols: { href: ['http', 'https', 'mailto', 'tel'], cite: ['http', 'https'] },
};

export interface RawPolicyOptions {
  /** Check images against the edition's files (without it, relative image paths are kept unchecked). */
  images?: ImageOptions;
}

export default function rehypeRawPolicy(options: RawPolicyOptions = {}) {
  return async (tree: Root, file: VFile): Promise<Root> => {
    const kept: Element[] = [];
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.properties?.dataDaan === undefined || !parent || index === undefined) return;
      kept.push(node);
      parent.children[index] = { type: 'element', tagName: SLOT, properties: { dataSlot: String(kept.length - 1) }, children: [] };
      return SKIP;
    });
    const parsed = raw(tree, { file }) as Root;
    if (options.images) await checkImages(parsed, file, options.images, schema.strip ?? []);
    const clean = sanitize(parsed, schema) as Root;
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

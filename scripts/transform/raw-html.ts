/**
 * The raw-HTML policy. Content is not trusted: raw HTML written in Markdown is parsed and then
 * sanitized (no script, no event handlers, no iframes/objects, no javascript: URLs, no style, no
 * attribute that loads anything from outside the build).
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

/** Attributes (hast property names) that make a browser load, submit or ping something. */
const LOADING = ['src', 'srcSet', 'imageSrcSet', 'poster', 'xLinkHref', 'formAction', 'action', 'ping', 'background', 'data', 'longDesc', 'lowsrc', 'dynsrc', 'codeBase', 'archive', 'classId', 'manifest', 'icon', 'profile', 'itemType', 'cite'];

const schema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  // Dropped with their content (the text of a <style> is not prose, and may load remote resources).
  strip: ['script', 'style', 'template', 'noscript', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'iframe', 'object', 'embed', 'svg', 'math'],
  // <picture> and <source> go (their <img> stays, and is checked): a srcset would load what no image check has seen.
  tagNames: [...(defaultSchema.tagNames ?? []).filter((name) => name !== 'picture' && name !== 'source'), SLOT, 'figure', 'figcaption', 'mark', 'small', 'abbr'],
  attributes: {
    ...Object.fromEntries(Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [tag, list.filter((attribute) => !LOADING.includes(typeof attribute === 'string' ? attribute : attribute[0]) || (tag === 'img' && attribute === 'src') || attribute === 'cite')])),
    [SLOT]: ['dataSlot'],
    '*': [...(defaultSchema.attributes?.['*'] ?? []).filter((attribute) => !LOADING.includes(typeof attribute === 'string' ? attribute : attribute[0])), 'className', 'lang', 'title'],
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

/**
 * Whatever the allow-list lets through, nothing may load from outside the build: every attribute
 * that loads (src, srcset, poster, xlink:href …) must be a relative path, else it is dropped.
 * Links (href) and quotations (cite) are not loaded, so the protocols of the schema decide them.
 */
function dropOutsideSources(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    for (const name of LOADING) {
      const value = node.properties?.[name];
      if (value === undefined || value === null || name === 'cite') continue;
      const urls = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((candidate) => candidate.trim().split(/\s+/)[0] ?? '');
      if (!urls.every((url) => url && isRelative(url))) delete node.properties[name];
    }
  });
}

export function isRelative(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[\\/]/.test(url);
}

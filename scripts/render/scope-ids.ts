/**
 * The ids of an article body made unique in a document that holds several articles (the printed
 * issue): two articles may both have a 图1 (fig-1), a table tab-roads or a heading 一、概况, and
 * in one PDF every link must still go to its own. Each id gets the article's id in front, and so
 * does every reference to it inside the body (href="#…", aria-labelledby, aria-describedby,
 * headers). A reference to an id the body does not have is left as it is.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';

/** Properties (hast names) that hold a list of ids (hast parses them into arrays). */
const ID_LISTS = ['ariaLabelledBy', 'ariaDescribedBy', 'headers'] as const;

export function scopeIds(html: string, prefix: string): string {
  if (!html.includes(' id=')) return html;
  const root = fromHtml(html, { fragment: true }) as Root;
  const ids = new Set<string>();
  visit(root, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  if (ids.size === 0) return html;
  const scoped = (id: string) => (ids.has(id) ? `${prefix}-${id}` : id);
  visit(root, 'element', (node: Element) => {
    const { properties } = node;
    if (typeof properties.id === 'string') properties.id = scoped(properties.id);
    if (typeof properties.href === 'string' && properties.href.startsWith('#')) {
      const target = decodeFragment(properties.href.slice(1));
      if (ids.has(target)) properties.href = `#${scoped(target)}`;
    }
    for (const name of ID_LISTS) {
      const value = properties[name];
      if (Array.isArray(value)) properties[name] = value.map((id) => scoped(String(id)));
    }
  });
  return toHtml(root);
}

/** A fragment as written in a link (#%E5%9B%BE) names the id 图. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

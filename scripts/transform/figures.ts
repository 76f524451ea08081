/**
 * Photos as numbered figures, and captions for plain tables:
 *
 *   ![江姐故居外景](images/guju.jpg)                 → 图1　江姐故居外景 (an image alone in its paragraph)
 *
 *   :::figure[新旧村道对比]{id=road width=column credit=李明}
 *   ![2014年的村道](images/road-2014.jpg)
 *   ![2024年的村道](images/road-2024.jpg)
 *   :::                                               → two or three photos side by side as one figure
 *
 *   :::table[2024年各村道路长度]{id=roads source=区交通局}
 *   | 村 | 长度（公里） |
 *   | --- | ---: |
 *   :::                                               → 表1 over a plain GFM table
 *
 * remarkLoneImages (before the data directives) turns an image alone in its paragraph into a
 * `:::figure` node, so that data-directives.ts numbers photos, charts and tables in one pass
 * (图N with the charts, 表N with the data tables) and `:ref` finds them. figureNode and
 * tableCaptionNode then shape the node for mdast-util-to-hast (data.hName), keeping the images
 * and the caption as mdast: the images are still checked by images.ts and sanitized like any
 * image of the text, and the caption may hold emphasis or links.
 *
 * The hast: <figure class="figure figure-full" id="fig-guju"><img src alt>
 *   <figcaption><span class="label">图1</span>　江姐故居外景<span class="credit">摄影：李明</span></figcaption></figure>
 * Side by side: the images each in <span class="figure-part"> with their alt text under them.
 */
import type { ContainerDirective } from 'mdast-util-directive';
import type { Emphasis, Image, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import { IDEOGRAPHIC_SPACE } from '../data/table.ts';
import { sayProblem, type Said } from '../report/messages.ts';

/** Where a figure sits: across the whole text block, in one column, or half a column wide. */
export const figureWidths = ['full', 'column', 'half'] as const;
export type FigureWidth = (typeof figureWidths)[number];
/** The most photos one figure shows side by side. */
export const MAX_PARTS = 3;

/** Attributes of `:::figure` and of `:::table` (the plain-table caption), with what each does (docs/syntax.md). */
export const figureAttributes: Record<string, string> = {
  id: 'The name `:ref{id=…}` uses (default: the file name of the first photo, without extension)',
  width: `How wide it prints: ${figureWidths.join(', ')} (default full: the whole text block)`,
  credit: 'Who took the photo: credit=李明 prints 摄影：李明; a value with a colon is printed as written (供图：区融媒体中心)',
};
export const tableCaptionAttributes: Record<string, string> = {
  id: 'The name `:ref{id=…}` uses (default: table)',
  source: 'Printed under the table as 资料来源：…',
};

/** Thrown for a malformed figure or table caption; data-directives.ts reports it at the directive. */
export class FigureError extends Error {
  readonly fix: string;
  constructor([message, fix]: Said) {
    super(message);
    this.fix = fix ?? '';
  }
}

/** An image alone in its paragraph (spaces and line breaks aside) becomes a `:::figure` of its own. */
export function remarkLoneImages() {
  return (tree: Root) => {
    visit(tree, 'paragraph', (node: Paragraph, index, parent) => {
      if (!parent || index === undefined || parent.type === 'containerDirective' && parent.name === 'figure') return;
      if (node.data && (node.data as { directiveLabel?: boolean }).directiveLabel) return;
      const images = node.children.filter((child): child is Image => child.type === 'image');
      const rest = node.children.filter((child) => child.type !== 'image' && !(child.type === 'text' && !child.value.trim()) && child.type !== 'break');
      if (images.length !== 1 || rest.length) return;
      const figure: ContainerDirective = { type: 'containerDirective', name: 'figure', attributes: {}, children: [node], position: node.position, data: { daanLoneImage: true } as ContainerDirective['data'] };
      (parent.children as RootContent[])[index] = figure;
      return SKIP;
    });
  };
}

/** The part of a `:::figure` or `:::table` written as its label: `:::figure[caption]`. */
function label(node: ContainerDirective): Paragraph | undefined {
  const first = node.children[0];
  return first?.type === 'paragraph' && (first.data as { directiveLabel?: boolean } | undefined)?.directiveLabel ? first : undefined;
}

/** The images of a figure, in order; anything else in it is an error. */
export function figureImages(node: ContainerDirective): Image[] {
  const images: Image[] = [];
  const caption = label(node);
  for (const child of node.children) {
    if (child === caption) continue;
    if (child.type !== 'paragraph') throw new FigureError(sayProblem('figure-text', {}));
    for (const part of child.children) {
      if (part.type === 'image') images.push(part);
      else if (part.type === 'break' || (part.type === 'text' && !part.value.trim())) continue;
      else throw new FigureError(sayProblem('figure-text', { found: toString(part).trim().slice(0, 20) }));
    }
  }
  if (!images.length) throw new FigureError(sayProblem('figure-empty'));
  if (images.length > MAX_PARTS) throw new FigureError(sayProblem('figure-too-many', { n: images.length, max: MAX_PARTS }));
  return images;
}

/** The default name of a figure for `:ref`: the file name of its first photo (images/guju.jpg → guju). */
export function figureName(node: ContainerDirective): string | undefined {
  const url = figureImages(node)[0]?.url ?? '';
  const file = url.replace(/[?#].*$/, '').split('/').pop() ?? '';
  return file.replace(/\.[^.]*$/, '') || undefined;
}

/** Shapes a `:::figure` (or a lone image) for mdast-util-to-hast: figure, the photos, figcaption with 图N, caption and credit. */
export function figureNode(node: ContainerDirective, figure: { label: string; id: string }): void {
  const given = node.attributes ?? {};
  const known = Object.keys(figureAttributes);
  const unknown = Object.keys(given).find((key) => !known.includes(key) && key !== 'class');
  if (unknown) throw new FigureError(sayProblem('figure-attribute', { name: unknown, directive: ':::figure', known: known.join(', '), table: false }));
  const width = (given.width ?? 'full') as FigureWidth;
  if (!figureWidths.includes(width)) throw new FigureError(sayProblem('figure-width', { width: String(given.width), known: `width=${figureWidths.join(', width=')}` }));
  const images = figureImages(node);
  const written = label(node);
  let caption: PhrasingContent[] = written?.children ?? [];
  if (!caption.length && images.length === 1) {
    const [image] = images;
    const text = (image.title ?? '').trim() || (image.alt ?? '').trim();
    caption = text ? [{ type: 'text', value: text }] : [];
  }
  const alone = images.length === 1;
  // A screen reader reads the alt text: a photo written without one is described by its caption.
  if (alone && !images[0].alt?.trim() && caption.length) images[0].alt = toString({ type: 'paragraph', children: caption });
  const pictures: RootContent[] = alone
    ? [wrap('div', ['figure-image'], [images[0]])]
    : [wrap('div', ['figure-parts'], images.map((image) => wrapInline('span', ['figure-part'], [image, ...(image.alt?.trim() ? [wrapInline('span', ['figure-part-caption'], [{ type: 'text', value: image.alt.trim() }])] : [])])))];
  const credit = given.credit?.trim();
  const captionParts: PhrasingContent[] = [wrapInline('span', ['label'], [{ type: 'text', value: figure.label }])];
  if (caption.length) captionParts.push({ type: 'text', value: IDEOGRAPHIC_SPACE }, ...caption);
  if (credit) captionParts.push(wrapInline('span', ['credit'], [{ type: 'text', value: /[:：]/.test(credit) ? credit : `摄影：${credit}` }]));
  node.children = [...pictures, wrap('figcaption', [], captionParts)] as ContainerDirective['children'];
  node.data = { hName: 'figure', hProperties: { className: ['figure', `figure-${width}`, ...(alone ? [] : [`figure-row`, `figure-parts-${images.length}`])], id: figure.id } };
}

/** Shapes a `:::table[caption]` around a GFM table: the same figure as a data table (figure.data-table), 表N above. */
export function tableCaptionNode(node: ContainerDirective, figure: { label: string; id: string }): void {
  const given = node.attributes ?? {};
  const known = Object.keys(tableCaptionAttributes);
  const unknown = Object.keys(given).find((key) => !known.includes(key) && key !== 'class');
  if (unknown) throw new FigureError(sayProblem('figure-attribute', { name: unknown, directive: ':::table', known: known.join(', '), table: true }));
  const written = label(node);
  const tables = node.children.filter((child): child is Table => child.type === 'table');
  const other = node.children.find((child) => child !== written && child.type !== 'table');
  if (tables.length !== 1 || other) throw new FigureError(sayProblem('table-one'));
  if (!written?.children.length) throw new FigureError(sayProblem('table-caption'));
  const caption = wrap('figcaption', [], [wrapInline('span', ['label'], [{ type: 'text', value: figure.label }]), { type: 'text', value: IDEOGRAPHIC_SPACE }, ...written.children]);
  const source = given.source?.trim();
  node.children = [caption, tables[0], ...(source ? [wrap('p', ['source'], [{ type: 'text', value: `资料来源：${source}` }])] : [])] as ContainerDirective['children'];
  node.data = { hName: 'figure', hProperties: { className: ['data-table', 'gfm-table'], id: figure.id } };
}

/** An mdast node that becomes <tag class=…> around its (mdast) children: a block … */
function wrap(tagName: string, className: string[], children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children, data: { hName: tagName, hProperties: className.length ? { className } : {} } };
}

/** … or inline (an emphasis node renamed). */
function wrapInline(tagName: string, className: string[], children: PhrasingContent[]): Emphasis {
  return { type: 'emphasis', children, data: { hName: tagName, hProperties: { className } } };
}

declare module 'mdast' {
  interface Data {
    /** A `:::figure` made by remarkLoneImages from an image alone in its paragraph. */
    daanLoneImage?: boolean;
  }
}

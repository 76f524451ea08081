import type { Image, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyPattern } from '../data/schema.ts';
import type { DocxImage } from './docx-convert.ts';
import { slugFromTitle } from '../load/slug.ts';

/** Image types the build publishes (see README: PNG, JPEG, GIF, WebP or AVIF). */
const publishable: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/avif': 'avif' };

/** A picture of the document: written as a file of the edition, or reported because browsers cannot show it. */
export interface PlacedImage {
  image: DocxImage;
  /** images/<slug>-1.png, relative to the edition folder; absent when the picture cannot be published. */
  path?: string;
  caption?: string;
  /** The text of the paragraph the picture stood in or after, to find it in the document. */
  near: string;
  /** In a table, a list or a footnote, where a figure cannot stand. */
  nested?: boolean;
}

const captionPattern = /^图\s*[0-9０-９一二三四五六七八九十]*\s*[-—.．:：、]?\s*(.+)$/;
/** Words Word and WPS put in an image's description by default: not captions. */
const defaultAlt = /^(图片|图像|Picture|Image|image\d+|\S+\.(png|jpe?g|gif|emf|wmf|bmp|tiff?))\s*\d*$/i;

/**
 * Each picture becomes a figure: alone in its paragraph, `![caption](images/<slug>-N.png)`, the
 * caption taken from a "图1 …" paragraph that follows it (then removed: the build numbers
 * figures), else from the description Word keeps for it. A picture browsers cannot show (EMF,
 * WMF, TIFF, BMP) is left out and reported.
 */
export function placeImages(tree: Root, images: DocxImage[], slug: string): PlacedImage[] {
  const placed: PlacedImage[] = [];
  let written = 0;
  const out: RootContent[] = [];
  const blocks = tree.children;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block.type !== 'paragraph' || !block.children.some((child) => child.type === 'image')) {
      out.push(block);
      continue;
    }
    const near = toString(block).slice(0, 30) || toString(blocks[i - 1] ?? { type: 'text', value: '' }).slice(0, 30);
    const next = blocks[i + 1];
    const captionText = next?.type === 'paragraph' && !next.children.some((child) => child.type === 'image') ? toString(next).trim() : '';
    const caption = captionPattern.exec(captionText)?.[1]?.trim();
    let captionUsed = false;
    for (const part of splitAtImages(block)) {
      if (part.type !== 'image') {
        out.push(part);
        continue;
      }
      const image = images[Number(part.url.replace('docx-image:', '')) - 1];
      if (!image) continue;
      const ext = publishable[image.contentType];
      const alt = !captionUsed && caption ? caption : image.alt && !defaultAlt.test(image.alt.trim()) ? image.alt.trim() : undefined;
      if (!captionUsed && caption) captionUsed = true;
      if (!ext) {
        placed.push({ image, caption: alt, near });
        continue;
      }
      const path = `images/${slug}-${++written}.${ext}`;
      placed.push({ image, path, caption: alt, near });
      out.push({ type: 'paragraph', children: [{ type: 'image', url: path, alt: alt ?? '' }] });
    }
    if (captionUsed && placed.at(-1)?.path) i++; // the caption paragraph is now the figure's
  }
  tree.children = out;
  placed.push(...nestedImages(tree, images));
  return placed;
}

/** Pictures inside tables, lists or footnotes: a figure stands alone, so they are left out and reported. */
function nestedImages(tree: Root, images: DocxImage[]): PlacedImage[] {
  const left: PlacedImage[] = [];
  for (const block of tree.children) {
    visit(block, 'image', (node, index, parent) => {
      const image = node.url.startsWith('docx-image:') ? images[Number(node.url.replace('docx-image:', '')) - 1] : undefined;
      if (!image || !parent || index === undefined) return;
      left.push({ image, near: toString(block).slice(0, 30), nested: true });
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
  }
  return left;
}

/** A paragraph with pictures in it → the text before, each picture alone, the text after. */
function splitAtImages(paragraph: Paragraph): (Paragraph | Image)[] {
  const parts: (Paragraph | Image)[] = [];
  let run: PhrasingContent[] = [];
  const flush = () => {
    if (run.some((node) => toString(node).trim() || node.type === 'footnoteReference')) parts.push({ type: 'paragraph', children: run });
    run = [];
  };
  for (const child of paragraph.children) {
    const inner = child.type === 'link' && child.children.length === 1 && child.children[0].type === 'image' ? child.children[0] : child;
    if (inner.type === 'image') {
      flush();
      parts.push(inner);
    } else run.push(child);
  }
  flush();
  return parts;
}

/** A table whose cells are mostly figures: proposed as a data set, with `::table` in its place. */
export interface ProposedDataset {
  name: string;
  /** data/<name>.yaml, relative to the edition folder. */
  path: string;
  yaml: string;
  title: string;
  rows: number;
  /** The table's place among the document's tables (1-based). */
  table: number;
}

const tableCaption = /^表\s*[0-9０-９一二三四五六七八九十]*\s*[-—.．:：、]?\s*(.+)$/;
const numberCell = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/;

/**
 * Tables of figures (a header row, a first column of names, the other cells numbers) as data
 * sets. With `apply`, each is replaced by `::table{data=…}` and its "表1 …" caption paragraph
 * (the build numbers tables and prints the data set's title); without, the table stays.
 */
export function proposeDatasets(tree: Root, slug: string, fallbackTitle: string, apply: boolean, taken: Set<string>): ProposedDataset[] {
  const proposals: ProposedDataset[] = [];
  let tableIndex = 0;
  const out: RootContent[] = [];
  for (const block of tree.children) {
    if (block.type !== 'table') {
      out.push(block);
      continue;
    }
    tableIndex++;
    const previous = out.at(-1);
    const captionText = previous?.type === 'paragraph' ? toString(previous).trim() : '';
    const caption = tableCaption.exec(captionText)?.[1]?.trim();
    let name = `${slug}-${tableIndex}`;
    for (let n = 2; taken.has(name); n++) name = `${slug}-${tableIndex}-${n}`;
    const dataset = datasetOf(block, caption ?? `${fallbackTitle}（表${tableIndex}）`);
    if (!dataset) {
      out.push(block);
      continue;
    }
    taken.add(name);
    proposals.push({ name, path: `data/${name}.yaml`, yaml: dataset.yaml, title: dataset.title, rows: dataset.rows, table: tableIndex });
    if (!apply) {
      out.push(block);
      continue;
    }
    if (caption) out.pop();
    out.push({ type: 'leafDirective', name: 'table', attributes: { data: name }, children: [] });
  }
  tree.children = out;
  return proposals;
}

function datasetOf(table: Table, title: string): { yaml: string; title: string; rows: number } | undefined {
  const cells = table.children.map((row) => row.children.map((cell) => toString(cell).trim()));
  const [header, ...body] = cells;
  const width = header?.length ?? 0;
  if (width < 2 || !body.length || cells.some((row) => row.length !== width)) return undefined;
  const figures = body.flatMap((row) => row.slice(1)).filter(Boolean);
  const numeric = figures.filter((cell) => numberCell.test(cell.replace(/\s/g, '')));
  if (!figures.length || numeric.length / figures.length < 0.75) return undefined;

  const keys = new Set<string>(['key']);
  const columns = header.map((label, c) => {
    const { name, unit } = splitUnit(label);
    const values = body.map((row) => row[c].replace(/\s/g, '')).filter(Boolean);
    const type = c === 0 || !values.every((v) => numberCell.test(v)) ? 'text' : values.some((v) => v.endsWith('%')) ? 'percent' : values.some((v) => v.includes('.')) ? 'decimal' : 'integer';
    const decimals = type === 'decimal' ? Math.max(...values.map((v) => v.split('.')[1]?.length ?? 0)) : undefined;
    return { key: uniqueKey(name || `c${c + 1}`, keys, `c${c + 1}`), label: name || `第${c + 1}列`, type, unit, decimals };
  });
  const rowKeys = new Set<string>(['key']);
  const rows = body.map((row, r) => ({
    key: uniqueKey(row[0] || `r${r + 1}`, rowKeys, `r${r + 1}`),
    ...Object.fromEntries(columns.map((column, c) => [column.key, cellValue(row[c], column.type)]).filter(([, value]) => value !== undefined)),
  }));
  const spec = {
    title,
    columns: columns.map(({ key, label, type, unit, decimals }) => ({ key, label, ...(type !== 'text' ? { type } : {}), ...(unit ? { unit } : {}), ...(decimals !== undefined ? { decimals } : {}) })),
    rows,
  };
  // One line per column and per row, as the edition's data sets are written.
  const document = new Document(spec);
  for (const list of ['columns', 'rows']) for (const item of (document.get(list) as YAMLSeq<YAMLMap>).items) item.flow = true;
  return { yaml: document.toString({ lineWidth: 0 }), title, rows: rows.length };
}

/** 户数（户）, 户数(户), 户数/户 → 户数 and 户. */
function splitUnit(label: string): { name: string; unit?: string } {
  const match = /^(.+?)\s*(?:[（(]\s*([^（）()]{1,6})\s*[)）]|[/／]\s*(\S{1,6}))$/.exec(label);
  return match ? { name: match[1].trim(), unit: (match[2] ?? match[3]).trim() } : { name: label.trim() };
}

/** A key from a header or a row name: its pinyin with _ (户数 → hushu), unique in its table. */
function uniqueKey(text: string, used: Set<string>, fallback: string): string {
  let key = slugFromTitle(text).replace(/-/g, '_');
  if (!keyPattern.test(key)) key = fallback;
  let unique = key;
  for (let n = 2; used.has(unique); n++) unique = `${key}_${n}`;
  used.add(unique);
  return unique;
}

function cellValue(text: string, type: string): string | number | undefined {
  const value = text.replace(/\s/g, '');
  if (!value) return undefined;
  if (type === 'text') return text;
  if (type === 'percent') return value;
  return Number(value.replace(/,/g, ''));
}

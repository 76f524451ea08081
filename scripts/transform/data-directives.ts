/**
 * The directives that point into data, resolved against the edition's data sets:
 *
 *   ::table{data=poverty rows=identified,lifted2014 cols=item,households,people}
 *   ::chart{data=poverty type=bar rows=lifted2014,lifted2015 x=as_of y=households,people}
 *   :value{data=poverty row=identified col=households,people}   → 280户862人
 *   :ref{id=poverty}                                           → 表1 (a link)
 *
 * Tables and charts are numbered in document order (表1, 图1), photos (figures.ts) with the
 * charts and captioned GFM tables with the data tables; a :ref may come before what it names. The output is hast on the mdast nodes (data.hName / hProperties / hChildren), each
 * root marked data-daan so that the raw-HTML policy keeps it. A thin adapter: the work is in
 * scripts/data/.
 */
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Root } from 'mdast';
import type { LeafDirective, TextDirective, ContainerDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chartData, chartText, chartTypes, renderChartSvg, type ChartType } from '../data/chart.ts';
import { formatValue, type Grouping } from '../data/format.ts';
import { findColumn, findRow, isNumeric, stubColumn, type Column, type Dataset, type Row } from '../data/model.ts';
import { h } from 'hastscript';
import { cellKey, IDEOGRAPHIC_SPACE, markElement, renderTable, unitOf, type NoteIds } from '../data/table.ts';
import { FigureError, figureName, figureNode, tableCaptionNode } from './figures.ts';
import { sayProblem } from '../report/messages.ts';

export interface DataDirectiveOptions {
  /** The data sets of an edition (the current one when no id is given). */
  datasets: (editionId?: string) => Map<string, Dataset> | undefined;
  /** The edition of the document: `data=poverty` means this edition's data set. */
  editionId: string;
  /** Tables and figures are numbered per article (the only mode so far). */
  numbering?: 'article';
  /** Digit groups for numbers of five digits or more: 12,345 (comma, default) or 12 345 (narrow no-break space). */
  grouping?: Grouping;
}

type Directive = LeafDirective | TextDirective | ContainerDirective;
/** `::table` and `::chart` from data; `:::figure` (photos, also an image alone in its paragraph) and `:::table[…]` (a caption over a GFM table). */
type Kind = 'table' | 'chart' | 'figure' | 'gfm-table';

/** Every attribute of each directive, with what it does (docs/syntax.md is generated from this). */
export const directiveAttributes: Record<'table' | 'chart' | 'value' | 'ref', Record<string, string>> = {
  table: {
    data: 'The data set: its file name in data/ without extension (poverty), or another edition’s as 2017-09/poverty',
    id: 'The name `:ref` uses (also `#name`; default: the data set’s name). The element id is tab-<id>',
    rows: 'Row keys to show, in this order, comma-separated (default: every row)',
    cols: 'Column keys to show, in this order (default: every column)',
    title: 'The caption after 表N (default: the data set’s title)',
    units: 'line: one unit line 单位：户、人 over the table; header: units in the headers 人数（人）(default: the data set’s units, auto)',
  },
  chart: {
    data: 'The data set, as for ::table',
    id: 'The name `:ref` uses (also `#name`; default: the data set’s name). The element id is fig-<id>',
    type: `The kind of chart: ${chartTypes.join(', ')} (default bar)`,
    rows: 'Row keys to chart: the categories (default: every row)',
    x: 'The text column that names the categories (default: the first text column)',
    y: 'Numeric columns to chart: one series each (default: every numeric column that is not computed)',
    title: 'The caption after 图N (default: the data set’s title)',
  },
  value: {
    data: 'The data set, as for ::table',
    row: 'The row key',
    col: 'The column key, or several comma-separated: 280户862人',
    unit: 'Another unit than the column’s, or none for the bare number',
    wan: 'true: 1.45万; false: 14,500 (default: the column’s wan)',
    decimals: 'Decimals shown, 0 to 6 (default: the column’s)',
  },
  ref: {
    id: 'The id of a table, chart or figure of the same article (with or without its tab-/fig- prefix); prints 表N or 图N as a link',
  },
};
const attributes: Record<string, string[]> = Object.fromEntries(Object.entries(directiveAttributes).map(([name, described]) => [name, Object.keys(described)]));

/** A numbered table, chart or figure of the document. */
interface Figure {
  kind: Kind;
  node: Directive;
  /** 表1, 图1: tables in one sequence, charts and photos in another. */
  label: string;
  /** tab-poverty, fig-lifted */
  id: string;
  /** The id written in the directive, or the data set's name. */
  name: string;
}

class DirectiveError extends FigureError {}


export function remarkDataDirectives(options: DataDirectiveOptions) {
  return async (tree: Root, file: VFile): Promise<void> => {
    const found = collect(tree);
    const figures = numberFigures(found, file);
    const notes = new Map<string, string>();
    const proseNotes: Element[] = [];
    const resolver = new Resolver(options);
    const attempt = async (node: Directive, run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        if (!(error instanceof FigureError)) throw error;
        report(file, node, error.message, error.fix);
        node.data = { hName: node.type === 'textDirective' ? 'span' : 'div', hProperties: { className: ['data-error'], dataDaan: 'error' }, hChildren: [] };
      }
    };
    for (const figure of figures) {
      if (figure.kind === 'table') await attempt(figure.node, () => tableNode(figure, resolver, notes));
      if (figure.kind === 'figure') await attempt(figure.node, () => figureNode(figure.node as ContainerDirective, figure));
      if (figure.kind === 'gfm-table') await attempt(figure.node, () => tableCaptionNode(figure.node as ContainerDirective, figure));
    }
    await Promise.all(figures.filter((f) => f.kind === 'chart').map((figure) => attempt(figure.node, () => chartNode(figure, resolver))));
    for (const node of found.filter((n) => n.name === 'value')) await attempt(node, () => valueNode(inline(node), resolver, notes, proseNotes));
    for (const node of found.filter((n) => n.name === 'ref')) await attempt(node, () => refNode(inline(node), figures));
    if (proseNotes.length) tree.children.push({ type: 'paragraph', children: [], data: { hName: 'aside', hProperties: { className: ['data-notes'], dataDaan: 'notes' }, hChildren: proseNotes } });
  };
}

function collect(tree: Root): Directive[] {
  const found: Directive[] = [];
  visit(tree, (node) => {
    if ((node.type === 'leafDirective' || node.type === 'textDirective' || node.type === 'containerDirective') && (node.name in attributes || node.name === 'figure')) found.push(node);
  });
  return found;
}

/** 表1, 表2 … and 图1 … in document order, each with a unique element id. */
function numberFigures(found: Directive[], file: VFile): Figure[] {
  const figures: Figure[] = [];
  const counts = { 表: 0, 图: 0 };
  for (const node of found) {
    const kind = kindOf(node, file);
    if (!kind) continue;
    const prefix = kind === 'table' || kind === 'gfm-table' ? 'tab' : 'fig';
    const explicit = node.attributes?.id ?? undefined;
    const name = explicit || defaultName(node, kind);
    let id = `${prefix}-${name}`;
    if (figures.some((f) => f.id === id)) {
      if (explicit) report(file, node, `Another table or figure already has the id \`${explicit}\``, 'Give each table, chart and figure of the article its own id');
      for (let n = 2; figures.some((f) => f.id === id); n++) id = `${prefix}-${name}-${n}`;
    }
    const sequence = prefix === 'tab' ? '表' : '图';
    counts[sequence]++;
    figures.push({ kind, node, label: `${sequence}${counts[sequence]}`, id, name });
  }
  return figures;
}

/** What a numbered directive is, or undefined (reported) when it is written the wrong way. */
function kindOf(node: Directive, file: VFile): Kind | undefined {
  if (node.name === 'figure') {
    if (node.type === 'containerDirective') return 'figure';
    report(file, node, `\`${node.type === 'textDirective' ? ':' : '::'}figure\` must be written \`:::figure\` around the photos`, 'Write :::figure[说明文字] on a line, the photos on the next lines, and ::: on a line after them');
    return undefined;
  }
  if (node.name !== 'table' && node.name !== 'chart') return undefined;
  if (node.type === 'leafDirective') return node.name;
  if (node.type === 'containerDirective' && node.name === 'table') return 'gfm-table';
  report(file, node, `\`${node.type === 'textDirective' ? ':' : ':::'}${node.name}\` must be written \`::${node.name}{…}\` on a line of its own`, `Put \`::${node.name}{data=…}\` alone on its line, with a blank line before and after`);
  return undefined;
}

/** The name `:ref` finds a figure by when it has no id: the data set, the first photo's file name, or the kind. */
function defaultName(node: Directive, kind: Kind): string {
  if (kind === 'figure') {
    try {
      return figureName(node as ContainerDirective) ?? 'figure';
    } catch {
      return 'figure'; // The figure itself reports what is wrong with it.
    }
  }
  if (kind === 'gfm-table') return 'table';
  return (node.attributes?.data ?? kind).split('/').pop()!;
}

/** Looks up data sets, rows and columns named in directive attributes; throws a DirectiveError with the alternatives. */
class Resolver {
  constructor(private readonly options: DataDirectiveOptions) {}

  get grouping(): Grouping | undefined {
    return this.options.grouping;
  }

  attributes(node: Directive): Record<string, string> {
    const given = Object.fromEntries(Object.entries(node.attributes ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'class'));
    const known = attributes[node.name];
    const unknown = Object.keys(given).find((key) => !known.includes(key));
    if (unknown) throw new DirectiveError(sayProblem('data-attribute', { name: unknown, directive: node.name, known: known.join(', ') }));
    return given;
  }

  dataset(reference: string | undefined, directive: string): Dataset {
    if (!reference) throw new DirectiveError(sayProblem('data-needs-data', { directive, edition: this.options.editionId }));
    const [edition, name] = reference.includes('/') ? reference.split('/', 2) : [this.options.editionId, reference];
    const datasets = this.options.datasets(edition);
    if (!datasets) throw new DirectiveError(sayProblem('data-edition', { edition, reference }));
    const dataset = datasets.get(name);
    if (!dataset) throw new DirectiveError(sayProblem('data-dataset', { reference, known: [...datasets.keys()].join(', '), edition }));
    return dataset;
  }

  row(dataset: Dataset, key: string | undefined): Row {
    if (!key) throw new DirectiveError(sayProblem('data-needs-row', { known: dataset.rows.map((r) => r.key).join(', ') }));
    const row = findRow(dataset, key);
    if (!row) throw new DirectiveError(sayProblem('data-row', { key, dataset: dataset.id, known: dataset.rows.map((r) => r.key).join(', ') }));
    return row;
  }

  rows(dataset: Dataset, list: string | undefined): Row[] {
    return list ? split(list).map((key) => this.row(dataset, key)) : dataset.rows;
  }

  column(dataset: Dataset, key: string): Column {
    const column = findColumn(dataset, key);
    if (!column) throw new DirectiveError(sayProblem('data-column-unknown', { key, dataset: dataset.id, known: dataset.columns.map((c) => c.key).join(', ') }));
    return column;
  }

  columns(dataset: Dataset, list: string | undefined, fallback: Column[]): Column[] {
    return list ? split(list).map((key) => this.column(dataset, key)) : fallback;
  }
}

function tableNode(figure: Figure, resolver: Resolver, notes: Map<string, string>): void {
  const given = resolver.attributes(figure.node);
  const dataset = resolver.dataset(given.data, '::table');
  const units = given.units;
  if (units !== undefined && units !== 'line' && units !== 'header') throw new DirectiveError(sayProblem('data-units', { units }));
  const { element, notes: ids } = renderTable(dataset, {
    label: figure.label,
    id: figure.id,
    rows: resolver.rows(dataset, given.rows),
    columns: resolver.columns(dataset, given.cols, dataset.columns),
    title: given.title,
    units,
    grouping: resolver.grouping,
  });
  rememberNotes(notes, dataset, ids);
  setHast(figure.node, { ...element, properties: { ...element.properties, dataDaan: 'table' } });
}

async function chartNode(figure: Figure, resolver: Resolver): Promise<void> {
  const given = resolver.attributes(figure.node);
  const dataset = resolver.dataset(given.data, '::chart');
  const type = (given.type ?? 'bar') as ChartType;
  if (!chartTypes.includes(type)) throw new DirectiveError(sayProblem('data-chart-type', { type, known: `type=${chartTypes.join(', type=')}` }));
  const x = given.x ? resolver.column(dataset, given.x) : stubColumn(dataset);
  if (!x) throw new DirectiveError(sayProblem('data-chart-x', { dataset: dataset.id }));
  const y = resolver.columns(dataset, given.y, dataset.columns.filter((c) => isNumeric(c) && !c.formula));
  const text = y.find((column) => !isNumeric(column));
  if (text) throw new DirectiveError(sayProblem('data-chart-text', { column: text.key, known: dataset.columns.filter(isNumeric).map((c) => c.key).join(', ') }));
  const data = chartData(dataset, resolver.rows(dataset, given.rows), x, y, type, resolver.grouping);
  const svg = fromHtml(await renderChartSvg(data), { fragment: true }).children.filter((n): n is Element => n.type === 'element');
  // Phones get a variant drawn narrow (its labels would shrink below 11 px otherwise); print never sees it.
  const narrow = fromHtml(await renderChartSvg(data, 'narrow'), { fragment: true }).children.filter((n): n is Element => n.type === 'element');
  for (const element of narrow) element.properties = { ...element.properties, className: [...((element.properties.className as string[]) ?? []), 'chart-narrow'], dataTarget: 'web' };
  const title = given.title ?? dataset.title;
  const children: ElementContent[] = [
    h('div', { className: ['chart'], role: 'img', ariaLabel: `${figure.label}${IDEOGRAPHIC_SPACE}${title}：${chartText(data)}` }, [...narrow, ...svg]),
    h('figcaption', {}, [h('span', { className: ['label'] }, [figure.label]), IDEOGRAPHIC_SPACE + title]),
  ];
  if (dataset.source) children.push(h('p', { className: ['source'] }, [`资料来源：${dataset.source}`]));
  setHast(figure.node, h('figure', { className: ['data-chart'], id: figure.id, dataDaan: 'chart' }, children));
}

/** One or more figures in running text, each number with its unit unbreakable: 471户1340人. */
function valueNode(node: TextDirective, resolver: Resolver, notes: Map<string, string>, proseNotes: Element[]): void {
  const given = resolver.attributes(node);
  const dataset = resolver.dataset(given.data, ':value');
  const row = resolver.row(dataset, given.row);
  if (!given.col) throw new DirectiveError(sayProblem('data-needs-col', { known: dataset.columns.map((c) => c.key).join(', ') }));
  const decimals = given.decimals === undefined ? undefined : Number(given.decimals);
  if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 6)) throw new DirectiveError(sayProblem('data-decimals', { value: String(given.decimals) }));
  const parts = split(given.col).map((key) => {
    const column = resolver.column(dataset, key);
    const value = dataset.values.get(row.key)?.get(column.key) ?? null;
    const unit = given.unit === 'none' ? undefined : given.unit ?? unitOf(dataset, row, column);
    const text = formatValue(value, column, { grouping: resolver.grouping, unit: column.type === 'percent' ? undefined : unit, wan: given.wan === undefined ? undefined : given.wan !== 'false', decimals });
    if (text === undefined) throw new DirectiveError(sayProblem('data-no-value', { cell: `${dataset.id}.${row.key}.${column.key}`, file: dataset.file }));
    const marks = (row.cells[column.key]?.flags ?? []).map((flag) => markElement(dataset.flags[flag].mark, proseNote(dataset, row, column, flag, notes, proseNotes)));
    return h('span', { className: ['num-unit'] }, [text, ...marks]);
  });
  setHast(node, h('span', { className: ['data-value'], dataDaan: 'value' }, parts));
}

/** The note a flagged value in prose points to: the note of a table of this article that shows it, or one at the end. */
function proseNote(dataset: Dataset, row: Row, column: Column, flag: string, notes: Map<string, string>, proseNotes: Element[]): string {
  const key = `${dataset.edition}/${dataset.id}\u0000${cellKey(row.key, column.key)}`;
  const existing = notes.get(key);
  if (existing) return existing;
  const id = `note-${dataset.id}-${row.key}-${column.key}`;
  const definition = dataset.flags[flag];
  const note = row.cells[column.key]?.note;
  proseNotes.push(h('p', { className: ['note'], id }, [h('span', { className: ['flag-mark'] }, [definition.mark]), ` ${definition.note}${note ?? ''}`]));
  notes.set(key, id);
  return id;
}

function rememberNotes(notes: Map<string, string>, dataset: Dataset, ids: NoteIds): void {
  for (const [cell, id] of ids) {
    const key = `${dataset.edition}/${dataset.id}\u0000${cell}`;
    if (!notes.has(key)) notes.set(key, id);
  }
}

/** 表1 / 图1 as a link to the table or chart. */
function refNode(node: TextDirective, figures: Figure[]): void {
  const id = node.attributes?.id;
  if (!id) throw new DirectiveError(sayProblem('data-ref-needs-id', { known: figures.map((f) => f.name).join(', ') }));
  const exact = figures.filter((f) => f.id === id);
  const matches = exact.length ? exact : figures.filter((f) => f.name === id);
  if (matches.length !== 1) {
    const known = (matches.length ? matches : figures).map((f) => f.id).join(', ');
    throw new DirectiveError(matches.length ? sayProblem('data-ref-ambiguous', { id, n: matches.length, labels: matches.map((f) => f.label).join(', '), known }) : sayProblem('data-ref', { id, known }));
  }
  const [figure] = matches;
  setHast(node, h('a', { className: ['ref'], href: `#${figure.id}`, dataDaan: 'ref' }, [figure.label]));
}

/** :value and :ref stand in running text. */
function inline(node: Directive): TextDirective {
  if (node.type === 'textDirective') return node;
  throw new DirectiveError(sayProblem('data-inline', { name: node.name }));
}

function setHast(node: Directive, element: Element): void {
  node.data = { hName: element.tagName, hProperties: element.properties, hChildren: element.children };
}

function report(file: VFile, node: Directive, reason: string, fix: string): void {
  const message = file.message(reason, { place: node.position, ruleId: 'data', source: 'daan' });
  message.fatal = true;
  message.note = fix;
}

function split(list: string): string[] {
  return list.split(/[\s,，、]+/).filter(Boolean);
}

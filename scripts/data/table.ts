/**
 * A data set as a three-line table (hast): caption 表N, the shared unit line (单位：户、人) or
 * units in the headers (人数（人）), numbers right-aligned with the same decimals, empty cells —,
 * the source (资料来源) and the notes of flagged values below.
 */
import type { Element, ElementContent, Properties } from 'hast';
import { h } from 'hastscript';
import { formatValue, type Grouping } from './format.ts';
import { isNumeric, stubColumn, type Cell, type Column, type Dataset, type Row } from './model.ts';

export const IDEOGRAPHIC_SPACE = '\u3000';
export const EMPTY_CELL = '—';

export interface TableOptions {
  /** 表1 */
  label: string;
  /** Element id: tab-poverty. */
  id: string;
  rows: Row[];
  columns: Column[];
  title?: string;
  units?: 'auto' | 'line' | 'header';
  grouping?: Grouping;
}

/** The notes of a table's flagged values, by cell (`row\0column`), with their element ids. */
export type NoteIds = Map<string, string>;

export function cellKey(row: string, column: string): string {
  return `${row}\u0000${column}`;
}

export function renderTable(dataset: Dataset, options: TableOptions): { element: Element; notes: NoteIds } {
  const mode = unitMode(options.columns, options.units ?? dataset.units);
  const notes = new Notes(dataset, options.id);
  const stub = options.columns.includes(stubColumn(dataset)!) ? stubColumn(dataset) : undefined;
  const head = h('thead', {}, [h('tr', {}, options.columns.map((column) => h('th', { scope: 'col', className: classes(column) }, [header(column, mode)])))]);
  const body = h('tbody', {}, options.rows.map((row) => h('tr', rowClass(row), options.columns.map((column) => cell(dataset, row, column, { mode, stub, notes, options })))));
  const children: Element[] = [h('figcaption', {}, [h('span', { className: ['label'] }, [options.label]), IDEOGRAPHIC_SPACE + (options.title ?? dataset.title)])];
  if (mode === 'line' && unitLine(options.columns)) children.push(h('p', { className: ['unit'] }, [unitLine(options.columns)!]));
  children.push(h('table', {}, [head, body]));
  if (dataset.source) children.push(h('p', { className: ['source'] }, [`资料来源：${dataset.source}`]));
  dataset.notes.forEach((note, index) => children.push(h('p', { className: ['note'] }, [`${index ? '' : '注：'}${note}`])));
  children.push(...notes.elements());
  return { element: h('figure', { className: ['data-table'], id: options.id }, children), notes: notes.ids };
}

type Mode = 'line' | 'header';

/** Auto: one unit line when every numeric column has one fixed unit that is not %; else units in the headers. */
function unitMode(columns: Column[], wanted: 'auto' | 'line' | 'header'): Mode {
  if (wanted !== 'auto') return wanted;
  const numeric = columns.filter(isNumeric);
  return numeric.length > 0 && numeric.every((column) => column.unit && !column.unitFrom && column.type !== 'percent') ? 'line' : 'header';
}

function unitLine(columns: Column[]): string | undefined {
  const units = [...new Set(columns.filter((c) => isNumeric(c) && c.unit && !c.unitFrom).map((c) => c.unit!))];
  return units.length ? `单位：${units.join('、')}` : undefined;
}

function header(column: Column, mode: Mode): string {
  return mode === 'header' && column.unit && !column.unitFrom ? `${column.label}（${column.unit}）` : column.label;
}

function classes(column: Column): string[] {
  return [isNumeric(column) ? 'num' : column.type === 'date' ? 'date' : 'text', ...(column.align !== (isNumeric(column) ? 'right' : 'left') ? [`align-${column.align}`] : [])];
}

function rowClass(row: Row): Properties {
  const names = [row.kind !== 'given' ? row.kind : '', row.total ? 'total' : ''].filter(Boolean);
  return names.length ? { className: names } : {};
}

interface CellContext {
  mode: Mode;
  stub?: Column;
  notes: Notes;
  options: TableOptions;
}

function cell(dataset: Dataset, row: Row, column: Column, context: CellContext): Element {
  const value = dataset.values.get(row.key)?.get(column.key) ?? null;
  const unit = column.unitFrom && !context.options.columns.some((c) => c.key === column.unitFrom) ? unitOf(dataset, row, column) : undefined;
  const text = formatValue(value, column, { grouping: context.options.grouping, unit });
  const marks = context.notes.marks(row, column, row.cells[column.key]);
  const content: ElementContent[] = [{ type: 'text', value: text ?? EMPTY_CELL }, ...marks];
  const className = [...classes(column), ...(text === undefined ? ['empty'] : [])];
  return column === context.stub ? h('th', { scope: 'row', className }, content) : h('td', { className }, content);
}

/** The unit of one cell: the column's, or the row's value in the column named by unit_from. */
export function unitOf(dataset: Dataset, row: Row, column: Column): string | undefined {
  if (!column.unitFrom) return column.unit;
  const unit = dataset.values.get(row.key)?.get(column.unitFrom);
  return typeof unit === 'string' ? unit : undefined;
}

/** Marks (*, **) for flagged values and the notes they point to, one note per distinct text. */
class Notes {
  readonly ids: NoteIds = new Map();
  private readonly list: { id: string; mark: string; text: string }[] = [];

  constructor(
    private readonly dataset: Dataset,
    private readonly tableId: string,
  ) {}

  marks(row: Row, column: Column, cell: Cell | undefined): Element[] {
    return (cell?.flags ?? []).map((flag) => {
      const note = this.note(flag, cell!.note);
      this.ids.set(cellKey(row.key, column.key), note.id);
      return markElement(note.mark, note.id);
    });
  }

  elements(): Element[] {
    return this.list.map((note) => h('p', { className: ['note'], id: note.id }, [h('span', { className: ['flag-mark'] }, [note.mark]), ` ${note.text}`]));
  }

  private note(flag: string, extra: string | undefined) {
    const definition = this.dataset.flags[flag];
    const text = extra ? `${definition.note}${extra}` : definition.note;
    const found = this.list.find((note) => note.text === text);
    if (found) return found;
    const sameMark = this.list.filter((note) => note.mark.startsWith(definition.mark)).length;
    const note = { id: `${this.tableId}-note-${this.list.length + 1}`, mark: definition.mark.repeat(sameMark + 1), text };
    this.list.push(note);
    return note;
  }
}

/** The superscript mark after a flagged value, linking to its note. */
export function markElement(mark: string, noteId: string): Element {
  return h('sup', { className: ['flag-mark'] }, [h('a', { href: `#${noteId}`, role: 'doc-noteref' }, [mark])]);
}

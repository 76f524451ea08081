/**
 * Data sets: named tables of typed values with units, loaded from content/<edition>/data/.
 * Every value keeps the place it came from, so a wrong number can be pointed at.
 */
import type { Source } from '../core/model.ts';
import type { Query } from '../core/model.ts';
import type { Expr } from './expr.ts';

export type ColumnType = 'text' | 'integer' | 'decimal' | 'percent' | 'date';
export type Align = 'left' | 'center' | 'right';

/** A number, a text, a date written YYYY, YYYY-MM or YYYY-MM-DD, or nothing (shown as —). Percentages are fractions: 0.03 is 3%. */
export type Value = number | string | null;

export interface Column {
  key: string;
  label: string;
  type: ColumnType;
  /** 户, 人, 亩, 元/亩, kW … (percent columns use %). */
  unit?: string;
  /** Key of a text column holding each row's unit, for columns whose unit varies by row (数量: 口, 座, 公里). */
  unitFrom?: string;
  decimals: number;
  align: Align;
  /** Show large numbers in 万 / 亿 (1.45万). */
  wan: boolean;
  /** Computed column: an expression over the row's other columns (people / households). */
  formula?: Formula;
  at: Source;
}

export interface Cell {
  value: Value;
  /** Flag names (unverified …), each defined in the data set's flags. */
  flags: string[];
  /** A note for this value, printed under the table with the flag's mark. */
  note?: string;
  at: Source;
}

/** How a row gets its numbers: typed in, computed from other rows, or taken from a row of another data set. */
export type RowKind = 'given' | 'computed' | 'linked';

export interface Row {
  key: string;
  kind: RowKind;
  /** A sum row (合计): rendered as a total. */
  total: boolean;
  /** Typed-in cells; computed and linked rows hold only their text cells here. */
  cells: Record<string, Cell>;
  /** Computed row: an expression over other rows (identified - lifted, or a sum). */
  formula?: Formula;
  /** Linked row: data set and row it copies (poverty.remaining). */
  from?: { dataset: string; row: string };
  at: Source;
}

export interface Flag {
  /** The mark after a flagged value: *, †, ① … */
  mark: string;
  /** The note under a table, after the mark. */
  note: string;
}

/** An expression as written in a data file, parsed, with the place where its text starts. */
export interface Formula {
  text: string;
  expr: Expr;
  at: Source;
}

/** A declared check: a comparison that must hold (remaining.households == identified.households − …). */
export type Check = Formula;

/** The place of an offset into a formula (formulas are written on one line). */
export function placeIn(formula: Formula, offset: number): Source {
  return { ...formula.at, column: formula.at.column + offset };
}

export interface Dataset {
  /** File name without extension: poverty. */
  id: string;
  /** Edition folder name: 2017-09. */
  edition: string;
  /** content/2017-09/data/poverty.yaml */
  file: string;
  title: string;
  /** 资料来源 */
  source?: string;
  notes: string[];
  columns: Column[];
  rows: Row[];
  flags: Record<string, Flag>;
  checks: Check[];
  /** Editorial queries on its rows and cells (`query:`): for the editors, never printed. */
  queries: Query[];
  /** Where the table's units go: one line over the table (单位：户、人) or in each header (人数（人）); auto decides. */
  units: 'auto' | 'line' | 'header';
  /** Every cell value after computing rows and columns: values.get(row)?.get(column). */
  values: Map<string, Map<string, Value>>;
  at: Source;
}

export const builtInFlags: Record<string, Flag> = {
  unverified: { mark: '*', note: '数据待核实。' },
};

export function findColumn(dataset: Dataset, key: string): Column | undefined {
  return dataset.columns.find((column) => column.key === key);
}

export function findRow(dataset: Dataset, key: string): Row | undefined {
  return dataset.rows.find((row) => row.key === key);
}

/** The value of a cell after computing; undefined when the row or column does not exist. */
export function valueOf(dataset: Dataset, row: string, column: string): Value | undefined {
  return dataset.values.get(row)?.get(column);
}

export function isNumeric(column: Column): boolean {
  return column.type === 'integer' || column.type === 'decimal' || column.type === 'percent';
}

/** The column that names the rows (项目, 村, 年份): the first text or date column. */
export function stubColumn(dataset: Dataset): Column | undefined {
  return dataset.columns.find((column) => column.type === 'text' || column.type === 'date');
}

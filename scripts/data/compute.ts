/**
 * Computed rows (合计 = sum of rows, remaining = identified − lifted), computed columns
 * (people / households) and linked rows (a row of another data set). Cells are computed lazily
 * in whatever order they depend on each other; a circular reference is an error.
 */
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { evaluate, isVector, ScopeError, type Scope, type Val, type Vector } from './expr.ts';
import { findColumn, findRow, isNumeric, placeIn, type Column, type Dataset, type Formula, type Row, type Value } from './model.ts';

/** A row as an expression value: its numeric columns, and any column through `.name`. */
class RowVector implements Vector {
  constructor(
    readonly keys: readonly string[],
    readonly dataset: Dataset,
    readonly row: Row,
    private readonly calculator: Calculator,
  ) {}

  get(key: string): number | null {
    return this.calculator.number(this.dataset, this.row, key);
  }
}

export class Calculator {
  readonly problems: VFileMessage[] = [];
  private readonly cells = new Map<string, Value>();
  private readonly busy = new Set<string>();
  private readonly reported = new Set<string>();

  constructor(private readonly datasets: Map<string, Dataset>) {}

  /** Fills dataset.values for every data set. */
  computeAll(): void {
    for (const dataset of this.datasets.values()) {
      dataset.values = new Map(dataset.rows.map((row) => [row.key, new Map(dataset.columns.map((column) => [column.key, this.cell(dataset, row, column)]))]));
    }
  }

  cell(dataset: Dataset, row: Row, column: Column): Value {
    const id = `${dataset.id}\u0000${row.key}\u0000${column.key}`;
    if (this.cells.has(id)) return this.cells.get(id)!;
    if (this.busy.has(id)) throw new ScopeError(say('expr-circular', { cell: `${row.key}.${column.key}` }));
    this.busy.add(id);
    try {
      const value = this.compute(dataset, row, column);
      this.cells.set(id, value);
      return value;
    } finally {
      this.busy.delete(id);
    }
  }

  /** A numeric cell for expressions; throws ScopeError for a text column. */
  number(dataset: Dataset, row: Row, key: string): number | null {
    const column = findColumn(dataset, key);
    if (!column) throw new ScopeError(say('expr-no-column', { key, dataset: dataset.id, columns: dataset.columns.map((c) => c.key).join(', ') }));
    if (!isNumeric(column)) throw new ScopeError(say('expr-not-number', { key, type: column.type }));
    const value = this.cell(dataset, row, column);
    return typeof value === 'number' ? value : null;
  }

  /** Names are rows: identified, (lifted2014 + lifted2015).households. */
  rowScope(dataset: Dataset): Scope {
    return {
      name: (name) => this.rowValue(dataset, name),
      member: (object, name) => this.member(dataset, object, name),
    };
  }

  /** Names are the current row's columns first, then rows. */
  columnScope(dataset: Dataset, row: Row): Scope {
    return {
      name: (name) => (findColumn(dataset, name) ? this.number(dataset, row, name) : this.rowValue(dataset, name)),
      member: (object, name) => this.member(dataset, object, name),
    };
  }

  private rowValue(dataset: Dataset, name: string): Vector {
    const row = findRow(dataset, name);
    if (!row) throw new ScopeError(say('expr-no-row', { name, dataset: dataset.id, rows: dataset.rows.map((r) => r.key).join(', ') }));
    return new RowVector(vectorKeys(dataset), dataset, row, this);
  }

  private member(dataset: Dataset, object: Val, name: string): Val {
    if (object instanceof RowVector) return this.number(object.dataset, object.row, name);
    if (!isVector(object)) throw new ScopeError(say('expr-dot-needs-row', { name }));
    if (!object.keys.includes(name)) throw new ScopeError(say('expr-no-numeric-column', { name, dataset: dataset.id, columns: object.keys.join(', ') }));
    return object.get(name);
  }

  private compute(dataset: Dataset, row: Row, column: Column): Value {
    if (column.formula) return this.formula(dataset, column.formula, this.columnScope(dataset, row));
    if (!isNumeric(column) || row.kind === 'given') return row.cells[column.key]?.value ?? null;
    if (row.kind === 'linked') return this.linked(row, column);
    return row.formula ? this.formula(dataset, row.formula, this.rowScope(dataset), column.key) : null;
  }

  private linked(row: Row, column: Column): Value {
    const source = this.datasets.get(row.from!.dataset);
    const sourceRow = source && findRow(source, row.from!.row);
    const sourceColumn = source && findColumn(source, column.key);
    if (!source || !sourceRow || !sourceColumn) return null;
    try {
      return this.cell(source, sourceRow, sourceColumn);
    } catch (error) {
      if (!(error instanceof ScopeError)) throw error;
      this.problems.push(problem(row.at.file, row.at, ...sayProblem('data-formula-link', { row: row.key, from: `${row.from!.dataset}.${row.from!.row}`, error: error.message })));
      return null;
    }
  }

  /** The value of a formula: a number, or the `column` component of a row. */
  private formula(dataset: Dataset, formula: Formula, scope: Scope, column?: string): Value {
    const result = evaluate(formula.expr, scope);
    if (!result.ok) return this.report(formula, result.error.offset, result.error.message);
    if (!isVector(result.value)) return result.value;
    if (column) return result.value.get(column);
    return this.report(formula, 0, `a computed column gives one number per row; \`${formula.text}\` is a whole row of ${dataset.id} (add .column)`);
  }

  private report(formula: Formula, offset: number, message: string): null {
    const at = placeIn(formula, offset);
    const key = `${at.file}:${at.line}:${at.column}:${message}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.problems.push(problem(at.file, at, ...sayProblem('data-formula', { formula: formula.text, error: message })));
    }
    return null;
  }
}

/** The columns a row stands for in arithmetic: the numeric columns that are not themselves computed. */
function vectorKeys(dataset: Dataset): string[] {
  return dataset.columns.filter((column) => isNumeric(column) && !column.formula).map((column) => column.key);
}

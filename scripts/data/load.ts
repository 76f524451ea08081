/**
 * Loads content/<edition>/data/: YAML and JSON data sets (rows inline or from a CSV file next
 * to them), and bare CSV files (columns inferred from the values). Validates every value with its
 * position, computes computed rows and columns, and runs the declared checks.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { isScalar, type Scalar } from 'yaml';
import type { VFileMessage } from 'vfile-message';
import type { Source } from '../core/model.ts';
import { parseYaml, placeOf, placeOfKey, yamlValue, zodLanguage, zodProblems, type YamlSource } from '../load/yaml.ts';
import { controlCharacterProblem, readContentText } from '../load/read-text.ts';
import { recordListing } from '../core/inputs.ts';
import { realFileInside, refuseOutside, refuseReference } from '../load/safe-path.ts';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { runChecks } from './checks.ts';
import { Calculator } from './compute.ts';
import { readCsv, type CsvTable } from './csv.ts';
import { parseExpr } from './expr.ts';
import { builtInFlags, findRow, isNumeric, placeIn, type Cell, type Column, type Dataset, type Formula, type Row } from './model.ts';
import { cellSchema, datasetSchema, keyPattern, parseCellValue, rowFields, type ColumnFile, type DatasetFile, type RowFile } from './schema.ts';

export interface EditionData {
  datasets: Map<string, Dataset>;
  problems: VFileMessage[];
}

const described = new Set(['.yaml', '.yml', '.json']);

export async function loadEditionData(editionDir: string): Promise<EditionData> {
  const folder = join(editionDir, 'data');
  const listed = await readdir(folder).catch(() => undefined);
  recordListing(folder, listed);
  const names = (listed ?? []).sort();
  const edition = basename(editionDir);
  // No data file may come from outside content/ (a symlink out, a `csv:` path with ../).
  const root = dirname(editionDir);
  const problems: VFileMessage[] = [];
  const broken = new Set<string>();
  const datasets = new Map<string, Dataset>();
  const add = (result: Loaded) => {
    problems.push(...result.problems);
    if (!result.dataset) return;
    if (result.problems.length) broken.add(result.dataset.id);
    const other = datasets.get(result.dataset.id);
    if (other) problems.push(problem(result.dataset.file, { line: 1, column: 1 }, ...sayProblem('data-duplicate', { id: result.dataset.id, other: other.file })));
    else datasets.set(result.dataset.id, result.dataset);
  };
  const used = new Set<string>();
  for (const name of names.filter((n) => described.has(extname(n).toLowerCase()))) {
    const refused = await refuseOutside(join(folder, name), root, say('noun-data-file'));
    if (refused) problems.push(refused);
    else add(await loadDescribed(join(folder, name), edition, used, root));
  }
  for (const name of names.filter((n) => extname(n).toLowerCase() === '.csv' && !used.has(n))) {
    const refused = await refuseOutside(join(folder, name), root, say('noun-data-file'));
    if (refused) problems.push(refused);
    else add(await loadBareCsv(join(folder, name), edition));
  }
  problems.push(...linkProblems(datasets));
  const calculator = new Calculator(datasets);
  calculator.computeAll();
  problems.push(...calculator.problems);
  for (const dataset of datasets.values()) problems.push(...runChecks(dataset, calculator, !broken.has(dataset.id)));
  return { datasets, problems };
}

interface Loaded {
  dataset?: Dataset;
  problems: VFileMessage[];
}

/** A YAML or JSON data set (JSON is read by the YAML parser, which keeps positions). */
async function loadDescribed(file: string, edition: string, usedCsv: Set<string>, root: string): Promise<Loaded> {
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  const { source, problems } = parseYaml(read.text, file);
  if (problems.length) return { problems };
  const plain = yamlValue(source);
  if ('problems' in plain) return plain;
  const parsed = datasetSchema.safeParse(plain.value, zodLanguage());
  if (!parsed.success) return { problems: zodProblems(parsed.error, source, datasetSchema) };
  const spec = parsed.data;
  const builder = new DatasetBuilder(file, edition, spec, source);
  if (spec.csv) {
    usedCsv.add(spec.csv);
    const csvFile = join(file, '..', spec.csv);
    const refused = refuseReference(spec.csv, say('noun-csv-file'), dirname(file));
    const outside = refused ? undefined : await realFileInside(csvFile, root, say('noun-csv-file'));
    const refusal = refused ?? (outside && 'refusal' in outside && outside.refusal.kind !== 'missing' ? outside.refusal : undefined);
    if (refusal) return { dataset: builder.dataset, problems: [problem(file, placeOf(source, ['csv']), ...sayProblem('outside-content', refusal))] };
    const csv = await readContentText(csvFile).catch(() => ({ error: problem(file, placeOf(source, ['csv']), ...sayProblem('data-csv-unreadable', { file: csvFile, csv: String(spec.csv), yaml: basename(file) })) }));
    if ('error' in csv) return { dataset: builder.dataset, problems: [csv.error] };
    const unseen = controlCharacterProblem(csv.text, csvFile);
    if (unseen) return { dataset: builder.dataset, problems: [unseen] };
    builder.addCsv(readCsv(csv.text, csvFile), csvFile);
  }
  spec.rows.forEach((row, index) => builder.addYamlRow(row, index));
  builder.finish();
  return { dataset: builder.dataset, problems: builder.problems };
}

/** A CSV file no YAML names: its header gives the columns, its values their types. */
async function loadBareCsv(file: string, edition: string): Promise<Loaded> {
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  const unseen = controlCharacterProblem(read.text, file);
  if (unseen) return { problems: [unseen] };
  const csv = readCsv(read.text, file);
  // Only usable keys become columns (the others are reported below), so the schema cannot refuse them.
  const columns: ColumnFile[] = csv.header
    .filter((field) => field.name !== 'key' && keyPattern.test(field.name) && !(rowFields as readonly string[]).includes(field.name))
    .map((field) => ({ key: field.name, label: field.name, type: inferType(csv, field.name), wan: false }));
  const spec = datasetSchema.parse({ title: basename(file, extname(file)), columns: columns.length ? columns : [{ key: 'value', label: 'value' }] });
  const builder = new DatasetBuilder(file, edition, spec);
  const badKeys = csv.header.filter((field) => !keyPattern.test(field.name));
  builder.problems.push(...badKeys.map((field) => problem(file, field, ...sayProblem('data-key-column', { name: field.name }))));
  if (!badKeys.length) builder.addCsv(csv, file);
  builder.finish();
  return { dataset: builder.dataset, problems: builder.problems };
}

function inferType(csv: CsvTable, name: string): ColumnFile['type'] {
  const texts = csv.records.map((record) => record.fields.find((field) => field.name === name)?.text.trim() ?? '').filter(Boolean);
  if (!texts.length) return 'text';
  if (texts.every((text) => /^[+-]?\d+$/.test(text))) return 'integer';
  return texts.every((text) => /^[+-]?\d+(\.\d+)?$/.test(text)) ? 'decimal' : 'text';
}

interface PendingSum {
  row: Row;
  sum: 'all' | string[];
  path: (string | number)[];
}

/** Builds one Dataset from its validated file, reporting every wrong value with its place. */
class DatasetBuilder {
  readonly problems: VFileMessage[] = [];
  readonly dataset: Dataset;
  private readonly sums: PendingSum[] = [];

  constructor(
    private readonly file: string,
    edition: string,
    private readonly spec: DatasetFile,
    private readonly source?: YamlSource,
  ) {
    this.dataset = {
      id: basename(file, extname(file)),
      edition,
      file,
      title: spec.title,
      source: spec.source,
      notes: spec.notes,
      columns: spec.columns.map((column, index) => this.column(column, index)),
      rows: [],
      flags: { ...builtInFlags, ...spec.flags },
      checks: spec.checks.map((text, index) => this.formula(text, ['checks', index])).filter((f): f is Formula => !!f),
      queries: [],
      units: spec.units,
      values: new Map(),
      at: { file, line: 1, column: 1 },
    };
    this.checkColumns();
  }

  addCsv(csv: CsvTable, csvFile: string): void {
    this.problems.push(...csv.problems);
    const rowKey = this.spec.row_key;
    for (const field of csv.header) {
      if (field.name !== rowKey && field.name !== 'query' && !this.known(field.name)) this.problems.push(this.unknownColumn(csvFile, field, field.name, say('data-where-header')));
    }
    if (!csv.header.some((field) => field.name === rowKey)) {
      this.problems.push(problem(csvFile, { line: 1, column: 1 }, ...sayProblem('data-key-header', { key: rowKey })));
      return;
    }
    for (const record of csv.records) {
      const keyField = record.fields.find((field) => field.name === rowKey);
      const at = { file: csvFile, line: record.line, column: 1 };
      const row = this.newRow(keyField?.text.trim(), keyField ? { file: csvFile, line: keyField.line, column: keyField.column } : at, at);
      if (!row) continue;
      for (const field of record.fields) {
        if (field.name === 'query' && field.text.trim()) this.dataset.queries.push({ text: field.text.trim(), at: { file: csvFile, line: field.line, column: field.column } });
        const column = this.dataset.columns.find((c) => c.key === field.name);
        if (column) this.setCell(row, column, field.text, { file: csvFile, line: field.line, column: field.column });
      }
    }
  }

  addYamlRow(spec: RowFile, index: number): void {
    const path = ['rows', index];
    const rowKey = this.spec.row_key;
    const keyValue = rowKey === 'key' ? spec.key : spec[rowKey];
    const row = this.newRow(keyValue === undefined ? undefined : String(keyValue), this.at([...path, rowKey === 'key' ? 'key' : rowKey]), this.at(path));
    if (!row) return;
    if (spec.query) this.dataset.queries.push({ text: spec.query, at: this.at([...path, 'query']) });
    for (const [name, raw] of Object.entries(spec)) {
      if ((rowFields as readonly string[]).includes(name)) continue;
      const column = this.dataset.columns.find((c) => c.key === name);
      if (!column) this.problems.push(this.unknownColumn(this.file, this.atKey([...path, name]), name, say('data-where-row', { row: row.key })));
      else this.setYamlCell(row, column, raw, [...path, name]);
    }
    this.setKind(row, spec, path);
  }

  /** Checks that need every row: sums name existing rows; computed rows give no numbers. */
  finish(): void {
    this.sums.forEach((sum) => this.resolveSum(sum));
    this.dataset.rows.forEach((row) => {
      if (row.kind === 'given') return;
      const typed = this.dataset.columns.filter((column) => isNumeric(column) && row.cells[column.key]);
      for (const column of typed) {
        this.problems.push(problem(row.cells[column.key].at.file, row.cells[column.key].at, ...sayProblem('data-computed-value', { row: row.key, kind: row.kind, column: column.key })));
      }
    });
  }

  private column(spec: ColumnFile, index: number): Column {
    const numeric = spec.type === 'integer' || spec.type === 'decimal' || spec.type === 'percent';
    return {
      key: spec.key,
      label: spec.label,
      type: spec.type,
      unit: spec.type === 'percent' ? '%' : spec.unit,
      unitFrom: spec.unit_from,
      // A decimal column without `decimals:` shows as many as its longest typed value (raised in setCell), a computed one 2.
      decimals: spec.decimals ?? (spec.type === 'percent' ? 1 : spec.type === 'decimal' && spec.expr ? 2 : 0),
      align: spec.align ?? (numeric ? 'right' : 'left'),
      wan: spec.wan,
      formula: spec.expr ? this.formula(spec.expr, ['columns', index, 'expr']) : undefined,
      at: this.at(['columns', index, 'key']),
    };
  }

  private checkColumns(): void {
    const seen = new Set<string>();
    this.dataset.columns.forEach((column, index) => {
      if (seen.has(column.key)) this.problems.push(problem(this.file, column.at, ...sayProblem('data-column-twice', { key: column.key })));
      seen.add(column.key);
      const unitFrom = column.unitFrom ? this.dataset.columns.find((c) => c.key === column.unitFrom) : undefined;
      if (column.unitFrom && unitFrom?.type !== 'text') {
        this.problems.push(problem(this.file, this.at(['columns', index, 'unit_from']), ...sayProblem('data-unit-from', { column: String(column.unitFrom) })));
      }
    });
  }

  private newRow(key: string | undefined, keyAt: Source, at: Source): Row | undefined {
    if (!key) {
      this.problems.push(problem(at.file, at, ...sayProblem('data-row-no-key', { key: String(this.spec.row_key) })));
      return undefined;
    }
    if (!keyPattern.test(key)) {
      this.problems.push(problem(keyAt.file, keyAt, ...sayProblem('data-row-key', { key })));
      return undefined;
    }
    const other = findRow(this.dataset, key);
    if (other) {
      this.problems.push(problem(keyAt.file, keyAt, ...sayProblem('data-row-twice', { key, line: other.at.line })));
      return undefined;
    }
    const row: Row = { key, kind: 'given', total: false, cells: {}, at };
    this.dataset.rows.push(row);
    return row;
  }

  private setYamlCell(row: Row, column: Column, raw: unknown, path: (string | number)[]): void {
    if (typeof raw !== 'object' || raw === null) return this.setCell(row, column, raw, this.at(path));
    const parsed = cellSchema.safeParse(raw, zodLanguage());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = issue.code === 'unrecognized_keys' ? say('data-cell-unknown', { fields: issue.keys.join(', ') }) : `${issue.path.join('.') || say('data-cell-value')}: ${issue.message}`;
      this.problems.push(problem(this.file, this.at([...path, ...(issue.path as (string | number)[])]), ...sayProblem('data-cell', { cell: `${row.key}.${column.key}`, detail })));
      return;
    }
    this.setCell(row, column, parsed.data.value, this.at([...path, 'value']));
    if (parsed.data.query) this.dataset.queries.push({ text: parsed.data.query, at: this.at([...path, 'query']) });
    const cell = row.cells[column.key];
    if (!cell) return;
    cell.flags = [parsed.data.flag ?? []].flat();
    cell.note = parsed.data.note;
    for (const flag of cell.flags) {
      if (!this.dataset.flags[flag]) this.problems.push(problem(this.file, this.at([...path, 'flag']), ...sayProblem('data-flag', { flag, flags: Object.keys(this.dataset.flags).join(', ') })));
    }
  }

  private setCell(row: Row, column: Column, raw: unknown, at: Source): void {
    if (column.formula) {
      if (raw !== null && raw !== undefined && raw !== '') this.problems.push(problem(at.file, at, ...sayProblem('data-computed-column', { column: column.key, row: row.key })));
      return;
    }
    const result = parseCellValue(raw, column.type, column.unit);
    if ('error' in result) {
      this.problems.push(problem(at.file, at, ...sayProblem('data-type', { cell: `${row.key}.${column.key}`, label: column.label, type: column.type, error: result.error, fix: result.fix })));
      return;
    }
    if (result.value === null) return;
    if (column.type === 'decimal' && typeof result.value === 'number' && this.spec.columns.find((c) => c.key === column.key)?.decimals === undefined) {
      column.decimals = Math.max(column.decimals, (String(raw).split('.')[1] ?? '').length);
    }
    row.cells[column.key] = { value: result.value, flags: [], at } satisfies Cell;
  }

  private setKind(row: Row, spec: RowFile, path: (string | number)[]): void {
    const ways = (['sum', 'expr', 'from'] as const).filter((way) => spec[way] !== undefined);
    if (ways.length > 1) {
      this.problems.push(problem(this.file, this.atKey([...path, ways[1]]), ...sayProblem('data-computed-both', { row: row.key, first: ways[0], second: ways[1] })));
      return;
    }
    if (spec.from) {
      const [dataset, from] = spec.from.split('.');
      row.kind = 'linked';
      row.from = { dataset, row: from };
    } else if (spec.sum) {
      row.kind = 'computed';
      row.total = true;
      this.sums.push({ row, sum: spec.sum, path });
    } else if (spec.expr) {
      row.kind = 'computed';
      row.formula = this.formula(spec.expr, [...path, 'expr']);
    }
  }

  /** A sum row becomes the formula `a + b + c` over the rows it names (all: every row that is not computed). */
  private resolveSum({ row, sum, path }: PendingSum): void {
    const names = sum === 'all' ? this.dataset.rows.filter((r) => r.kind !== 'computed').map((r) => r.key) : sum;
    const missing = names.findIndex((name) => name === row.key || !findRow(this.dataset, name));
    if (missing >= 0) {
      const name = names[missing];
      const rows = this.dataset.rows.map((r) => r.key).join(', ');
      this.problems.push(problem(this.file, this.at([...path, 'sum', missing]), ...(name === row.key ? sayProblem('data-sum-self', { row: row.key, rows }) : sayProblem('data-sum-unknown', { name, rows }))));
      return;
    }
    const text = names.join(' + ');
    const parsed = parseExpr(text);
    if (parsed.ok) row.formula = { text, expr: parsed.expr, at: this.at([...path, 'sum']) };
  }

  private formula(text: string, path: (string | number)[]): Formula | undefined {
    const at = this.textStart(path);
    const parsed = parseExpr(text);
    if (parsed.ok) return { text, expr: parsed.expr, at };
    const place = placeIn({ text, expr: { type: 'number', value: 0, start: 0, end: 0 }, at }, parsed.error.offset);
    this.problems.push(problem(this.file, place, ...sayProblem('data-expr', { text, error: parsed.error.message })));
    return undefined;
  }

  private unknownColumn(file: string, at: Source | { line: number; column: number }, name: string, where: string): VFileMessage {
    const known = this.dataset.columns.map((c) => c.key).join(', ');
    return problem(file, at, ...sayProblem('data-column', { name, where, file: basename(this.file), known }));
  }

  private known(name: string): boolean {
    return this.dataset.columns.some((column) => column.key === name);
  }

  private at(path: (string | number)[]): Source {
    return { file: this.file, ...(this.source ? placeOf(this.source, path) : { line: 1, column: 1 }) };
  }

  private atKey(path: (string | number)[]): Source {
    return { file: this.file, ...(this.source ? placeOfKey(this.source, path) : { line: 1, column: 1 }) };
  }

  /** Where the text of a scalar starts (after its opening quote), so offsets into it land on the character. */
  private textStart(path: (string | number)[]): Source {
    const node = this.source?.doc.getIn(path, true);
    if (!this.source || !isScalar(node) || !node.range) return this.at(path);
    const quoted = (node as Scalar).type === 'QUOTE_DOUBLE' || (node as Scalar).type === 'QUOTE_SINGLE';
    const { line, col } = this.source.lines.linePos(node.range[0] + (quoted ? 1 : 0));
    return { file: this.file, line, column: col };
  }
}

/** Linked rows name a data set and a row that exist, sharing at least one numeric column. */
function linkProblems(datasets: Map<string, Dataset>): VFileMessage[] {
  return [...datasets.values()].flatMap((dataset) =>
    dataset.rows.flatMap((row) => {
      if (!row.from) return [];
      const source = datasets.get(row.from.dataset);
      const sourceRow = source && findRow(source, row.from.row);
      if (sourceRow) return [];
      const said = source ? sayProblem('data-link-row', { dataset: source.id, row: row.from.row, known: source.rows.map((r) => r.key).join(', ') }) : sayProblem('data-link', { dataset: row.from.dataset, known: [...datasets.keys()].join(', ') });
      return [problem(row.at.file, row.at, ...said)];
    }),
  );
}

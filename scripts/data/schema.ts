/**
 * The schema of a data set file (YAML or JSON; the file name is the data set's name). Cell values
 * are checked against their column's type by load.ts, which knows the columns; this schema checks
 * the shape of everything else.
 *
 *   title: 永嘉乡建档立卡贫困户脱贫情况
 *   source: 永嘉乡                       # 资料来源, printed under tables and charts
 *   csv: poverty.csv                     # optional: rows from a CSV next to this file (header = column keys, plus `key`)
 *   columns:
 *     - { key: item, label: 项目 }                                  # text (the default type)
 *     - { key: households, label: 户数, type: integer, unit: 户 }
 *     - { key: size, label: 户均人数, type: decimal, decimals: 2, expr: people / households }
 *   rows:
 *     - { key: identified, item: 再识别, households: 280, people: 862 }
 *     - { key: y2016, item: 2016年脱贫, people: { value: 34, flag: unverified, note: 或为3户4人。 } }
 *     - { key: moved, item: 已入住, people: { value: 34, query: 原刊印作“34人”，或为3户4人，请核实 } }  # never printed
 *     - { key: y2017, item: 2017年, people: 60, query: 数字待乡里确认 }                                # a query on the row
 *     - { key: lifted, item: 合计, sum: [y2014, y2015, y2016] }     # or sum: all
 *     - { key: rest, item: 未脱贫, expr: identified − lifted }
 *     - { key: township, item: 全乡, from: poverty.remaining }      # a row of another data set
 *   checks:
 *     - remaining.households == identified.households − (y2014 + y2015 + y2016).households
 */
import { z } from 'zod';
import { say, sayProblem } from '../report/messages.ts';

/** Keys name rows and columns in expressions, so they are expression names. */
export const keyPattern = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const key = z.string().regex(keyPattern, 'a key is letters, digits and _, not starting with a digit (households, lifted2014, 瓦高村)');

/** Row fields that are not columns. */
export const rowFields = ['key', 'sum', 'expr', 'from', 'query'] as const;

const text = z.string().trim().min(1, { error: () => say('schema-not-empty') });

export const columnSchema = z.strictObject({
  key: key.refine((value) => !(rowFields as readonly string[]).includes(value), 'key, sum, expr, from and query are row fields; name the column otherwise').describe('the column’s name in directives, rows and expressions (households)'),
  label: text.describe('the column header (户数)'),
  type: z.enum(['text', 'integer', 'decimal', 'percent', 'date']).default('text').describe('what its values are; a value of another kind is an error at its line'),
  unit: text.optional().describe('户, 人, 亩, 元/亩, kW …'),
  unit_from: key.optional().describe('a text column holding each row’s unit'),
  decimals: z.int().min(0).max(6).optional().describe('decimals shown; every value of the column gets the same'),
  align: z.enum(['left', 'center', 'right']).optional().describe('numbers right, text left unless set'),
  wan: z.boolean().default(false).describe('write 10 000 and more as 万'),
  expr: text.optional().describe('a computed column: an expression over the row (people / households)'),
});

export const flagSchema = z.strictObject({
  mark: z.string().trim().min(1).max(3).describe('printed after a flagged value: *, †'),
  note: text.describe('printed under the table after the mark: 数据待核实。'),
});

/** A row: its key, how it is computed (sum, expr) or linked (from), and a value per column. */
export const rowSchema = z.looseObject({
  // Any text or number here; load.ts says why a key that is not a name (2014) cannot be used.
  key: z.union([z.string(), z.number()]).optional().describe('the row’s name in directives and expressions (identified, lifted2014)'),
  sum: z.union([z.literal('all'), z.array(key).min(1)]).optional().describe('a total row: all given rows, or the rows listed'),
  expr: text.optional().describe('a computed row: identified - lifted'),
  from: z
    .string()
    .regex(/^[\w-]+\.[\p{L}_][\p{L}\p{N}_]*$/u, 'write the data set and the row: poverty.remaining')
    .optional()
    .describe('a row taken from another data set of the edition'),
  query: text.optional().describe('an editorial query about the row, for the editors (never printed)'),
});

export const cellSchema = z.strictObject({
  value: z.union([z.string(), z.number(), z.null()]).describe('the value, as for a plain cell'),
  flag: z.union([key, z.array(key)]).optional().describe('one flag name or a list: its mark follows the value'),
  note: text.optional().describe('added to the flag’s note for this value'),
  query: text.optional().describe('a question for the editors about this value (never printed): `daan check` lists it'),
});

export const datasetSchema = z.strictObject({
  title: text.describe('the caption of its tables and charts, unless the directive gives title='),
  source: text.optional().describe('资料来源, printed under its tables and charts'),
  notes: z.array(text).default([]).describe('notes printed under its tables (注：…)'),
  csv: z.string().regex(/^[^/\\]+\.csv$/i, 'name a .csv file in the same folder (no folders)').optional().describe('rows from a CSV file next to this one'),
  row_key: key.default('key').describe('the field (or CSV column) that keys each row'),
  units: z.enum(['auto', 'line', 'header']).default('auto').describe('where its tables put units: line (单位：户、人 over the table), header (人数（人）), auto (line when every number column has one fixed unit)'),
  columns: z.array(columnSchema).min(1).describe('the columns, in order (see Columns)'),
  rows: z.array(rowSchema).default([]).describe('the rows, in order, after those of the CSV (see Rows)'),
  flags: z.record(key, flagSchema).default({}).describe('marks for uncertain values: flag name → mark and note'),
  checks: z.array(text).default([]).describe('expressions that must hold (see Expressions and checks)'),
});

export type DatasetFile = z.infer<typeof datasetSchema>;
export type ColumnFile = z.infer<typeof columnSchema>;
export type RowFile = z.infer<typeof rowSchema>;

export type CellResult = { value: number | string | null } | { error: string; fix: string };

const patterns = {
  integer: /^[+-]?\d+$/,
  decimal: /^[+-]?\d+(?:\.\d+)?$/,
  percent: /^[+-]?\d+(?:\.\d+)?%$/,
  date: /^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/,
};

/** A typed-in value checked against its column's type: YAML gives numbers, CSV gives texts. */
export function parseCellValue(raw: unknown, type: ColumnFile['type'], unit?: string): CellResult {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { value: null };
  if (typeof raw !== 'string' && typeof raw !== 'number') return wrong(sayProblem('cell-single', { found: Array.isArray(raw) ? 'list' : typeof raw }));
  const text = String(raw).trim();
  switch (type) {
    case 'text':
      return { value: text };
    case 'integer':
      return patterns.integer.test(text) ? { value: Number(text) } : wrong(sayProblem('cell-integer', { found: text, unit }));
    case 'decimal':
      return patterns.decimal.test(text) ? { value: Number(text) } : wrong(sayProblem('cell-decimal', { found: text }));
    case 'percent':
      if (patterns.percent.test(text)) return { value: Number(text.slice(0, -1)) / 100 };
      return patterns.decimal.test(text) ? { value: Number(text) } : wrong(sayProblem('cell-percent', { found: text }));
    case 'date':
      return patterns.date.test(text) ? { value: text } : wrong(sayProblem('cell-date', { found: text }));
  }
}

function wrong([error, fix]: [string, string | undefined, string]): CellResult {
  return { error, fix: fix ?? '' };
}

/**
 * CSV with positions: every field knows its line and column, a row with more or fewer fields
 * than the header is an error at that row. UTF-8 (the BOM is dropped by the reader), CRLF or LF.
 */
import { parse } from 'csv-parse/sync';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';

export interface CsvField {
  /** The header of the field's column. */
  name: string;
  text: string;
  line: number;
  column: number;
}

export interface CsvRecord {
  line: number;
  fields: CsvField[];
}

export interface CsvTable {
  header: CsvField[];
  records: CsvRecord[];
  problems: VFileMessage[];
}

export function readCsv(text: string, file: string): CsvTable {
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return { header: [], records: [], problems: [problem(file, { line: lines ?? 1, column: 1 }, ...sayProblem('data-csv', { detail: message.replace(/ at line \d+.*$/, '') }))] };
  }
  const places = recordPlaces(text, parsed.map((entry) => entry.info.bytes));
  const [head, ...rest] = parsed.map((entry, index) => toFields(entry.record, places[index]));
  if (!head) return { header: [], records: [], problems: [problem(file, { line: 1, column: 1 }, ...sayProblem('data-csv-empty'))] };
  const header = head.fields.map((field) => ({ ...field, name: field.text.trim() }));
  const problems: VFileMessage[] = [];
  const records = rest.map((record) => {
    if (record.fields.length !== header.length) problems.push(ragged(file, record, header));
    return { line: record.line, fields: record.fields.slice(0, header.length).map((field, i) => ({ ...field, name: header[i].name })) };
  });
  return { header, records, problems };
}

function ragged(file: string, record: CsvRecord, header: CsvField[]): VFileMessage {
  const extra = record.fields[header.length];
  const place = extra ? { line: record.line, column: extra.column } : { line: record.line, column: (record.fields.at(-1)?.column ?? 1) };
  return problem(file, place, ...sayProblem('data-csv-ragged', { fields: record.fields.length, columns: header.length, names: header.map((h) => h.name).join(', '), extra: Boolean(extra) }));
}

interface Place {
  line: number;
  /** The record's first line as text, for the columns of its fields. */
  text: string;
}

/** Line of each record, from the byte offset where the previous one ended (csv-parse counts lines inconsistently with CRLF). */
function recordPlaces(text: string, ends: number[]): Place[] {
  const bytes = Buffer.from(text, 'utf8');
  const lines = text.split(/\r?\n/);
  let offset = 0;
  let line = 1;
  return ends.map((end) => {
    let first = line;
    while (first < lines.length && lines[first - 1].trim() === '') first++;
    for (; offset < end; offset++) if (bytes[offset] === 0x0a) line++;
    return { line: first, text: lines[first - 1] ?? '' };
  });
}

function toFields(record: string[], place: Place): CsvRecord {
  const columns = fieldColumns(place.text);
  return { line: place.line, fields: record.map((text, i) => ({ name: '', text, line: place.line, column: columns[i] ?? columns.at(-1) ?? 1 })) };
}

/** 1-based column where each field of a CSV line starts (quotes respected). */
function fieldColumns(line: string): number[] {
  const columns = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) columns.push(i + 2);
  }
  return columns;
}

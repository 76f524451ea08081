/**
 * YAML with positions: every value can be traced back to its line and column, so that schema
 * problems point at the field that is wrong. No custom tags; alias expansion is bounded.
 */
import { LineCounter, isCollection, isMap, isNode, isPair, isScalar, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import { z, type ZodError, type ZodType } from 'zod';
import type { VFileMessage } from 'vfile-message';
import { problem, type Place } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { currentLanguage } from '../report/language.ts';
import { CONTROL_CHARACTER } from './read-text.ts';
import type { Query, Source } from './model.ts';

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
  file: string;
  /** Lines before the YAML text in its file (front matter starts on line 2). */
  lineOffset: number;
}

export type Parsed<T> = { value: T; source: YamlSource } | { problems: VFileMessage[] };

const parseOptions = { customTags: [], schema: 'core' as const, uniqueKeys: true, maxAliasCount: 50, prettyErrors: false };

export function parseYaml(text: string, file: string, lineOffset = 0): { source: YamlSource; problems: VFileMessage[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...parseOptions, lineCounter: lines });
  const source = { doc, lines, file, lineOffset };
  // A tag the YAML library cannot resolve (`!!js/function`, `!include`) is only a warning there; here it is refused.
  const refused = [...doc.errors, ...doc.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')];
  const problems = refused.map((error) => {
    const opening = openingOf(doc, error);
    const [reason, fix, key] = sayProblem('yaml', { tag: error.code === 'TAG_RESOLVE_FAILED', detail: firstLine(error.message), code: error.code });
    return problem(file, shift(lines.linePos(opening ?? error.pos[0]), lineOffset), reason, opening === undefined ? fix : say('yaml-unclosed'), key);
  });
  if (!problems.length) problems.push(...controlCharacters(source, text));
  return { source, problems };
}

/**
 * A quote or a bracket left open is noticed where the YAML ends or the next field begins: its
 * offset is where it opens (the quoted value or the flow [ … ] / { … } that runs up to the error).
 */
function openingOf(doc: Document, error: YAMLError): number | undefined {
  const quote = /Missing closing .?quote/.test(error.message);
  const bracket = /Flow (sequence|map) .* end with a/.test(error.message);
  if (!quote && !bracket) return undefined;
  let opening: number | undefined;
  visit(doc, {
    Node(_key, node) {
      const [start, end] = node.range ?? [];
      if (start === undefined || end === undefined || start >= error.pos[0] || end < error.pos[0]) return;
      const fits = quote ? isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') : isCollection(node) && node.flow;
      if (fits && (opening === undefined || start > opening)) opening = start;
    },
  });
  return opening;
}

/**
 * Control characters (NUL, form feed, escape, DEL, C1 controls, line separators …) and broken
 * UTF-16 (a lone surrogate written as "\ud800") in any text value or key: they are invisible,
 * would be written into pages and PDFs, and can break out of a CSS string. Tab and line feed pass.
 * Written raw or as an escape ("\f", "\x0c"), each is a problem at its line.
 */
// A carriage return cannot stand in a YAML value either (written as the escape "\r").
const CONTROL = new RegExp(`\\r|${CONTROL_CHARACTER.source}`);

function controlCharacters(source: YamlSource, text: string): VFileMessage[] {
  const problems: VFileMessage[] = [];
  visit(source.doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      const found = CONTROL.exec(node.value);
      if (!found) return;
      const raw = CONTROL.exec(text.slice(node.range[0], node.range[1]));
      const offset = node.range[0] + (raw?.index ?? 0);
      const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      problems.push(problem(source.file, toPlace(source, offset), ...sayProblem('control-character', { code, value: printable(node.value) })));
    },
  });
  return problems;
}

/** A value as it can be shown in a message: control characters as ␀-style symbols or U+XXXX, shortened. */
function printable(value: string): string {
  const shown = value.replace(new RegExp(CONTROL.source, 'g'), (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}

/** The plain value of a parsed document, with alias expansion bounded (billion laughs fail fast, with a message). */
export function yamlValue(source: YamlSource): { value: unknown } | { problems: VFileMessage[] } {
  try {
    return { value: source.doc.toJS({ maxAliasCount: 50 }) ?? {} };
  } catch (error) {
    return { problems: [problem(source.file, { line: 1 + source.lineOffset, column: 1 }, ...sayProblem('yaml-alias', { detail: (error as Error).message }))] };
  }
}

/** Parses YAML and validates it against a schema; every problem carries the place of the field. */
export function parseAndValidate<T>(text: string, file: string, schema: ZodType<T>, lineOffset = 0): Parsed<T> {
  const { source, problems } = parseYaml(text, file, lineOffset);
  if (problems.length) return { problems };
  const plain = yamlValue(source);
  if ('problems' in plain) return plain;
  const result = schema.safeParse(plain.value, zodLanguage());
  if (result.success) return { value: result.data, source };
  return { problems: zodProblems(result.error, source, schema) };
}

export function zodProblems(error: ZodError, source: YamlSource, schema?: ZodType): VFileMessage[] {
  return error.issues.map((issue) => {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      const known = schema && keysAt(schema, path).join(', ');
      return problem(source.file, placeOfKey(source, [...path, key]), ...sayProblem('schema-unknown', { field: [...path, key].join('.'), known: known || '' }));
    }
    const field = path.length ? `\`${path.join('.')}\`` : say('schema-the-file');
    const place = placeOf(source, path);
    // zod 4 leaves `input` out of issues: a field is missing when the YAML has nothing at its path.
    if (issue.code === 'invalid_type' && (issue.input === undefined && !source.doc.hasIn(path))) {
      return problem(source.file, place, ...sayProblem('schema-missing', { field, key: String(path.at(-1)), expected: String(issue.expected) }));
    }
    return problem(source.file, place, ...sayProblem('schema', fixValues(field, issue as unknown as Issue)));
  });
}

/** The field names the schema allows at a path (for "use one of" in the fix). */
function keysAt(schema: ZodType, path: (string | number)[]): string[] {
  let node: any = schema;
  for (const step of path) {
    node = unwrap(node);
    node = typeof step === 'number' ? node?.element : node?.shape?.[step];
  }
  node = unwrap(node);
  return node?.shape ? Object.keys(node.shape) : [];
}

function unwrap(node: any): any {
  while (node?._zod?.def?.innerType) node = node._zod.def.innerType;
  return node;
}

type Issue = { code: string; message: string } & Record<string, unknown>;

function fixValues(field: string, issue: Issue): { field: string; detail: string; code: string; expected: string; values: string } {
  const values = issue.code === 'invalid_value' && Array.isArray(issue['values']) ? (issue['values'] as unknown[]).join(', ') : '';
  return { field, detail: issue.message, code: issue.code, expected: String(issue['expected']), values };
}

/** zod's own messages in the language of the build (a schema's own messages come from the catalogue). */
export function zodLanguage(): { error?: z.core.$ZodErrorMap } {
  return currentLanguage() === 'zh' ? { error: z.locales.zhCN().localeError } : {};
}

/** Place of the value at a path, or of the nearest parent that exists. */
export function placeOf(source: YamlSource, path: (string | number)[]): Place {
  for (let n = path.length; n >= 0; n--) {
    const node = source.doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return toPlace(source, node.range[0]);
  }
  return { line: 1 + source.lineOffset, column: 1 };
}

/** Place of a key (rather than its value), for unknown and duplicate fields. */
export function placeOfKey(source: YamlSource, path: (string | number)[]): Place {
  const parent = path.length > 1 ? source.doc.getIn(path.slice(0, -1), true) : source.doc.contents;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === path.at(-1));
    const key = pair?.key as Node | undefined;
    if (key?.range) return toPlace(source, key.range[0]);
  }
  return placeOf(source, path);
}

/** Places of every top-level field, for messages that later stages raise about one field. */
export function fieldPlaces(source: YamlSource): Record<string, Source> {
  const places: Record<string, Source> = {};
  const root = source.doc.contents;
  if (!isMap(root)) return places;
  for (const item of root.items) {
    if (isScalar(item.key) && (item.key as Node).range) {
      places[String(item.key.value)] = { file: source.file, ...toPlace(source, (item.key as Node).range![0]) };
    }
  }
  return places;
}

function toPlace(source: YamlSource, offset: number): Place {
  const { line, col } = source.lines.linePos(offset);
  return { line: line + source.lineOffset, column: col };
}

function shift(pos: { line: number; col: number } | undefined, lineOffset: number): Place {
  return pos ? { line: pos.line + lineOffset, column: pos.col } : { line: 1 + lineOffset, column: 1 };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}


/** The editorial queries of a front matter (`queries:`), each at the place of its text. */
export function frontMatterQueries(texts: string[], source: YamlSource): Query[] {
  return texts.map((text, index) => ({ text, at: { file: source.file, ...placeOf(source, ['queries', index]) } }));
}

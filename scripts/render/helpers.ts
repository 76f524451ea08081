/** Template helpers: Chinese dates and issue labels, titles kept clear of 禁则 breaks, and small comparisons. Every one is listed here, so templates may use no other. */
import Handlebars from 'handlebars';
import type { Edition } from '../load/model.ts';
import { marksKeptOnLineHtml } from '../transform/line-marks.ts';

/** 2017-10-09 (or 2017-10-09 12:37:38) → 2017年10月9日 */
export function chineseDate(value: string | undefined): string {
  if (!value) return '';
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2017-10-09 12:37:38 → 2017年10月9日 12:37 */
export function chineseDateTime(value: string | undefined): string {
  if (!value) return '';
  const time = value.slice(11, 16);
  return time ? `${chineseDate(value)} ${time}` : chineseDate(value);
}

/** 2017年第9期 */
export function issueLabel(edition: Pick<Edition, 'year' | 'number'>): string {
  return `${edition.year}年第${edition.number}期`;
}

/** 1234567 → 1.2 MB; sizes shown next to downloads. */
/** Every character fileSize may write. */
export const FILE_SIZE_CHARACTERS = '0123456789. BKM';

export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A CSS string literal, safe inside <style> (use with triple braces). Every character but
 * letters, digits, the space and printable non-ASCII text is written as a hex escape (`\7d `),
 * so no content value can end the string, the rule or the <style> element: quotes, braces,
 * backslashes, `<`, and every control character (form feed, NUL, DEL, C1, line separators).
 * NUL and lone surrogates, which CSS cannot carry, become U+FFFD as CSS.escape makes them.
 */
export function cssString(value: unknown): string {
  let text = '';
  for (const char of String(value ?? '')) {
    const code = char.codePointAt(0)!;
    if (/^[A-Za-z0-9 ]$/.test(char) || (code > 0x9f && !UNSAFE_IN_CSS.test(char))) text += char;
    else text += `\\${(code === 0 || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code).toString(16)} `;
  }
  return `"${text}"`;
}

/** Printable in the Unicode sense but not wanted raw in a style sheet: separators, lone surrogates, BOM. */
const UNSAFE_IN_CSS = /[\u2028\u2029\ufeff\ud800-\udfff]/u;

export const helpers = {
  cssString,
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  chineseDate,
  chineseDateTime,
  issueLabel,
  fileSize,
  eq: (a: unknown, b: unknown) => a === b,
  add: (a: number, b: number) => Number(a) + Number(b),
  /** A title or subtitle, escaped, whose ——, …, · never start a line (see transform/line-marks.ts). */
  marks: (value: unknown) => new Handlebars.SafeString(marksKeptOnLineHtml(String(value ?? ''))),
} as const;

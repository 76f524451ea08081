/** Template helpers: Chinese dates and issue labels, and small comparisons. Every one is listed here, so templates may use no other. */
import type { Edition } from '../load/model.ts';

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
export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A CSS string literal, safe inside <style> (use with triple braces): quotes, backslashes and < escaped. */
export function cssString(value: unknown): string {
  const text = String(value ?? '').replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${text}"`;
}

export const helpers = {
  cssString,
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  chineseDate,
  chineseDateTime,
  issueLabel,
  fileSize,
  eq: (a: unknown, b: unknown) => a === b,
  add: (a: number, b: number) => Number(a) + Number(b),
} as const;

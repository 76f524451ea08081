/**
 * Numbers as GB/T 15835-2011 writes them: Arabic numerals; groups of three from five integer
 * digits on (12,345 — or with a no-break space, 12 345), never in four-digit numbers such as
 * years; 万 / 亿 as units on request (1.45万); percentages with the sign attached (3.0%); dates as
 * 2017年7月. A unit written in Latin letters (kW, km) is separated by a no-break space (45 kW);
 * a Chinese unit (户, 人, 元/亩) follows the number directly (471户).
 *
 * The space is U+00A0: the narrow no-break space U+202F (closer to GB's quarter em) has no glyph
 * in the bundled Noto Serif SC, and a missing glyph prints as nothing.
 */
import type { Column, Value } from './model.ts';

export type Grouping = 'comma' | 'space' | 'none';

export interface NumberStyle {
  /** Fixed number of decimals; without it the number is written as short as it is exact. */
  decimals?: number;
  grouping?: Grouping;
  /** Write 10 000 and more as 万 (1.45万), 100 000 000 and more as 亿. */
  wan?: boolean;
}

export const NO_BREAK_SPACE = '\u00A0';
const separators: Record<Grouping, string> = { comma: ',', space: NO_BREAK_SPACE, none: '' };

export function formatNumber(value: number, style: NumberStyle = {}): string {
  if (!Number.isFinite(value)) return String(value);
  if (style.wan && Math.abs(value) >= 1e4) return formatWan(value, style);
  const text = style.decimals === undefined ? plain(value) : round(value, style.decimals).toFixed(style.decimals);
  return group(text, separators[style.grouping ?? 'comma']);
}

/** 14500 → 1.45万, 15000 → 1.5万, 50000 → 5万, 230000000 → 2.3亿 (trailing zeros dropped, at most 2 decimals unless asked). */
function formatWan(value: number, style: NumberStyle): string {
  const [size, unit] = Math.abs(value) >= 1e8 ? [1e8, '亿'] : [1e4, '万'];
  const scaled = round(value / size, style.decimals ?? 2);
  return group(plain(scaled), separators[style.grouping ?? 'comma']) + unit;
}

/** A fraction as a percentage: 0.03 → 3.0% (one decimal unless told). */
export function formatPercent(fraction: number, decimals = 1, grouping: Grouping = 'comma'): string {
  return `${formatNumber(fraction * 100, { decimals, grouping })}%`;
}

/** 2017 → 2017年, 2017-07 → 2017年7月, 2017-07-09 → 2017年7月9日. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${year}年${month ? `${Number(month)}月` : ''}${day ? `${Number(day)}日` : ''}`;
}

/** A formatted number with its unit: 471户, 3000元/亩, 45 kW (no-break space), 3.0%. */
export function withUnit(number: string, unit?: string): string {
  if (!unit) return number;
  if (/^[A-Za-zµΩ°]/.test(unit) && unit !== '°') return `${number}${NO_BREAK_SPACE}${unit}`;
  return `${number}${unit}`;
}

export interface CellStyle {
  grouping?: Grouping;
  /** Append the unit (prose, header-less cells); tables that print units elsewhere leave it off. */
  unit?: string;
  wan?: boolean;
  decimals?: number;
}

/** A value of a column as text, or undefined for an empty cell (a table shows —). */
export function formatValue(value: Value, column: Column, style: CellStyle = {}): string | undefined {
  if (value === null || value === '') return undefined;
  if (typeof value === 'string') return column.type === 'date' ? formatDate(value) : value;
  const decimals = style.decimals ?? column.decimals;
  if (column.type === 'percent') return formatPercent(value, decimals, style.grouping);
  const wan = style.wan ?? column.wan;
  const number = formatNumber(value, { decimals: wan ? style.decimals : decimals, grouping: style.grouping, wan });
  return withUnit(number, style.unit);
}

function group(text: string, separator: string): string {
  const match = /^(-?)(\d+)(.*)$/.exec(text);
  if (!match || !separator || match[2].length < 5) return text;
  return match[1] + match[2].replace(/\B(?=(\d{3})+$)/g, separator) + match[3];
}

/** Round half away from zero (四舍五入) at a number of decimals, without binary surprises (1.005 → 1.01). */
function round(value: number, decimals: number): number {
  const text = String(Math.abs(value));
  const shifted = text.includes('e') ? Math.abs(value) * 10 ** decimals : Number(`${text}e${decimals}`);
  return Math.sign(value) * (Math.round(shifted) / 10 ** decimals) || 0;
}

function plain(value: number): string {
  const text = String(Number(value.toPrecision(12)));
  return /e/.test(text) ? value.toFixed(Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 2)) : text;
}

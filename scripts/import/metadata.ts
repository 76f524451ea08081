import type { Place } from '../report/problems.ts';
import { restorePunctuation, tidyTitle } from './punctuation.ts';
import type { SourceLine } from './source-lines.ts';

/** 《大安》2017年第9期 as read from a breadcrumb. */
export interface EditionRef {
  year: number;
  number: number;
  /** The text as printed: 《大安》2017年第9期 */
  text: string;
  place: Place;
}

export interface Breadcrumb {
  edition?: EditionRef;
  column?: string;
}

/** The labelled fields of the line under the title. */
export interface ArticleFields {
  published?: string;
  author?: string;
  source?: string;
  views?: number;
}

export const breadcrumbPattern = /^\s*首页\s*(>|＞|»)/;
export const fieldsPattern = /发布时间\s*[:：]/;
export const neighbourPattern = /^\s*(上一篇|下一篇)\s*[:：]/;
export const authorTitlePattern = /^\s*[（(]\s*作者\s*[:：]\s*(.+?)\s*[)）]\s*$/;

const editionPattern = /《[^》]+》\s*(\d{4})\s*年\s*第\s*(\d{1,2})\s*期/;

/** 首页 > 杂志阅读>>《大安》2017年第9期>>脱贫攻坚进行时 → edition and column. */
export function readBreadcrumb(line: SourceLine): Breadcrumb {
  const match = editionPattern.exec(line.text);
  const edition = match && {
    year: Number(match[1]),
    number: Number(match[2]),
    text: match[0],
    place: line.place(match.index),
  };
  const segments = line.text.split(/>+|＞+|»/).map((s) => s.trim()).filter(Boolean);
  const last = segments.at(-1);
  const column = segments.length > 2 && last && !editionPattern.test(last) ? tidyTitle(restorePunctuation(last)) : undefined;
  return { edition: edition ?? undefined, column };
}

const labels = ['发布时间', '作者', '来源', '点击次数', '浏览次数', '阅读次数', '编辑', '责任编辑'];

/** 发布时间:2017-10-09 12:37:38  作者:陈永刚  来源:永嘉乡  点击次数:904 */
export function readFields(text: string): ArticleFields {
  const values = labelledValues(text);
  const views = values.get('点击次数') ?? values.get('浏览次数') ?? values.get('阅读次数');
  return {
    published: dateTime(values.get('发布时间')),
    author: values.get('作者') || undefined,
    source: values.get('来源') || undefined,
    views: views && /^\d+$/.test(views) ? Number(views) : undefined,
  };
}

function labelledValues(text: string): Map<string, string> {
  const pattern = new RegExp(`(${labels.join('|')})\\s*[:：]`, 'g');
  const hits = [...text.matchAll(pattern)];
  return new Map(
    hits.map((hit, i) => {
      const end = hits[i + 1]?.index ?? text.length;
      const value = text.slice((hit.index ?? 0) + hit[0].length, end);
      return [hit[1], value.replace(/[\s\u00a0\u3000]+/g, ' ').trim()];
    }),
  );
}

/** 2017-10-09 12:37:38 as the schema expects it (YYYY-MM-DD hh:mm:ss). */
function dateTime(value: string | undefined): string | undefined {
  const match = value && /(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  return h ? `${date} ${pad(h)}:${mi}:${pad(s ?? '0')}` : date;
}

function pad(value: string): string {
  return value.padStart(2, '0');
}

/** 上一篇:A下一篇:B (one line or two) → the two titles. */
export function readNeighbours(text: string): { previous?: string; next?: string } {
  const previous = /上一篇\s*[:：]\s*(.*?)(?=下一篇\s*[:：]|$)/.exec(text)?.[1];
  const next = /下一篇\s*[:：]\s*(.*?)(?=上一篇\s*[:：]|$)/.exec(text)?.[1];
  return { previous: neighbourTitle(previous), next: neighbourTitle(next) };
}

function neighbourTitle(value: string | undefined): string | undefined {
  const title = value && tidyTitle(restorePunctuation(value));
  return title && !/^(没有了|无|暂无)$/.test(title) ? title : undefined;
}

/** （作者:永嘉乡党委书记） → 永嘉乡党委书记; a name repeated before the position is dropped. */
export function readAuthorTitle(text: string, author?: string): string | undefined {
  const value = authorTitlePattern.exec(text)?.[1];
  if (!value) return undefined;
  const withoutName = author ? value.replace(new RegExp(`^${escapeRegExp(author)}[\\s,，、]*`), '') : value;
  return tidyTitle(restorePunctuation(withoutName || value));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

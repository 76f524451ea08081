import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';
import {
  authorTitlePattern,
  breadcrumbPattern,
  fieldsPattern,
  neighbourPattern,
  readAuthorTitle,
  readBreadcrumb,
  readFields,
  readNeighbours,
  type ArticleFields,
  type EditionRef,
} from './metadata.ts';
import { restorePunctuation, tidyTitle } from './punctuation.ts';
import { isBlank, type SourceLine } from './source-lines.ts';

/** What a saved page of the old site says about its article. */
export interface PageMeta extends ArticleFields {
  title: string;
  subtitle?: string;
  column?: string;
  edition?: EditionRef;
  authorTitle?: string;
  previous?: string;
  next?: string;
}

export interface Page {
  meta: PageMeta;
  /** The article text, line by line, chrome and metadata removed (blank lines kept). */
  body: SourceLine[];
  /** Site chrome that was dropped: date and visitor counter, 设为主页, 站内搜索, footer … */
  dropped: SourceLine[];
}

/** Lines of the site's frame, wherever they appear. */
const chromePatterns = [/^\s*今天是/, /位访问者/, /设为主页|加入收藏/, /^\s*站内搜索/];

/**
 * Splits a saved article page into site chrome, metadata and body. The page reads, top to bottom:
 * site header, breadcrumb, title (and subtitle), the 发布时间 line, 上一篇/下一篇, the body ending
 * with （作者：…）, 上一篇/下一篇 again, footer.
 */
export function readPage(lines: SourceLine[], file: string): { page?: Page; problems: VFileMessage[] } {
  const crumbAt = lines.findIndex((line) => breadcrumbPattern.test(line.text));
  const fieldsAt = lines.findIndex((line, i) => i > crumbAt && fieldsPattern.test(line.text));
  if (crumbAt < 0 || fieldsAt < 0) return { problems: [notAnArticlePage(file, crumbAt < 0)] };

  const titles = lines.slice(crumbAt + 1, fieldsAt).filter((line) => !isBlank(line) && !isChrome(line));
  if (!titles.length) return { problems: [problem(file, lines[fieldsAt].place(0), ...sayProblem('import-title'))] };

  const { body, neighbours, dropped } = splitBody(lines, fieldsAt + 1);
  const crumb = readBreadcrumb(lines[crumbAt]);
  const fields = readFields(lines[fieldsAt].text);
  const authorLine = lastTextLine(body);
  const authorTitle = authorLine && authorTitlePattern.test(authorLine.text) ? readAuthorTitle(authorLine.text, fields.author) : undefined;
  const meta: PageMeta = {
    title: title(titles[0]),
    subtitle: titles.length > 1 ? titles.slice(1).map(title).join(' ') : undefined,
    ...crumb,
    ...fields,
    authorTitle,
    ...readNeighbours(neighbours.map((line) => line.text).join('')),
  };
  const kept = authorTitle ? body.filter((line) => line !== authorLine) : body;
  return { page: { meta, body: kept, dropped: [...lines.slice(0, crumbAt), ...dropped] }, problems: [] };
}

function title(line: SourceLine): string {
  return tidyTitle(restorePunctuation(line.text));
}

function isChrome(line: SourceLine): boolean {
  return chromePatterns.some((pattern) => pattern.test(line.text));
}

/** The body runs from after the 发布时间 line to the 上一篇/下一篇 lines that close it; what follows is footer. */
function splitBody(lines: SourceLine[], from: number) {
  const neighbours: SourceLine[] = [];
  const body: SourceLine[] = [];
  const dropped: SourceLine[] = [];
  let state: 'head' | 'body' | 'footer' = 'head';
  for (const line of lines.slice(from)) {
    const isNeighbour = neighbourPattern.test(line.text);
    if (isNeighbour && state !== 'footer') neighbours.push(line);
    if (isNeighbour && state === 'body') state = 'footer';
    if (isNeighbour) continue;
    if (state === 'head' && !isBlank(line)) state = 'body';
    if (state === 'body' && !isChrome(line)) body.push(line);
    else if (!isBlank(line)) dropped.push(line);
  }
  return { body, neighbours: firstPair(neighbours), dropped };
}

/** The neighbour lines at the top and at the bottom repeat each other: keep the first 上一篇 and 下一篇. */
function firstPair(lines: SourceLine[]): SourceLine[] {
  return [lines.find((l) => /上一篇/.test(l.text)), lines.find((l) => /下一篇/.test(l.text))].filter((l, i, all): l is SourceLine => !!l && all.indexOf(l) === i);
}

function lastTextLine(lines: SourceLine[]): SourceLine | undefined {
  return [...lines].reverse().find((line) => !isBlank(line));
}

function notAnArticlePage(file: string, noBreadcrumb: boolean): VFileMessage {
  return problem(file, { line: 1, column: 1 }, ...sayProblem('import-page', { breadcrumb: noBreadcrumb }));
}

/**
 * Articles in the one print document of an issue, read back from the PDF:
 * - two articles that both have a 图1 from a photo of the same name, a table with the same id, a
 *   heading of the same words and a footnote: every link of an article goes to its own figure,
 *   table, heading and note, not the first article's (each link's named destination and the page
 *   it lands on);
 * - a plain GFM table longer than half a page splits across pages, its header on each of them;
 * - the marks that placed the floats leave no named destination behind.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { daanHere } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { picture } from '../images/helpers.ts';
import { linkTargets, readDestinations } from '../../scripts/print/destinations.ts';
import { isFloatMark } from '../../scripts/print/floats.ts';
import { pageTexts, squeeze } from '../helpers/pdf.ts';
import { requireChromium, requireTools } from './poppler.ts';

const filler = '大安区地处自贡市东部，辖区内山水相依，人文荟萃。'.repeat(12);
const article = (title: string, slug: string) => `---
title: ${title}
column: 要闻
slug: ${slug}
---

${filler}

见:ref{id=map}和:ref{id=roads}，又见[概况](#一概况)。注释在此[^1]。

![村里的地图](images/map.png)

## 一、概况

${filler}

:::table[道路长度]{id=roads}
| 村名 | 长度 |
| --- | --- |
| 新房村 | 12 |
:::

[^1]: 出自区志。
`;
/** 40 rows: about 56 body lines, more than a page in one column. */
const longTable = `\n\n| 行政村 | 户数（户） | 人口（人） |\n| --- | --- | --- |\n${Array.from({ length: 40 }, (_, i) => `| 第${i + 1}村 | ${100 + i} | ${400 + i} |`).join('\n')}\n\n${filler}\n`;

let pdf: Uint8Array;
let pdfPath: string;

beforeAll(async () => {
  requireChromium();
  const content = temporary(
    makeContent({
      '2020-01/articles/a.md': article('第一篇', 'di-yi-pian'),
      '2020-01/articles/b.md': article('第二篇', 'di-er-pian') + longTable,
      '2020-01/images/map.png': await picture(900, 600, 'png', 3),
    }),
  );
  const out = temporary(mkdtempSync(join(tmpdir(), 'daan-ids-')));
  const result = await daanHere(['build', '--content', content, '--out', out, '--quiet']);
  expect(result.code, result.output).toBe(0);
  pdfPath = join(out, '2020-01', 'daan-2020-01.pdf');
  pdf = readFileSync(pdfPath);
}, 600_000);
afterAll(removeTemporary);

it('sends every link of an article to its own figure, table, heading and note', async () => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const landed = await readDestinations(doc);
  const starts = [landed.get('art-di-yi-pian')!, landed.get('art-di-er-pian')!].sort((a, b) => a - b);
  expect(starts[1]).toBeGreaterThan(starts[0]);
  const articleOf = (page: number) => (page >= starts[1] ? 1 : page >= starts[0] ? 0 : -1);
  // Links in the text (the outline's entries and the TOC's go to the articles themselves).
  const links = [...linkTargets(doc)].flatMap(([name, pages]) => pages.filter((page) => articleOf(page) >= 0).map((page) => ({ name, page })));
  const inText = links.filter((link) => !['art-di-yi-pian', 'art-di-er-pian'].includes(decodeURIComponent(link.name)));
  // Per article: 图1, 表1, the heading, the note (and the notes' way back on the web is hidden in print).
  for (const side of [0, 1]) expect(inText.filter((link) => articleOf(link.page) === side).length, `links in article ${side + 1}`).toBeGreaterThanOrEqual(4);
  for (const link of inText) {
    const target = landed.get(link.name) ?? landed.get(decodeURIComponent(link.name));
    expect(target, `${link.name} has a destination`).toBeDefined();
    expect(articleOf(target!), `the link to ${decodeURIComponent(link.name)} on page ${link.page} lands on page ${target}`).toBe(articleOf(link.page));
  }
});

it('splits a table longer than half a page across pages, its header repeated on each', () => {
  requireTools('pdftotext');
  const pages = pageTexts(pdfPath).map(squeeze);
  const withRows = pages.map((text, i) => ({ page: i + 1, text })).filter(({ text }) => /第\d+村/.test(text));
  expect(withRows.length, 'pages with rows of the table').toBeGreaterThanOrEqual(2);
  for (const { page, text } of withRows) expect(text, `page ${page}`).toContain('行政村户数（户）人口（人）');
  // Every row is printed once, in order.
  const rows = withRows.flatMap(({ text }) => [...text.matchAll(/第(\d+)村/g)].map((m) => Number(m[1])));
  expect(rows).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
});

it('leaves out of the final PDF the destinations of the marks that placed the floats, and keeps every one a link goes to', async () => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = [...(await readDestinations(doc)).keys()];
  expect(names.filter(isFloatMark)).toEqual([]);
  for (const name of linkTargets(doc).keys()) expect(names, name).toContain(name);
});

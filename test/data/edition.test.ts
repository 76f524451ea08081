/**
 * The built default edition: every figure of EDITORIAL.md's table comes from the data, appears in
 * the HTML and in the PDF text, and is no longer typed in the article's Markdown; the chart is SVG
 * with text labels in both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { pageTexts, requireTools } from '../print/poppler.ts';
import { selectAll } from './select.ts';
import { builtOut } from '../helpers/built.ts';
import { pdfLines } from '../helpers/pdf.ts';

const out = await builtOut();
const markdown = readFileSync(join(repoRoot, 'content/2017-09/articles/dangjian-linghang.md'), 'utf8');
const pagePath = join(out, '2017-09/dangjian-linghang-tuopin-benkang.html');
const pdfPath = join(out, '2017-09/daan-2017-09.pdf');

/** EDITORIAL.md's readings, each with enough context to be that figure and no other. */
const figures = [
  '471户1340人', '截止2017年7月', '280户862人', '32户112人', '31户119人', '60户178人', '157户453人',
  '42户144人', '25户70人', '432户1783人', '86户295人', '3000元/亩', '25户113人', '55户172人',
  '6户20人', '17户58人', '知识竞赛1次', '易地搬迁34人', '各45 kW',
];

/** Text without white space (the PDF spaces Han from digits; units take a no-break space) or flag marks. */
const squeeze = (text: string) => text.replace(/[\s\u00a0]+/g, '').replace(/(\d+[^\d\s]?)\*/g, '$1');

describe('the default edition’s figures come from its data', () => {
  it('the article’s Markdown types none of EDITORIAL’s figures', () => {
    const body = markdown.replace(/^---[\s\S]*?\n---\n/, '');
    for (const figure of figures) expect(body, figure).not.toContain(figure);
    expect(body).toContain(':value{data=poverty row=remaining col=households,people}');
  });

  it('every figure is in the web page, twice where printed twice (157户453人)', () => {
    const text = squeeze(toString(fromHtml(readFileSync(pagePath, 'utf8'))));
    for (const figure of figures) expect(text, figure).toContain(squeeze(figure));
    expect(text.split('157户453人').length - 1).toBeGreaterThanOrEqual(2);
  });

  it('every figure is in the PDF text', () => {
    requireTools('pdftotext');
    // In two columns a figure may break at a line end: then one line ends with its start and
    // another begins with the rest (pdftotext's reading orders go across the columns).
    const lines = pdfLines(pdfPath).map((l) => squeeze(l.text));
    const printed = (figure: string) =>
      lines.some((l) => l.includes(figure)) ||
      [...figure].slice(1).some((_, i) => lines.some((l) => l.endsWith(figure.slice(0, i + 1))) && lines.some((l) => l.startsWith(figure.slice(i + 1))));
    for (const figure of figures) expect(printed(squeeze(figure)), figure).toBe(true);
  });

  it('34人 is printed as it stands: its doubt is an editorial query, never a mark or a note', () => {
    const html = readFileSync(pagePath, 'utf8');
    expect(html).not.toMatch(/flag-mark/);
    expect(html).not.toMatch(/数据待核实|3户4人/);
  });

  it('has the five tables and the chart, numbered 表1–表5 and 图1', () => {
    const tree = fromHtml(readFileSync(pagePath, 'utf8'));
    const captions = selectAll(tree, 'figcaption').map((c) => c.text);
    expect(captions).toEqual([
      '表1　永嘉乡建档立卡贫困户脱贫情况',
      '图1　2014—2016年脱贫户数和人数',
      '表2　2017年脱贫任务',
      '表3　专业合作社社员和核桃种植情况',
      '表4　危房改造和易地搬迁情况',
      '表5　水利工程建设情况',
    ]);
  });

  it('the chart is inline SVG with text labels and a text alternative, and the page has no script', () => {
    const html = readFileSync(pagePath, 'utf8');
    expect(html).not.toMatch(/<script/i);
    const tree = fromHtml(html);
    const figure = selectAll(tree, 'figure').find((f) => f.properties.id === 'fig-lifted')!;
    const labels = selectAll(figure, 'text').map((t) => t.text);
    for (const label of ['2014年', '2015年', '2016年', '户数（户）', '人数（人）', '32', '178']) expect(labels).toContain(label);
    const alternative = selectAll(figure, 'div').find((d) => d.properties.role === 'img')!;
    expect(String(alternative.properties.ariaLabel)).toContain('2016年，户数60户、人数178人');
  });

  it('the chart’s labels are text in the PDF, not outlines', () => {
    requireTools('pdftotext');
    const page = pageTexts(pdfPath).find((text) => squeeze(text).includes('图1'))!;
    for (const label of ['2014年', '2016年', '户数（户）', '人数（人）', '178']) expect(squeeze(page)).toContain(label);
  });
});

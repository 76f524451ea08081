/**
 * The data directives, fixture by fixture: test/fixtures/data/cases/<name>.md against the data of
 * test/fixtures/data/2099-01/, the HTML out in <name>.html (chart SVG shortened to <svg/>, tested below).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../scripts/data/model.ts';
import { brief, fixtureData, fixtures, render, renderArticle } from './helpers.ts';
import { expectFileContent } from '../helpers/expected.ts';

let data: Map<string, Dataset>;
beforeAll(async () => {
  data = await fixtureData();
});

const cases = readdirSync(join(fixtures, 'cases')).filter((name) => name.endsWith('.md'));

describe('directive fixtures (Markdown + data in, HTML out)', () => {
  it.each(cases)('%s', async (name) => {
    const { html, messages } = await render(readFileSync(join(fixtures, 'cases', name), 'utf8'), data);
    expect(messages.map(String)).toEqual([]);
    const shown = html.replace(/<svg[\s\S]*?<\/svg>/g, '<svg/>').replace(/></g, '>\n<');
    expectFileContent(shown, join(fixtures, 'cases', name.replace(/\.md$/, '.html')));
  });
});

describe('tables', () => {
  it('number per document, keep the caption, unit line, source and notes with the table', async () => {
    const { html } = await render('::table{data=households cols=item,households,people}\n\n::table{data=villages}\n', data);
    expect(html).toContain('<figcaption><span class="label">表1</span>　贫困户脱贫情况</figcaption><p class="unit">单位：户、人</p><table>');
    expect(html).toContain('<span class="label">表2</span>');
    expect(html).toContain('<p class="source">资料来源：示例乡人民政府</p>');
    expect(html).toMatch(/<p class="note" id="tab-households-note-1"><span class="flag-mark">\*<\/span> 数据待核实。原文如此。<\/p>/);
  });

  it('right-align numbers with the same decimals, group five digits, show empty cells as —', async () => {
    const { html } = await render('::table{data=villages}\n', data);
    expect(html).toContain('<td class="num">12,345</td><td class="num">4.5</td>');
    expect(html).toContain('<td class="num">678</td><td class="num empty">—</td>');
    const spaced = await render('::table{data=villages}\n', data, { grouping: 'space' });
    expect(spaced.html).toContain('12\u00A0345');
  });
});

describe('values in running text', () => {
  it('render 471户1340人 style figures as unbreakable number+unit spans', async () => {
    const { html } = await render('共:value{data=households row=identified col=households,people}。', data);
    expect(html).toBe('<p>共<span class="data-value" data-daan="value"><span class="num-unit">280户</span><span class="num-unit">862人</span></span>。</p>');
  });

  it('mark a flagged value and link it to the note of a table showing it', async () => {
    const { html } = await render(':value{data=households row=y2015 col=people}\n\n::table{data=households}\n', data);
    expect(html).toContain('119人<sup class="flag-mark"><a href="#tab-households-note-1" role="doc-noteref">*</a></sup>');
  });
});

describe('figures and captioned tables share the numbering of charts and data tables', () => {
  it('numbers photos with the charts and GFM tables with the data tables, in document order, and :ref names each', async () => {
    const markdown = [
      '见:ref{id=guju}、:ref{id=tab-households}、:ref{id=roads}、:ref{id=fig-households}。',
      '::table{data=households}',
      '![江姐故居](images/guju.jpg)',
      '::chart{data=households}',
      ':::table[各村道路]{id=roads}\n| 村 | 长度 |\n| - | - |\n| 甲 | 1 |\n:::',
    ].join('\n\n');
    const { html, messages } = await renderArticle(markdown, data);
    expect(messages.map(String)).toEqual([]);
    expect(html).toContain('见<a class="ref" href="#fig-guju" data-daan="ref">图1</a>、<a class="ref" href="#tab-households" data-daan="ref">表1</a>、<a class="ref" href="#tab-roads" data-daan="ref">表2</a>、<a class="ref" href="#fig-households" data-daan="ref">图2</a>。');
    expect(html).toContain('<figure class="figure figure-full" id="fig-guju"><div class="figure-image"><img src="images/guju.jpg" alt="江姐故居"></div><figcaption><span class="label">图1</span>　江姐故居</figcaption></figure>');
    expect(html).toContain('<figure class="data-table gfm-table" id="tab-roads"><figcaption><span class="label">表2</span>　各村道路</figcaption><div class="table-scroll" tabindex="0" role="region" aria-label="表2　各村道路"><table>');
  });
});

describe('bad figures and table captions are errors at the directive’s position', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a figure width that is not one', ':::figure{width=wide}\n![村道](images/a.png)\n:::', 'article.md:1:1 `width=wide` is not a figure width', /width=full, width=column, width=half/],
    ['text inside a figure', ':::figure[对比]\n![村道](images/a.png)\n说明文字\n:::', 'article.md:1:1 Only photos go inside `:::figure` (found “说明文字”)', /:::figure\[说明文字\]/],
    ['four photos side by side', `:::figure[对比]\n${'![村道](images/a.png)\n'.repeat(4)}:::`, 'article.md:1:1 `:::figure` has 4 photos; at most 3 fit side by side', /two figures/],
    ['a figure written as a leaf', '::figure{id=x}', 'article.md:1:1 `::figure` must be written `:::figure` around the photos', /:::figure\[说明文字\]/],
    ['a table caption without caption', ':::table{id=t}\n| 村 | 数 |\n| - | - |\n| 甲 | 1 |\n:::', 'article.md:1:1 `:::table` has no caption', /:::table\[2024年/],
    ['a table caption around two tables', ':::table[说明]\n| 村 |\n| - |\n\n| 村 |\n| - |\n:::', 'article.md:1:1 `:::table[说明]` holds exactly one table', /alone between/],
    ['an unknown figure attribute', ':::figure{size=big}\n![村道](images/a.png)\n:::', 'article.md:1:1 Unknown attribute `size` on `:::figure`', /id, width, credit/],
  ];

  it.each(cases)('%s', async (_name, markdown, expected, fix) => {
    const { messages } = await renderArticle(markdown, data);
    const found = brief(messages);
    const index = found.findIndex((line) => line.startsWith(expected));
    expect(index, `${expected}\n  in\n${found.join('\n')}`).toBeGreaterThanOrEqual(0);
    expect(messages[index].note).toMatch(fix);
    expect(messages[index].fatal).toBe(true);
  });
});

describe('bad references are errors at the directive’s position', () => {
  const cases: [string, string, string, RegExp][] = [
    ['an unknown data set', '文字:value{data=househods row=a col=b}', 'article.md:1:3 Unknown data set `househods`', /households, rates, villages/],
    ['an unknown row', ':value{data=households row=y2013 col=people}', 'article.md:1:1 Unknown row `y2013` in data set `households`', /identified, y2014/],
    ['an unknown column', '\n\n::table{data=households cols=item,peple}', 'article.md:3:1 Unknown column `peple` in data set `households`', /item, households, people, size/],
    ['a missing data=', '::chart{type=bar}', 'article.md:1:1 `::chart` needs `data=`', /data=name/],
    ['an unknown attribute', '::table{data=households col=item}', 'article.md:1:1 Unknown attribute `col` on `table`', /rows, cols/],
    ['an unknown chart type', '::chart{data=households type=pie}', 'article.md:1:1 Unknown chart type `pie`', /type=bar/],
    ['a text column charted', '::chart{data=households y=item}', 'article.md:1:1 Column `item` is not a number', /households/],
    ['an empty value', ':value{data=villages row=south col=area}', 'article.md:1:1 `villages.south.area` has no value', /Fill it in/],
    ['an unknown ref', '见:ref{id=tab-nothing}。\n\n::table{data=households}', 'article.md:1:2 No table, chart or figure `tab-nothing` in this article', /tab-households/],
    ['an ambiguous ref', ':ref{id=households}\n\n::table{data=households}\n\n::chart{data=households}', 'article.md:1:1 `households` names 2 tables and figures (表1, 图1)', /tab-households, fig-households/],
    ['a duplicate id', '::table{#t data=households}\n\n::table{#t data=villages}', 'article.md:3:1 Another table or figure already has the id `t`', /its own id/],
    ['an unknown edition', ':value{data=2001-01/households row=identified col=people}', 'article.md:1:1 No edition `2001-01`', /YYYY-NN/],
    ['a value on a line of its own', '::value{data=households row=identified col=people}', 'article.md:1:1 `:value` goes in running text, with one colon', /inside a sentence/],
    ['a table written inline', '见:table{data=households}', 'article.md:1:2 `:table` must be written `::table{…}` on a line of its own', /alone on its line/],
  ];

  it.each(cases)('%s', async (_name, markdown, expected, fix) => {
    const { messages } = await render(markdown, data);
    const found = brief(messages);
    const index = found.findIndex((line) => line.startsWith(expected));
    expect(index, `${expected}\n  in\n${found.join('\n')}`).toBeGreaterThanOrEqual(0);
    expect(messages[index].note).toMatch(fix);
    expect(messages[index].fatal).toBe(true);
    expect(messages[index].ruleId).toBe('data');
  });

  it('reports every bad directive of a document, not only the first', async () => {
    const { messages } = await render(':value{data=x row=a col=b} :ref{id=y}\n\n::table{data=z}', data);
    expect(brief(messages)).toEqual([
      'article.md:3:1 Unknown data set `z`',
      'article.md:1:1 Unknown data set `x`',
      'article.md:1:28 No table, chart or figure `y` in this article',
    ]);
  });
});

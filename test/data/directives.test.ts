/**
 * The data directives, fixture by fixture: test/fixtures/data/cases/<name>.md against the data of
 * test/fixtures/data/2099-01/, the HTML out in <name>.html (chart SVG shortened to <svg/>, tested below).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../scripts/data/model.ts';
import { brief, fixtureData, fixtures, render } from './helpers.ts';
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
    ['an unknown ref', '见:ref{id=tab-nothing}。\n\n::table{data=households}', 'article.md:1:2 No table or chart `tab-nothing` in this article', /tab-households/],
    ['an ambiguous ref', ':ref{id=households}\n\n::table{data=households}\n\n::chart{data=households}', 'article.md:1:1 `households` names 2 tables and charts (表1, 图1)', /tab-households, fig-households/],
    ['a duplicate id', '::table{#t data=households}\n\n::table{#t data=villages}', 'article.md:3:1 Another table or chart already has the id `t`', /its own id/],
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
      'article.md:1:28 No table or chart `y` in this article',
    ]);
  });
});

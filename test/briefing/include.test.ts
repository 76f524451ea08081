/**
 * Briefings without printing: the loader, `::include` (whole articles, sections by heading id,
 * data resolved against the included article's own edition), positioned errors with a fix, and the
 * office fonts that are refused.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../scripts/load/index.ts';
import { datasetLookup } from '../../scripts/build/transform-edition.ts';
import { transformBriefings } from '../../scripts/build/briefings.ts';
import { fontRefusal } from '../../scripts/fonts/office.ts';
import { faces } from '../../scripts/fonts/faces.ts';
import { makeContent } from '../helpers/content.ts';
import { daan } from '../helpers/cli.ts';

const front = (extra = '') => `---\nname: 测试简报\nnumber: 3\nserial: 12\nunit: 测试办公室\ndate: 2020-03-01\ncopies: 40\ndistribution:\n  报: [甲单位, 乙单位]\n  发: 丙单位\n${extra}---\n\n`;

/** Two editions: 2020-01 has a data set and an article with sections; 2020-02 (the newest) has neither. */
const twoEditions: Record<string, string> = {
  '2020-01/data/d.yaml': 'title: 测试数据\ncolumns:\n  - { key: item, label: 项目 }\n  - { key: n, label: 户数, type: integer, unit: 户 }\nrows:\n  - { key: r, item: 甲, n: 12 }\n',
  '2020-01/articles/a.md': [
    '---\ntitle: 第一篇\nsubtitle: 副题\ncolumn: 要闻\nslug: di-yi-pian\nauthor: 某某\n---\n',
    '导语。\n',
    '## 一、第一节\n',
    '第一节正文，共:value{data=d row=r col=n}。\n',
    '### （一）小节\n',
    '小节正文。\n',
    '## 二、第二节\n',
    '第二节正文。\n',
  ].join('\n'),
  '2020-02/edition.yaml': 'year: 2020\nnumber: 2\ndate: 2020-02-29\ncolumns:\n  - 要闻\n',
  '2020-02/articles/b.md': '---\ntitle: 第二期文章\ncolumn: 要闻\nslug: di-er-qi\n---\n\n第二期正文。\n',
};

async function briefing(body: string, extraFront = '') {
  const dir = makeContent({ ...twoEditions, 'briefings/b.md': `${front(extraFront)}${body}\n` });
  const { content, problems } = await loadContent(dir);
  expect(problems.map((p) => p.reason)).toEqual([]);
  const { views, problems: found } = await transformBriefings(content!, datasetLookup(content!.editions));
  return { view: views[0], problems: found.map((p) => ({ file: p.file?.slice(dir.length + 1), line: p.line, column: p.column, reason: p.reason, fix: p.note })), dir };
}

describe('briefings: load', () => {
  it('reads the 报头 and the 版记 from the front matter', async () => {
    const { content } = await loadContent(makeContent({ 'briefings/b.md': `${front('copy: 42\nclassification: 内部\n')}正文。\n` }));
    const [b] = content!.briefings;
    expect(b).toMatchObject({ id: 'b', name: '测试简报', number: 3, serial: 12, unit: '测试办公室', date: '2020-03-01', copies: 40, copy: '000042', classification: '内部' });
    expect(b.distribution).toEqual([
      { label: '报', units: ['甲单位', '乙单位'] },
      { label: '发', units: ['丙单位'] },
    ]);
  });

  it('reports a bad field at its line, with the known fields in the fix', async () => {
    const dir = makeContent({ 'briefings/b.md': `${front('copise: 3\n')}正文。\n` });
    const { problems } = await loadContent(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 11, column: 1, reason: 'Unknown field `copise`' });
    expect(problems[0].note).toMatch(/copies/);
  });
});

describe('briefings: ::include', () => {
  it('splices one section, up to the next heading of its level, and resolves its data in the article’s own edition', async () => {
    // The briefing's own edition is the newest (2020-02), which has no data set `d`: the included
    // :value{data=d} must still resolve, against 2020-01.
    const { view, problems } = await briefing('::include{edition=2020-01 article=di-yi-pian section=一第一节}');
    expect(problems).toEqual([]);
    expect(view.html).toContain('<h2 id="一第一节">一、第一节</h2>');
    expect(view.text).toContain('第一节正文，共12户。');
    expect(view.html).toContain('小节正文');
    expect(view.html).not.toContain('第二节');
    expect(view.html).not.toContain('导语');
  });

  it('splices a whole article with its title, subtitle and author note; heading=false leaves the heading out', async () => {
    const whole = await briefing('::include{edition=2020-01 article=di-yi-pian}');
    expect(whole.problems).toEqual([]);
    expect(whole.view.html).toMatch(/<h1[^>]*>第一篇<\/h1>\s*<p class="subtitle">——副题<\/p>\s*<p>导语。<\/p>/);
    expect(whole.view.html).toContain('第二节正文');
    expect(whole.view.html).toContain('<p class="author-note">（作者：某某）</p>');
    const bare = await briefing('::include{edition=2020-01 article=di-yi-pian section=一第一节 heading=false}');
    expect(bare.view.html).not.toContain('<h2');
    expect(bare.view.text).toContain('第一节正文');
  });

  it('numbers the included tables with the briefing’s own, and lets :ref name them', async () => {
    const { view, problems } = await briefing('见:ref{id=d}。\n\n::table{data=2020-01/d}\n\n::include{edition=2020-01 article=di-yi-pian section=一第一节}');
    expect(problems).toEqual([]);
    expect(view.text).toContain('见表1。');
    expect(view.html).toContain('id="tab-d"');
  });

  it('marks （一） run-in heads for the 楷体 face', async () => {
    const { view } = await briefing('**（一）健全机制。**正文。');
    expect(view.html).toContain('<strong class="run-in">（一）健全机制。</strong>');
  });

  it('reports an unknown edition, article or section at the directive, with the choices in the fix', async () => {
    const cases: [string, RegExp, RegExp][] = [
      ['::include{edition=2019-01 article=di-yi-pian}', /No edition `2019-01`/, /2020-02, 2020-01/],
      ['::include{edition=2020-01 article=nope}', /No article `nope` in edition 2020-01/, /di-yi-pian/],
      ['::include{edition=2020-01 article=di-yi-pian section=nope}', /No section `nope`/, /一第一节（一、第一节）.*二第二节/],
      ['::include{edition=2020-01 article=di-yi-pian sectoin=一第一节}', /Unknown attribute `sectoin`/, /section/],
      ['前文:include{edition=2020-01 article=di-yi-pian}', /on a line of its own/, /alone on its line/],
    ];
    for (const [body, reason, fix] of cases) {
      const { problems } = await briefing(`第一段。\n\n${body}`);
      expect(problems, body).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file: 'briefings/b.md', line: 15, column: body.startsWith('前文') ? 3 : 1 });
      expect(problems[0].reason).toMatch(reason);
      expect(problems[0].fix).toMatch(fix);
    }
  });

  it('is an error in an article of an edition, and in the CLI a report with file, line and fix', () => {
    const dir = makeContent({
      ...twoEditions,
      '2020-02/articles/b.md': '---\ntitle: 第二期文章\ncolumn: 要闻\nslug: di-er-qi\n---\n\n::include{edition=2020-01 article=di-yi-pian}\n',
      'briefings/b.md': `${front()}::include{edition=2020-01 article=di-yi-pian section=第三节}\n`,
    });
    const result = daan(['check', '--content', dir]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/2020-02\/articles\/b\.md\n\s*7:1[^\n]*only in a briefing/);
    expect(result.output).toMatch(/briefings\/b\.md\n\s*13:1[^\n]*No section `第三节`/);
    expect(result.output).toMatch(/fix: Use the id of one of its headings/);
  });
});

describe('briefings: office fonts', () => {
  const header = (tag: string, tables: string[]) => {
    const bytes = Buffer.alloc(12 + tables.length * 16 + 16);
    bytes.write(tag, 0, 'latin1');
    bytes.writeUInt16BE(tables.length, 4);
    tables.forEach((name, i) => bytes.write(name, 12 + i * 16, 'latin1'));
    return bytes;
  };

  it('accepts static TrueType and refuses what would print as Type 3 or not at all', () => {
    expect(fontRefusal(readFileSync(faces[0].file))).toBeUndefined();
    expect(fontRefusal(header('OTTO', ['CFF ', 'cmap']))?.reason).toMatch(/CFF.*Type 3/);
    expect(fontRefusal(header('\0\u0001\0\0', ['glyf', 'loca', 'cmap', 'fvar']))?.reason).toMatch(/variable font/);
    expect(fontRefusal(header('ttcf', []))?.reason).toMatch(/collection/);
    expect(fontRefusal(header('wOF2', []))?.reason).toMatch(/WOFF/);
    expect(fontRefusal(Buffer.from('not a font at all'))?.reason).toMatch(/not a TrueType/);
  });

  it('reports a CFF or missing font at its line in site.yaml', () => {
    const dir = makeContent({
      'site.yaml': 'name: 大安\npublisher: 大安编辑部\nfonts:\n  fangsong: fonts/fangsong.otf\n  kaiti: fonts/none.ttf\n',
      'briefings/b.md': `${front()}正文。\n`,
    });
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(join(dir, 'fonts/fangsong.otf'), header('OTTO', ['CFF ', 'cmap']));
    const result = daan(['check', '--content', dir]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/site\.yaml\n\s*4:13[^\n]*fonts\.fangsong: fonts\/fangsong\.otf has CFF \(PostScript\) outlines: Chromium would print it as a Type 3 font/);
    expect(result.output).toMatch(/fix: Use the TrueType \(\.ttf, glyf outlines\) version/);
    expect(result.output).toMatch(/5:10[^\n]*fonts\.kaiti: no font file/);
  });
});

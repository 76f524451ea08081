/** Each kind of bad input gives its message at the right file, line and column, with a fix. */
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { loadContent } from '../../scripts/load/index.ts';
import { MAX_NESTING } from '../../scripts/load/nesting.ts';
import { loadTemplates } from '../../scripts/render/templates.ts';
import { BuildFailure } from '../../scripts/report/problems.ts';
import { transformMarkdown } from '../../scripts/transform/processor.ts';
import { makeContent } from '../helpers/content.ts';

async function problemsFor(files: Record<string, string | Uint8Array | null>) {
  const dir = makeContent(files);
  const { problems } = await loadContent(dir);
  return problems.map((p) => ({ file: (p.file ?? '').slice(dir.length + 1), line: p.line, column: p.column, reason: p.reason, fix: p.note }));
}

const article = (fm: string, body = '正文。') => `---\n${fm}\n---\n\n${body}\n`;

describe('load: bad input', () => {
  it('accepts the minimal content', async () => {
    expect(await problemsFor({})).toEqual([]);
  });

  it('broken YAML in front matter', async () => {
    const [p] = await problemsFor({ '2020-01/articles/a.md': article('title: 第一篇\ncolumn: [要闻\nslug: a') });
    expect(p).toMatchObject({ file: '2020-01/articles/a.md', line: 3, column: 9 }); // where the unclosed [ opens
    expect(p.reason).toMatch(/Broken YAML/);
    expect(p.fix).toBeTruthy();
  });

  it('unknown field, with the known ones in the fix', async () => {
    const [p] = await problemsFor({ '2020-01/articles/a.md': article('title: 第一篇\ncolumn: 要闻\nauthr: 陈永刚') });
    expect(p).toMatchObject({ file: '2020-01/articles/a.md', line: 4, column: 1, reason: 'Unknown field `authr`' });
    expect(p.fix).toMatch(/author/);
  });

  it('wrong type', async () => {
    const [p] = await problemsFor({ '2020-01/articles/a.md': article('title: 第一篇\ncolumn: 要闻\nviews: 很多') });
    expect(p).toMatchObject({ line: 4, column: 8 });
    expect(p.reason).toMatch(/^`views`: .*number/);
  });

  it('missing required field', async () => {
    const [p] = await problemsFor({ '2020-01/articles/a.md': article('title: 第一篇') });
    expect(p.reason).toBe('Missing field `column`');
    expect(p.fix).toMatch(/column:/);
  });

  it('invalid date in edition.yaml', async () => {
    const [p] = await problemsFor({ '2020-01/edition.yaml': 'year: 2020\nnumber: 1\ndate: 2020-02-30\ncolumns: [要闻]\n' });
    expect(p).toMatchObject({ file: '2020-01/edition.yaml', line: 3, column: 7 });
    expect(p.reason).toMatch(/not a real calendar date/);
  });

  it('duplicate key', async () => {
    const [p] = await problemsFor({ 'site.yaml': 'name: 大安\npublisher: 甲\nname: 乙\n' });
    expect(p).toMatchObject({ file: 'site.yaml', line: 3 });
    expect(p.fix).toMatch(/once/);
  });

  it('a file that is not UTF-8 names the encoding it looks like', async () => {
    const [p] = await problemsFor({ '2020-01/articles/a.md': iconv.encode(article('title: 第一篇\ncolumn: 要闻'), 'gbk') });
    expect(p.reason).toMatch(/not UTF-8.*GB18030/);
    expect(p.line).toBe(2);
  });

  it('empty article', async () => {
    const [p] = await problemsFor({ '2020-01/articles/a.md': '---\ntitle: 第一篇\ncolumn: 要闻\n---\n\n' });
    expect(p.reason).toMatch(/no body text/);
  });

  it('missing site.yaml', async () => {
    const [p] = await problemsFor({ 'site.yaml': null });
    expect(p.reason).toMatch(/Missing site.yaml/);
  });

  it('folder name that disagrees with year and number', async () => {
    const [p] = await problemsFor({ '2020-01/edition.yaml': 'year: 2020\nnumber: 2\ndate: 2020-01-31\ncolumns: [要闻]\n' });
    expect(p.reason).toMatch(/folder is 2020-01/);
    expect(p.line).toBe(2);
  });

  it('collects the problems of every file together', async () => {
    const problems = await problemsFor({
      '2020-01/articles/a.md': article('title: 第一篇\ncolumn: 要闻\nauthr: 甲'),
      '2020-01/articles/b.md': article('title: 第二篇'),
      '2020-01/edition.yaml': 'year: 2020\nnumber: 1\ndate: 2020-13-01\ncolumns: [要闻]\n',
    });
    expect(problems.map((p) => p.file).sort()).toEqual(['2020-01/articles/a.md', '2020-01/articles/b.md', '2020-01/edition.yaml']);
  });
});

export const fixturesDir = join(import.meta.dirname, '../fixtures');

describe('load: positions of what is left open', () => {
  it('a quote or bracket left open in YAML is reported where it opens', async () => {
    const cases: [Record<string, string>, string, number, number][] = [
      [{ '2020-01/articles/a.md': article('title: "第一篇\ncolumn: 要闻\nslug: a\nauthor: 甲') }, '2020-01/articles/a.md', 2, 8],
      [{ '2020-01/articles/a.md': article("title: 第一篇\ncolumn: 要闻\nauthor: '陈永刚\nsource: 乙") }, '2020-01/articles/a.md', 4, 9],
      [{ '2020-01/edition.yaml': 'year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns:\n  - 要闻\n  - "专栏\neditors: []\n' }, '2020-01/edition.yaml', 6, 5],
      [{ 'site.yaml': 'name: 大安\npublisher: 甲\npage: { width: 210\nnotice: 内部资料\n' }, 'site.yaml', 3, 7],
    ];
    for (const [files, file, line, column] of cases) {
      const problems = await problemsFor(files);
      expect(problems[0], JSON.stringify(files)).toMatchObject({ file, line, column });
      expect(problems[0].fix).toMatch(/opens here/);
    }
  });

  it('a template block left open is reported at its opening, past closed blocks and comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daan-templates-'));
    mkdirSync(join(dir, 'pages'));
    writeFileSync(join(dir, 'pages/a.hbs'), '{{!-- a comment with {{#if}} in it --}}\n<ul>\n  {{#each items}}\n  <li>{{#if name}}{{name}}{{else}}—{{/if}}</li>\n  {{#with this}}{{/with}}\n</ul>\n');
    writeFileSync(join(dir, 'pages/b.hbs'), '{{#if a}}\n  {{#unless b}}\n  x\n{{/if}}\n');
    const failure = await loadTemplates([dir]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BuildFailure);
    const problems = (failure as BuildFailure).problems.map((p) => ({ file: p.file?.slice(dir.length + 1), line: p.line, column: p.column, reason: p.reason }));
    expect(problems).toContainEqual({ file: 'pages/a.hbs', line: 3, column: 3, reason: 'Template error: `{{#each}}` is opened here and never closed' });
    // A close that does not match: Handlebars names the block it expected, at its opening.
    expect(problems.find((p) => p.file === 'pages/b.hbs')).toMatchObject({ line: 2, column: 3 });
  });

  it('a missing partial is reported at its place also when what each template uses comes from the build cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daan-templates-'));
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials/head.hbs'), '<h1>{{title}}</h1>\n');
    writeFileSync(join(dir, 'page.hbs'), '{{> head}}\n<p>\n  {{> signature}}\n</p>\n');
    process.env.DAAN_CACHE_DIR = join(dir, '.cache');
    const reported = async () => {
      // A new copy of the module, as in a new process: what it knew is gone, the build cache is not.
      vi.resetModules();
      const templates = await import('../../scripts/render/templates.ts');
      const problems = await import('../../scripts/report/problems.ts');
      const failure = await templates.loadTemplates([dir]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(problems.BuildFailure);
      return (failure as BuildFailure).problems.map((p) => ({ file: p.file?.slice(dir.length + 1), line: p.line, column: p.column, reason: p.reason }));
    };
    const first = await reported();
    expect(first).toEqual([{ file: 'page.hbs', line: 3, column: 3, reason: 'Missing partial `signature` (used by page.hbs)' }]);
    expect(readdirSync(join(dir, '.cache', 'templates')).filter((name) => name.endsWith('.json'))).toHaveLength(2);
    expect(await reported()).toEqual(first);
  });
});

describe('load: the nesting limit', () => {
  const levels = (n: number) => ({
    quotes: `${'> '.repeat(n)}引文\n`,
    lists: `${'- '.repeat(n)}条目\n`,
    indented: `${Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- 第${i + 1}级`).join('\n')}\n`,
    divs: `${'<div>'.repeat(n)}块${'</div>'.repeat(n)}\n`,
    mixed: `${'> - '.repeat(n / 2)}混合\n`,
  });

  it(`passes ${MAX_NESTING} levels of quotes, lists and HTML elements, which transform`, async () => {
    for (const [kind, body] of Object.entries(levels(MAX_NESTING))) {
      const problems = await problemsFor({ '2020-01/articles/a.md': article('title: 第一篇\ncolumn: 要闻', body) });
      expect(problems, kind).toEqual([]);
      const { messages, hast } = await transformMarkdown(article('title: 第一篇\ncolumn: 要闻', body), 'a.md', { datasets: () => undefined, editionId: '2020-01' });
      expect(messages.filter((m) => m.fatal), kind).toEqual([]);
      expect(hast.children.length, kind).toBeGreaterThan(0);
    }
  });

  it('refuses deeper nesting at its line, with a fix, for every kind and at any depth', async () => {
    for (const depth of [MAX_NESTING + 2, 10_000]) {
      for (const [kind, body] of Object.entries(levels(depth))) {
        if (kind === 'indented' && depth > 1000) continue; // 10,000 indented lines would be 100 MB
        const problems = await problemsFor({ '2020-01/articles/a.md': article('title: 第一篇\ncolumn: 要闻', `第一段。\n\n${body}`) });
        expect(problems, `${kind} × ${depth}`).toHaveLength(1);
        expect(problems[0]).toMatchObject({ file: '2020-01/articles/a.md', line: kind === 'indented' ? 8 + MAX_NESTING : 8 });
        expect(problems[0].reason).toMatch(new RegExp(`Nested too deep: \\d+ levels.*at most ${MAX_NESTING}`));
        expect(problems[0].fix).toMatch(/close the HTML elements|nested quotes and lists/);
      }
    }
  });
});

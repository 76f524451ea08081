/** Each kind of bad input gives its message at the right file, line and column, with a fix. */
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../scripts/load/index.ts';
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
    expect(p).toMatchObject({ file: '2020-01/articles/a.md', line: 4 }); // where YAML notices the unclosed [
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

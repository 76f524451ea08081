/**
 * No two outputs land on one path: an article may not take a name the build keeps (its slug
 * given, or made from its title), two briefings whose file names differ only in case are one
 * page on Windows and macOS. Each is an error at its file and line naming both sides, the build
 * stops, and out/ is left as it was.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { daanHere } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { hashTree } from '../helpers/tree.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { RESERVED_SLUGS } from '../../scripts/check/outputs.ts';

afterAll(removeTemporary);
// Each test runs several real builds (inside this process, see daanHere): give a loaded machine its time.
vi.setConfig({ testTimeout: 600_000 });

const article = (title: string, slug?: string) => `---\ntitle: ${title}\ncolumn: 要闻\n${slug ? `slug: ${slug}\n` : ''}---\n\n正文。\n`;
const briefing = (title: string) => `---\nname: 大安区工作简报\nnumber: 1\nunit: 大安区办公室\ndate: 2020-02-01\ntitle: ${title}\n---\n\n正文。\n`;

async function built(content: string) {
  const out = join(temporary(mkdtempSync(join(tmpdir(), 'daan-paths-'))), 'out');
  const first = await daanHere(['build', '--no-pdf', '--quiet', '--content', temporary(makeContent()), '--out', out]);
  expect(first.code, first.output).toBe(0);
  const before = hashTree(out);
  const result = await daanHere(['build', '--no-pdf', '--content', content, '--out', out]);
  return { ...result, unchanged: hashTree(out) === before };
}

describe('two outputs on one path', () => {
  it('an article with slug `index` would replace the table of contents: an error at its slug line', async () => {
    const result = await built(temporary(makeContent({ '2020-01/articles/b.md': article('目录之争', 'index') })));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2020-01\/articles\/b\.md\n4:1\s+error Slug “index” is kept for the edition's table of contents \(index\.html\): the article's page 2020-01\/index\.html would replace it or be replaced\s+output-collision/);
    expect(result.stderr).toContain('fix: Give the article another `slug:` in its front matter');
    expect(result.unchanged).toBe(true);
  });

  it('every reserved name, given or made from the title, is refused at its line', async () => {
    const reserved = Object.keys(RESERVED_SLUGS).filter((name) => name !== 'index' && name !== 'search');
    const files = Object.fromEntries(reserved.map((name, i) => [`2020-01/articles/r${i}.md`, article(`保留名${i}`, name)]));
    // A title in Latin letters makes the slug itself.
    files['2020-01/articles/title.md'] = article('Search');
    const result = await built(temporary(makeContent(files)));
    expect(result.code).toBe(1);
    reserved.forEach((name, i) => {
      expect(result.stderr).toMatch(new RegExp(`2020-01/articles/r${i}\\.md\\n4:1\\s+error Slug “${name}” is kept for ${RESERVED_SLUGS[name].replace(/[()]/g, '\\$&')}: the article's page 2020-01/${name}\\.html`));
    });
    expect(result.stderr).toMatch(/2020-01\/articles\/title\.md\n2:1\s+error Slug “search” is kept for the search page/);
    expect(result.stderr).toContain(`✖ ${reserved.length + 1} errors`);
    expect(result.unchanged).toBe(true);
  });

  it('names that differ only in case cannot be made: slugs and briefing file names must be lower case', async () => {
    const result = await built(temporary(makeContent({ '2020-01/articles/b.md': article('大小写', 'Di-Yi-Pian'), 'briefings/JianBao-1.md': briefing('又一期') })));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2020-01\/articles\/b\.md\n4:\d+\s+error .*lower-case letters, digits and single hyphens/);
    expect(result.stderr).toMatch(/briefings\/JianBao-1\.md\n1:1\s+error The briefing’s file name “JianBao-1” cannot be its id/);
    expect(result.unchanged).toBe(true);
  });

  it('names that merely resemble a reserved one are fine', async () => {
    const content = temporary(makeContent({ '2020-01/articles/b.md': article('索引', 'index-2'), '2020-01/articles/c.md': article('封面故事', 'cover-story') }));
    const out = join(temporary(mkdtempSync(join(tmpdir(), 'daan-paths-'))), 'out');
    const result = await daanHere(['build', '--no-pdf', '--quiet', '--content', content, '--out', out]);
    expect(result.code, result.output).toBe(0);
  });
});

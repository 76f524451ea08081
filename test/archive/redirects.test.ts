/**
 * URLs that last, with the real CLI on the fixture archive (HTML only): one slug rule for the
 * loader and the importer; a page whose title changes moves, and its old address becomes a
 * redirect page (meta refresh, canonical link, plain link, noindex) that later builds keep and
 * point at the page's newest address; an archive built with the old slug rule gets redirects from
 * the addresses it published; `daan verify` checks the redirects and, with --previous, every
 * address an earlier manifest published; a deleted article's address leads to its edition's contents.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArticle } from '../../scripts/load/article.ts';
import { slugFromTitle } from '../../scripts/load/slug.ts';
import { daanHere } from '../helpers/cli.ts';
import { readManifest, workspace } from './helpers.ts';

const { dir, content } = workspace('daan-redirects-');
const out = join(dir, 'out');
const article = join(content, '2017-09/articles/xiangcun.md');
const saved = join(dir, 'saved');
mkdirSync(saved);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(title: string): void {
  writeFileSync(article, `---\ntitle: ${title}\ncolumn: 脱贫攻坚进行时\n---\n\n乡村振兴的故事。\n`);
}

async function buildOk(...extra: string[]): Promise<string> {
  const result = await daanHere(['build', '--content', content, '--out', out, '--no-pdf', ...extra], { env: { CI: 'true' } });
  expect(result.code, result.output).toBe(0);
  return result.output;
}

/** The redirect page at `path`: where its refresh, canonical link and plain link lead, and its robots rule. */
function redirectAt(path: string) {
  const elements: Element[] = [];
  visit(fromHtml(readFileSync(join(out, path), 'utf8')), 'element', (node: Element) => void elements.push(node));
  const find = (tagName: string, test: (e: Element) => boolean = () => true) => elements.find((e) => e.tagName === tagName && test(e))?.properties;
  return {
    refresh: find('meta', (e) => e.properties.httpEquiv?.toString() === 'refresh')?.content,
    canonical: find('link', (e) => String(e.properties.rel) === 'canonical')?.href,
    link: find('a')?.href,
    robots: find('meta', (e) => e.properties.name === 'robots')?.content,
  };
}

describe('one slug rule', () => {
  it('gives the loader the importer\'s words: 党建领航 脱贫奔康 → dangjian-linghang-tuopin-benkang', async () => {
    const file = join(dir, 'slug.md');
    writeFileSync(file, '---\ntitle: 党建领航 脱贫奔康\ncolumn: 栏目\n---\n\n正文。\n');
    const { article: loaded } = await loadArticle(file);
    expect(loaded?.slug).toBe('dangjian-linghang-tuopin-benkang');
    expect(loaded?.slug).toBe(slugFromTitle('党建领航 脱贫奔康'));
  });
});

describe('URLs that last', () => {
  it('keeps an old address leading to the page when its title changes, across later builds', async () => {
    write('乡村振兴新篇章');
    await buildOk();
    const first = `2017-09/${slugFromTitle('乡村振兴新篇章')}.html`;
    expect(first).toBe('2017-09/xiangcun-zhenxing-xinpianzhang.html');
    expect(existsSync(join(out, first))).toBe(true);
    copyFileSync(join(out, 'manifest.json'), join(saved, 'first.json'));

    write('乡村振兴谱新篇');
    const second = '2017-09/xiangcun-zhenxing-puxinpian.html';
    expect(await buildOk()).toContain(`moved ${first} → ${second}`);
    expect(readFileSync(join(out, second), 'utf8')).toContain('乡村振兴谱新篇');
    expect(redirectAt(first)).toEqual({ refresh: '0; url=xiangcun-zhenxing-puxinpian.html', canonical: 'xiangcun-zhenxing-puxinpian.html', link: 'xiangcun-zhenxing-puxinpian.html', robots: 'noindex' });
    expect(readManifest(out)).toMatchObject({ redirects: { [first]: second } });

    // A third title: both earlier addresses lead straight to the newest page.
    write('乡村振兴再出发');
    const third = '2017-09/xiangcun-zhenxing-zaichufa.html';
    expect(await buildOk()).toContain(`moved ${second} → ${third}`);
    expect(redirectAt(first).link).toBe('xiangcun-zhenxing-zaichufa.html');
    expect(redirectAt(second).link).toBe('xiangcun-zhenxing-zaichufa.html');

    // Later builds, also from scratch, keep them.
    await buildOk('--force');
    expect(readManifest(out)).toMatchObject({ redirects: { [first]: third, [second]: third } });
    const verified = await daanHere(['verify', '--out', out, '--previous', join(saved, 'first.json')]);
    expect(verified.code, verified.output).toBe(0);
    // A rebuild from scratch writes the same redirects: the build stays reproducible.
    const rebuilt = await daanHere(['verify', '--out', out, '--rebuild', '--content', content]);
    expect(rebuilt.code, rebuilt.output).toBe(0);
  }, 900_000);

  it('daan verify fails when an address an earlier manifest published leads nowhere', async () => {
    const first = '2017-09/xiangcun-zhenxing-xinpianzhang.html';
    const kept = readFileSync(join(out, first));
    rmSync(join(out, first));
    try {
      const plain = await daanHere(['verify', '--out', out]);
      expect(plain.code).toBe(1);
      expect(plain.output).toMatch(new RegExp(`missing\\s+${first}`));
      const previous = await daanHere(['verify', '--out', out, '--previous', join(saved, 'first.json')]);
      expect(previous.code).toBe(1);
      expect(previous.output).toContain(`${first}  (published by ${join(saved, 'first.json')}; neither a page nor a redirect now)`);
    } finally {
      writeFileSync(join(out, first), kept);
    }
    expect((await daanHere(['verify', '--out', out])).code).toBe(0);
  }, 300_000);

  it('leads the addresses an archive built with the old slug rule published to the pages now', async () => {
    // As a build before the one rule left it: the column page under the old rule's name, no page names in the manifest.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const old = 'columns/tuo-pin-gong-jian-jin-xing-shi.html';
    const now = 'columns/tuopin-gongjian-jinxingshi.html';
    renameSync(join(out, now), join(out, old));
    for (const file of manifest.files) if (file.path === now) file.path = old;
    delete manifest.pages;
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    copyFileSync(join(out, 'manifest.json'), join(saved, 'old-rule.json'));
    // The next build comes with an edit, as it would.
    writeFileSync(join(content, '2017-09/articles/tuopin.md'), `${readFileSync(join(content, '2017-09/articles/tuopin.md'), 'utf8')}\n党建成效。\n`);
    expect(await buildOk()).toContain(`moved ${old} → ${now}`);
    expect(redirectAt(old).link).toBe('tuopin-gongjian-jinxingshi.html');
    expect((await daanHere(['verify', '--out', out, '--previous', join(saved, 'old-rule.json')])).code).toBe(0);
  }, 300_000);

  it("leads the address of a deleted article to its edition's contents, says so once, and keeps it", async () => {
    rmSync(article);
    const output = await buildOk();
    for (const gone of ['2017-09/xiangcun-zhenxing-zaichufa.html', '2017-09/xiangcun-zhenxing-xinpianzhang.html']) {
      expect(output).toContain(`${gone} is gone from the content: its address now leads to 2017-09/index.html`);
      expect(redirectAt(gone)).toEqual({ refresh: '0; url=index.html', canonical: 'index.html', link: 'index.html', robots: 'noindex' });
      expect(readFileSync(join(out, gone), 'utf8')).toContain('本页已撤下');
    }
    expect(output).not.toContain('published by the previous build and is gone');
    // Every address the first build published still resolves, and a later build keeps the notice without saying it again.
    expect((await daanHere(['verify', '--out', out, '--previous', join(saved, 'first.json')])).code).toBe(0);
    writeFileSync(join(content, '2017-09/articles/tuopin.md'), `${readFileSync(join(content, '2017-09/articles/tuopin.md'), 'utf8')}\n又一段。\n`);
    const again = await buildOk();
    expect(again).not.toContain('is gone from the content');
    expect(redirectAt('2017-09/xiangcun-zhenxing-zaichufa.html').link).toBe('index.html');
    expect(readManifest(out).redirects?.['2017-09/xiangcun-zhenxing-zaichufa.html']).toBe('2017-09/index.html');
    expect((await daanHere(['verify', '--out', out])).code).toBe(0);
  }, 300_000);
});

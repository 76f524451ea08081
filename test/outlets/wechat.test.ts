/**
 * 公众号-ready articles (`daan build --wechat`), read back: self-contained fragments with inline
 * styles only, pictures to upload under 1 MB, 注释 at the end, a header block; opened in Chromium
 * with no stylesheet they look like the article (a screenshot against a kept reference, and the
 * computed styles of title, body and table); the platform's limits reported at the article's line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { wechatLimits, WECHAT_LIMITS } from '../../scripts/outlets/wechat.ts';
import type { ArticleView } from '../../scripts/render/model.ts';
import { outletContent } from './fixture.ts';
import { launchWithBundledFonts, screenshot } from './wechat-page.ts';

const SAMPLE = 'dangjian-linghang-tuopin-benkang';
const REFERENCE = join(repoRoot, 'test/fixtures/outlets/wechat-reference.png');
const long = (unit: string, n: number) => Array.from({ length: n }, (_, i) => unit[i % unit.length]).join('');

/** Articles made to break each limit of the platform. */
const limits = {
  '2017-09/articles/limit-title.md': `---\ntitle: ${long('关于进一步加强农村基层党组织建设的实施意见', 33)}\ncolumn: 脱贫攻坚进行时\nslug: limit-title\norder: 3\n---\n\n正文。\n`,
  '2017-09/articles/limit-author.md': `---\ntitle: 作者很长\ncolumn: 脱贫攻坚进行时\nauthor: ${long('永嘉乡党委宣传委员会调研组', 17)}\nslug: limit-author\norder: 4\n---\n\n正文。\n`,
  '2017-09/articles/limit-digest.md': `---\ntitle: 摘要很长\ncolumn: 脱贫攻坚进行时\ndigest: ${long('永嘉乡坚持党建引领脱贫攻坚，把组织优势转化为发展优势。', 129)}\nslug: limit-digest\norder: 5\n---\n\n正文。\n`,
  '2017-09/articles/limit-length.md': `---\ntitle: 正文很长\ncolumn: 脱贫攻坚进行时\nslug: limit-length\norder: 6\n---\n\n${Array.from({ length: 210 }, () => long('永嘉乡坚持党建引领脱贫攻坚把组织优势转化为发展优势全乡干部群众齐心协力', 100)).join('\n\n')}\n`,
};

let out: string;
let output: string;

beforeAll(async () => {
  const { dir, content } = await outletContent(limits);
  temporary(dir);
  out = join(dir, 'out');
  const built = daan(['build', '--content', content, '--out', out, '--no-pdf', '--wechat']);
  output = built.output;
  if (built.code !== 0) throw new Error(`build failed:\n${output}`);
});
afterAll(removeTemporary);

function fragment(slug: string): { html: string; tree: Root; section: Element } {
  const html = readFileSync(join(out, '2017-09/wechat', `${slug}.html`), 'utf8');
  const tree = fromHtml(html);
  let section: Element | undefined;
  visit(tree, 'element', (node) => {
    if (!section && node.tagName === 'section') section = node;
  });
  return { html, tree, section: section! };
}

function elements(node: Element | Root): Element[] {
  const found: Element[] = [];
  visit(node, 'element', (e) => {
    found.push(e);
  });
  return found;
}

describe('daan build --wechat', () => {
  it('writes a self-contained fragment: inline styles, no class, id, script, stylesheet, SVG or outside font', () => {
    const { html, section } = fragment(SAMPLE);
    const all = elements(section);
    expect(all.length).toBeGreaterThan(50);
    for (const e of all) {
      expect(Object.keys(e.properties).filter((k) => k === 'className' || k === 'id' || k.startsWith('data')), e.tagName).toEqual([]);
      expect(['script', 'style', 'link', 'svg', 'iframe'], e.tagName).not.toContain(e.tagName);
    }
    expect(html).not.toMatch(/<link|<style|@font-face|url\(/);
    const styled = all.filter((e) => typeof e.properties.style === 'string');
    expect(styled.length / all.length).toBeGreaterThan(0.5);
  });

  it('has a header block with title, author and source', () => {
    const { section } = fragment(SAMPLE);
    const header = elements(section).find((e) => e.tagName === 'header')!;
    const text = toString(header);
    expect(text).toContain('党建领航 脱贫奔康');
    expect(text).toContain('作者：陈永刚');
    expect(text).toContain('来源：永嘉乡');
    expect(text).toContain('原载：《大安》2017年第9期');
  });

  it('lists its pictures beside it, JPEG or PNG under 1 MB each, charts drawn as PNG', async () => {
    const { section } = fragment(SAMPLE);
    const images = elements(section).filter((e) => e.tagName === 'img');
    expect(images.length).toBe(1);
    const chart = join(out, '2017-09/wechat', String(images[0].properties.src));
    expect((await sharp(chart).metadata()).format).toBe('png');
    expect(String(images[0].properties.alt)).toMatch(/^图1　2014—2016年脱贫户数和人数/);
    const photoArticle = fragment('wagao-xin-bianhua');
    const photo = elements(photoArticle.section).find((e) => e.tagName === 'img')!;
    const file = join(out, '2017-09/wechat', String(photo.properties.src));
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeLessThan(WECHAT_LIMITS.image);
    const meta = await sharp(file).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBeLessThanOrEqual(1080);
    const index = readFileSync(join(out, '2017-09/wechat/index.html'), 'utf8');
    expect(index).toContain(String(photo.properties.src));
  });

  it('keeps tables as tables with inline rules, turns footnotes into 注释 at the end and links into text', () => {
    const { section } = fragment('wagao-xin-bianhua');
    const table = elements(section).find((e) => e.tagName === 'table')!;
    expect(String(table.properties.style)).toMatch(/border-top:\s*2px solid/);
    const text = toString(section);
    expect(text).toContain('一天比一天好①');
    expect(text.trimEnd()).toMatch(/注释\s*①\s*数据来自永嘉乡2016年工作总结。$/);
    expect(text).not.toContain('↩');
    expect(elements(section).filter((e) => e.tagName === 'a')).toEqual([]);
    expect(text).toContain('区政府网站的报道');
  });

  it('reports what the platform would refuse or cut, at the article and its line', () => {
    expect(output).toMatch(/limit-title\.md\n\s*2:1\s+warning\s+公众号标题最多 32 个字，这篇的标题有 33 个字/);
    expect(output).toMatch(/limit-author\.md\n\s*4:1\s+warning\s+公众号作者名最多 16 个字，这篇的作者有 17 个字/);
    expect(output).toMatch(/limit-digest\.md\n\s*4:1\s+warning\s+公众号摘要最多 128 个字，这篇的摘要有 129 个字/);
    expect(output).toMatch(/limit-length\.md\n\s*1:1\s+warning\s+公众号正文最多 20000 字，这篇有 2\d{4} 字/);
    // The sample article is within every limit.
    expect(output).not.toMatch(/dangjian-linghang\.md/);
  });

  it('reports a body over 1 MB', () => {
    const view = { article: { file: 'content/x.md', title: '标题', places: {}, at: { file: 'content/x.md', line: 1, column: 1 } } } as unknown as ArticleView;
    const [message] = wechatLimits(view, { digest: '', characters: 10 }, 1024 * 1024 + 1);
    expect(message.reason).toMatch(/公众号正文最大 1 MB/);
    expect(message.fatal).toBe(false);
    expect(wechatLimits(view, { digest: '', characters: 10 }, 1024 * 1024)).toEqual([]);
  });

  it('looks like the article when opened with no stylesheet (screenshot and computed styles)', async () => {
    const { browser, close } = await launchWithBundledFonts();
    try {
      const file = join(out, '2017-09/wechat', `${SAMPLE}.html`);
      const shot = await screenshot(browser, file);
      const [actual, expected] = await Promise.all([shot, readFileSync(REFERENCE)].map((png) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
      expect(actual.info.width).toBe(expected.info.width);
      expect(actual.info.height).toBe(expected.info.height);
      let differing = 0;
      for (let i = 0; i < actual.data.length; i += 3) {
        if (Math.max(Math.abs(actual.data[i] - expected.data[i]), Math.abs(actual.data[i + 1] - expected.data[i + 1]), Math.abs(actual.data[i + 2] - expected.data[i + 2])) > 64) differing++;
      }
      // Anti-aliasing may differ between Chromium builds; a changed layout moves far more.
      expect(differing / (actual.data.length / 3)).toBeLessThan(0.02);

      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      const styles = await page.evaluate(() => {
        const pick = (e: globalThis.Element | null, keys: string[]) => Object.fromEntries(keys.map((k) => [k, e ? getComputedStyle(e).getPropertyValue(k) : 'missing']));
        const section = document.querySelector('section')!;
        return {
          title: pick(section.querySelector('h1'), ['font-size', 'font-weight', 'line-height']),
          body: pick([...section.querySelectorAll('p')].find((p) => (p.textContent ?? '').startsWith('永嘉乡总人口')) ?? null, ['font-size', 'text-indent', 'text-align', 'line-height']),
          table: pick(section.querySelector('table'), ['border-collapse', 'border-top-width', 'border-bottom-width', 'width']),
          stylesheets: document.styleSheets.length,
        };
      });
      await page.close();
      expect(styles.stylesheets).toBe(0);
      expect(styles.title).toEqual({ 'font-size': '22px', 'font-weight': '700', 'line-height': '30.8px' });
      expect(styles.body).toEqual({ 'font-size': '16px', 'text-indent': '32px', 'text-align': 'justify', 'line-height': '28px' });
      expect(styles.table['border-collapse']).toBe('collapse');
      expect(styles.table['border-top-width']).toBe('2px');
      expect(styles.table['border-bottom-width']).toBe('2px');
    } finally {
      await close();
    }
  });
});

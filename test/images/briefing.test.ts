/**
 * Briefings get the image checks of articles: a missing, remote or broken image is an error at its
 * file:line in `daan check` and in an HTML-only build, naming no internal folder; a good one is
 * published as web copies and printed from its print copy.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daanHere } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { run } from '../helpers/tools.ts';
import { picture } from './helpers.ts';

afterAll(removeTemporary);

function briefing(body: string): string {
  return `---\nname: 测试简报\nnumber: 1\nunit: 测试办公室\ndate: 2020-03-01\ncopies: 5\ndistribution:\n  报: 甲单位\n  送: 乙单位\n  发: 丙单位\n---\n\n情况通报如下。\n\n${body}\n`;
}

/** The line of briefing() that holds `body`: after 12 lines of front matter, a blank, the lead paragraph and a blank. */
const LINE = 15;

function content(body: string, files: Record<string, string | Uint8Array> = {}): string {
  return temporary(makeContent({ 'briefings/2020-01.md': briefing(body), ...files }));
}

function out(): string {
  return join(temporary(mkdtempSync(join(tmpdir(), 'daan-briefing-images-'))), 'out');
}

describe('images in briefings', () => {
  const cases: [string, string, Record<string, string | Uint8Array>, RegExp][] = [
    ['a missing image', '![现场](images/nosuch.png)', {}, /Image not found: .*briefings\/images\/nosuch\.png/],
    ['a remote image', '![现场](https://example.com/photo.png)', {}, /Image `https:\/\/example\.com\/photo\.png` is a URL: only files of the content folder may be used/],
    ['a text file named .png', '![现场](images/fake.png)', { 'briefings/images/fake.png': '<html>不是图片</html>' }, /briefings\/images\/fake\.png is not a picture: the file holds text/],
    ['an image outside the images folder', '![现场](photo.png)', {}, /Image `photo\.png` is not in the images\/ folder beside it/],
  ];
  for (const [what, markdown, files, reason] of cases) {
    it(`${what} is an error at its line in daan check and in an HTML-only build`, async () => {
      const dir = content(markdown, files);
      for (const args of [['check', '--content', dir], ['build', '--no-pdf', '--content', dir, '--out', out()]]) {
        const result = await daanHere(args, { env: { CI: 'true' } });
        expect(result.code, result.output).toBe(1);
        expect(result.output).toMatch(new RegExp(`briefings/2020-01\\.md\\n${LINE}:1(-${LINE}:\\d+)? error `));
        expect(result.output).toMatch(reason);
        expect(result.output).not.toMatch(/staging|\.print|Type 3|internal error/);
      }
    }, 300_000);
  }

  it('an included article brings its images from its own edition', async () => {
    const dir = temporary(
      makeContent({
        '2020-01/articles/a.md': '---\ntitle: 第一篇\ncolumn: 要闻\nslug: di-yi-pian\n---\n\n正文第一段。\n\n![村貌](images/cun.jpg)\n',
        '2020-01/images/cun.jpg': await picture(700, 500, 'jpeg', 8),
        'briefings/2020-01.md': briefing('::include{edition=2020-01 article=di-yi-pian}'),
      }),
    );
    const target = out();
    const result = await daanHere(['build', '--no-pdf', '--content', dir, '--out', target], { env: { CI: 'true', DAAN_CACHE_DIR: join(target, '..', 'cache') } });
    expect(result.code, result.output).toBe(0);
    const html = readFileSync(join(target, 'briefings', '2020-01.html'), 'utf8');
    expect(html).toMatch(/<img src="images\/2020-01\/cun-700\.\w+\.jpg" alt="村貌"/);
    expect(readdirSync(join(target, 'briefings', 'images', '2020-01')).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^cun-480\.\w+\.webp$/), expect.stringMatching(/^cun-700\.\w+\.jpg$/)]));
    // Missing from its edition: an error at the ::include line, naming the edition's folder.
    writeFileSync(join(dir, '2020-01', 'images', 'cun.jpg'), '');
    const broken = await daanHere(['check', '--content', dir], { env: { CI: 'true' } });
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(new RegExp(`briefings/2020-01\\.md\\n${LINE}:1(-${LINE}:\\d+)? error Image .*2020-01/images/cun\\.jpg is an empty file`));
  }, 600_000);

  it('a good image is published as web copies and printed from its print copy (at most 300 dpi)', async () => {
    const dir = content('![现场照片](images/site.jpg)', { 'briefings/images/site.jpg': await picture(2400, 1600, 'jpeg', 7) });
    const target = out();
    const result = await daanHere(['build', '--content', dir, '--out', target, '--verbose'], { env: { CI: 'true', DAAN_CACHE_DIR: join(target, '..', 'cache') } });
    expect(result.code, result.output).toBe(0);
    const html = readFileSync(join(target, 'briefings', '2020-01.html'), 'utf8');
    expect(html).toMatch(/<picture><source type="image\/webp" srcset="images\/site-480\.\w+\.webp 480w, [^"]+"/);
    expect(html).toMatch(/width="1440" height="960" loading="lazy"/);
    const published = readdirSync(join(target, 'briefings', 'images'));
    expect(published.filter((name) => name.endsWith('.webp'))).toHaveLength(3);
    expect(published).not.toContain('site.jpg');
    const list = run('pdfimages', ['-list', join(target, 'briefings', '2020-01.pdf')]).split('\n').slice(2).filter(Boolean);
    expect(list).toHaveLength(1);
    const columns = list[0].trim().split(/\s+/);
    const [width, xppi] = [Number(columns[3]), Number(columns[12])];
    // 156 mm of text width at 300 dpi: 1842 px.
    expect(width).toBe(Math.floor((156 / 25.4) * 300));
    expect(xppi).toBeLessThanOrEqual(300);
    expect(xppi).toBeGreaterThanOrEqual(290);
  }, 600_000);
});

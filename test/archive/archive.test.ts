/**
 * The archive of several editions, HTML only: the home page and the listing pages, incremental
 * builds (what is skipped, what is rebuilt), the manifest, `daan verify`, and no machine detail in
 * any output.
 */
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daanHere, repoRoot } from '../helpers/cli.ts';
import { inode, readManifest, selectAll, treeFiles, workspace } from './helpers.ts';

const { dir, content } = workspace();
const out = join(dir, 'out');
const build = (...args: string[]) => daanHere(['build', '--content', content, '--out', out, '--no-pdf', ...args]);

function page(path: string) {
  return fromHtml(readFileSync(join(out, path), 'utf8'));
}

beforeAll(async () => {
  const result = await build();
  expect(result.code, result.output).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the archive pages', () => {
  it('lists the editions on the home page by year, newest first, with their table of contents', () => {
    const home = page('index.html');
    expect(selectAll('.archive-year h2', home).map((h) => toString(h))).toEqual(['2017年', '2016年']);
    const links = selectAll('a.edition-link', home);
    expect(links.map((a) => a.properties.href)).toEqual(['2017-09/index.html', '2017-03/index.html', '2016-12/index.html']);
    expect(links.map((a) => toString(a))).toEqual(['《大安》2017年第9期', '《大安》2017年第3期', '《大安》2016年第12期']);
    expect(toString(home)).toContain('共 3 期');
    // No PDFs in an HTML-only build: the cover is drawn in CSS, and there is no download link.
    expect(selectAll('img.edition-thumb', home)).toHaveLength(0);
    expect(selectAll('.edition-thumb-drawn', home)).toHaveLength(3);
    expect(selectAll('a.edition-pdf', home)).toHaveLength(0);
  });

  it('has a page per year and per column, listing the articles', () => {
    const year = page('archive/2017.html');
    expect(selectAll('.listing h2 a', year).map((a) => a.properties.href)).toEqual(['../2017-09/index.html', '../2017-03/index.html']);
    expect(selectAll('.listing li a', year).map((a) => toString(a))).toEqual(['党建领航 脱贫奔康', '春季走访困难群众', '走进盐业历史博物馆']);
    expect(existsSync(join(out, 'archive/2016.html'))).toBe(true);
    const news = selectAll('.archive-nav a', page('index.html')).find((a) => toString(a) === '要闻');
    expect(news).toBeDefined();
    const column = page(String(news!.properties.href));
    expect(toString(column)).toContain('栏目：要闻');
    expect(selectAll('.listing li a', column).map((a) => a.properties.href)).toEqual(['../2017-03/chunji-zoufang.html', '../2016-12/nianzhong-huiyi.html']);
  });

  it('puts a search box on every page, and the search page loads the search script', () => {
    for (const file of treeFiles(out).filter((f) => f.endsWith('.html'))) {
      const tree = page(file);
      const form = selectAll('form[role=search]', tree);
      expect(form, file).toHaveLength(1);
      expect(String(form[0].properties.action)).toMatch(/search\.html$/);
    }
    expect(selectAll('script', page('search.html')).map((s) => s.properties.src)).toEqual(['assets/search.js']);
    expect(selectAll('script', page('2017-03/yanye-bowuguan.html'))).toHaveLength(0);
    // The index in bundles, one per year of editions (and one for the briefings, which this archive has none of), each with Pagefind's script.
    const bundles = JSON.parse(readFileSync(join(out, 'pagefind/bundles.json'), 'utf8')) as string[];
    expect(bundles).toEqual(['2016', '2017']);
    for (const bundle of bundles) expect(existsSync(join(out, 'pagefind', bundle, 'pagefind.js')), bundle).toBe(true);
  });
});

describe('the manifest', () => {
  it('lists every output file with its size, sha256, unit and input hash', () => {
    const manifest = readManifest(out);
    const files = treeFiles(out).filter((f) => f !== 'manifest.json');
    expect(manifest.files.map((f) => f.path)).toEqual(files);
    for (const entry of manifest.files) {
      expect(entry.size, entry.path).toBe(statSync(join(out, entry.path)).size);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.input).toBe(manifest.units[entry.unit!]);
    }
    // Each bundle of the search index (emit/search.ts) is recorded by the hash of its pages, to be reused while they are the same.
    expect(Object.keys(manifest.units).sort()).toEqual(['2016-12', '2017-03', '2017-09', 'search', 'search/2016', 'search/2017', 'site']);
    expect(manifest.files.find((f) => f.path === '2017-03/index.html')?.unit).toBe('2017-03');
    expect(manifest.files.find((f) => f.path === 'index.html')?.unit).toBe('site');
    expect(manifest.options).toEqual({ pdf: false, pdfa: false });
  });

  it('and no output holds an absolute path, the machine name or a build time', () => {
    const host = hostname();
    const year = String(new Date().getFullYear());
    for (const file of treeFiles(out)) {
      const text = readFileSync(join(out, file), 'latin1');
      expect(text.includes(dir), `${file} contains the build folder`).toBe(false);
      expect(text.includes(repoRoot), `${file} contains the repository path`).toBe(false);
      if (host.length > 3) expect(text.includes(host), `${file} contains the host name`).toBe(false);
      // Hex digests (sha256 in the manifest, hashed names) may hold the year's digits by chance: they are not dates.
      const words = text.replace(/[0-9a-f]{16,}/g, '');
      if (file.endsWith('.html') || file.endsWith('.json')) expect(words.includes(year), `${file} contains this year`).toBe(false);
    }
  });
});

describe('incremental builds', () => {
  it('skip every edition when nothing changed, and leave out/ as it was', async () => {
    const before = statSync(join(out, 'manifest.json')).mtimeMs;
    const result = await build();
    expect(result.code, result.output).toBe(0);
    for (const id of ['2016-12', '2017-03', '2017-09']) expect(result.stdout).toContain(`skipped ${id} (unchanged)`);
    expect(result.stdout).toContain('up to date');
    expect(statSync(join(out, 'manifest.json')).mtimeMs).toBe(before);
  });

  it('rebuild only the edition of an article that changed', async () => {
    const before = readManifest(out);
    const untouched = inode(join(out, '2016-12/index.html'));
    appendFileSync(join(content, '2017-03/articles/yanye.md'), '\n馆内还展出了古代的盐井工具。\n');
    const result = await build();
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('skipped 2016-12 (unchanged)');
    expect(result.stdout).toContain('skipped 2017-09 (unchanged)');
    expect(result.stdout).not.toContain('skipped 2017-03');
    const after = readManifest(out);
    expect(after.units['2016-12']).toBe(before.units['2016-12']);
    expect(after.units['2017-09']).toBe(before.units['2017-09']);
    expect(after.units['2017-03']).not.toBe(before.units['2017-03']);
    // The unchanged edition's files were carried over (hard-linked), not written again.
    expect(inode(join(out, '2016-12/index.html'))).toBe(untouched);
    expect(readFileSync(join(out, '2017-03/yanye-bowuguan.html'), 'utf8')).toContain('古代的盐井工具');
    expect((await daanHere(['verify', '--out', out])).code).toBe(0);
  });

  it('rebuild every edition with --force', async () => {
    const result = await build('--force');
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).not.toContain('skipped');
    expect(result.stdout).toContain('built 3 edition(s), reused 0');
  });

  it('rebuild an edition whose output was changed by hand', async () => {
    const file = join(out, '2017-09/index.html');
    writeFileSync(file, readFileSync(file, 'utf8').replace('目录', '目錄'));
    appendFileSync(join(content, '2016-12/articles/nianzhong.md'), '\n会议还表彰了先进集体。\n');
    const result = await build('--verbose');
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/building 2017-09 \(2017-09\/index\.html changed in out\/\)/);
    expect(readFileSync(file, 'utf8')).toContain('目录');
    expect((await daanHere(['verify', '--out', out])).code).toBe(0);
  });
});

describe('templates', () => {
  it('a change to a shared template rebuilds the editions that use it, and only the home page for home.hbs', async () => {
    const { build: runBuild } = await import('../../scripts/build/index.ts');
    const templates = join(dir, 'templates');
    cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
    const target = join(dir, 'out-templates');
    const run = () => runBuild({ contentDir: content, outDir: target, templatesDir: templates, pdf: false });
    expect((await run()).rebuilt).toHaveLength(3);
    appendFileSync(join(templates, 'pages/home.hbs'), '<p class="lead">本档案持续更新。</p>\n');
    const home = await run();
    expect(home.rebuilt).toEqual([]);
    expect(home.skipped).toEqual(['2016-12', '2017-03', '2017-09']);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toContain('本档案持续更新');
    appendFileSync(join(templates, 'partials/toc.hbs'), '<p class="toc-note">各期目录</p>\n');
    const toc = await run();
    expect(toc.rebuilt).toEqual(['2016-12', '2017-03', '2017-09']);
    expect(readFileSync(join(target, '2017-03/index.html'), 'utf8')).toContain('各期目录');
  });

  it("an edition's own override rebuilds only that edition", async () => {
    const { build: runBuild } = await import('../../scripts/build/index.ts');
    const target = join(dir, 'out-override');
    const run = () => runBuild({ contentDir: content, outDir: target, templatesDir: join(repoRoot, 'templates'), pdf: false });
    await run();
    cpSync(join(repoRoot, 'templates/pages/edition.hbs'), join(content, '2017-09/templates/pages/edition.hbs'));
    appendFileSync(join(content, '2017-09/templates/pages/edition.hbs'), '<p>本期特刊</p>\n');
    const result = await run();
    expect(result.rebuilt).toEqual(['2017-09']);
    expect(readFileSync(join(target, '2017-09/index.html'), 'utf8')).toContain('本期特刊');
  });
});

describe('daan verify', () => {
  it('passes on a fresh build and names every file that differs, is missing or is extra', async () => {
    expect((await daanHere(['verify', '--out', out])).code).toBe(0);
    const changed = join(out, '2017-03/index.html');
    const original = readFileSync(changed);
    const copy = Buffer.from(original);
    copy[100] ^= 1;
    writeFileSync(changed, copy);
    rmSync(join(out, 'archive/2016.html'));
    writeFileSync(join(out, 'stray.txt'), 'x');
    const result = await daanHere(['verify', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/differs\s+2017-03\/index\.html/);
    expect(result.stderr).toMatch(/missing\s+archive\/2016\.html/);
    expect(result.stderr).toMatch(/extra\s+stray\.txt/);
    expect(result.stderr).toContain('3 files do not match');
    writeFileSync(changed, original);
  });

  it('says so when there is no manifest', async () => {
    const result = await daanHere(['verify', '--out', join(dir, 'nothing-here')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no readable manifest.json');
  });
});

/**
 * The load stage's cache (load/edition-cache.ts) when some articles of an edition changed: those
 * alone are loaded again and put in their places, and an article whose front matter is the same
 * keeps its parsed front matter; anything else changed (settings, data, the list of articles, a
 * problem) loads the edition again from its files. Shown by marks put into the kept edition: what
 * is taken from the cache keeps them, what is read again does not. Every result is also the one
 * loadEdition gives.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEditionCached } from '../../scripts/load/edition-cache.ts';
import { loadEdition } from '../../scripts/load/edition.ts';
import { loadSite } from '../../scripts/load/site.ts';
import type { Edition } from '../../scripts/load/model.ts';
import { makeContent } from '../helpers/content.ts';

let content: string;
let cache: string;
let before: string | undefined;
const dirs: string[] = [];

beforeEach(() => {
  content = makeContent({
    '2020-01/edition.yaml': 'year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns:\n  - 要闻\n  - 民生\n',
    '2020-01/articles/b.md': '---\ntitle: 第二篇\ncolumn: 民生\n---\n\n民生正文。\n',
    '2020-01/data/visits.csv': 'key,households\nwagao,12\n',
  });
  cache = mkdtempSync(join(tmpdir(), 'daan-edition-cache-'));
  dirs.push(content, cache);
  before = process.env.DAAN_CACHE_DIR;
  process.env.DAAN_CACHE_DIR = cache;
});
afterEach(() => {
  if (before === undefined) delete process.env.DAAN_CACHE_DIR;
  else process.env.DAAN_CACHE_DIR = before;
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const edition = () => join(content, '2020-01');
const article = (name: string) => join(edition(), 'articles', name);

async function load(): Promise<Edition> {
  const { site } = await loadSite(content);
  const { edition: loaded, problems } = await loadEditionCached(edition(), site!);
  expect(problems).toEqual([]);
  // Whatever the path, the edition is the one loadEdition makes from the files.
  const fresh = await loadEdition(edition(), site!);
  expect(stripMarks(loaded!)).toEqual(stripMarks(fresh.edition!));
  return loaded!;
}

/** Puts a mark into the kept edition (the build cache's only entry of its kind): the author of each article, and the data set's title. */
function markKept(): void {
  const folder = join(cache, 'loaded-editions');
  const [entry] = readdirSync(folder);
  const kept = deserialize(readFileSync(join(folder, entry))) as { edition: Edition };
  for (const a of kept.edition.articles) a.author = `kept ${a.title}`;
  writeFileSync(join(folder, entry), serialize(kept));
}

const MARK = /^kept /;
/** The edition without the marks, to compare with loadEdition's. */
function stripMarks(e: Edition): Edition {
  return { ...e, articles: e.articles.map((a) => ({ ...a, author: a.author && MARK.test(a.author) ? undefined : a.author })) };
}
const authors = (e: Edition) => Object.fromEntries(e.articles.map((a) => [a.title, a.author]));

describe('an edition in the build cache, some of its articles changed', () => {
  it('takes the other articles from the cache, and the front matter of a body-only edit too', async () => {
    await load();
    markKept();
    appendFileSync(article('a.md'), '\n新加的一段。\n');
    const loaded = await load();
    expect(loaded.articles.find((a) => a.slug === 'di-yi-pian')!.text).toContain('新加的一段。');
    // Neither the unchanged article nor the edited one's front matter was parsed again.
    expect(authors(loaded)).toEqual({ 第一篇: 'kept 第一篇', 第二篇: 'kept 第二篇' });
  });

  it('parses again the front matter that changed, and puts the article in its new place', async () => {
    await load();
    markKept();
    writeFileSync(article('b.md'), '---\ntitle: 第二篇改\ncolumn: 要闻\norder: -1\n---\n\n民生正文。\n');
    const loaded = await load();
    expect(loaded.articles.map((a) => a.title)).toEqual(['第二篇改', '第一篇']);
    expect(authors(loaded)).toEqual({ 第一篇: 'kept 第一篇', 第二篇改: undefined });
  });

  it('loads the edition again from its files when its settings, its data or its list of articles changed', async () => {
    for (const change of [
      () => appendFileSync(join(edition(), 'edition.yaml'), 'editors:\n  - { role: 主编, name: 张三 }\n'),
      () => writeFileSync(join(edition(), 'data', 'visits.csv'), 'key,households\nwagao,13\n'),
      () => writeFileSync(article('c.md'), '---\ntitle: 第三篇\ncolumn: 要闻\n---\n\n第三篇正文。\n'),
    ]) {
      await load();
      markKept();
      change();
      appendFileSync(article('a.md'), '\n又一段。\n');
      const loaded = await load();
      expect(Object.values(authors(loaded)).filter((a) => a && MARK.test(a))).toEqual([]);
    }
  });

  it('reports a problem of the edited article at its place, as a first load does', async () => {
    await load();
    writeFileSync(article('a.md'), '---\ntitle: 第一篇\ncolumn: 要闻\nslug: di-yi-pian\n---\n\n');
    const { site } = await loadSite(content);
    const { problems } = await loadEditionCached(edition(), site!);
    const fresh = await loadEdition(edition(), site!);
    expect(problems.map(String)).toEqual(fresh.problems.map(String));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual([`${article('a.md')}:6:1`]);
  });
});

describe('site.yaml in the build cache', () => {
  it('is taken from the cache while its text is the same, and parsed again (problems at their place) once it changed', async () => {
    const first = await loadSite(content);
    expect(first.site?.name).toBe('大安');
    const folder = join(cache, 'loaded-site');
    const [entry] = readdirSync(folder);
    writeFileSync(join(folder, entry), serialize({ ...first.site, name: '取自缓存' }));
    expect((await loadSite(content)).site?.name).toBe('取自缓存');
    appendFileSync(join(content, 'site.yaml'), 'base_url: https://example.org/\n');
    expect((await loadSite(content)).site?.name).toBe('大安');
    appendFileSync(join(content, 'site.yaml'), 'name: [\n');
    const bad = await loadSite(content);
    expect(bad.site).toBeUndefined();
    expect(new Set(bad.problems.map((p) => p.file))).toEqual(new Set([join(content, 'site.yaml')]));
  });
});

describe('an edition the build reuses, taken from the cache', () => {
  const textsEntry = () => {
    const folder = join(cache, 'loaded-editions');
    return join(folder, readdirSync(folder).find((name) => name.endsWith('.texts'))!);
  };

  it('reads its articles\' texts only when one is asked for: from the cache, or else from the unchanged files', async () => {
    await load();
    const { site } = await loadSite(content);
    const light = (await loadEditionCached(edition(), site!, undefined, true)).edition!;
    // Changed in the cache after the edition was loaded: what is asked for later is read then.
    const texts = deserialize(readFileSync(textsEntry())) as string[];
    writeFileSync(textsEntry(), serialize(texts.map((text) => `${text}（取自缓存）`)));
    expect(light.articles.map((a) => a.text.endsWith('（取自缓存）'))).toEqual([true, true]);
    // Without the entry, from the files, which still hold what the edition was loaded from.
    const again = (await loadEditionCached(edition(), site!, undefined, true)).edition!;
    rmSync(textsEntry());
    expect(again.articles.map((a) => a.text)).toEqual(texts);
  });

  it('says so, with the file, when an article changed between loading and being asked for', async () => {
    await load();
    const { site } = await loadSite(content);
    const light = (await loadEditionCached(edition(), site!, undefined, true)).edition!;
    rmSync(textsEntry());
    appendFileSync(article('a.md'), '\n构建时改的。\n');
    expect(() => light.articles.map((a) => a.text)).toThrow(article('a.md'));
  });
});

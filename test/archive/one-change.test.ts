/**
 * One change in a built archive, built incrementally with every cache this build keeps (the
 * load stage's editions, the remembered file hashes, the compiled templates): exactly the outputs
 * the change touches change, the others are the previous build's files (hard links), and out/ is
 * byte for byte a clean build's made without those caches (a build cache of its own). Bad input
 * met on that path is refused at its file, line and column, as on a first build.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build/index.ts';
import { cacheDir } from '../../scripts/core/cache.ts';
import { BuildFailure } from '../../scripts/report/problems.ts';
import { silentProgress, type Progress } from '../../scripts/report/progress.ts';
import { say } from '../../scripts/report/messages.ts';
import { repoRoot } from '../helpers/cli.ts';
import { inode, readManifest, treeFiles, workspace } from './helpers.ts';
import { solidPng } from '../helpers/png.ts';

const { dir, content } = workspace('daan-one-change-');
const templates = join(dir, 'templates');
const out = join(dir, 'out');
/**
 * The build cache's kinds this file's clean builds start without: the incremental build's own, and
 * what pages draw and give the search index (cheap to make again; kept by edition and by page).
 */
const OWN_KINDS = new Set(['loaded-editions', 'loaded-site', 'transformed-editions', 'file-hashes', 'templates', 'font-text', 'search-input', 'archive-pages']);


const run = (outDir: string, force = false) => build({ contentDir: content, outDir, templatesDir: templates, pdf: false, force });

let cleanBuilds = 0;
/** A clean build (--force) with a build cache of its own: the shared kinds (fonts, charts …) linked, without the incremental build's own caches. */
async function cleanBuild(): Promise<string> {
  const shared = cacheDir();
  const own = join(dir, `cache-${cleanBuilds}`);
  const target = join(dir, `clean-${cleanBuilds++}`);
  mkdirSync(own, { recursive: true });
  for (const kind of readdirSync(shared)) if (!OWN_KINDS.has(kind)) symlinkSync(join(shared, kind), join(own, kind));
  const before = process.env.DAAN_CACHE_DIR;
  process.env.DAAN_CACHE_DIR = own;
  try {
    await run(target, true);
  } finally {
    if (before === undefined) delete process.env.DAAN_CACHE_DIR;
    else process.env.DAAN_CACHE_DIR = before;
  }
  return target;
}

function expectSameTree(actual: string, expected: string, what: string): void {
  const files = treeFiles(expected);
  expect(treeFiles(actual), what).toEqual(files);
  for (const file of files) expect(readFileSync(join(actual, file)).equals(readFileSync(join(expected, file))), `${what}: ${file}`).toBe(true);
}

/** The files of out/ by their recorded hashes (manifest.json left out). */
function hashes(): Map<string, string> {
  return new Map(readManifest(out).files.map((f) => [f.path, f.sha256]));
}

/** What an edit changed in out/: files added, removed or with other bytes. */
function changedSince(before: Map<string, string>): string[] {
  const after = hashes();
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

/** The inode of every file of out/ before a build: a file the build reused is the same file after it. */
function inodes(): Map<string, number> {
  return new Map(treeFiles(out).map((path) => [path, inode(join(out, path))]));
}

/**
 * Applies `edit`, builds incrementally, and returns what changed; checks that every file that did
 * not change was reused (linked, not written again) where its edition was, and that out/ is a clean build's.
 */
async function change(what: string, edit: () => void): Promise<{ changed: string[]; rebuilt: string[] }> {
  const before = hashes();
  const files = inodes();
  edit();
  const result = await run(out);
  const changed = changedSince(before);
  // Files of editions not rebuilt are the previous build's files.
  for (const id of result.skipped) for (const [path, ino] of files) if (path.startsWith(`${id}/`)) expect(inode(join(out, path)), `${what}: ${path} reused`).toBe(ino);
  const clean = await cleanBuild();
  try {
    expectSameTree(out, clean, `after ${what}`);
  } finally {
    rmSync(clean, { recursive: true, force: true });
  }
  return { changed, rebuilt: result.rebuilt };
}

/** The archive pages kept in the build cache (build/web.ts), by entry name. */
const archivePageSets = () => new Set(readdirSync(join(cacheDir(), 'archive-pages')));
const newSince = (before: Set<string>, after: Set<string>) => [...after].filter((name) => !before.has(name));

/** The changed paths outside `allowed`: exact paths, folders ending in `/`, or beginnings ending in `*`. */
function within(changed: string[], allowed: string[]): string[] {
  return changed.filter((path) => !allowed.some((a) => (a.endsWith('/') ? path.startsWith(a) : a.endsWith('*') ? path.startsWith(a.slice(0, -1)) : path === a)));
}

/** The web fonts of one edition's pages: its own subsets' rules, and the subset files (named by their content). */
const fontsOf = (id: string) => [`assets/fonts/${id}.css`, 'assets/fonts/daan-*'];

const article = join(content, '2017-03/articles/chunji.md');

beforeAll(async () => {
  // The incremental builds' own caches are this file's alone (other test files build at the same time): the shared kinds are linked.
  const shared = cacheDir();
  const incremental = join(dir, 'cache-incremental');
  mkdirSync(incremental, { recursive: true });
  for (const kind of existsSync(shared) ? readdirSync(shared) : []) if (!OWN_KINDS.has(kind)) symlinkSync(join(shared, kind), join(incremental, kind));
  process.env.DAAN_CACHE_DIR = incremental;
  cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
  // 2017-09 quotes 2017-03's data set and shows an image.
  mkdirSync(join(content, '2017-09/images'), { recursive: true });
  writeFileSync(join(content, '2017-09/images/probe.png'), solidPng(1, 1, [0, 0, 0]));
  appendFileSync(join(content, '2017-09/articles/tuopin.md'), '\n瓦高村:value{data=2017-03/visits row=wagao col=households}。\n\n![瓦高村](images/probe.png)\n');
  await run(out);
  // The same content again: every edition from the load stage's cache, nothing written.
  const again = await run(out);
  expect(again.rebuilt).toEqual([]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one change in a built archive', () => {
  it('an article\'s text: its page and its year\'s search index, nothing else', async () => {
    const before = archivePageSets();
    const { changed, rebuilt } = await change('an article\'s text', () => appendFileSync(article, '\n区委组织干部走访困难群众。\n'));
    // The archive pages show no article text: they were taken from the build cache, not rendered and kept again.
    expect(newSince(before, archivePageSets())).toEqual([]);
    expect(rebuilt).toEqual(['2017-03']);
    expect(changed).toContain('2017-03/chunji-zoufang.html');
    expect(within(changed, ['2017-03/chunji-zoufang.html', 'pagefind/2017/'])).toEqual([]);
  });

  it('an article of a year\'s later edition: the year\'s earlier editions go to the search index ahead, and the index is a clean build\'s', async () => {
    const later = join(content, '2017-09/articles/tuopin.md');
    const lines: string[] = [];
    const progress: Progress = { ...silentProgress, debug: (line) => lines.push(line), info: (line) => lines.push(line), phase: (name) => lines.push(`phase ${name}`) };
    const before = hashes();
    const files = inodes();
    appendFileSync(later, '\n区委组织干部入户走访。\n');
    const result = await build({ contentDir: content, outDir: out, templatesDir: templates, pdf: false, progress });
    expect(result.rebuilt).toEqual(['2017-09']);
    // 2017-03's two articles, before the build's pages were rendered.
    const ahead = lines.indexOf(say('build-indexed-ahead', { n: 2, editions: '2017-03' }));
    expect(ahead, lines.join('\n')).toBeGreaterThan(-1);
    expect(ahead).toBeLessThan(lines.indexOf('phase render'));
    expect(lines.filter((line) => line === lines[ahead])).toHaveLength(1);
    // Only 2017's part of the index was made again: 2016's is the previous build's files.
    const changed = changedSince(before);
    expect(changed.some((path) => path.startsWith('pagefind/2017/'))).toBe(true);
    for (const [path, ino] of files) if (path.startsWith('pagefind/2016/')) expect(inode(join(out, path)), path).toBe(ino);
    const clean = await cleanBuild();
    try {
      expectSameTree(out, clean, 'after an article of 2017-09');
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });

  it('an article\'s title: its page, its edition\'s contents, the archive pages that list it, its year\'s search index and the headings\' fonts', async () => {
    const before = archivePageSets();
    const { changed, rebuilt } = await change('an article\'s title', () => writeFileSync(article, readFileSync(article, 'utf8').replace('title: 春季走访困难群众', 'title: 春季走访群众')));
    // The archive pages list it: rendered again, and kept.
    expect(newSince(before, archivePageSets())).toHaveLength(1);
    expect(rebuilt).toEqual(['2017-03']);
    expect(changed).toEqual(expect.arrayContaining(['2017-03/chunji-zoufang.html', '2017-03/index.html', 'index.html', 'archive/2017.html']));
    expect(within(changed, ['2017-03/', 'index.html', 'archive/2017.html', 'columns/', 'pagefind/2017/', ...fontsOf('2017-03'), 'assets/fonts/site.css'])).toEqual([]);
  });

  it('an edition\'s date: its pages and the archive pages, not the other editions', async () => {
    const file = join(content, '2017-03/edition.yaml');
    const { changed, rebuilt } = await change('an edition\'s date', () => writeFileSync(file, readFileSync(file, 'utf8').replace('date: 2017-03-31', 'date: 2017-03-30')));
    expect(rebuilt).toEqual(['2017-03']);
    expect(changed).toContain('2017-03/index.html');
    expect(within(changed, ['2017-03/', 'index.html', 'archive/', 'columns/', 'search.html', 'pagefind/2017/', ...fontsOf('2017-03'), 'assets/fonts/site.css', 'assets/fonts.css', 'assets/fonts/daan-serif-400.*'])).toEqual([]);
  });

  it('a data set: the page that shows it and the page of another edition that quotes it', async () => {
    const file = join(content, '2017-03/data/visits.yaml');
    const { changed, rebuilt } = await change('a data set', () => writeFileSync(file, readFileSync(file, 'utf8').replace('households: 42 }', 'households: 24 }')));
    expect(rebuilt).toEqual(['2017-03', '2017-09']);
    expect(changed).toContain('2017-03/chunji-zoufang.html');
    // The article of 2017-09 that quotes it.
    expect(changed.filter((path) => path.startsWith('2017-09/') && path.endsWith('.html') && path !== '2017-09/index.html')).toHaveLength(1);
    // The table's bold figures are drawn in 2017-03's own subset of the bold face.
    expect(within(changed, ['2017-03/', '2017-09/', 'pagefind/2017/', ...fontsOf('2017-03'), ...fontsOf('2017-09')])).toEqual([]);
  });

  it('an image: the image\'s copies in its edition, nothing of the other editions', async () => {
    const { changed, rebuilt } = await change('an image', () => writeFileSync(join(content, '2017-09/images/probe.png'), solidPng(1, 1, [200, 30, 30])));
    expect(rebuilt).toEqual(['2017-09']);
    expect(changed.some((path) => path.startsWith('2017-09/images/'))).toBe(true);
    expect(within(changed, ['2017-09/', 'pagefind/2017/'])).toEqual([]);
  });

  it('a page template: the pages it draws, in every edition, and nothing else', async () => {
    const { changed, rebuilt } = await change('the edition page template', () => appendFileSync(join(templates, 'pages/edition.hbs'), '<p hidden>1</p>\n'));
    expect(rebuilt).toEqual(['2016-12', '2017-03', '2017-09']);
    expect(changed).toEqual(['2016-12/index.html', '2017-03/index.html', '2017-09/index.html']);
  });

  it('site.yaml: a comment rebuilds everything and changes no output', async () => {
    const { changed, rebuilt } = await change('a comment in site.yaml', () => appendFileSync(join(content, 'site.yaml'), '# 注释\n'));
    expect(rebuilt).toEqual(['2016-12', '2017-03', '2017-09']);
    expect(changed).toEqual([]);
  });

  it('site.yaml: the name reaches every page, also those of editions loaded from the cache', async () => {
    const file = join(content, 'site.yaml');
    const { changed, rebuilt } = await change('the name in site.yaml', () => writeFileSync(file, readFileSync(file, 'utf8').replace('name: 大安', 'name: 大安区')));
    expect(rebuilt).toEqual(['2016-12', '2017-03', '2017-09']);
    expect(changed).toEqual(expect.arrayContaining(['index.html', '2016-12/index.html', '2017-03/index.html', '2017-09/index.html', '2017-03/chunji-zoufang.html']));
  });
});

describe('bad input met on the cached path', () => {
  const failure = async (): Promise<BuildFailure> => {
    const error = await run(out).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BuildFailure);
    return error as BuildFailure;
  };

  it('is refused at its file, line and column, every time, and the good text is taken from the cache again once it is back', async () => {
    const good = readFileSync(article, 'utf8');
    const before = hashes();
    writeFileSync(article, good.replace('column: 要闻', 'column: [要闻'));
    for (let attempt = 0; attempt < 2; attempt++) {
      const [problem] = (await failure()).problems;
      expect(problem, `attempt ${attempt + 1}`).toMatchObject({ file: article, line: 3, column: 9 });
      // Nothing already built is lost.
      expect(hashes()).toEqual(before);
    }
    writeFileSync(article, good);
    const result = await run(out);
    expect(result.rebuilt).toEqual([]);
    expect(changedSince(before)).toEqual([]);
  });

  it('refuses a bad value in a data set at its place after the edition was loaded from the cache', async () => {
    const file = join(content, '2017-03/data/visits.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(/households: \d+ }/, 'households: 四十 }'));
    try {
      const { problems } = await failure();
      expect(problems[0]).toMatchObject({ file, line: 6 });
      expect(problems[0].column).toBeGreaterThan(1);
    } finally {
      writeFileSync(file, good);
    }
  });

  it('refuses an article that became a link out of content/, with the same bytes, in an edition that is not rebuilt', async () => {
    const outside = join(dir, 'outside.md');
    writeFileSync(outside, readFileSync(article));
    rmSync(article);
    symlinkSync(outside, article);
    // Another edition changes, so that the build goes on and loads them all.
    const other = join(content, '2016-12/articles/nianzhong.md');
    const otherText = readFileSync(other, 'utf8');
    appendFileSync(other, '\n会议。\n');
    try {
      const { problems } = await failure();
      expect(problems[0]).toMatchObject({ file: article, line: 1, column: 1 });
    } finally {
      rmSync(article);
      writeFileSync(article, readFileSync(outside));
      writeFileSync(other, otherText);
    }
    expect(existsSync(article)).toBe(true);
  });
});

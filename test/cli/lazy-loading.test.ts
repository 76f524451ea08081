/**
 * Heavy packages load only when a command needs them (every `daan` run would otherwise pay for
 * them: sharp alone costs about 0.3 s of CPU to load). Each case runs the real CLI with module
 * hooks that record every module it resolves: packages kept out of the bundle by their
 * node_modules path, bundled ones by the chunks of the bundle that hold them (esbuild marks each
 * package's code with a `// node_modules/<name>/…` line).
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';

const record = join(import.meta.dirname, '..', 'helpers', 'module-log', 'record.mjs');
const work = mkdtempSync(join(tmpdir(), 'daan-lazy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The packages a `daan` run loaded: from node_modules, and those bundled into the chunks it loaded. */
function packagesLoaded(args: string[], env: Record<string, string> = {}): Set<string> {
  const log = join(work, `modules-${Math.random().toString(36).slice(2)}.log`);
  const run = daan(args, { env: { NODE_OPTIONS: `--import ${record}`, DAAN_MODULE_LOG: log, ...env } });
  expect(run.code, run.output).toBe(0);
  const urls = readFileSync(log, 'utf8').split('\n').filter((url) => url.startsWith('file:'));
  const found = new Set<string>();
  for (const url of urls) {
    const path = fileURLToPath(url);
    if (path.includes('/.cache/daan/cli/')) {
      for (const [, name] of readFileSync(path, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(name);
    } else {
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
      if (name) found.add(name);
    }
  }
  return found;
}

const HEAVY = ['sharp', 'pdf-lib', 'mammoth', 'puppeteer-core', 'pagefind', 'vega-lite'];

describe('heavy packages load only when used', () => {
  it('daan --help loads none of them', () => {
    const loaded = packagesLoaded(['--help']);
    // The recording itself works: the help reads the message catalogue's packages.
    expect(loaded.size).toBeGreaterThan(0);
    for (const name of HEAVY) expect([...loaded], name).not.toContain(name);
  });

  it('an HTML-only build of content without pictures loads neither sharp, pdf-lib, the Word reader nor the browser', () => {
    const content = makeContent();
    // A build cache of its own: the stylesheets' font rules are read (with postcss) by a first build.
    const loaded = packagesLoaded(['build', '--no-pdf', '--content', content, '--out', join(work, 'out-html')], { DAAN_CACHE_DIR: mkdtempSync(join(work, 'cache-')) });
    // What such a build does need is seen: Pagefind (the search index) and postcss (the web fonts' CSS rules).
    expect(loaded).toContain('pagefind');
    expect(loaded).toContain('postcss');
    for (const name of ['sharp', 'pdf-lib', 'mammoth', 'puppeteer-core']) expect([...loaded], name).not.toContain(name);
  });

  it('a paragraph added to an article of a built archive loads neither the YAML parser, the schemas, pinyin, the CSV reader nor postcss', () => {
    // Settings an internal publication needs in full: a missing one is said with its place in the YAML, which is then parsed.
    const content = makeContent({
      'site.yaml': readFileSync(join(repoRoot, 'content', 'site.yaml'), 'utf8'),
      '2020-01/edition.yaml': 'year: 2020\nnumber: 1\ndate: 2020-01-31\nprint_date: 2020-01-30\ncopies: 500\ncolumns:\n  - 要闻\n',
      '2020-02/edition.yaml': 'year: 2020\nnumber: 2\ndate: 2020-02-29\nprint_date: 2020-02-28\ncopies: 500\ncolumns:\n  - 要闻\n',
      '2020-02/articles/a.md': '---\ntitle: 第二期文章\ncolumn: 要闻\n---\n\n正文。\n\n::table{data=visits}\n',
      '2020-02/data/visits.csv': 'key,households\nwagao,12\n',
    });
    const env = { DAAN_CACHE_DIR: mkdtempSync(join(work, 'cache-')) };
    const out = join(work, 'out-edit');
    expect(daan(['build', '--no-pdf', '--quiet', '--content', content, '--out', out], { env }).code).toBe(0);
    appendFileSync(join(content, '2020-02/articles/a.md'), '\n又加了一段。\n');
    const loaded = packagesLoaded(['build', '--no-pdf', '--content', content, '--out', out], env);
    // The edited article is transformed and its pages made (what such a build does need is seen).
    expect(loaded).toContain('micromark');
    for (const name of ['yaml', 'zod', 'pinyin-pro', 'csv-parse', 'postcss']) expect([...loaded], name).not.toContain(name);
    expect(readFileSync(join(out, '2020-02', readdirSync(join(out, '2020-02')).find((name) => name.startsWith('di'))!), 'utf8')).toContain('又加了一段。');
  });
});

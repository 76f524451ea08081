/**
 * Finished PDFs in the build cache (print/pdf-cache.ts): a clean build of content printed before
 * takes each PDF from the cache, byte for byte what printing gives; a change only the web pages
 * show (an edition's own web template) prints nothing again; a change to the text prints that
 * edition again, with the new text; `daan verify --rebuild` prints every document again. A clean
 * build with finished PDFs in the cache starts Chromium only when a document is not there.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { requireTool, run } from '../helpers/tools.ts';
import { findPrintBrowser } from '../../scripts/print/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'daan-pdf-cache-'));
const content = join(dir, 'content');
const env: NodeJS.ProcessEnv = { DAAN_CACHE_DIR: join(dir, 'cache') };
/** Written each time the print browser is started to print (not asked its --version). */
const launched = join(dir, 'launched');
const edition = join(content, '2017-09');
const pdfOf = (out: string) => readFileSync(join(out, '2017-09', 'daan-2017-09.pdf'));
const briefingOf = (out: string) => readFileSync(join(out, 'briefings', '2017-01.pdf'));

function build(out: string): string {
  const result = daan(['build', '--content', content, '--out', join(dir, out)], { env });
  expect(result.code, result.output).toBe(0);
  return result.output;
}

let first: string;
let again: string;

beforeAll(async () => {
  cpSync(join(repoRoot, 'content'), content, { recursive: true });
  first = build('first');
  // The same browser, by a script of the same kind (its name says headless shell or not) that notes each launch.
  const real = await findPrintBrowser();
  const wrapper = join(dir, 'bin', real.shell ? 'chromium-headless-shell' : 'chromium');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(wrapper, `#!/bin/sh\ncase "$*" in *--version*) ;; *) echo launched >> ${JSON.stringify(launched)} ;; esac\nexec ${JSON.stringify(real.path)} "$@"\n`);
  chmodSync(wrapper, 0o755);
  env.PUPPETEER_EXECUTABLE_PATH = wrapper;
  again = build('again');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finished PDFs in the build cache', () => {
  it('are printed by a first build, and taken from the cache, the same bytes, by a clean build of the same content', () => {
    expect(first).toMatch(/printed daan-2017-09\.pdf/);
    expect(first).not.toMatch(/reused daan-2017-09\.pdf/);
    expect(again).toMatch(/reused daan-2017-09\.pdf from the build cache/);
    expect(again).toMatch(/reused briefings\/2017-01\.pdf from the build cache/);
    expect(pdfOf(join(dir, 'again')).equals(pdfOf(join(dir, 'first')))).toBe(true);
    expect(briefingOf(join(dir, 'again')).equals(briefingOf(join(dir, 'first')))).toBe(true);
    // The cover thumbnail is still drawn from the print document written for it.
    expect(readFileSync(join(dir, 'again', '2017-09', 'cover.png')).equals(readFileSync(join(dir, 'first', '2017-09', 'cover.png')))).toBe(true);
    expect(readdirSync(join(dir, 'cache', 'pdfs')).filter((name) => name.endsWith('.pdf'))).toHaveLength(2);
    // Nothing to print, and a cover drawing in the cache: Chromium never started.
    expect(existsSync(launched), 'the print browser was started').toBe(false);
  });

  it('are not printed again for a change only the web pages show', () => {
    const own = join(edition, 'templates', 'pages');
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'article.hbs'), `${readFileSync(join(repoRoot, 'templates', 'pages', 'article.hbs'), 'utf8')}\n<!-- 本期网页另排 -->\n`);
    try {
      const output = build('web-only');
      expect(output).toMatch(/reused daan-2017-09\.pdf/);
      expect(readFileSync(join(dir, 'web-only', '2017-09', 'dangjian-linghang-tuopin-benkang.html'), 'utf8')).toContain('本期网页另排');
      expect(pdfOf(join(dir, 'web-only')).equals(pdfOf(join(dir, 'first')))).toBe(true);
    } finally {
      rmSync(join(edition, 'templates'), { recursive: true, force: true });
    }
  });

  it('are printed again when the text changes, with the new text', () => {
    requireTool('pdftotext', 'poppler-utils');
    const article = join(edition, 'articles', 'dangjian-linghang.md');
    const text = readFileSync(article, 'utf8');
    const changed = text.replace(/\n\n([^#\n!|>:-][^\n]*)/, '\n\n缓存改写测试。$1');
    expect(changed).not.toBe(text);
    writeFileSync(article, changed);
    try {
      const output = build('edited');
      expect(output).toMatch(/printed daan-2017-09\.pdf/);
      // Started when the edition was not in the cache.
      expect(readFileSync(launched, 'utf8').trim().split('\n')).toHaveLength(1);
      expect(output).not.toMatch(/reused daan-2017-09\.pdf/);
      // The briefing did not change: still from the cache.
      expect(output).toMatch(/reused briefings\/2017-01\.pdf/);
      expect(run('pdftotext', [join(dir, 'edited', '2017-09', 'daan-2017-09.pdf'), '-']).replace(/\s+/g, '')).toContain('缓存改写测试');
    } finally {
      writeFileSync(article, text);
    }
  });

  it('are all printed again by daan verify --rebuild, which checks the printing itself', () => {
    const result = daan(['verify', '--rebuild', '--verbose', '--content', content, '--out', join(dir, 'first')], { env });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/printed daan-2017-09\.pdf/);
    expect(result.output).not.toMatch(/reused (daan-2017-09|briefings\/2017-01)\.pdf/);
  });
});

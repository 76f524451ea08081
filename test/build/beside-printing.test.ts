/**
 * What a build makes while Chromium prints: the article pages show nothing the printing makes,
 * so they are rendered, their images' web copies made, and their year's part of the search index
 * written, before the edition has printed (a build of more than a year of editions indexes them after the printing, for its
 * memory; the index is the same). Seen through the print browser: a script in its place (PUPPETEER_EXECUTABLE_PATH)
 * starts the real one only once both are in the build's staging folder, or after a minute without
 * them. The browser starts at the first print here (PDFs in the build cache, a new out/: see
 * print/pdf-cache.ts), so a build that made them only after printing would keep it waiting.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { requireTool, run } from '../helpers/tools.ts';
import { findPrintBrowser } from '../../scripts/print/browser.ts';
import { fileSize } from '../../scripts/render/helpers.ts';
import { writeSyntheticArchive } from '../../scripts/bench/synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'daan-beside-printing-'));
const content = join(dir, 'content');
const env: NodeJS.ProcessEnv = { DAAN_CACHE_DIR: join(dir, 'cache') };
/** What the browser script found when it was started to print: `seen` or `not seen`. */
const found = join(dir, 'found');
const articlePage = 'dangjian-linghang-tuopin-benkang.html';

function build(out: string): string {
  const result = daan(['build', '--verbose', '--lang', 'en', '--content', content, '--out', join(dir, out)], { env });
  expect(result.code, result.output).toBe(0);
  return result.output;
}

let output: string;

beforeAll(async () => {
  cpSync(join(repoRoot, 'content'), content, { recursive: true });
  // Finished PDFs in the build cache.
  build('first');
  const article = join(content, '2017-09', 'articles', 'dangjian-linghang.md');
  const text = readFileSync(article, 'utf8');
  const changed = text.replace(/\n\n([^#\n!|>:-][^\n]*)/, '\n\n旁印测试。\n\n![旁印测试的照片](images/photo.png)\n\n$1');
  expect(changed).not.toBe(text);
  writeFileSync(article, changed);
  mkdirSync(join(content, '2017-09', 'images'));
  await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3060a0', noise: { type: 'gaussian', mean: 110, sigma: 40 } } })
    .png()
    .toFile(join(content, '2017-09', 'images', 'photo.png'));
  const real = await findPrintBrowser();
  const script = join(dir, 'bin', real.shell ? 'chromium-headless-shell' : 'chromium');
  mkdirSync(join(dir, 'bin'));
  const staged = `${JSON.stringify(dir)}/.daan-staging-second-*`;
  writeFileSync(
    script,
    `#!/bin/sh
case "$*" in *--version*) exec ${JSON.stringify(real.path)} "$@" ;; esac
i=0
while [ $i -lt 600 ]; do
  if grep -qs 旁印测试 ${staged}/2017-09/${articlePage} && ls ${staged}/pagefind/2017/pagefind-entry.json ${staged}/2017-09/images/*.webp >/dev/null 2>&1; then
    echo seen > ${JSON.stringify(found)}
    exec ${JSON.stringify(real.path)} "$@"
  fi
  sleep 0.1
  i=$((i + 1))
done
echo not seen > ${JSON.stringify(found)}
exec ${JSON.stringify(real.path)} "$@"
`,
  );
  chmodSync(script, 0o755);
  env.PUPPETEER_EXECUTABLE_PATH = script;
  output = build('second');
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('while the editions print', () => {
  it('the article pages are written, the web copies of their images, and their year of the search index', () => {
    expect(output).toMatch(/printed daan-2017-09\.pdf/);
    expect(readFileSync(found, 'utf8').trim()).toBe('seen');
    expect(readFileSync(join(dir, 'second', '2017-09', articlePage), 'utf8')).toContain('旁印测试');
    expect(readdirSync(join(dir, 'second', '2017-09', 'images')).some((name) => name.endsWith('.webp'))).toBe(true);
    requireTool('pdftotext', 'poppler-utils');
    expect(run('pdftotext', [join(dir, 'second', '2017-09', 'daan-2017-09.pdf'), '-']).replace(/\s+/g, '')).toContain('旁印测试');
  });

  it('the pages that link the PDF show its size once printed', () => {
    const shown = fileSize(readFileSync(join(dir, 'second', '2017-09', 'daan-2017-09.pdf')).length);
    expect(readFileSync(join(dir, 'second', '2017-09', 'index.html'), 'utf8')).toContain(`下载印刷版 PDF（${shown}）`);
    expect(readFileSync(join(dir, 'second', 'index.html'), 'utf8')).toContain(`PDF（${shown}）`);
    // The article pages link no PDF.
    expect(readFileSync(join(dir, 'second', '2017-09', articlePage), 'utf8')).not.toContain('daan-2017-09.pdf');
  });
});

describe('a build of more editions than are indexed while they print', () => {
  it('indexes their articles once they have printed, into the same index as a build without PDFs', () => {
    const archive = join(dir, 'archive');
    // 13 editions: over a year of monthly editions (build/index.ts INDEXED_BESIDE_PRINTING).
    writeSyntheticArchive({ dir: archive, editions: 13, articles: 1, source: join(repoRoot, 'content/2017-09'), site: join(repoRoot, 'content/site.yaml') });
    const cache = { DAAN_CACHE_DIR: join(dir, 'archive-cache') };
    const withPdfs = daan(['build', '--content', archive, '--out', join(dir, 'archive-pdf')], { env: cache });
    expect(withPdfs.code, withPdfs.output).toBe(0);
    const htmlOnly = daan(['build', '--no-pdf', '--content', archive, '--out', join(dir, 'archive-html')], { env: cache });
    expect(htmlOnly.code, htmlOnly.output).toBe(0);
    const years = readdirSync(join(dir, 'archive-pdf', 'pagefind')).filter((name) => /^\d{4}$/.test(name));
    expect(years.length).toBeGreaterThan(1);
    for (const year of years) {
      const files = readdirSync(join(dir, 'archive-pdf', 'pagefind', year), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const path = relative(join(dir, 'archive-pdf', 'pagefind', year), join(file.parentPath, file.name));
        expect(readFileSync(join(dir, 'archive-pdf', 'pagefind', year, path)).equals(readFileSync(join(dir, 'archive-html', 'pagefind', year, path))), `pagefind/${year}/${path}`).toBe(true);
      }
    }
    expect(readFileSync(join(dir, 'archive-pdf', 'pagefind', 'bundles.json'), 'utf8')).toBe(readFileSync(join(dir, 'archive-html', 'pagefind', 'bundles.json'), 'utf8'));
  }, 600_000);
});

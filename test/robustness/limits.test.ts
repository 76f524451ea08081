/**
 * Huge files and files outside content/, through the real CLI. A 3 GB file (sparse: it takes no
 * disk) that the build does not use changes nothing; one that it would use is refused by its size
 * before it is read. A file linked from outside content/ is refused with its path, and — traced
 * with strace — never opened, by the build or by the input hash that runs before the load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseContent, parseReport } from '../helpers/bad-input.ts';
import { daanArgv, daanHere, repoRoot } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const GB3 = 3 * 1024 ** 3;

afterAll(removeTemporary);

/** A sparse file of `bytes` (no disk used), folders made. */
function sparse(path: string, bytes: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  truncateSync(path, bytes);
}

function content(): string {
  return temporary(baseContent());
}

function out(): string {
  return join(temporary(mkdtempSync(join(tmpdir(), 'daan-limits-out-'))), 'out');
}

function problemsOf(dir: string, report: string) {
  return parseReport(report).map((p) => ({ ...p, file: p.file.startsWith(`${dir}/`) ? p.file.slice(dir.length + 1) : p.file }));
}

describe('a 3 GB file the build does not use', () => {
  it('in an edition folder and beside the editions: the build succeeds and publishes the edition', async () => {
    const dir = content();
    sparse(join(dir, '2020-01/raw/interview.mp4'), GB3);
    sparse(join(dir, 'archive/scan.tif'), GB3);
    const target = out();
    const result = await daanHere(['build', '--no-pdf', '--quiet', '--content', dir, '--out', target]);
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(join(target, '2020-01/di-er-pian.html'), 'utf8')).toContain('第二篇');
    // A second build reads the manifest and hashes again: still fine, and up to date.
    const again = await daanHere(['build', '--no-pdf', '--content', dir, '--out', target]);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/up to date/);
  });
});

describe('a 3 GB file the build would use', () => {
  it('is refused by its size before it is read, at the place that uses it', async () => {
    const dir = content();
    const big = join(temporary(mkdtempSync(join(dir, 'big-'))), 'huge.png');
    sparse(big, GB3);
    symlinkSync(big, join(dir, '2020-01/images/huge.png'));
    writeFileSync(join(dir, '2020-01/articles/c.md'), '---\ntitle: 第三篇\ncolumn: 要闻\nslug: di-san-pian\n---\n\n正文。\n\n![大图](images/huge.png)\n');
    sparse(join(dir, '2020-01/articles/d.md'), GB3);
    sparse(join(dir, '2020-01/data/visits.csv'), GB3);
    sparse(join(dir, '2020-01/templates/pages/article.hbs'), GB3);
    writeFileSync(join(dir, 'site.yaml'), 'name: 大安\npublisher: 大安编辑部\nfonts:\n  fangsong: fonts/fangsong.ttf\n');
    sparse(join(dir, 'fonts/fangsong.ttf'), GB3);
    mkdirSync(join(dir, 'briefings'));
    writeFileSync(join(dir, 'briefings/2020-02.md'), '---\nname: 大安区工作简报\nnumber: 1\nunit: 大安区政府办公室\ndate: 2020-02-01\ncopies: 50\n---\n\n正文。\n');
    const result = await daanHere(['check', '--content', dir]);
    expect(result.code).toBe(1);
    expect(result.output).not.toMatch(/ERR_FS_FILE_TOO_LARGE|internal error|\n\s+at /);
    const problems = problemsOf(dir, result.stderr);
    const at = (file: string) => problems.find((p) => p.file === file);
    expect(at('2020-01/articles/c.md')).toMatchObject({ line: 9 });
    expect(at('2020-01/articles/c.md')?.text).toMatch(/3221225472 bytes; at most/);
    expect(at('2020-01/articles/d.md')?.text).toMatch(/File is 3221225472 bytes/);
    expect(at('2020-01/data/visits.csv')?.text).toMatch(/File is 3221225472 bytes/);
    expect(at('2020-01/templates/pages/article.hbs')?.text).toMatch(/File is 3221225472 bytes/);
    expect(at('site.yaml')).toMatchObject({ line: 4 });
    expect(at('site.yaml')?.text).toMatch(/fonts\.fangsong: .*3221225472 bytes/);
  });
});

/** Every path a command opened (strace), with its exit code and output. */
function opened(args: string[]): { paths: string[]; code: number | null; output: string } {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('strace is needed for this test (apt-get install strace): it shows which files the build opens');
  }
  const log = join(temporary(mkdtempSync(join(tmpdir(), 'daan-strace-'))), 'log');
  const [node, argv] = daanArgv(args);
  const result = spawnSync('strace', ['-f', '-qq', '-e', 'trace=open,openat,openat2,creat', '-o', log, node, ...argv], { cwd: repoRoot, encoding: 'utf8' });
  const paths = [...readFileSync(log, 'utf8').matchAll(/open(?:at2?)?\((?:[^,]+, )?"([^"]*)"/g)].map((m) => m[1]);
  return { paths, code: result.status, output: result.stdout + result.stderr };
}

describe('files linked from outside content/', () => {
  it('are refused with their path and never opened, by the build or its input hash', () => {
    const dir = content();
    const outside = temporary(mkdtempSync(join(tmpdir(), 'daan-outside-')));
    for (const name of ['article.md', 'visits.csv', 'article.hbs', 'red.png', 'font.ttf', 'loop-target']) writeFileSync(join(outside, name), `SECRET ${name}\n`);
    symlinkSync(join(outside, 'article.md'), join(dir, '2020-01/articles/linked.md'));
    symlinkSync(join(outside, 'visits.csv'), join(dir, '2020-01/data/visits.csv'));
    mkdirSync(join(dir, '2020-01/templates/pages'), { recursive: true });
    symlinkSync(join(outside, 'article.hbs'), join(dir, '2020-01/templates/pages/article.hbs'));
    symlinkSync(join(outside, 'red.png'), join(dir, '2020-01/images/linked.png'));
    writeFileSync(join(dir, '2020-01/articles/c.md'), '---\ntitle: 第三篇\ncolumn: 要闻\nslug: di-san-pian\n---\n\n![外图](images/linked.png)\n');
    writeFileSync(join(dir, 'site.yaml'), 'name: 大安\npublisher: 大安编辑部\nfonts:\n  kaiti: fonts/kaiti.ttf\n');
    mkdirSync(join(dir, 'fonts'));
    symlinkSync(join(outside, 'font.ttf'), join(dir, 'fonts/kaiti.ttf'));
    mkdirSync(join(dir, 'briefings'));
    writeFileSync(join(dir, 'briefings/2020-02.md'), '---\nname: 大安区工作简报\nnumber: 1\nunit: 大安区政府办公室\ndate: 2020-02-01\ncopies: 50\n---\n\n正文。\n');

    const build = opened(['build', '--no-pdf', '--content', dir, '--out', out()]);
    expect(build.code, build.output).toBe(1);
    const problems = problemsOf(dir, build.output);
    for (const file of ['2020-01/articles/linked.md', '2020-01/data/visits.csv', '2020-01/templates/pages/article.hbs']) {
      expect(problems.find((p) => p.file === file)?.text, `${file} is refused`).toMatch(/symlink to .*outside/);
    }
    expect(problems.find((p) => p.file === '2020-01/articles/c.md')).toMatchObject({ line: 7 });
    expect(problems.find((p) => p.file === 'site.yaml')?.text).toMatch(/fonts\.kaiti: .*outside the content folder/);
    // The build listed and stat'ed the links, but opened nothing they lead to.
    expect(build.paths.length).toBeGreaterThan(10);
    expect(build.paths.filter((path) => path.startsWith(outside))).toEqual([]);
    expect(build.output).not.toContain('SECRET');

    const check = opened(['check', '--content', dir]);
    expect(check.code).toBe(1);
    expect(check.paths.filter((path) => path.startsWith(outside))).toEqual([]);
  });
});

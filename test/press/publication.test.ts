/**
 * What an internal publication must print (《内部资料性出版物管理办法》第十四条, docs/press.md): the
 * cover and colophon of the default build read back with pdftotext; a missing particular or a word
 * such a publication may not use for itself is a warning in `daan check` and an error that stops
 * `daan build --press` before anything is printed or written.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { builtOut } from '../helpers/built.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { requireTools } from '../print/poppler.ts';

const pageText = (file: string, page: number) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }).replace(/[\s\u3000\u2060]/g, '');

describe('the cover and the colophon of the default build', () => {
  let pdf: string;
  beforeAll(async () => {
    requireTools('pdftotext', 'pdfinfo');
    pdf = join(await builtOut(), '2017-09', 'daan-2017-09.pdf');
  });

  it('the cover: the masthead without 书名号, the issue, the cover line, 主办单位, the 准印证 number with 内部资料 免费交流', () => {
    const cover = pageText(pdf, 1);
    expect(cover.startsWith('大安2017年第9期')).toBe(true);
    expect(cover).not.toContain('《大安》2017');
    expect(cover).toContain('党建领航脱贫奔康');
    expect(cover).toContain('中共自贡市大安区委宣传部（示例）主办');
    expect(cover).toContain('川内资准字（示例）第0000号内部资料免费交流');
  });

  it('the colophon: 主办单位, 编印单位, 发送对象, 印刷单位, 印刷日期, 印数 and 准印证号', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const colophon = pageText(pdf, pages);
    for (const particular of ['主办单位中共自贡市大安区委宣传部（示例）', '编印单位《大安》编辑部', '发送对象区内各级党政机关、企事业单位（示例）', '印刷单位自贡市某印务有限公司（示例）', '印刷日期2017年9月28日', '印数1000册', '准印证号川内资准字（示例）第0000号']) {
      expect(colophon).toContain(particular);
    }
  });
});

describe('missing particulars and words an internal publication may not use', () => {
  let content: string;
  let out: string;
  beforeAll(() => {
    const work = temporary(mkdtempSync(join(tmpdir(), 'daan-publication-')));
    content = join(work, 'content');
    out = join(work, 'out');
    cpSync(join(repoRoot, 'content'), content, { recursive: true });
    const site = join(content, 'site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8').replace(/\n  permit: .*\n/, '\n').replace(/\n  printer: .*\n/, '\n'));
    const edition = join(content, '2017-09/edition.yaml');
    writeFileSync(edition, readFileSync(edition, 'utf8').replace(/\ncopies: .*\n/, '\n').replace('    - 党建领航 脱贫奔康\n', '    - 党建领航 脱贫奔康\n    - 本刊特稿\n'));
  });
  afterAll(removeTemporary);

  it('daan check warns about each, naming the file and what to add', () => {
    const check = daan(['check', '--content', content]);
    expect(check.code, check.output).toBe(0);
    // Grouped by file: the file's path, then a line:column (when the problem has a place) for each.
    const under = (file: string) => check.stdout.split(/\n(?=\/)/).find((group) => group.startsWith(join(content, file) + '\n')) ?? '';
    // A missing field is placed at its parent (publication:'s fields, edition.yaml's date:).
    const line = (file: string, text: string) => readFileSync(join(content, file), 'utf8').split('\n').findIndex((l) => l.startsWith(text) || l.includes(`- ${text}`)) + 1;
    expect(under('site.yaml')).toMatch(new RegExp(`\\n${line('site.yaml', '  sponsor:')}:3 +warning 准印证号 is missing`));
    expect(under('site.yaml')).toMatch(new RegExp(`\\n${line('site.yaml', '  sponsor:')}:3 +warning 印刷单位 is missing`));
    expect(under('2017-09/edition.yaml')).toMatch(new RegExp(`\\n${line('2017-09/edition.yaml', 'date:')}:1 +warning 印数 is missing`));
    expect(under('2017-09/edition.yaml')).toMatch(new RegExp(`\\n${line('2017-09/edition.yaml', '本刊特稿')}:7 +warning “本刊” in “本刊特稿”`));
    expect(check.stdout).toMatch(/Add copies: N \(the print run\) under date:/);
  });

  it('daan build --press stops on them before printing, and writes nothing', () => {
    const build = daan(['build', '--content', content, '--out', out, '--press', '--allow-queries']);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/准印证号 is missing/);
    expect(build.stderr).toMatch(/印数 is missing/);
    expect(build.stderr).toMatch(/本刊特稿/);
    expect(build.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, '2017-09'))).toBe(false);
  });
});

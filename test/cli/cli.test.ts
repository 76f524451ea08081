/** The `daan` command line as a user runs it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../scripts/cli/commands/index.ts';
import { daan, repoRoot } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';

describe('daan CLI', () => {
  it('lists its commands with --help', () => {
    const { code, stdout } = daan(['--help']);
    expect(code).toBe(0);
    for (const command of commands) expect(stdout).toContain(command.name);
  });

  it.each(commands.map((c) => c.name))('daan %s --help shows --content and --out', (name) => {
    const { code, stdout } = daan([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`daan ${name}`);
    expect(stdout).toContain('--content DIR');
    expect(stdout).toContain('--out DIR');
  });

  it('refuses an unknown command and an unknown option without a stack trace', () => {
    const unknown = daan(['biuld']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "biuld"/);
    const option = daan(['build', '--colour']);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/--colour/);
    expect(option.stderr + unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports problems with file:line:column and a fix, exit 1, no stack trace', () => {
    const content = makeContent({ '2020-01/articles/a.md': '---\ntitle: 第一篇\ncolumn: 要闻\nauthr: 甲\n---\n\n正文。\n' });
    const { code, stderr } = daan(['check', '--content', content]);
    expect(code).toBe(1);
    expect(stderr).toContain('2020-01/articles/a.md');
    expect(stderr).toMatch(/4:1\s+error\s+Unknown field `authr`/);
    expect(stderr).toMatch(/fix: Remove it, or use one of: title/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('daan check does not say "no problems" when it printed warnings', () => {
    const content = makeContent({ '2020-01/articles/a.md': '---\ntitle: 第一篇\ncolumn: 要闻\n---\n\n正文。\n' });
    const { code, stdout } = daan(['check', '--content', content]);
    expect(code, stdout).toBe(0);
    const warnings = stdout.match(/^ *(?:[\d:-]+ +)?warning /gm)?.length ?? 0;
    expect(warnings, stdout).toBeGreaterThan(0);
    expect(stdout).toContain(`${warnings} warning(s) above`);
    expect(stdout).not.toContain('no problems');
  });

  it('npm run build -- --out DIR --no-pdf passes the options through', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'daan-npm-')), 'out');
    const result = spawnSync('npm', ['run', '--silent', 'build', '--', '--out', out, '--no-pdf'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(out, '2017-09/index.html'))).toBe(true);
    expect(existsSync(join(out, '2017-09/daan-2017-09.pdf'))).toBe(false);
  });
});

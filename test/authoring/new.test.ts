/**
 * `daan new <year-number>`: a new edition folder that builds, never over an existing one; and an
 * edition's own template override (the README's example), built alongside.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daanHere, repoRoot } from '../helpers/cli.ts';
import { lastDayOfMonth } from '../../scripts/cli/commands/new-edition.ts';
import { editionId } from '../../scripts/import/edition.ts';

describe('daan new', () => {
  let work: string;
  let content: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'daan-new-'));
    content = join(work, 'content');
    cpSync(join(repoRoot, 'content'), content, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates edition.yaml with the columns of the latest edition and an example article, and it builds', async () => {
    const result = await daanHere(['new', '2017-10', '--content', content]);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('created');
    const dir = join(content, '2017-10');
    const settings = parse(readFileSync(join(dir, 'edition.yaml'), 'utf8'));
    const previous = parse(readFileSync(join(content, '2017-09/edition.yaml'), 'utf8'));
    expect(settings).toMatchObject({ year: 2017, number: 10, date: '2017-10-31', columns: previous.columns });
    expect(existsSync(join(dir, 'articles/shili-wenzhang.md'))).toBe(true);

    // An edition's own template (the README's example) overrides the shared one for that edition only.
    cpSync(join(repoRoot, 'test/fixtures/authoring/edition-templates'), join(content, '2017-09/templates'), { recursive: true });

    // The new edition builds with the others (verbose: every step is shown, as plain lines when not a TTY).
    const out = join(work, 'out');
    const build = await daanHere(['build', '--no-pdf', '--verbose', '--content', content, '--out', out]);
    expect(build.code, build.output).toBe(0);
    expect(build.stdout).toMatch(/^\[ *[\d.]+ s\] transformed 2017-10\/shili-wenzhang /m);
    expect(build.stdout).toMatch(/^\[ *[\d.]+ s\] checked 2017-10 \(\d\/2 editions/m);
    expect(build.stdout).toMatch(/^wrote \d+ files to .* in [\d.]+ s/m);
    const page = readFileSync(join(out, '2017-10/shili-wenzhang.html'), 'utf8');
    expect(page).toContain('示例文章');
    expect(page).not.toContain('脱贫攻坚专刊');
    expect(readFileSync(join(out, '2017-09/dangjian-linghang-tuopin-benkang.html'), 'utf8')).toContain('<p class="special-issue">脱贫攻坚专刊</p>');
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home.indexOf('2017-10/')).toBeGreaterThan(-1);
    expect(home.indexOf('2017-10/')).toBeLessThan(home.indexOf('2017-09/')); // newest first
  });

  it('refuses to overwrite an existing edition, and changes nothing', async () => {
    const file = join(content, '2017-10/edition.yaml');
    const before = readFileSync(file, 'utf8');
    const result = await daanHere(['new', '2017-10', '--content', content]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2017-10 already exists — daan new never overwrites an edition/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const existing = await daanHere(['new', '2017-9', '--content', content]);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain('2017-09 already exists');
  });

  it('says what an edition name looks like, and takes --date', async () => {
    const bad = await daanHere(['new', '2017/11', '--content', content]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('e.g. daan new 2017-10');
    expect((await daanHere(['new', '--content', content])).code).toBe(1);
    const badDate = await daanHere(['new', '2017-11', '--date', '2017-11-31', '--content', content]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('date');
    expect(existsSync(join(content, '2017-11'))).toBe(false);
    const dated = await daanHere(['new', '2017-11', '--date', '2017-11-20', '--content', content, '--quiet']);
    expect(dated.code, dated.output).toBe(0);
    expect(dated.stdout).toBe('');
    expect(parse(readFileSync(join(content, '2017-11/edition.yaml'), 'utf8')).date).toBe('2017-11-20');
    expect((await daanHere(['check', '--content', content, '--quiet'])).code).toBe(0);
  });

  it('defaults the date to the last day of the month of the number', () => {
    expect(lastDayOfMonth(editionId(2017, 9))).toBe('2017-09-30');
    expect(lastDayOfMonth(editionId(2020, 2))).toBe('2020-02-29');
    expect(lastDayOfMonth(editionId(2021, 2))).toBe('2021-02-28');
    expect(lastDayOfMonth(editionId(2017, 24))).toBe('2017-12-31');
  });
});

/**
 * The message catalogue (scripts/report/messages.ts): every key speaks English and Chinese, every
 * message in scripts/ comes from it, and the chosen language reaches what the user reads — the
 * problem report (第3行第5列 in Chinese) and the progress lines of the real CLI.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { VFileMessage } from 'vfile-message';
import { messageEntry, messageKeys, sayIn, sayProblem } from '../../scripts/report/messages.ts';
import { languageOf, setLanguage } from '../../scripts/report/language.ts';
import { formatProblems, problem } from '../../scripts/report/problems.ts';
import { caseContent } from '../helpers/bad-input.ts';
import { daanHere, repoRoot } from '../helpers/cli.ts';
import { inlineMessages, inlineMessagesIn } from '../helpers/message-sites.ts';
import { clientScript } from '../../scripts/serve/client.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

afterAll(() => {
  setLanguage('en');
  removeTemporary();
});

/** Stands in for any named value: a text, a number, a list. */
const probe = new Proxy({}, { get: () => Object.assign(['X'], { toString: () => 'X', toFixed: () => 'X' }) });

/** Chinese text: a Han character or full-width punctuation. */
const chinese = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Entries whose text is a value given by the caller in the language already chosen. */
const passThrough = new Set(['outside-content', 'fix of outside-content', 'progress-name', 'verify-kind', 'fix of data-type', 'fix of font-file']);

type Texts = { en?: unknown; zh?: unknown };

/** What is missing: a key without an English or a Chinese text (or fix), or a Chinese text that is not Chinese. */
function missingTexts(entries: [string, Texts & { fix?: Texts }][]): string[] {
  const missing: string[] = [];
  for (const [key, entry] of entries) {
    for (const [part, texts] of [['', entry], ['fix of ', entry.fix]] as const) {
      if (part && texts === undefined) continue;
      for (const language of ['en', 'zh'] as const) {
        const template = texts?.[language];
        const text = typeof template === 'function' ? String(template(probe)) : undefined;
        if (!text?.trim()) missing.push(`${part}${key}: no ${language} text`);
        else if (language === 'zh' && !passThrough.has(`${part}${key}`) && !chinese.test(text)) missing.push(`${part}${key}: the zh text is not Chinese: ${text}`);
      }
    }
  }
  return missing;
}

describe('the catalogue', () => {
  it('has an English and a Chinese text for every key, and for every fix both or neither', () => {
    expect(messageKeys.length).toBeGreaterThan(200);
    expect(missingTexts(messageKeys.map((key) => [key, messageEntry(key) as Texts]))).toEqual([]);
  });

  it('would notice a key without Chinese, without English, or with English for Chinese', () => {
    const entries: [string, Texts & { fix?: Texts }][] = [
      ['no-zh', { en: () => 'File is empty' }],
      ['no-en', { zh: () => '文件是空的' }],
      ['english-zh', { en: () => 'File is empty', zh: () => 'File is empty' }],
      ['fix-without-zh', { en: () => 'File is empty', zh: () => '文件是空的', fix: { en: () => 'Fill it' } }],
    ];
    expect(missingTexts(entries)).toEqual(['no-zh: no zh text', 'no-en: no en text', 'english-zh: the zh text is not Chinese: File is empty', 'fix of fix-without-zh: no zh text']);
  });

  it('gives a problem its key as rule id, in the language chosen', () => {
    setLanguage('zh');
    const [reason, fix, ruleId] = sayProblem('column', { column: '外闻', columns: '要闻、专题', file: 'content/2020-01/edition.yaml' });
    expect(ruleId).toBe('column');
    expect(reason).toBe('这一期没有“外闻”这个栏目');
    expect(fix).toContain('content/2020-01/edition.yaml');
    setLanguage('en');
    expect(sayProblem('column', { column: '外闻', columns: '要闻', file: 'e.yaml' })[0]).toBe('Column “外闻” is not one of the edition’s columns');
    expect(sayIn('zh', 'problems-place', { line: 3, column: 5 })).toBe('第3行第5列');
  });
});

describe('choosing the language', () => {
  it('takes --lang first, then DAAN_LANG, then LC_ALL, LC_MESSAGES and LANG', () => {
    expect(languageOf('zh', { LANG: 'C' })).toBe('zh');
    expect(languageOf('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf('fr', {})).toBeUndefined();
    expect(languageOf(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(languageOf(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('zh');
    expect(languageOf(undefined, { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf(undefined, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(languageOf(undefined, { DAAN_LANG: 'zh', LANG: 'C' })).toBe('zh');
    expect(languageOf(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(languageOf(undefined, {})).toBe('en');
  });

  it('formats problems with 第N行第M列 and 改法 in Chinese, vfile-reporter style in English', () => {
    const found = [problem('content/a.md', { line: 3, column: 5 }, 'reason', 'the fix', 'rule'), Object.assign(new VFileMessage('careful'), { file: 'content/a.md', fatal: false, note: 'look' })];
    setLanguage('zh');
    const zh = formatProblems(found);
    setLanguage('en');
    expect(zh).toBe('content/a.md\n  警告  careful\n    改法：look\n  第3行第5列  错误  reason  [rule]\n    改法：the fix\n\n✖ 1 个错误，1 个警告\n');
    expect(formatProblems(found)).toMatch(/^content\/a\.md\n.*careful\n {2}fix: look\n3:5 +error +reason +rule +daan\n {2}fix: the fix\n/);
  });
});

describe('every message goes through the catalogue', () => {
  it('finds an inline message where there is one', () => {
    const source = [
      "problems.add(file, place, `Unknown field ${name}`, 'Remove it', 'schema');",
      "throw new UserError('no content folder');",
      "progress.info(`wrote ${n} files`);",
      "const refusal = { reason: 'is a URL', fix: say('x') };",
      "problem(file, place, ...sayProblem('front-matter'));",
      "progress.info(say('build-done', { n }));",
      "throw new Error('unreachable');",
    ].join('\n');
    expect(inlineMessagesIn(source, 'x.ts').map((m) => m.line)).toEqual([1, 1, 2, 3, 4]);
  });

  it('finds none in scripts/', () => {
    const found = inlineMessages(repoRoot).filter((m) => !/^scripts\/(bench|docs|setup)\//.test(m.file));
    expect(found.map((m) => `${m.file}:${m.line}  ${m.text}`)).toEqual([]);
  });
});

describe('the CLI speaks the language of the locale or of --lang', () => {
  // A column the edition does not have: content/2020-01/articles/a.md, line 3, column 1.
  const { dir } = caseContent('column-not-in-edition');
  temporary(dir);
  const place = /2020-01\/articles\/a\.md\n {2}第3行第1列 {2}错误 {2}这一期没有“外闻”这个栏目 {2}\[column\]\n {4}改法：改用其中一个：/;

  it('--lang zh', async () => {
    const result = await daanHere(['check', '--lang', 'zh', '--content', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(place);
    expect(result.stderr).toMatch(/✖ 1 个错误/);
    expect(result.stdout).toMatch(/已检查 2020-01 \(1\/1 期; \d+ 篇文章\)/);
    expect(result.output).not.toMatch(/error|Column|checked|fix:/);
  });

  it('LANG=zh_CN.UTF-8', async () => {
    const result = await daanHere(['check', '--content', dir], { env: { DAAN_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(place);
  });

  it('LANG=C, and --lang en under a Chinese locale', async () => {
    for (const [args, env] of [
      [[], { LANG: 'C' }],
      [['--lang', 'en'], { LANG: 'zh_CN.UTF-8' }],
    ] as const) {
      const result = await daanHere(['check', ...args, '--content', dir], { env: { DAAN_LANG: '', LC_ALL: '', LC_MESSAGES: '', ...env } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/2020-01\/articles\/a\.md\n3:1 +error Column “外闻” is not one of the edition’s columns +column +daan\n {2}fix: Use one of: /);
      expect(result.output).not.toMatch(/第3行|改法|错误/);
    }
  });

  it('refuses a language it does not know', async () => {
    const result = await daanHere(['check', '--lang', 'fr', '--content', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--lang takes zh or en, not "fr"/);
  });
});

describe('--help and the serve overlay speak the chosen language', () => {
  const names = ['build', 'brief', 'serve', 'check', 'preflight', 'verify', 'new', 'import'];
  const han = /\p{Script=Han}/u;

  it('every command: each option line says in Chinese what the option does under --lang zh', async () => {
    for (const name of names) {
      const result = await daanHere([name, '--help', '--lang', 'zh']);
      expect(result.code, name).toBe(0);
      const lines = result.stdout.split('\n');
      const options = lines.slice(lines.indexOf('选项：') + 1).filter((line) => line.trim());
      expect(lines[2], name).toMatch(han);
      expect(options.length, name).toBeGreaterThanOrEqual(6);
      // The text after the option column (two spaces, then the description) has Chinese.
      for (const line of options) expect(line.replace(/^ {2}\S+(?: \S+)?(?:, -\w)? +/, ''), `${name}: ${line}`).toMatch(han);
    }
    const main = await daanHere(['--help', '--lang', 'zh']);
    expect(main.stdout).toContain('用法：daan <命令> [选项]');
    expect(main.stdout).not.toMatch(/Usage|Commands|Build every edition/);
  });

  it('English under --lang en, descriptions aligned after the widest option in terminal cells', async () => {
    const result = await daanHere(['import', '--help', '--lang', 'en']);
    expect(result.stdout).toContain('Options:');
    expect(result.stdout).toMatch(/\n {2}--column 栏目 {10}\.docx: the column the article goes in/);
    expect(result.stdout).toMatch(/\n {2}--edition Y-N {10}the edition to import into/);
    expect(result.stdout).not.toMatch(/选项|用法/);
  });

  it("the overlay's labels come from the catalogue in the server's language", () => {
    setLanguage('zh');
    const zh = clientScript();
    setLanguage('en');
    const en = clientScript();
    for (const label of ['生成失败', '改法：', '待核的编辑疑问', '生成中……', '关闭']) expect(zh).toContain(label);
    expect(zh).not.toMatch(/build failed|open editorial queries|building …/);
    expect(en).toContain('build failed');
    expect(en).not.toContain('生成失败');
  });
});

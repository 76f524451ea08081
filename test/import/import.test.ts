/** `daan import` on the seed page: front matter, body, figures flagged, encodings, HTML, the CLI. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { BuildFailure } from '../../scripts/report/problems.ts';
import { importPages, type ImportResult } from '../../scripts/import/run.ts';
import { loadContent } from '../../scripts/load/index.ts';
import { daanHere, repoRoot } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { editorialRows, plainText, readArticle, restoredText, seedFrontMatter, seedHtml, seedReadings, seedTxt, tempDir } from './helpers.ts';

const seedText = readFileSync(seedTxt, 'utf8');

async function importInto(files: string[], options: { readings?: boolean; edition?: string; content?: string } = {}): Promise<ImportResult> {
  return importPages({
    files,
    content: options.content ?? tempDir(),
    edition: options.edition ?? '2017-09',
    readingsFile: options.readings ? seedReadings : undefined,
  });
}

/** The article as written, without the comment naming the file it came from. */
function articleOf(result: ImportResult): string {
  return readFileSync(result.pages[0].target, 'utf8').replace(/^# Imported by .*\n/m, '');
}

function flagged(result: ImportResult): { line: number; text: string }[] {
  return result.pages[0].page.findings.map((f) => ({ line: f.place.line, text: f.text }));
}

describe('daan import: the seed page', () => {
  let plain: ImportResult;
  let confirmed: ImportResult;
  beforeAll(async () => {
    plain = await importInto([seedTxt]);
    confirmed = await importInto([seedTxt], { readings: true });
  });

  it('turns the breadcrumb and the metadata line into the front matter of the default edition', () => {
    const { data } = readArticle(articleOf(confirmed));
    expect(data).toMatchObject(seedFrontMatter);
    expect(data.slug).toBe('dangjian-linghang-tuopin-benkang');
    expect(data.order).toBe(1);
    expect(confirmed.pages[0].page.meta.edition).toMatchObject({ year: 2017, number: 9, text: '《大安》2017年第9期', place: { line: 4 } });
    expect(confirmed.pages[0].edition.id).toBe('2017-09');
    expect(confirmed.pages[0].target).toMatch(/2017-09[/\\]articles[/\\]dangjian-linghang-tuopin-benkang\.md$/);
  });

  it('matches the default edition’s front matter, when content/ has the article', () => {
    const file = join(repoRoot, 'content/2017-09/articles/dangjian-linghang.md');
    if (!existsSync(file)) return; // content/ is the lead's; the fixture above is the contract
    const lead = readArticle(readFileSync(file, 'utf8')).data;
    const ours = readArticle(articleOf(confirmed)).data;
    for (const key of Object.keys(seedFrontMatter)) expect(ours[key], key).toEqual(lead[key]);
  });

  it('drops the site chrome and keeps no metadata in the body', () => {
    const body = readArticle(articleOf(plain)).body;
    for (const chrome of ['今天是', '访问者', '设为主页', '加入收藏', '站内搜索', '首页', '发布时间', '点击次数', '上一篇', '下一篇', '作者']) {
      expect(body, chrome).not.toContain(chrome);
    }
    expect(body.trimStart()).toMatch(/^永嘉乡总人口1\.5万人，其中/);
    expect(body.trimEnd()).toMatch(/进一步强化党员干部思想建设。$/);
  });

  it('gives the restored text once the confirmed readings are applied', () => {
    expect(plainText(readArticle(articleOf(confirmed)).body)).toBe(plainText(restoredText));
  });

  it('without readings, restores punctuation and spaces but never changes a figure', () => {
    const body = readArticle(articleOf(plain)).body;
    for (const { text } of editorialRows) expect(body).toContain(text.replace(',', '，'));
    expect(body).toContain('“八比对、六清退”后，截止20177月');
    expect(body).toContain('按照8:2比例分红');
    expect(body).not.toMatch(/[,;()?!]|[^\d]:|:[^\d]/);
  });

  it('recognises 一、 as level-2 and （一） as level-3 headings', () => {
    const body = readArticle(articleOf(plain)).body;
    expect(body.match(/^## .*$/gm)).toEqual(['## 一、坚持组织引领，凝聚脱贫奔康优势力量', '## 二、突出结对帮扶，形成脱贫奔康整体合力', '## 三、夯实基层基础，筑牢脱贫奔康战斗堡垒']);
    const level3 = body.match(/^### .*$/gm) ?? [];
    expect(level3).toHaveLength(12);
    expect(level3[0]).toBe('### （一）健全工作机制。');
    expect(body).toMatch(/^### （一）健全工作机制。\n\n坚持将党建工作深度融入脱贫攻坚/m);
  });

  it('flags every row of EDITORIAL’s table on its line, and nothing else', () => {
    const found = flagged(plain);
    const missing = editorialRows.filter((row) => !found.some((f) => f.line === row.line && f.text === row.text));
    const falsePositives = found.filter((f) => !editorialRows.some((row) => row.line === f.line && row.text === f.text));
    expect(missing).toEqual([]);
    expect(falsePositives).toEqual([]);
    expect(found).toHaveLength(editorialRows.length);
  });

  it('proposes EDITORIAL’s readings, and says 34人 may be right as printed', () => {
    const findings = plain.pages[0].page.findings;
    const proposal = (text: string) => findings.find((f) => f.text === text)?.reading;
    expect(proposal('4711340人')).toBe('471户1340人');
    expect(proposal('20177月')).toBe('2017年7月');
    expect(proposal('2570人')).toBe('25户70人');
    expect(proposal('620人')).toBe('6户20人');
    expect(proposal('3000/亩')).toBe('3000元/亩');
    expect(proposal('竞赛1')).toBe('竞赛1次');
    expect(proposal('45kw')).toBe('45 kW');
    const head = findings.find((f) => f.text === '4711340人')!;
    expect(head.reason).toMatch(/more people than the township's population \(1\.5万人, line 10\)/);
    expect(findings.find((f) => f.text === '34人')!.reason).toMatch(/or 34人 as printed/);
  });

  it('reports each figure as a warning with file:line:column, and settles the ones an editor confirmed', () => {
    expect(plain.warnings).toHaveLength(20);
    const first = plain.warnings[0];
    expect(first).toMatchObject({ file: seedTxt, line: 12, column: 16, fatal: false, ruleId: 'figure-headcount' });
    expect(first.note).toContain('- { line: 12, text: 4711340人, reading: 471户1340人 }');
    expect(confirmed.warnings).toEqual([]);
    expect(confirmed.pages[0].resolved).toBe(20);
  });

  it('records the applied readings in the front matter, 34人 kept as printed', () => {
    const readings = readArticle(articleOf(confirmed)).data.readings as { text: string; reading: string; note?: string }[];
    expect(readings).toHaveLength(19);
    expect(readings[0]).toMatchObject({ text: '4711340人', reading: '471户1340人', line: 12 });
    expect(readings.find((r) => r.text === '34人')).toMatchObject({ reading: '34人', note: expect.stringMatching(/unverified/) });
    expect(readings.at(-1)).toMatchObject({ text: '知识竞赛1,', reading: '知识竞赛1次,' }); // as the editor wrote it
  });

  it('writes an article and an edition stub the loader accepts', async () => {
    const content = makeContent();
    await importPages({ files: [seedTxt], content, readingsFile: seedReadings });
    const { problems } = await loadContent(content);
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.reason}`)).toEqual([]);
  });

  it('creates the edition folder and an edition.yaml stub', () => {
    const stub = readFileSync(join(plain.pages[0].target, '../../edition.yaml'), 'utf8');
    expect(stub).toMatch(/^year: 2017$/m);
    expect(stub).toMatch(/^number: 9$/m);
    expect(stub).toMatch(/^date: 2017-09-30$/m);
    expect(stub).toMatch(/last day of the month/);
    expect(stub).toMatch(/^columns:\n {2}- 脱贫攻坚进行时$/m);
    expect(plain.createdEditions).toHaveLength(1);
  });
});

describe('daan import: encodings and HTML', () => {
  let reference: string;
  beforeAll(async () => {
    reference = articleOf(await importInto([seedTxt], { readings: true }));
  });

  it('a GBK copy imports to the same article, and says it was GBK', async () => {
    // GBK has no no-break space: a GBK page has plain spaces where the UTF-8 one has U+00A0.
    const file = join(tempDir(), 'seed-gbk.txt');
    writeFileSync(file, iconv.encode(seedText.replace(/\u00a0/g, ' '), 'gbk'));
    const result = await importInto([file], { readings: true });
    expect(result.pages[0].page.decoded.encoding).toBe('GBK');
    expect(articleOf(result)).toBe(reference);
  });

  it('a GB18030 copy (no-break spaces kept) imports to the same article', async () => {
    const file = join(tempDir(), 'seed-gb18030.txt');
    writeFileSync(file, iconv.encode(seedText, 'gb18030'));
    const result = await importInto([file], { readings: true });
    expect(result.pages[0].page.decoded.encoding).toBe('GB18030');
    expect(articleOf(result)).toBe(reference);
  });

  it('the page saved as HTML imports to the same article, its figures placed in the markup', async () => {
    const result = await importInto([seedHtml], { readings: false });
    const html = readFileSync(seedHtml, 'utf8').split('\n');
    const findings = result.pages[0].page.findings;
    expect(findings.map((f) => f.text)).toEqual(editorialRows.map((row) => row.text));
    for (const f of findings) expect(html[f.place.line - 1].slice(f.place.column - 1).startsWith(f.text), `${f.text} at ${f.place.line}:${f.place.column}`).toBe(true);

    const withReadings = await importPages({ files: [seedHtml], content: tempDir(), edition: '2017-09', readingsFile: await htmlReadings() });
    expect(comparable(articleOf(withReadings))).toEqual(comparable(reference));
  });

  it('a GBK-encoded HTML page that declares gb2312 imports to the same article', async () => {
    const source = readFileSync(seedHtml, 'utf8').replace('charset=utf-8', 'charset=gb2312').replace(/\u00a0/g, '&nbsp;');
    const file = join(tempDir(), 'seed-gbk.html');
    writeFileSync(file, iconv.encode(source, 'gbk'));
    const result = await importPages({ files: [file], content: tempDir(), edition: '2017-09', readingsFile: await htmlReadings() });
    expect(result.pages[0].page.decoded).toMatchObject({ encoding: 'GBK', why: expect.stringContaining('gb2312') });
    expect(comparable(articleOf(result))).toEqual(comparable(reference));
  });
});

/** Front matter and body; readings compared by text and reading (their line numbers are the input file's). */
function comparable(article: string) {
  const { data, body } = readArticle(article);
  const readings = (data.readings as { text: string; reading: string }[] | undefined)?.map(({ text, reading }) => ({ text, reading }));
  return { data: { ...data, readings }, body };
}

/** The seed's readings without line numbers (lines in the HTML differ from the .txt). */
async function htmlReadings(): Promise<string> {
  const file = join(tempDir(), 'readings.yaml');
  writeFileSync(file, readFileSync(seedReadings, 'utf8').replace(/line: \d+, /g, ''));
  return file;
}

describe('daan import: refusals', () => {
  it('refuses a page whose breadcrumb names another edition, pointing at the breadcrumb', async () => {
    const error = await importInto([seedTxt], { edition: '2017-10' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailure);
    const [p] = (error as BuildFailure).problems;
    expect(p).toMatchObject({ file: seedTxt, line: 4, column: 12 });
    expect(p.reason).toMatch(/《大安》2017年第9期 \(edition 2017-09\), but --edition says 2017-10/);
    expect(p.note).toMatch(/--edition 2017-09/);
  });

  it('takes the edition from the breadcrumb when --edition is left out', async () => {
    const result = await importPages({ files: [seedTxt], content: tempDir() });
    expect(result.pages[0].edition.id).toBe('2017-09');
  });

  it('refuses a reading that matches nothing, at its place in the readings file', async () => {
    const file = join(tempDir(), 'readings.yaml');
    writeFileSync(file, '- { line: 12, text: 4711340人, reading: 471户1340人 }\n- { line: 13, text: 20177月, reading: 2017年7月 }\n');
    const error = (await importPages({ files: [seedTxt], content: tempDir(), readingsFile: file }).catch((e: unknown) => e)) as BuildFailure;
    expect(error).toBeInstanceOf(BuildFailure);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file, line: 2, ruleId: 'reading-unused' });
  });

  it('refuses a readings file with an unknown field', async () => {
    const file = join(tempDir(), 'readings.yaml');
    writeFileSync(file, '- { text: 4711340人, reeding: 471户1340人 }\n');
    const error = (await importPages({ files: [seedTxt], content: tempDir(), readingsFile: file }).catch((e: unknown) => e)) as BuildFailure;
    expect(error).toBeInstanceOf(BuildFailure);
    expect(error.problems.map((p) => p.reason).join('\n')).toMatch(/reeding/);
  });

  it('refuses a file that is not an article page', async () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, '这不是网页。\n');
    const error = (await importPages({ files: [file], content: tempDir() }).catch((e: unknown) => e)) as BuildFailure;
    expect(error.problems[0].reason).toMatch(/Not a saved article page/);
  });
});

describe('daan import: the command', () => {
  it('writes the article, prints the encoding and the figures, and refuses to overwrite without --force', async () => {
    const content = tempDir();
    const first = await daanHere(['import', seedTxt, '--edition', '2017-09', '--content', content]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/seed\.txt: UTF-8 \(valid UTF-8\); 《大安》2017年第9期 → 2017-09, column 脱贫攻坚进行时/);
    expect(first.stdout).toMatch(/20 figures to check/);
    expect(first.stderr).toMatch(/12:16\s+warning\s+4711340人 is more people/);
    expect(first.stderr).toMatch(/42:192\s+warning/);
    expect(first.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const article = join(content, '2017-09/articles/dangjian-linghang-tuopin-benkang.md');
    const written = readFileSync(article, 'utf8');
    expect(existsSync(join(content, '2017-09/edition.yaml'))).toBe(true);

    const again = await daanHere(['import', seedTxt, '--edition', '2017-09', '--content', content]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds this article/);
    expect(again.stderr).toMatch(/--force/);
    expect(readFileSync(article, 'utf8')).toBe(written);

    const forced = await daanHere(['import', seedTxt, '--edition', '2017-09', '--content', content, '--force', '--apply-readings', seedReadings]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/replaced .*dangjian-linghang-tuopin-benkang\.md/);
    expect(forced.stdout).toMatch(/applied 19 confirmed readings; 20 flagged figures settled/);
    expect(forced.stderr).toBe('');
    expect(readFileSync(article, 'utf8')).toContain('建档立卡贫困户471户1340人');
  });

  it('finds the article under another file name by its slug, and keeps its order and cover with --force', async () => {
    const content = tempDir();
    const imported = await importInto([seedTxt]);
    const existing = join(content, '2017-09/articles/dangjian-linghang.md');
    mkdirSync(dirname(existing), { recursive: true });
    writeFileSync(existing, articleOf(imported).replace('order: 1', 'order: 3\ncover: true'));

    const refused = await daanHere(['import', seedTxt, '--content', content]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/dangjian-linghang\.md already holds this article/);
    const forced = await daanHere(['import', seedTxt, '--content', content, '--force']);
    expect(forced.code).toBe(0);
    expect(readArticle(readFileSync(existing, 'utf8')).data).toMatchObject({ order: 3, cover: true, slug: 'dangjian-linghang-tuopin-benkang' });
    expect(readdirSync(dirname(existing))).toEqual(['dangjian-linghang.md']);
  });

  it('--dry-run writes nothing', async () => {
    const content = tempDir();
    const result = await daanHere(['import', seedTxt, '--content', content, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/would write/);
    expect(existsSync(join(content, '2017-09'))).toBe(false);
  });
});

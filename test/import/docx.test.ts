/** `daan import submission.docx`: Word documents built in code (and one saved by LibreOffice) imported, refused, and built. */
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDocx, type DocxResult } from '../../scripts/import/import-docx.ts';
import { docxLimits } from '../../scripts/import/docx-package.ts';
import { BuildFailure } from '../../scripts/report/problems.ts';
import { daanHere } from '../helpers/cli.ts';
import { pageTexts, squeeze } from '../helpers/pdf.ts';
import { makeContent } from '../helpers/content.ts';
import { autoNumberedDocument, encryptedDocx, nestedPictureDocument, governmentDocument, legacyDoc, lyingZip, styledDocument, zipBomb, zipWithoutParts } from './docx-fixtures.ts';
import { fixtures, readArticle, tempDir } from './helpers.ts';

const libreOffice = join(fixtures, 'docx', 'libreoffice.docx');
const edition = '2020-02';

/** A content folder with the minimal site and an edition 2020-02 whose one column is 乡村振兴. */
function contentWithEdition(): string {
  return makeContent({ '2020-02/edition.yaml': 'year: 2020\nnumber: 2\ndate: 2020-02-29\ncolumns:\n  - 乡村振兴\n' });
}

function save(bytes: Buffer, name: string): string {
  const file = join(tempDir('daan-docx-'), name);
  writeFileSync(file, bytes);
  return file;
}

async function refusal(bytes: Buffer, name = 'submission.docx'): Promise<string> {
  const error = await importDocx({ file: save(bytes, name), content: contentWithEdition(), edition }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BuildFailure);
  const [problem] = (error as BuildFailure).problems;
  return `${problem.ruleId}: ${problem.reason} — fix: ${problem.note}`;
}

/** The line of the article on which `text` stands (1-based). */
function lineOf(markdown: string, text: string): number {
  return markdown.split('\n').findIndex((line) => line.includes(text)) + 1;
}

describe('daan import of a document with heading styles', () => {
  let result: DocxResult;
  let body: string;
  beforeAll(async () => {
    result = await importDocx({ file: save(await styledDocument(), 'styled.docx'), content: contentWithEdition(), edition });
    body = readArticle(readFileSync(result.target, 'utf8')).body;
  });

  it('takes title, subtitle, author, unit and （作者系…） into the front matter', () => {
    expect(readArticle(result.markdown).data).toMatchObject({
      title: '产业兴旺 乡村振兴',
      subtitle: '何市镇发展特色产业纪实',
      column: '乡村振兴',
      author: '李明华',
      source: '何市镇人民政府',
      author_title: '何市镇党委书记',
      slug: 'chanye-xingwang-xiangcun-zhenxing',
    });
    for (const line of ['何市镇人民政府', '作者系', '何市镇发展特色产业纪实']) expect(body).not.toContain(line);
  });

  it('turns Word heading styles, English and Chinese names alike, into ## and ### headings', () => {
    expect(body).toMatch(/^## 发展特色种植$/m);
    expect(body).toMatch(/^### 柑橘基地$/m);
    expect(body).toMatch(/^## 壮大集体经济$/m);
  });

  it('drops indents, joins manual line breaks, removes soft hyphens and spaces between Chinese characters', () => {
    expect(body).toContain('\n何市镇地处大安区东部，全镇总人口3.2万人。近年来，全镇围绕特色产业做文章，');
    expect(body).toContain('\n群众收入稳步提高，产业基础不断夯实。');
    expect(body).not.toMatch(/[\u00ad\u3000]|^ +/m);
  });
});

describe('daan import of a government report typed without styles', () => {
  let content: string;
  let plain: DocxResult;
  let withData: DocxResult;
  let docx: Buffer;
  beforeAll(async () => {
    docx = await governmentDocument();
    plain = await importDocx({ file: save(docx, 'report.docx'), content: contentWithEdition(), edition, dryRun: true });
    content = contentWithEdition();
    withData = await importDocx({ file: save(docx, 'report.docx'), content, edition, data: true });
  });

  it('reads title, ——subtitle, 作者 and 单位 lines, and （作者系…） after the last paragraph', () => {
    expect(withData.frontMatter).toMatchObject({ title: '党建引领促振兴', subtitle: '永嘉乡2017年乡村振兴工作报告', author: '陈永刚', source: '永嘉乡人民政府', author_title: '永嘉乡党委书记' });
    expect(withData.markdown).not.toMatch(/作者：|单位：|——永嘉乡|作者系/);
  });

  it('makes 一、 a ## heading, （一） a bold run-in lead, a bold 1. line a heading', () => {
    const { body } = readArticle(withData.markdown);
    expect(body).toMatch(/^## 一、坚持组织引领，凝聚振兴合力$/m);
    expect(body).toMatch(/^## 二、突出结对帮扶，形成整体合力$/m);
    expect(body).toMatch(/^\*\*（一）健全工作机制。\*\*构建“双推进”工作格局\[\^2\]，/m);
    expect(body).toMatch(/^\*\*（二）做大做强产业。\*\*以“党支部\+专合社\+农户”形式/m);
    expect(body).toMatch(/^#### 1\.加强道路建设$/m);
  });

  it('keeps accepted text only and warns that the document had tracked changes', () => {
    expect(withData.markdown).toContain('新房村拓宽公路2条，瓦高村拓宽公路4.1公里。');
    expect(withData.markdown).not.toContain('3公里');
    const revisions = withData.warnings.find((w) => w.ruleId === 'docx-revisions');
    expect(revisions?.reason).toMatch(/1 insertion\(s\), 1 deletion\(s\)/);
  });

  it('lists comments in the report and never in the article', () => {
    const comment = withData.warnings.find((w) => w.ruleId === 'docx-comment');
    expect(comment?.reason).toContain('区委宣传部 王编辑');
    expect(comment?.reason).toContain('此处户数请再核实。');
    expect(withData.markdown).not.toContain('核实');
  });

  it('turns footnotes and endnotes into GFM footnotes, numbered as referred to', () => {
    expect(withData.markdown).toContain('推进乡村振兴[^1]。');
    expect(withData.markdown).toMatch(/^\[\^1\]: 数据来源：永嘉乡统计站。$/m);
    expect(withData.markdown).toMatch(/^\[\^2\]: “双推进”指党建与脱贫攻坚同步推进。$/m);
    expect(withData.markdown).not.toContain('↑');
  });

  it('writes pictures as figures alone in their paragraph, captioned from the 图1 line, and reports an EMF drawing', () => {
    const [picture, drawing] = withData.images;
    expect(picture.path).toBe('images/dangjian-yinling-cuzhenxing-1.png');
    expect(withData.markdown).toMatch(/\n\n!\[瓦高村核桃产业园\]\(images\/dangjian-yinling-cuzhenxing-1\.png\)\n\n/);
    expect(withData.markdown).not.toContain('图1 瓦高村核桃产业园');
    expect(readFileSync(join(content, edition, picture.path!))).toEqual(picture.image.bytes);
    expect(drawing.path).toBeUndefined();
    const emf = withData.warnings.find((w) => w.ruleId === 'docx-image-format');
    expect(emf?.reason).toMatch(/picture 2 of the document .*\(EMF\/WMF\)/);
    expect(emf?.note).toContain('另存为图片 → PNG');
    expect(emf?.note).toContain('![工作流程图](images/dangjian-yinling-cuzhenxing-picture2.png)');
  });

  it('keeps a table of text as a GFM table; with --data a table of figures becomes a data set and ::table', () => {
    expect(withData.markdown).toMatch(/^\| 帮扶单位 \| 联系村 \|$/m);
    expect(withData.markdown).toMatch(/^::table\{data="dangjian-yinling-cuzhenxing-1"\}$/m);
    expect(withData.markdown).not.toContain('表1');
    const yaml = readFileSync(join(content, edition, 'data/dangjian-yinling-cuzhenxing-1.yaml'), 'utf8');
    expect(yaml).toContain('title: 2017年各村脱贫情况');
    expect(yaml).toContain('- { key: hushu, label: 户数, type: integer, unit: 户 }');
    expect(yaml).toContain('- { key: wagaocun, cun: 瓦高村, hushu: 42, renshu: 131 }');
    // Without --data: the table stays, the report says what --data would do, nothing is written.
    expect(plain.markdown).toMatch(/^\| 村 +\| 户数（户） \| 人数（人） \|$/m);
    expect(plain.warnings.find((w) => w.ruleId === 'docx-dataset')?.note).toContain('--data');
    expect(existsSync(plain.target)).toBe(false);
  });

  it('runs the figure and punctuation lints on the article, with its line numbers', () => {
    const at = (rule: string) => withData.warnings.filter((w) => w.ruleId === rule).map((w) => ({ line: w.line, column: w.column, actual: w.actual }));
    const md = withData.markdown;
    expect(at('figure-unit')).toEqual([{ line: lineOf(md, '45kw'), column: md.split('\n')[lineOf(md, '45kw') - 1].indexOf('45kw') + 1, actual: '45kw' }]);
    expect(at('figure-year-month')).toEqual([expect.objectContaining({ line: lineOf(md, '20177月'), actual: '20177月' })]);
    expect(at('punctuation-width')).toEqual([expect.objectContaining({ line: lineOf(md, '118户脱贫,'), actual: ',' })]);
    expect(withData.warnings.every((w) => w.fatal === false)).toBe(true);
  });

  it('never overwrites: a second import stops and changes nothing', async () => {
    const before = readFileSync(withData.target, 'utf8');
    const error = await importDocx({ file: save(docx, 'report.docx'), content, edition, data: true }).catch((e: unknown) => e);
    expect((error as BuildFailure).problems[0].ruleId).toBe('import-exists');
    expect(readFileSync(withData.target, 'utf8')).toBe(before);
  });
});

describe('daan import of headings numbered by Word', () => {
  it('gives automatically numbered paragraphs their labels back and reads them as headings; a bulleted list stays', async () => {
    const result = await importDocx({ file: save(await autoNumberedDocument(), 'numbered.docx'), content: contentWithEdition(), edition, dryRun: true });
    const { body } = readArticle(result.markdown);
    expect(body.trim().split('\n\n')).toEqual([
      '今年以来，全区脱贫攻坚工作取得新成效。',
      '## 一、坚持组织引领',
      '### （一）健全工作机制',
      '构建“双推进”工作格局。',
      '#### 1.加强道路建设',
      '新房村拓宽公路2条。',
      '### （二）做大做强产业',
      '发展核桃产业园。',
      '## 二、突出结对帮扶',
      '### （一）强化工作指导',
      '- 瓦高村\n- 新房村',
    ]);
  });
});

describe('daan import of pictures where a figure cannot stand, and links into the document', () => {
  it('leaves a picture in a table cell out and reports it; a 目录 link keeps its text only', async () => {
    const result = await importDocx({ file: save(await nestedPictureDocument(), 'nested.docx'), content: contentWithEdition(), edition, dryRun: true });
    expect(result.markdown).not.toMatch(/docx-image|\]\(#/);
    expect(readArticle(result.markdown).body).toMatch(/^## 一、村容村貌\n\n## 一、村容村貌$/m);
    expect(result.files.map((f) => f.what)).not.toContain('picture');
    expect(result.warnings.find((w) => w.ruleId === 'docx-image-nested')?.reason).toMatch(/^The picture 1 of the document \(near “村照片瓦高村”\) is inside a table/);
  });
});

describe('daan import of a document saved by LibreOffice', () => {
  it('reads its heading styles, title lines and table of figures', async () => {
    const result = await importDocx({ file: libreOffice, content: contentWithEdition(), edition, data: true, dryRun: true });
    expect(result.frontMatter).toMatchObject({ title: '瓦高村发展核桃产业', subtitle: '自贡市瓦高核桃农业专业合作社见闻', author: '张晓红', source: '永嘉乡人民政府' });
    const { body } = readArticle(result.markdown);
    expect(body).toMatch(/^## 一、把闲置土地变成“聚宝盆”$/m);
    expect(body).toMatch(/^### （一）统一管理$/m);
    expect(result.datasets.map((d) => d.title)).toEqual(['核桃种植情况']);
    expect(result.warnings.filter((w) => w.ruleId === 'docx-style')).toEqual([]);
  });
});

describe('daan import refuses what is not a readable Word document', () => {
  it('a Word 97–2003 .doc: save it as .docx', async () => {
    expect(await refusal(legacyDoc(), 'old.doc')).toMatch(/^docx-legacy: The file is a Word 97–2003 document \(\.doc\).*另存为 → Word 文档 \(\*\.docx\)/);
  });

  it('a document encrypted with a password', async () => {
    expect(await refusal(encryptedDocx())).toMatch(/^docx-encrypted: The document is protected by a password/);
  });

  it('a file that is not a zip, naming what it is', async () => {
    expect(await refusal(Buffer.from('{\\rtf1\\ansi 内容}'), 'a.doc')).toMatch(/^docx-not-zip: The file is an RTF document/);
    expect(await refusal(Buffer.from('就是一段文字'))).toMatch(/^docx-not-zip: The file is not a Word document/);
  });

  it('a zip without the parts of a Word document', async () => {
    expect(await refusal(zipWithoutParts())).toMatch(/^docx-parts: The document lacks \[Content_Types\]\.xml and word\/document\.xml/);
  });

  it('a zip bomb, by its declared sizes before inflating', async () => {
    expect(await refusal(zipBomb())).toMatch(/^docx-bomb: The part word\/document\.xml stores \d+ bytes that inflate to 4 MB \(\d+:1\)/);
  });

  it('a zip whose directory understates what a part inflates to', async () => {
    expect(await refusal(lyingZip())).toMatch(/^docx-damaged: The part word\/document\.xml cannot be read: .*too many bytes/i);
  });

  it('a document over the size limit', async () => {
    const file = save(Buffer.from('PK\u0003\u0004', 'latin1'), 'large.docx');
    truncateSync(file, docxLimits.fileBytes + 1024 * 1024); // sparse: nothing is written or read
    const error = (await importDocx({ file, content: contentWithEdition(), edition }).catch((e: unknown) => e)) as BuildFailure;
    expect(error.problems[0].reason).toBe('The document is 51 MB; at most 50 MB is imported');
  });
});

describe('daan import submission.docx on the command line', () => {
  it('--dry-run shows what it would write and writes nothing; a refusal is one message, no stack trace', async () => {
    const content = contentWithEdition();
    const file = save(await governmentDocument(), 'report.docx');
    const dry = await daanHere(['import', file, '--edition', edition, '--dry-run', '--content', content]);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.stdout).toMatch(/would write .*articles[/\\]dangjian-yinling-cuzhenxing\.md \(\d+ bytes\) — article — 党建引领促振兴/);
    expect(dry.stdout).toMatch(/would write .*images[/\\]dangjian-yinling-cuzhenxing-1\.png/);
    expect(dry.stdout).toContain('## 一、坚持组织引领，凝聚振兴合力');
    expect(dry.stderr).toMatch(/\d+:\d+ +warning kw is not a unit symbol/);
    expect(readdirSync(join(content, edition))).toEqual(['edition.yaml']);

    const doc = await daanHere(['import', save(legacyDoc(), 'old.doc'), '--edition', edition, '--content', content]);
    expect(doc.code).toBe(1);
    expect(doc.stderr).toContain('Word 97–2003');
    expect(doc.stderr).not.toMatch(/\n\s+at .*\.(ts|js|mjs):\d+/);

    const noColumn = await daanHere(['import', file, '--edition', '2020-03', '--content', content]);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain('--column');
  });
});

describe('imported documents build into an edition', () => {
  it('the styled, numbered, nested-picture and LibreOffice documents build, PDF included, and read back from the PDF', async () => {
    const content = contentWithEdition();
    await importDocx({ file: save(await styledDocument(), 'styled.docx'), content, edition });
    await importDocx({ file: libreOffice, content, edition, data: true });
    await importDocx({ file: save(await autoNumberedDocument(), 'numbered.docx'), content, edition });
    await importDocx({ file: save(await nestedPictureDocument(), 'nested.docx'), content, edition });
    const out = join(tempDir('daan-docx-out-'), 'out');
    const build = await daanHere(['build', '--content', content, '--out', out]);
    expect(build.code, build.output).toBe(0);
    const page = readFileSync(join(out, edition, 'chanye-xingwang-xiangcun-zhenxing.html'), 'utf8');
    expect(page).toMatch(/<h2[^>]*>发展特色种植<\/h2>/);
    const numbered = readFileSync(join(out, edition, 'guanyu-2017nian-tuopin-gongjian-gongzuo-debaogao.html'), 'utf8');
    expect(numbered).toMatch(/<h3[^>]*>（二）做大做强产业<\/h3>/);
    const lo = readFileSync(join(out, edition, 'wagao-cunfa-zhanhe-taochanye.html'), 'utf8');
    expect(lo).toMatch(/<table[\s\S]*瓦高村[\s\S]*186[\s\S]*<\/table>/);
    const pdf = (readdirSync(out, { recursive: true }) as string[]).find((name) => name.endsWith(`${edition}.pdf`));
    expect(pdf, 'the PDF of the edition').toBeDefined();
    const text = squeeze(pageTexts(join(out, pdf!)).join(''));
    for (const words of ['产业兴旺', '发展特色种植', '柑橘基地由专业合作社统一管理。', '瓦高村发展核桃产业', '把闲置土地变成“聚宝盆”', '186']) expect(text).toContain(words);
  }, 600_000);

  // Renders the figure (图1) and the footnotes (注释) with issue 13's transforms.
  it('the government report builds with its figure, footnotes and data set', async () => {
    const content = contentWithEdition();
    await importDocx({ file: save(await governmentDocument(), 'report.docx'), content, edition, data: true });
    const out = join(tempDir('daan-docx-out-'), 'out');
    const build = await daanHere(['build', '--no-pdf', '--content', content, '--out', out]);
    expect(build.code, build.output).toBe(0);
    const page = readFileSync(join(out, edition, 'dangjian-yinling-cuzhenxing.html'), 'utf8');
    expect(page).toMatch(/<figure[^>]*>[\s\S]*?<img[\s\S]*?<figcaption>[\s\S]*?图1[\s\S]*?瓦高村核桃产业园[\s\S]*?<\/figure>/);
    expect(page).toMatch(/<h2[^>]*>注释<\/h2>[\s\S]*数据来源：永嘉乡统计站。[\s\S]*“双推进”指党建与脱贫攻坚同步推进。/);
    expect(page).toMatch(/表1[\s\S]*?2017年各村脱贫情况[\s\S]*?<table[\s\S]*?瓦高村[\s\S]*?131/);
  });
});

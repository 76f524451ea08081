/**
 * The missing-glyph check (issue 13, problem 2): a footnote no longer stops the build with a “↩”
 * the author never wrote; a character the fonts lack is named at the file, line and column it
 * came from; and every piece of text the pipeline writes itself is drawn by the bundled fonts.
 */
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { checkGlyphs } from '../../scripts/check/edition.ts';
import { faces } from '../../scripts/fonts/faces.ts';
import { missingCharacters } from '../../scripts/fonts/coverage.ts';
import { circledNumber, FOOTNOTE_BACK, FOOTNOTES_TITLE, footnoteOptions } from '../../scripts/transform/footnotes.ts';
import { transformMarkdown } from '../../scripts/transform/processor.ts';

const noData = { datasets: () => undefined, editionId: 'test' };

async function check(markdown: string) {
  const { hast, messages } = await transformMarkdown(markdown, 'article.md', noData);
  expect(messages.filter((m) => m.fatal).map(String)).toEqual([]);
  return (await checkGlyphs('article.md', markdown, toString(hast), hast)).map((m) => `${m.file}:${m.line}:${m.column}: ${m.reason}`);
}

describe('the missing-glyph check', () => {
  it('passes an article with footnotes, figures and a captioned table', async () => {
    const markdown = '---\ntitle: 测试\n---\n\n脚注测试[^1]，见:ref{id=a}。\n\n![照片](images/a.png)\n\n:::figure[对比]{credit=李明}\n![左](images/b.png)\n![右](images/c.png)\n:::\n\n:::table[表格]{source=区统计局}\n| 村 | 数 |\n| - | - |\n| 甲 | 1 |\n:::\n\n[^1]: 注释内容。\n';
    expect(await check(markdown)).toEqual([]);
  });

  it('names the line and column of a character the author wrote', async () => {
    const markdown = '---\ntitle: 测试\n---\n\n第一段。\n\n脚注[^1]。\n\n[^1]: 见上文↩。\n';
    expect(await check(markdown)).toEqual(['article.md:9:10: The character “↩” (U+21A9) has no glyph in the bundled fonts; it would print as a blank']);
  });

  it('names the place of a character written as a character reference', async () => {
    const markdown = '第一段。\n\n第二段有一个&#x21A9;符号。\n';
    expect(await check(markdown)).toEqual(['article.md:3:7: The character “↩” (U+21A9) has no glyph in the bundled fonts; it would print as a blank']);
  });

  it('names the place of a character in a figure caption or a table cell', async () => {
    expect(await check('![图↩片](images/a.png)\n')).toEqual(['article.md:1:4: The character “↩” (U+21A9) has no glyph in the bundled fonts; it would print as a blank']);
    expect(await check('| 村 | 数 |\n| - | - |\n| 甲↩ | 1 |\n')).toEqual(['article.md:3:4: The character “↩” (U+21A9) has no glyph in the bundled fonts; it would print as a blank']);
  });
});

describe('text the pipeline writes', () => {
  const written = [
    FOOTNOTES_TITLE,
    FOOTNOTE_BACK,
    typeof footnoteOptions.footnoteBackLabel === 'function' ? footnoteOptions.footnoteBackLabel(11, 2) : '',
    ...Array.from({ length: 51 }, (_, i) => circledNumber(i + 1)),
    '图1234567890表　摄影：资料来源：注：单位：',
  ].join('');

  it.each(faces.map((face) => [face.id, face] as const))('is drawn by %s', async (_id, face) => {
    expect(await missingCharacters(written, face)).toEqual([]);
  });
});

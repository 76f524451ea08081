/** The importer's parts, one by one: punctuation, headings, figure lint, encodings, HTML, slugs, editions. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodePage } from '../../scripts/import/decode.ts';
import { editionStub, parseEditionOption } from '../../scripts/import/edition.ts';
import { blocksOf } from '../../scripts/import/headings.ts';
import { htmlLines } from '../../scripts/import/html.ts';
import { householdSplit, lintFigures } from '../../scripts/import/lint-figures.ts';
import { escapeInline } from '../../scripts/import/markdown.ts';
import { readAuthorTitle, readFields, readNeighbours } from '../../scripts/import/metadata.ts';
import { restorePunctuation, tidySpaces } from '../../scripts/import/punctuation.ts';
import { slugFromTitle } from '../../scripts/load/slug.ts';
import { textLines } from '../../scripts/import/source-lines.ts';

describe('punctuation', () => {
  it.each([
    ['永嘉乡总人口1.5万人,其中农业人口1.45万人', '永嘉乡总人口1.5万人，其中农业人口1.45万人'],
    ['(一)健全工作机制。', '（一）健全工作机制。'],
    ['“三个必须”(必须悬挂或摆放党旗)“四个不准”', '“三个必须”（必须悬挂或摆放党旗）“四个不准”'],
    ['贫困发生率在2%以下;完成', '贫困发生率在2%以下；完成'],
    ['知识竞赛1,“庆祝', '知识竞赛1，“庆祝'],
    ['真的吗?是的!', '真的吗？是的！'],
    ['发布时间:2017-10-09 12:37:38', '发布时间：2017-10-09 12:37:38'],
  ])('restores %s', (saved, restored) => {
    expect(restorePunctuation(saved)).toBe(restored);
  });

  it.each(['按照8:2比例分红', '12:37:38', '共1,000元', 'f(x) = 1', 'http://www.daan.gov.cn/a?b=1', '4.1公里', '1.5万'])('leaves %s alone', (text) => {
    expect(restorePunctuation(text)).toBe(text);
  });

  it('keeps the length, so positions still hold', () => {
    const text = '(一)瓦高村42144人;新房村2570人,共2个村?';
    expect(restorePunctuation(text)).toHaveLength(text.length);
  });

  it('removes stray spaces between Chinese characters and marks, and only those', () => {
    expect(tidySpaces('“八比对、六清退” 后,截止')).toBe('“八比对、六清退”后,截止');
    expect(tidySpaces('\u3000\u3000党建 领航，\u00a0脱贫')).toBe('党建领航，脱贫');
    expect(tidySpaces('各45 kW的提灌站 B 线')).toBe('各45 kW的提灌站 B 线');
  });
});

describe('headings', () => {
  it('一、… is a level-2 heading', () => {
    expect(blocksOf('一、坚持组织引领，凝聚脱贫奔康优势力量')).toEqual([{ kind: 'heading', level: 2, text: '一、坚持组织引领，凝聚脱贫奔康优势力量' }]);
  });

  it('（一）… is a level-3 heading: its lead sentence, the rest its paragraph', () => {
    expect(blocksOf('（一）健全工作机制。坚持将党建工作深度融入脱贫攻坚。')).toEqual([
      { kind: 'heading', level: 3, text: '（一）健全工作机制。' },
      { kind: 'paragraph', text: '坚持将党建工作深度融入脱贫攻坚。' },
    ]);
    expect(blocksOf('（二）强化工作指导')).toEqual([{ kind: 'heading', level: 3, text: '（二）强化工作指导' }]);
  });

  it('a long line that starts like a heading is a paragraph', () => {
    const long = `一、${'很长的一句话'.repeat(10)}。还有一句。`;
    expect(blocksOf(long)).toEqual([{ kind: 'paragraph', text: long }]);
  });
});

describe('figure lint', () => {
  const lint = (...lines: string[]) => lintFigures(textLines(lines.join('\n'))).map((f) => ({ line: f.place.line, column: f.place.column, text: f.text, reading: f.reading, rule: f.rule }));

  it('splits a digit run into households and people of a plausible household size', () => {
    expect(householdSplit('4711340')).toEqual({ households: 471, people: 1340 });
    expect(householdSplit('620')).toEqual({ households: 6, people: 20 });
    expect(householdSplit('50')).toBeUndefined(); // 5户0人 is no household
    expect(householdSplit('370')).toBeUndefined(); // 3户70人, 37户0人: neither
  });

  it('flags head counts larger than the stated population, with line and column', () => {
    expect(lint('全乡总人口1.5万人。', '建档立卡贫困户4711340人。')).toEqual([{ line: 2, column: 8, text: '4711340人', reading: '471户1340人', rule: 'headcount' }]);
  });

  it('flags a count of people that reads as households and people only in a household context', () => {
    expect(lint('易地搬迁1758人。')).toMatchObject([{ text: '1758人', reading: '17户58人', rule: 'households' }]);
    expect(lint('参加培训的干部1758人。')).toEqual([]);
    expect(lint('新房村现有社员50人，累计培训贫困人员370余人。')).toEqual([]);
  });

  it('flags a year and month run together, a price without 元, a count without its measure word, an ASCII unit', () => {
    expect(lint('截止20177月再识别。')).toMatchObject([{ text: '20177月', reading: '2017年7月' }]);
    expect(lint('可收益3000/亩。')).toMatchObject([{ text: '3000/亩', reading: '3000元/亩' }]);
    expect(lint('开展知识竞赛1，演讲比赛1次，观看教育片4次。')).toMatchObject([{ text: '竞赛1', reading: '竞赛1次' }]);
    expect(lint('新建两座各45kw的提灌站，全长2KM。')).toMatchObject([
      { text: '45kw', reading: '45 kW' },
      { text: '2KM', reading: '2 km' },
    ]);
  });

  it('leaves sound figures alone', () => {
    expect(lint('截止2017年7月，可收益3000元/亩，竞赛1次，全长1.64公里，各45 kW，8:2分红，“7·26”讲话，第9期，2%以下。')).toEqual([]);
  });
});

describe('encodings', () => {
  const text = '党建领航\u00a0脱贫奔康：1.5万人';

  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decodePage(Buffer.from(text))).toMatchObject({ text, encoding: 'UTF-8' });
    expect(decodePage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toMatchObject({ text, encoding: 'UTF-8' });
  });

  it('reads GBK and GB18030, and says which', () => {
    const gbk = '党建领航 脱贫奔康：1.5万人';
    expect(decodePage(iconv.encode(gbk, 'gbk'))).toMatchObject({ text: gbk, encoding: 'GBK' });
    expect(decodePage(iconv.encode(text, 'gb18030'))).toMatchObject({ text, encoding: 'GB18030' });
  });

  it('trusts the bytes over a wrong declaration, and says so', () => {
    expect(decodePage(Buffer.from(text), 'gb2312').why).toMatch(/declares gb2312, but its bytes are UTF-8/);
  });
});

describe('HTML', () => {
  it('gives the lines a browser shows, skipping head, scripts and form controls', () => {
    const html = '<html><head><title>标题</title><script>var a = "今天是";</script></head><body><div>站内搜索:<input value="搜索"><select><option>标题</option></select></div><p>第一段,<br>第二行</p><table><tr><td>甲</td><td>乙</td></tr></table></body></html>';
    expect(htmlLines(html).map((l) => l.text)).toEqual(['站内搜索:', '第一段,', '第二行', '甲\t乙']);
  });

  it('places each character in the markup, entities included', () => {
    const html = '<p>&ldquo;八比对&rdquo;\n  后,截止20177月</p>';
    const [line] = htmlLines(html);
    expect(line.text).toBe('“八比对” 后,截止20177月');
    const at = line.text.indexOf('20177月');
    expect(line.place(at)).toEqual({ line: 2, column: html.split('\n')[1].indexOf('20177月') + 1 });
    expect(line.place(1)).toEqual({ line: 1, column: 11 }); // 八, after &ldquo;
  });
});

describe('metadata', () => {
  it('reads the labelled fields whatever the spacing', () => {
    expect(readFields('发布时间:2017-10-9 8:05\u00a0\u00a0作者:陈永刚 来源:永嘉乡 点击次数:904')).toEqual({ published: '2017-10-09 08:05:00', author: '陈永刚', source: '永嘉乡', views: 904 });
  });

  it('reads neighbours on one line or two, and ignores 没有了', () => {
    expect(readNeighbours('上一篇:甲 乙下一篇:丙')).toEqual({ previous: '甲 乙', next: '丙' });
    expect(readNeighbours('上一篇:没有了')).toEqual({ previous: undefined, next: undefined });
  });

  it('reads the author title, without a repeated name', () => {
    expect(readAuthorTitle('(作者:永嘉乡党委书记)')).toBe('永嘉乡党委书记');
    expect(readAuthorTitle('（作者：陈永刚，永嘉乡党委书记）', '陈永刚')).toBe('永嘉乡党委书记');
  });
});

describe('slugs, editions, Markdown', () => {
  it('makes the slug from the pinyin of the title, two syllables a word', () => {
    expect(slugFromTitle('党建领航 脱贫奔康')).toBe('dangjian-linghang-tuopin-benkang');
    expect(slugFromTitle('紧盯“四个好”目标')).toBe('jinding-sigehao-mubiao');
  });

  it('reads --edition and refuses what is not an edition', () => {
    expect(parseEditionOption('2017-9')).toEqual({ year: 2017, number: 9, id: '2017-09' });
    expect(() => parseEditionOption('2017年第9期')).toThrow(/--edition 2017-09/);
  });

  it('dates a stub edition on the last day of its month', () => {
    expect(editionStub({ year: 2020, number: 2, id: '2020-02' }, ['要闻'], 'a.txt')).toMatch(/^date: 2020-02-29$/m);
    expect(editionStub({ year: 2017, number: 9, id: '2017-09' }, ['脱贫攻坚进行时', 'a: b'], 'a.txt')).toMatch(/columns:\n {2}- 脱贫攻坚进行时\n {2}- "a: b"\n/);
  });

  it('escapes what Markdown would read as syntax', () => {
    expect(escapeInline('党员干部*2 [注] a_b :name')).toBe('党员干部\\*2 \\[注\\] a\\_b \\:name');
  });
});

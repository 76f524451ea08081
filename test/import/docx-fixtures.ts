/** Word documents for the import tests, built in code with the `docx` package, as Word and WPS write them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import CFB from 'cfb';
import {
  AlignmentType,
  Bookmark,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  EndnoteReferenceRun,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  InternalHyperlink,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { repoRoot } from '../helpers/cli.ts';

const png = readFileSync(join(repoRoot, 'test/fixtures/bad-input/_base/2020-01/images/red.png'));
/** A tiny EMF header: what Word stores for a pasted Visio or Excel drawing. */
const emf = Buffer.concat([Buffer.from([1, 0, 0, 0, 0x6c, 0, 0, 0]), Buffer.alloc(100)]);

const when = '2017-10-01T00:00:00Z';
const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
const row = (...texts: string[]) => new TableRow({ children: texts.map(cell) });
const table = (...rows: string[][]) => new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: rows.map((texts) => row(...texts)) });
const body = (text: string) => new Paragraph({ children: [new TextRun(text)] });

/**
 * Headings as Word styles: Title, Subtitle, heading 1/2 (English names, as Word writes them even
 * in Chinese) and 标题 1 (a Chinese style name, as WPS and copied styles have it).
 */
export async function styledDocument(): Promise<Buffer> {
  const doc = new Document({
    styles: {
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 28 } },
        { id: 'a5', name: '标题 1', basedOn: 'Normal', next: 'Normal', run: { bold: true, size: 32 } },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('产业兴旺 乡村振兴')] }),
          new Paragraph({ style: 'Subtitle', children: [new TextRun('何市镇发展特色产业纪实')] }),
          body('何市镇人民政府  李明华'),
          body('\u3000\u3000何市镇地处大安区东部，全镇 总人口3.2万人。近年来，全镇围绕特色产业\u00ad做文章，'),
          new Paragraph({ children: [new TextRun('    群众收入稳步提高，'), new TextRun({ text: '产业基础', break: 1 }), new TextRun('不断夯实。')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('发展特色种植')] }),
          body('全镇发展柑橘种植基地，带动农户增收。'),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('柑橘基地')] }),
          body('柑橘基地由专业合作社统一管理。'),
          new Paragraph({ style: 'a5', children: [new TextRun('壮大集体经济')] }),
          body('各村集体经济收入全部达到5万元以上。'),
          body('（作者系何市镇党委书记）'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * A government report as townships type it: no heading styles, headings as numbered paragraphs
 * (一、 （一） 1.), bold 黑体/楷体 runs, title and byline lines, a table of figures with its
 * 表1 caption, a plain table, a picture with its 图1 caption, an EMF drawing, a footnote and an
 * endnote, tracked changes and a comment, a figure the lint flags and half-width punctuation.
 */
export async function governmentDocument(): Promise<Buffer> {
  const heiti = { font: { eastAsia: '黑体' }, bold: true };
  const kaiti = { font: { eastAsia: '楷体' }, bold: true };
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('数据来源：永嘉乡统计站。')] } },
    endnotes: { 1: { children: [new Paragraph('“双推进”指党建与脱贫攻坚同步推进。')] } },
    comments: { children: [{ id: 0, author: '区委宣传部 王编辑', date: new Date(when), children: [new Paragraph('此处户数请再核实。')] }] },
    sections: [
      {
        children: [
          body('党建引领促振兴'),
          body('——永嘉乡2017年乡村振兴工作报告'),
          body('作者：陈永刚'),
          body('单位：永嘉乡人民政府'),
          new Paragraph({ children: [new TextRun('永嘉乡总人口1.5万人。今年以来，全乡'), new TextRun({ text: '坚持', bold: false }), new TextRun('党建引领，推进乡村振兴'), new FootnoteReferenceRun(1), new TextRun('。')] }),
          new Paragraph({ children: [new TextRun({ text: '一、坚持组织引领，凝聚振兴合力', ...heiti })] }),
          new Paragraph({ children: [new TextRun({ text: '（一）健全工作机制。', ...kaiti }), new TextRun('构建“双推进”工作格局'), new EndnoteReferenceRun(1), new TextRun('，形成“单位包村、干部包户”的工作格局。')] }),
          new Paragraph({ children: [new TextRun('（二）做大做强产业。以“党支部+专合社+农户”形式发展核桃产业园，新建提灌站2座、单站45kw。')] }),
          new Paragraph({ children: [new TextRun({ text: '1.加强道路建设', bold: true })] }),
          new Paragraph({ children: [new TextRun('新房村拓宽公路2条'), new InsertedTextRun({ text: '，瓦高村拓宽公路4.1公里', id: 1, author: '陈永刚', date: when }), new DeletedTextRun({ text: '，瓦高村拓宽公路3公里', id: 2, author: '陈永刚', date: when }), new TextRun('。')] }),
          body('表1 2017年各村脱贫情况'),
          table(['村', '户数（户）', '人数（人）'], ['瓦高村', '42', '131'], ['新房村', '25', '78']),
          body('二、突出结对帮扶，形成整体合力'),
          new Paragraph({ children: [new CommentRangeStart(0), new TextRun('截止20177月，全乡已有118户脱贫'), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] }), new TextRun(',帮扶工作扎实推进。')] }),
          table(['帮扶单位', '联系村'], ['区农工委', '瓦高村'], ['区政协', '新房村']),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: png, transformation: { width: 120, height: 80 }, altText: { name: '图片 1', description: '图片 1', title: '图片 1' } })] }),
          body('图1 瓦高村核桃产业园'),
          new Paragraph({ children: [new ImageRun({ type: 'bmp', data: emf, transformation: { width: 120, height: 80 } })] }),
          body('图2 工作流程图'),
          body('（作者系永嘉乡党委书记）'),
        ],
      },
    ],
  });
  return asEmf(await Packer.toBuffer(doc));
}

/** The `docx` package writes no EMF: its BMP picture is renamed to what Word stores for a pasted drawing. */
function asEmf(docx: Buffer): Buffer {
  const parts = unzipSync(docx);
  const [bmp] = Object.keys(parts).filter((name) => name.endsWith('.bmp'));
  const emfName = bmp.replace(/\.bmp$/, '.emf');
  parts[emfName] = parts[bmp];
  delete parts[bmp];
  const rename = (name: string, edit: (xml: string) => string) => (parts[name] = strToU8(edit(strFromU8(parts[name]))));
  rename('word/_rels/document.xml.rels', (xml) => xml.replaceAll(bmp.replace('word/', ''), emfName.replace('word/', '')));
  rename('[Content_Types].xml', (xml) => xml.replace('</Types>', '<Default Extension="emf" ContentType="image/x-emf"/></Types>'));
  return Buffer.from(zipSync(parts));
}

/**
 * Headings numbered by Word's automatic numbering (一、 （一） 1.), as WPS templates do: the
 * labels are not text in the document. A bulleted list stays a list.
 */
export async function autoNumberedDocument(): Promise<Buffer> {
  const level = (level: number, format: (typeof LevelFormat)[keyof typeof LevelFormat], text: string) => ({ level, format, text, alignment: AlignmentType.LEFT });
  const numbered = (lvl: number, text: string, bold = false) => new Paragraph({ numbering: { reference: 'headings', level: lvl }, children: [new TextRun({ text, bold })] });
  const doc = new Document({
    numbering: {
      config: [
        { reference: 'headings', levels: [level(0, LevelFormat.CHINESE_COUNTING, '%1、'), level(1, LevelFormat.CHINESE_COUNTING, '（%2）'), level(2, LevelFormat.DECIMAL, '%3.')] },
        { reference: 'bullets', levels: [level(0, LevelFormat.BULLET, '•')] },
      ],
    },
    sections: [
      {
        children: [
          body('关于2017年脱贫攻坚工作的报告'),
          body('今年以来，全区脱贫攻坚工作取得新成效。'),
          numbered(0, '坚持组织引领'),
          numbered(1, '健全工作机制'),
          body('构建“双推进”工作格局。'),
          numbered(2, '加强道路建设', true),
          body('新房村拓宽公路2条。'),
          numbered(1, '做大做强产业'),
          body('发展核桃产业园。'),
          numbered(0, '突出结对帮扶'),
          numbered(1, '强化工作指导'),
          new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun('瓦高村')] }),
          new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun('新房村')] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A picture in a table cell, and a 目录 entry linking into the document. */
export async function nestedPictureDocument(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          body('瓦高村风貌'),
          new Paragraph({ children: [new InternalHyperlink({ anchor: 'part1', children: [new TextRun('一、村容村貌')] })] }),
          new Paragraph({ children: [new Bookmark({ id: 'part1', children: [new TextRun({ text: '一、村容村貌', bold: true })] })] }),
          new Table({ rows: [row('村', '照片'), new TableRow({ children: [cell('瓦高村'), new TableCell({ children: [new Paragraph({ children: [new ImageRun({ type: 'png', data: png, transformation: { width: 60, height: 40 } })] })] })] })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A Word 97–2003 .doc: an OLE compound file with a WordDocument stream. */
export function legacyDoc(): Buffer {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.alloc(512, 1));
  CFB.utils.cfb_add(cfb, '/1Table', Buffer.alloc(512, 2));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** A .docx Word encrypted with a password: an OLE compound file with EncryptionInfo and EncryptedPackage. */
export function encryptedDocx(): Buffer {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.alloc(256, 4));
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** A zip that is not a Word document: no [Content_Types].xml, no word/document.xml. */
export function zipWithoutParts(): Buffer {
  return Buffer.from(zipSync({ 'readme.txt': strToU8('hello') }));
}

/** A part that inflates 1000:1 — what a zip bomb is made of. */
export function zipBomb(): Buffer {
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(4 * 1024 * 1024) }, { level: 9 }));
}

/**
 * A zip whose directory lies: word/document.xml declares 1000 bytes and inflates to 300 000.
 * The sizes are checked while inflating, not only as declared.
 */
export function lyingZip(): Buffer {
  const zip = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(300_000) }, { level: 9 }));
  const name = Buffer.from('word/document.xml');
  for (const [signature, sizeAt, nameAt] of [[0x04034b50, 22, 30], [0x02014b50, 24, 46]] as const) {
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b]), at + 1)) {
      if (zip.readUInt32LE(at) === signature && zip.subarray(at + nameAt, at + nameAt + name.length).equals(name)) zip.writeUInt32LE(1000, at + sizeAt);
    }
  }
  return zip;
}

import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { tidyTitle } from './punctuation.ts';

/** What the top and the end of a submission say about it, for the front matter. */
export interface DocxMeta {
  title?: string;
  subtitle?: string;
  author?: string;
  authorTitle?: string;
  source?: string;
  /** The lines taken out of the body, for the report. */
  taken: { role: 'title' | 'subtitle' | 'author' | 'unit' | 'author-title' | 'signature'; text: string }[];
}

const MAX_LINE = 40;
const labelled = /^(作\s*者|撰\s*稿|撰\s*文|执\s*笔|供\s*稿|文|文\s*[/／]\s*图|图\s*[/／]\s*文|单\s*位|作者单位|来\s*源)\s*[:：/／]\s*(.+)$/;
/** A unit: ends in the word of a township, an office, a committee … */
const unitWord = /(乡|镇|街道|办事处|社区|村|委员会|党委|党组|政府|人大|政协|局|办|委|中心|站|所|院|校|学校|公司|部|处|科|队|会|馆|团|支部)$/;
const personName = /^[\p{Script=Han}]{2,4}$/u;
const endNote = /^[（(]\s*(作者系|作者为|作者是|作者单位[:：]?|作者[:：]|作者)\s*(.+?)\s*[)）]$/;
const dateLine = /^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$/;

/**
 * Takes the title, subtitle (——…), author and unit lines from the top of the body, and
 * "（作者系…）" or a signature (unit and date) from its end. They become front matter.
 */
export function takeMeta(tree: Root): DocxMeta {
  const meta: DocxMeta = { taken: [] };
  const blocks = tree.children;
  const text = (node: RootContent | undefined) => (node && (node.type === 'paragraph' || node.type === 'heading') ? tidyTitle(toString(node)) : undefined);

  const first = blocks[0];
  const title = text(first);
  const isTitle = first && (first.data?.docxRole === 'title' || first.type === 'heading' || (title && title.length <= 60 && !/[。；！？]/.test(title)));
  if (!title || !isTitle) return meta;
  meta.title = title.replace(/[。]$/, '');
  meta.taken.push({ role: 'title', text: title });
  blocks.shift();

  const sub = text(blocks[0]);
  if (sub && (blocks[0].data?.docxRole === 'subtitle' || /^[—─－-]{1,2}/.test(sub))) {
    meta.subtitle = sub.replace(/^[—─－-]+\s*/, '');
    meta.taken.push({ role: 'subtitle', text: sub });
    blocks.shift();
  }

  for (let line = text(blocks[0]); line && blocks[0].type === 'paragraph' && readByline(line, meta); line = text(blocks[0])) blocks.shift();

  // Footnote definitions come last in the tree; the article's own last paragraph is before them.
  let notesFrom = blocks.length;
  while (notesFrom > 0 && blocks[notesFrom - 1].type === 'footnoteDefinition') notesFrom--;
  const notes = blocks.splice(notesFrom);
  const last = text(blocks.at(-1));
  const note = last && endNote.exec(last);
  if (note) {
    const [, label, value] = note;
    if (/单位/.test(label)) meta.source ??= value;
    else meta.authorTitle = meta.author ? value.replace(new RegExp(`^${meta.author}[\\s,，、]*`), '') : value;
    meta.taken.push({ role: 'author-title', text: last });
    blocks.pop();
  }
  takeSignature(blocks, meta, text);
  blocks.push(...notes);
  return meta;
}

/** 作者：陈永刚 / 单位：永嘉乡 / 永嘉乡党委  陈永刚 / 陈永刚 — true when the line was one. */
function readByline(line: string, meta: DocxMeta): boolean {
  if (line.length > MAX_LINE) return false;
  const match = labelled.exec(line);
  if (match) {
    const [, label, value] = match;
    if (/单\s*位|来\s*源/.test(label)) setUnit(meta, value.trim(), line);
    else readUnlabelled(value.trim(), meta, line) || setAuthor(meta, value.trim(), line);
    return true;
  }
  return readUnlabelled(line.replace(/^[（(](.*)[)）]$/, '$1'), meta, line);
}

/** Words separated by spaces, each a unit (ends in 乡, 党委, 局 …) or a name of two to four characters. */
function readUnlabelled(line: string, meta: DocxMeta, original: string): boolean {
  const words = line.split(/[\s\u3000、,，]+/).filter(Boolean);
  if (!words.length || !words.every((word) => unitWord.test(word) || personName.test(word))) return false;
  const names = words.filter((word) => !unitWord.test(word) && personName.test(word));
  const units = words.filter((word) => unitWord.test(word));
  if (!names.length && !units.length) return false;
  // A lone word ending like a unit (刘一村) could be a name; two words split the same way.
  if (units.length) setUnit(meta, units.join(' '), original);
  if (names.length) setAuthor(meta, names.join('、'), original);
  return true;
}

function setAuthor(meta: DocxMeta, value: string, line: string): void {
  meta.author = meta.author ? `${meta.author}、${value}` : value;
  meta.taken.push({ role: 'author', text: line });
}

function setUnit(meta: DocxMeta, value: string, line: string): void {
  meta.source ??= value;
  if (!meta.taken.some((taken) => taken.text === line)) meta.taken.push({ role: 'unit', text: line });
}

/** A report's 落款 at the end: the unit on one line, the date on the next. */
function takeSignature(blocks: RootContent[], meta: DocxMeta, text: (node: RootContent | undefined) => string | undefined): void {
  const date = text(blocks.at(-1));
  if (!date || !dateLine.test(date)) return;
  const unit = text(blocks.at(-2));
  blocks.pop();
  meta.taken.push({ role: 'signature', text: date });
  if (unit && unit.length <= MAX_LINE && unitWord.test(unit.replace(/\s+/g, ''))) {
    blocks.pop();
    meta.source ??= unit.replace(/\s+/g, '');
    meta.taken.push({ role: 'signature', text: unit });
  }
}

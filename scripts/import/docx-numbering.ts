import type { List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { DocxPackage } from './docx-package.ts';
import { elements, parseXml, W } from './docx-review.ts';

/** A paragraph Word numbers automatically, with the label Word shows for it (一、 （二） 3.). */
export interface NumberedParagraph {
  text: string;
  label: string;
}

type Level = { format: string; text: string; start: number };

/**
 * The labels of the document's automatically numbered paragraphs. mammoth turns them into lists
 * and drops the labels, which in a government document are the headings' 一、 and （一）: the
 * counters are kept here as Word keeps them (per list, a level restarting under the one above).
 */
export function numberedParagraphs(docx: DocxPackage): NumberedParagraph[] {
  const document = parseXml(docx.parts.get('word/document.xml'));
  const numbering = parseXml(docx.parts.get('word/numbering.xml'));
  if (!document || !numbering) return [];
  const abstracts = new Map<string, Map<number, Level>>();
  for (const abstract of elements(numbering.getElementsByTagNameNS(W, 'abstractNum'))) {
    const levels = new Map<number, Level>();
    for (const lvl of elements(abstract.getElementsByTagNameNS(W, 'lvl'))) {
      const value = (name: string) => {
        const [child] = elements(lvl.getElementsByTagNameNS(W, name));
        return child?.getAttributeNS(W, 'val') ?? undefined;
      };
      levels.set(Number(lvl.getAttributeNS(W, 'ilvl') ?? 0), { format: value('numFmt') ?? 'decimal', text: value('lvlText') ?? '', start: Number(value('start') ?? 1) });
    }
    abstracts.set(abstract.getAttributeNS(W, 'abstractNumId') ?? '', levels);
  }
  // Word counts per abstract list: two numbering instances of one list continue each other, unless
  // an instance restarts a level (startOverride, what 重新开始编号 writes).
  const lists = new Map<string, string>();
  const restarts = new Map<string, Map<number, number>>();
  for (const num of elements(numbering.getElementsByTagNameNS(W, 'num'))) {
    const [abstract] = elements(num.getElementsByTagNameNS(W, 'abstractNumId'));
    const numId = num.getAttributeNS(W, 'numId') ?? '';
    if (abstract) lists.set(numId, abstract.getAttributeNS(W, 'val') ?? '');
    for (const override of elements(num.getElementsByTagNameNS(W, 'lvlOverride'))) {
      const [start] = elements(override.getElementsByTagNameNS(W, 'startOverride'));
      if (start) restarts.set(numId, (restarts.get(numId) ?? new Map()).set(Number(override.getAttributeNS(W, 'ilvl') ?? 0), Number(start.getAttributeNS(W, 'val') ?? 1)));
    }
  }
  const started = new Set<string>();

  const counters = new Map<string, number[]>();
  const numbered: NumberedParagraph[] = [];
  for (const paragraph of elements(document.getElementsByTagNameNS(W, 'p'))) {
    const [numPr] = elements(paragraph.getElementsByTagNameNS(W, 'numPr'));
    if (!numPr) continue;
    const attribute = (name: string) => elements(numPr.getElementsByTagNameNS(W, name)).next().value?.getAttributeNS(W, 'val') ?? undefined;
    const numId = attribute('numId') ?? '';
    const abstractId = lists.get(numId);
    const levels = abstractId === undefined ? undefined : abstracts.get(abstractId);
    const level = Number(attribute('ilvl') ?? 0);
    if (!levels?.get(level)) continue;
    const counter = counters.get(abstractId!) ?? [];
    counters.set(abstractId!, counter);
    const restart = started.has(`${numId}/${level}`) ? undefined : restarts.get(numId)?.get(level);
    started.add(`${numId}/${level}`);
    counter[level] = restart ?? (counter[level] === undefined ? levels.get(level)!.start : counter[level] + 1);
    counter.length = level + 1; // deeper levels restart
    const label = levels.get(level)!.text.replace(/%(\d)/g, (_, n: string) => {
      const at = Number(n) - 1;
      return formatCounter(counter[at] ?? levels.get(at)?.start ?? 1, levels.get(at)?.format ?? 'decimal');
    });
    if (levels.get(level)!.format === 'bullet' || !label) continue;
    const text = [...elements(paragraph.getElementsByTagNameNS(W, 't'))].map((t) => t.textContent ?? '').join('');
    numbered.push({ text: comparable(text), label });
  }
  return numbered;
}

const digits = '〇一二三四五六七八九';

/** A counter as Word writes it in the given number format. */
function formatCounter(value: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
      return chineseNumber(value);
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[(value - 1) % 10] ?? String(value);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return value >= 1 && value <= 20 ? String.fromCodePoint(0x2460 + value - 1) : String(value);
    case 'decimalFullWidth':
      return [...String(value)].map((d) => String.fromCodePoint(0xff10 + Number(d))).join('');
    case 'upperLetter':
      return String.fromCharCode(64 + (((value - 1) % 26) + 1));
    case 'lowerLetter':
      return String.fromCharCode(96 + (((value - 1) % 26) + 1));
    case 'upperRoman':
      return roman(value);
    case 'lowerRoman':
      return roman(value).toLowerCase();
    default:
      return String(value);
  }
}

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. */
function chineseNumber(value: number): string {
  if (value < 10) return digits[value];
  if (value < 20) return `十${value % 10 ? digits[value % 10] : ''}`;
  if (value < 100) return `${digits[Math.floor(value / 10)]}十${value % 10 ? digits[value % 10] : ''}`;
  if (value < 1000) {
    const rest = value % 100;
    return `${digits[Math.floor(value / 100)]}百${rest ? (rest < 10 ? `零${digits[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)) : ''}`;
  }
  return String(value);
}

function roman(value: number): string {
  const numerals: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let rest = value;
  let text = '';
  for (const [n, numeral] of numerals) {
    text += numeral.repeat(Math.floor(rest / n));
    rest %= n;
  }
  return text;
}

function comparable(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u00ad\u200b]/g, '');
}

/**
 * Lists whose items are automatically numbered paragraphs become those paragraphs again, each with
 * the label Word showed (一、坚持组织引领): numberedHeadings then reads them like typed ones.
 * Items are matched to the numbered paragraphs by their text, in order; a list with an item
 * that does not match stays a list.
 */
export function restoreNumberLabels(tree: Root, numbered: NumberedParagraph[]): number {
  let next = 0;
  let restored = 0;
  const labelFor = (item: ListItem): string | undefined => {
    const first = item.children[0];
    const text = first?.type === 'paragraph' ? comparable(toString(first)) : undefined;
    for (let i = next; text && i < numbered.length; i++) {
      if (numbered[i].text !== text) continue;
      next = i + 1;
      return numbered[i].label;
    }
    return undefined;
  };
  const unwrap = (list: List): RootContent[] | undefined => {
    const out: RootContent[] = [];
    for (const item of list.children) {
      // mammoth wraps an item that starts deeper than its list (a 1. under （一）) in an item of its own.
      const wrapper = item.children.every((child) => child.type === 'list');
      const label = wrapper ? undefined : labelFor(item);
      const [first, ...rest] = item.children;
      if (!wrapper && (!label || first?.type !== 'paragraph')) return undefined;
      if (!wrapper) out.push(labelled(first as Paragraph, label!));
      for (const child of wrapper ? item.children : rest) {
        if (child.type !== 'list') out.push(child);
        else {
          const inner = unwrap(child);
          if (!inner) return undefined;
          out.push(...inner);
        }
      }
    }
    return out;
  };
  tree.children = tree.children.flatMap((block) => {
    if (block.type !== 'list') return [block];
    const saved = next;
    const unwrapped = unwrap(block);
    if (!unwrapped) {
      next = saved;
      return [block];
    }
    restored += block.children.length;
    return unwrapped;
  });
  return restored;
}

/** The label in front of the paragraph's text, inside its bold run when the text starts bold. */
function labelled(paragraph: Paragraph, label: string): Paragraph {
  const [first, ...rest] = paragraph.children;
  if (first?.type === 'strong') return { ...paragraph, children: [{ ...first, children: [{ type: 'text', value: label }, ...first.children] }, ...rest] };
  return { ...paragraph, children: [{ type: 'text', value: label }, ...paragraph.children] };
}

import type { Element, Nodes, Root, Text } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { location } from 'vfile-location';
import type { SourceLine } from './source-lines.ts';

/**
 * The lines a browser shows for a saved HTML page (what "save as text" would give), each char
 * traced back to its line and column in the markup so that findings point into the .html file.
 */
export function htmlLines(html: string): SourceLine[] {
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const writer = new LineWriter(html);
  walk(tree, writer, false);
  return writer.finish();
}

const skipped = new Set(['head', 'title', 'script', 'style', 'noscript', 'template', 'select', 'textarea', 'iframe', 'object', 'input', 'button']);
const blocks = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li',
  'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);

function walk(node: Nodes, out: LineWriter, pre: boolean): void {
  if (node.type === 'text') return out.text(node, pre);
  if (node.type !== 'root' && node.type !== 'element') return;
  if (node.type === 'element') return element(node, out, pre);
  for (const child of node.children) walk(child, out, pre);
}

function element(node: Element, out: LineWriter, pre: boolean): void {
  const name = node.tagName;
  if (skipped.has(name)) return;
  if (name === 'br') return out.breakLine(true);
  const block = blocks.has(name);
  if (block) out.breakLine();
  if (name === 'td' || name === 'th') out.separate('\t');
  for (const child of node.children) walk(child, out, pre || name === 'pre');
  if (block) out.breakLine();
}

/** Builds lines of text with the source offset of every character. */
class LineWriter {
  private lines: { text: string; offsets: number[] }[] = [];
  private text_ = '';
  private offsets: number[] = [];
  private lastOffset = 0;

  constructor(private readonly html: string) {}

  text(node: Text, pre: boolean): void {
    const start = node.position?.start.offset;
    const rawOffsets = start === undefined ? undefined : decodedOffsets(this.html, start, node.position?.end.offset ?? start, node.value);
    [...node.value].reduce((i, char) => {
      const offset = rawOffsets?.[i] ?? this.lastOffset;
      this.char(char, offset, pre);
      return i + char.length;
    }, 0);
  }

  private char(char: string, offset: number, pre: boolean): void {
    this.lastOffset = offset;
    if (pre && char === '\n') return this.breakLine(true);
    if (!pre && /[ \t\n\r\f]/.test(char)) {
      if (this.text_ === '' || this.text_.endsWith(' ') || this.text_.endsWith('\t')) return;
      char = ' ';
    }
    this.push(char, offset);
  }

  private push(chars: string, offset: number): void {
    this.text_ += chars;
    for (let i = 0; i < chars.length; i++) this.offsets.push(offset);
  }

  separate(chars: string): void {
    if (this.text_ !== '') this.push(chars, this.lastOffset);
  }

  /** Ends the current line; `always` also ends an empty one (a <br> on its own). */
  breakLine(always = false): void {
    if (this.text_ === '' && !always) return;
    const trimmed = this.text_.replace(/[ \t]+$/, '');
    this.lines.push({ text: trimmed, offsets: this.offsets.slice(0, trimmed.length) });
    this.text_ = '';
    this.offsets = [];
  }

  finish(): SourceLine[] {
    this.breakLine();
    const where = location(this.html);
    return this.lines.map(({ text, offsets }) => {
      const place = (index: number) => {
        const point = where.toPoint(offsets[Math.min(index, offsets.length - 1)] ?? 0);
        return { line: point?.line ?? 1, column: point?.column ?? 1 };
      };
      return { text, line: place(0).line, place };
    });
  }
}

/** For each UTF-16 index of a text node's decoded value, the offset of its source in the markup (entities map to their `&`). */
function decodedOffsets(html: string, start: number, end: number, value: string): number[] {
  const offsets: number[] = [];
  let raw = start;
  while (offsets.length < value.length && raw < end) {
    const entity = html[raw] === '&' ? /^&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);?/i.exec(html.slice(raw, raw + 40)) : null;
    const decodedLength = entity ? entityLength(value, offsets.length) : 1;
    for (let k = 0; k < decodedLength; k++) offsets.push(raw);
    raw += entity ? entity[0].length : 1;
  }
  while (offsets.length < value.length) offsets.push(raw);
  return offsets;
}

/** A character reference decodes to one code point: one or two UTF-16 units. */
function entityLength(value: string, index: number): number {
  const code = value.codePointAt(index) ?? 0;
  return code > 0xffff ? 2 : 1;
}

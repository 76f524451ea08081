/**
 * Ends a bare URL (a GFM autolink literal) at its last ASCII character. GFM runs a bare URL up to
 * the next space and trims only ASCII punctuation; Chinese prose has no spaces, so
 * “详见https://www.zgda.gov.cn/a.html。下一句” would link the rest of the sentence. A URL is
 * ASCII (RFC 3986): the rest goes back to the paragraph as text, where further bare URLs are found
 * again. A URL that really holds Chinese characters is written in angle brackets, `<https://…>`.
 */
import type { Link, PhrasingContent, Root, Text } from 'mdast';
import type { Node } from 'unist';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const notUrl = /[^\x21-\x7e]/;

interface Point {
  line: number;
  column: number;
  offset?: number;
}

export default function remarkBareUrls() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value ?? '');
    visit(tree, 'link', (node, index, parent) => {
      if (!parent || index === undefined || !isBareUrl(node, source)) return;
      const text = (node.children[0] as Text).value;
      const cut = text.search(notUrl);
      if (cut <= 0) return;
      const start = node.position!.start;
      const pieces = splitBareUrls(text, cut, start);
      parent.children.splice(index, 1, ...(pieces as typeof parent.children));
      return [SKIP, index + pieces.length];
    });
  };
}

/** A link GFM made from a bare URL: its one text is its address (`www.` ones get `http://`), and the source has no `<` or `[` before it. */
function isBareUrl(node: Link, source: string | undefined): boolean {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  if (only?.type !== 'text' || node.position?.start.offset === undefined) return false;
  if (node.url !== only.value && node.url !== `http://${only.value}` && node.url !== `mailto:${only.value}`) return false;
  return source === undefined || !'<['.includes(source[node.position.start.offset] ?? '');
}

/** The URL up to its first non-ASCII character; the rest is prose, read again (it may hold more bare URLs). */
function splitBareUrls(text: string, cut: number, start: Point): PhrasingContent[] {
  return merge([...readInline(text.slice(0, cut), start, 0), ...readInline(text.slice(cut), start, cut)]);
}

/** One line of Markdown text with bare URLs, placed at `start` + `shift` columns; bare URLs in it are cut again. */
function readInline(value: string, start: Point, shift: number): PhrasingContent[] {
  if (!value) return [];
  const parsed = fromMarkdown(value, { extensions: [gfmAutolinkLiteral()], mdastExtensions: [gfmAutolinkLiteralFromMarkdown()] });
  const paragraph = parsed.children[0];
  if (parsed.children.length !== 1 || paragraph?.type !== 'paragraph') return [textAt(value, start, shift)];
  return paragraph.children.flatMap((piece) => {
    visit(piece as Node, (inner) => place(inner, start, shift));
    if (piece.type !== 'link' || !isBareUrl(piece, undefined)) return [piece];
    const text = (piece.children[0] as Text).value;
    const cut = text.search(notUrl);
    return cut > 0 ? splitBareUrls(text, cut, piece.position!.start) : [piece];
  });
}

function textAt(value: string, start: Point, shift: number): Text {
  const node: Text = { type: 'text', value, position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1 + value.length, offset: value.length } } };
  place(node, start, shift);
  return node;
}

/** Moves a position parsed from a piece of one line to where that piece is in the source. */
function place(node: Node, start: Point, shift: number): void {
  if (!node.position) return;
  for (const point of [node.position.start, node.position.end]) {
    point.line = start.line;
    point.column = start.column + shift + point.column - 1;
    if (point.offset !== undefined && start.offset !== undefined) point.offset = start.offset + shift + point.offset;
  }
}

/** Neighbouring text nodes become one, as the parser would have made them. */
function merge(pieces: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (piece.type === 'text' && last?.type === 'text') {
      last.value += piece.value;
      if (last.position && piece.position) last.position.end = piece.position.end;
    } else if (piece.type !== 'text' || piece.value) out.push(piece);
  }
  return out;
}

import { readFile, stat } from 'node:fs/promises';
import { recordFile } from '../core/inputs.ts';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import type { VFileMessage } from 'vfile-message';

/**
 * Invisible characters that must not reach a page or a PDF: C0 and C1 controls (tab, line feed and
 * carriage return pass), line/paragraph separators, interlinear annotation marks, and broken UTF-16. They would be
 * written into pages and PDFs unseen, break the XHTML of an EPUB, and can break out of a CSS string.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first invisible control character of a text (Markdown body, CSV), as a problem at its line and column. */
export function controlCharacterProblem(text: string, shown: string, firstLine = 1): VFileMessage | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  if (!found) return undefined;
  const before = text.slice(0, found.index).split('\n');
  const line = firstLine + before.length - 1;
  const column = Array.from(before.at(-1) ?? '').length + 1;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return problem(shown, { line, column }, ...sayProblem('control-character-text', { code }));
}

/** Content files larger than this are refused: nothing an editor writes is this big. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export type TextResult = { text: string } | { error: VFileMessage };

/** Reads a content file as UTF-8 (BOM dropped); refuses oversized files and other encodings with a fix. */
export async function readContentText(path: string, shown = path): Promise<TextResult> {
  const { size } = await stat(path);
  if (size > MAX_TEXT_BYTES) {
    return { error: problem(shown, { line: 1, column: 1 }, ...sayProblem('file-size', { size, max: MAX_TEXT_BYTES })) };
  }
  const bytes = await readFile(path);
  recordFile(path, bytes);
  return decodeUtf8(bytes, shown);
}

export function decodeUtf8(bytes: Uint8Array, shown: string): TextResult {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, '') };
  } catch {
    const { line, column } = firstInvalidByte(bytes);
    const guess = guessEncoding(bytes);
    const name = shown.split(/[\\/]/).pop() ?? 'file';
    return {
      error: problem(shown, { line, column }, ...sayProblem('encoding', { guess: guess?.name, iconv: guess?.iconv ?? 'GB18030', name })),
    };
  }
}

function guessEncoding(bytes: Uint8Array): { name: string; iconv: string } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { name: 'UTF-16LE', iconv: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { name: 'UTF-16BE', iconv: 'UTF-16' };
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    if (/[\u4e00-\u9fff]/.test(text)) return { name: 'GB18030/GBK', iconv: 'GB18030' };
  } catch {
    /* not GB18030 either */
  }
  try {
    const text = new TextDecoder('big5', { fatal: true }).decode(bytes);
    if (/[\u4e00-\u9fff]/.test(text)) return { name: 'Big5', iconv: 'BIG5' };
  } catch {
    /* not Big5 either */
  }
  return undefined;
}

/** Line and column (in characters) of the first byte that breaks UTF-8. */
function firstInvalidByte(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; column++) {
    const length = sequenceLength(bytes, i);
    if (!length) return { line, column };
    if (bytes[i] === 0x0a) {
      line++;
      column = 0;
    }
    i += length;
  }
  return { line, column: 1 };
}

function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  const need = lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf5 ? 3 : -1;
  if (need < 0) return 0;
  for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  return need + 1;
}

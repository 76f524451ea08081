import type { VFileMessage } from 'vfile-message';
import { readPage, type PageMeta } from './chrome.ts';
import { declaredCharset, decodePage, type Decoded } from './decode.ts';
import { blocksOf, type Block } from './headings.ts';
import { htmlLines } from './html.ts';
import { lintFigures, type Finding } from './lint-figures.ts';
import { restorePunctuation, tidySpaces } from './punctuation.ts';
import { applyEdits, findEdits, type Edit, type Reading } from './readings.ts';
import { isBlank, textLines, withText } from './source-lines.ts';

/** One saved page, read: its metadata, its body as blocks, and the figures to check. */
export interface ImportedPage {
  file: string;
  decoded: Omit<Decoded, 'text'>;
  format: 'text' | 'html';
  meta: PageMeta;
  blocks: Block[];
  findings: Finding[];
  /** Where the confirmed readings were applied. */
  edits: Edit[];
}

/** Reads one saved page (.txt or .html, any of the usual encodings); writes nothing. */
export function importPage(file: string, bytes: Uint8Array, readings: Reading[] = []): { page?: ImportedPage; problems: VFileMessage[] } {
  const format = isHtml(file, bytes) ? 'html' : 'text';
  const { text, ...decoded } = decodePage(bytes, format === 'html' ? declaredCharset(bytes) : undefined);
  const lines = format === 'html' ? htmlLines(text) : textLines(text);
  const { page, problems } = readPage(lines, file);
  if (!page) return { problems };

  const body = page.body.map((line) => withText(line, restorePunctuation(line.text)));
  const findings = lintFigures(body);
  const edits = findEdits(body, readings);
  const blocks = body
    .filter((line) => !isBlank(line))
    .map((line) => tidySpaces(applyEdits(line, edits)))
    .filter(Boolean)
    .flatMap(blocksOf);
  return { page: { file, decoded, format, meta: page.meta, blocks, findings, edits }, problems };
}

function isHtml(file: string, bytes: Uint8Array): boolean {
  if (/\.x?html?$/i.test(file)) return true;
  if (/\.txt$/i.test(file)) return false;
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** A finding an applied reading covers: an editor has decided it. */
export function isResolved(finding: Finding, edits: Edit[]): boolean {
  return edits.some((edit) => edit.line === finding.line && edit.start < finding.end && finding.start < edit.end);
}

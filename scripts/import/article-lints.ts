import type { Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFileMessage } from 'vfile-message';
import { parseMarkdown } from '../transform/processor.ts';
import { problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';
import { lintFigures } from './lint-figures.ts';
import { restorePunctuation } from './punctuation.ts';
import type { SourceLine } from './source-lines.ts';
import { findingWarning } from './warnings.ts';

/**
 * The page importer's figure and punctuation lints, run on an article file as the build will read
 * it: each text of its body, placed at its line and column of the file. Code, directives and
 * footnote labels are not text, so they are not linted.
 */
export function lintArticle(markdown: string, file: string): VFileMessage[] {
  const lines = textLines(markdown, file);
  const figures = lintFigures(lines).map((finding) => findingWarning(file, finding));
  return [...figures, ...lines.flatMap((line) => punctuationWarnings(line, file))];
}

function textLines(markdown: string, file: string): SourceLine[] {
  const lines: SourceLine[] = [];
  visit(parseMarkdown(markdown, file), 'text', (node: Text) => {
    const start = node.position?.start;
    if (!start || start.offset === undefined) return;
    // Where the source spells the text as it reads (no escapes), each character has its own column.
    const exact = markdown.slice(start.offset, node.position!.end.offset) === node.value;
    node.value.split('\n').forEach((part, i) => {
      const line = start.line + i;
      const column = i === 0 ? start.column : 1;
      lines.push({ text: part, line, place: (index) => ({ line, column: exact ? column + index : column }) });
    });
  });
  return lines;
}

/** ASCII , : ; ? ! ( ) in Chinese text, where the magazine prints ， ： ； ？ ！ （ ）. */
function punctuationWarnings(line: SourceLine, file: string): VFileMessage[] {
  const restored = restorePunctuation(line.text);
  const warnings: VFileMessage[] = [];
  for (let i = 0; i < line.text.length; i++) {
    if (restored[i] === line.text[i]) continue;
    const warning = problem(file, line.place(i), ...sayProblem('punctuation-width', { half: line.text[i], full: restored[i] }));
    warning.fatal = false;
    warning.actual = line.text[i];
    warning.expected = [restored[i]];
    warnings.push(warning);
  }
  return warnings;
}

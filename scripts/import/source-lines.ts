import type { Place } from '../report/problems.ts';

/**
 * One line of page text as a browser shows it, with the way back to the input file: a saved .txt
 * maps index i to column i + 1 of its line; an HTML page maps it into the markup.
 */
export interface SourceLine {
  text: string;
  /** The input file's line of the first character. */
  line: number;
  /** Where the character at `index` of `text` is in the input file. */
  place(index: number): Place;
}

/** The lines of a plain-text page. */
export function textLines(text: string): SourceLine[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => plainLine(line, i + 1));
}

export function plainLine(text: string, line: number, firstColumn = 1): SourceLine {
  return { text, line, place: (index) => ({ line, column: firstColumn + index }) };
}

/** The same line with other text of equal length (punctuation restored in place). */
export function withText(source: SourceLine, text: string): SourceLine {
  if (text.length !== source.text.length) throw new Error('withText needs text of the same length');
  return { ...source, text };
}

const blank = /^[\s\u00a0\u3000\ufeff]*$/;

export function isBlank(line: SourceLine): boolean {
  return blank.test(line.text);
}

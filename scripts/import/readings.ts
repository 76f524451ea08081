import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { VFileMessage } from 'vfile-message';
import { parseAndValidate, placeOf } from '../load/yaml.ts';
import { problem, type Place } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';
import { restorePunctuation } from './punctuation.ts';
import type { SourceLine } from './source-lines.ts';

/**
 * Readings an editor confirmed for damaged figures: a YAML list of
 * `{ text: 4711340人, reading: 471户1340人, line?: 12, note?: … }`. `line` limits a reading to
 * that line of the saved page; a reading equal to its text records that the figure stays.
 */
export const readingsSchema = z.array(
  z.strictObject({
    text: z.string().min(1, 'must not be empty').describe('the text as the saved page has it'),
    reading: z.string().describe('the confirmed reading'),
    line: z.number().int().positive().optional().describe('the line of the saved page (default: every line)'),
    note: z.string().optional().describe('why, or how certain'),
  }),
);

export interface Reading {
  text: string;
  reading: string;
  line?: number;
  note?: string;
  /** Where the reading is in its file. */
  at: { file: string } & Place;
}

/** Reads and checks a readings file; throws nothing, returns problems instead. */
export async function loadReadings(path: string): Promise<{ readings: Reading[]; problems: VFileMessage[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { readings: [], problems: [problem(path, undefined, ...sayProblem('reading-file', { detail: (error as Error).message }))] };
  }
  const parsed = parseAndValidate(text, path, readingsSchema);
  if ('problems' in parsed) return { readings: [], problems: parsed.problems };
  const readings = parsed.value.map((entry, i) => ({ ...entry, at: { file: path, ...placeOf(parsed.source, [i]) } }));
  return { readings, problems: [] };
}

/** One replacement of a reading's text in a line. */
export interface Edit {
  line: SourceLine;
  start: number;
  end: number;
  reading: Reading;
}

/** Full-width ，：；（）？！ as ASCII, one for one: an editor may write either in a reading. */
function foldPunctuation(text: string): string {
  return text.replace(/[，：；（）？！]/g, (mark) => String.fromCharCode(mark.charCodeAt(0) - 0xfee0));
}

/** Every place where a reading applies: its text, on its line if it names one, never overlapping an earlier reading. */
export function findEdits(lines: SourceLine[], readings: Reading[]): Edit[] {
  const edits: Edit[] = [];
  for (const reading of readings) {
    const wanted = foldPunctuation(reading.text);
    for (const line of lines) {
      const text = foldPunctuation(line.text);
      for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + wanted.length)) {
        const edit = { line, start: at, end: at + reading.text.length, reading };
        if (reading.line !== undefined && line.place(at).line !== reading.line) continue;
        if (!edits.some((other) => other.line === line && other.start < edit.end && edit.start < other.end)) edits.push(edit);
      }
    }
  }
  return edits;
}

/** The line's text with its edits applied (right to left, so earlier indexes hold), punctuation restored in the readings too. */
export function applyEdits(line: SourceLine, edits: Edit[]): string {
  const mine = edits.filter((edit) => edit.line === line).sort((a, b) => b.start - a.start);
  if (!mine.length) return line.text;
  return restorePunctuation(mine.reduce((text, edit) => text.slice(0, edit.start) + edit.reading.reading + text.slice(edit.end), line.text));
}

/** Readings that matched nothing in any of the pages: a typo, or a line number that is off. */
export function unusedReadings(readings: Reading[], edits: Edit[]): VFileMessage[] {
  return readings
    .filter((reading) => !edits.some((edit) => edit.reading === reading))
    .map((reading) =>
      problem(
        reading.at.file,
        reading.at,
        ...sayProblem('reading-unused', { text: reading.text, line: reading.line || undefined }),
      ),
    );
}

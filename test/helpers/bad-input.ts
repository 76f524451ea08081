/**
 * The bad-input corpus (test/fixtures/bad-input/): each case is a folder holding only the files
 * that differ from a small valid content tree (minimalContent + _base/), and expected.json:
 *
 *   {
 *     "about": "what the case is",
 *     "exit": 1,
 *     "problems": [{ "file": "2020-01/articles/a.md", "line": 4, "column": 1, "message": "regex" }],
 *     "sorted": true,                          // the problems must be reported in this order
 *     "mayHang": true,                         // run as a process the test's timeout can abandon (no wall-clock bound)
 *     "symlinks": { "path": "target" },        // created after the files are copied
 *     "encode": { "path": { "encoding": "gbk" | "utf16le-bom", "text": "…" } },
 *     "generate": { "path": { "head": "…", "repeat": "…", "bytes": 3000000 } }
 *   }
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { makeContent } from './content.ts';

export const corpusDir = join(import.meta.dirname, '../fixtures/bad-input');
export const baseDir = join(corpusDir, '_base');

export interface ExpectedProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Expected {
  about: string;
  exit: number;
  problems: ExpectedProblem[];
  sorted?: boolean;
  mayHang?: boolean;
  fix?: string;
  symlinks?: Record<string, string>;
  encode?: Record<string, { encoding: 'gbk' | 'utf16le-bom'; text: string }>;
  generate?: Record<string, { head: string; repeat: string; bytes: number }>;
}

export function caseNames(): string[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort();
}

export function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(join(corpusDir, name, 'expected.json'), 'utf8')) as Expected;
}

/** The valid content tree every case starts from. */
export function baseContent(): string {
  const dir = makeContent();
  cpSync(baseDir, dir, { recursive: true });
  return dir;
}

/** A content folder for one case: the base, the case's files, then its symlinks and generated files. */
export function caseContent(name: string): { dir: string; expected: Expected } {
  const dir = baseContent();
  const expected = expectedOf(name);
  const folder = join(corpusDir, name);
  for (const entry of readdirSync(folder)) if (entry !== 'expected.json') cpSync(join(folder, entry), join(dir, entry), { recursive: true });
  for (const [path, target] of Object.entries(expected.symlinks ?? {})) {
    const at = join(dir, path);
    mkdirSync(dirname(at), { recursive: true });
    if (existsSync(at)) rmSync(at);
    symlinkSync(target, at);
  }
  for (const [path, { encoding, text }] of Object.entries(expected.encode ?? {})) {
    const bytes = encoding === 'utf16le-bom' ? Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]) : iconv.encode(text, encoding);
    writeAt(join(dir, path), bytes);
  }
  for (const [path, { head, repeat, bytes }] of Object.entries(expected.generate ?? {})) {
    const times = Math.ceil(bytes / Buffer.byteLength(repeat));
    writeAt(join(dir, path), head + repeat.repeat(times));
  }
  return { dir, expected };
}

function writeAt(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** One problem as vfile-reporter prints it. */
export interface ReportedProblem {
  file: string;
  line: number;
  column: number;
  text: string;
  fix?: string;
}

/**
 * Reads the problems out of a report (vfile-reporter style): a file name line, then for each
 * problem `line:column[-line:column] error reason … rule daan` and `  fix: …`.
 */
export function parseReport(report: string): ReportedProblem[] {
  const problems: ReportedProblem[] = [];
  let file = '';
  for (const line of report.split('\n')) {
    const entry = /^(\d+):(\d+)(?:-\d+:\d+)?\s+(?:error|warning)\s+(.*)$/.exec(line);
    if (entry) {
      problems.push({ file, line: Number(entry[1]), column: Number(entry[2]), text: entry[3] });
      continue;
    }
    const fix = /^\s+fix: (.*)$/.exec(line);
    if (fix && problems.length) {
      problems.at(-1)!.fix = fix[1];
      continue;
    }
    if (line && !/^\s|^[✖⚠]|^\[/.test(line)) file = line.trim();
  }
  return problems;
}

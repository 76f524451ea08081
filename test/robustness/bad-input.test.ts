/**
 * The bad-input corpus (test/fixtures/bad-input/, see test/helpers/bad-input.ts), case by case,
 * through the CLI's own entry (a few cases also through a `daan` process): `daan build --no-pdf`
 * exits 1 with every problem at its file, line and column, with a fix and no stack trace, and
 * leaves a previous out/ byte-identical with nothing beside it; `daan check` reports the same
 * problems and writes nothing.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseContent, caseContent, caseNames, expectedOf, parseReport, type ReportedProblem } from '../helpers/bad-input.ts';
import { daan, daanArgv, daanHere, repoRoot } from '../helpers/cli.ts';
import { hashTree } from '../helpers/tree.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

/** `daan …` in a child process without blocking the other cases. */
function daanAsync(args: string[], cwd = repoRoot): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(...daanArgv(args), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let previousOut: string;
let previousHash: string;

afterAll(removeTemporary);

beforeAll(() => {
  // One good build of the base content: every case starts from a copy of it.
  previousOut = join(temporary(mkdtempSync(join(tmpdir(), 'daan-bad-prev-'))), 'out');
  const result = daan(['build', '--no-pdf', '--quiet', '--content', temporary(baseContent()), '--out', previousOut]);
  if (result.code !== 0) throw new Error(`building the base content failed (exit ${result.code}):\n${result.output}`);
  previousHash = hashTree(previousOut);
});

function relativeTo(dir: string, problems: ReportedProblem[]): ReportedProblem[] {
  return problems.map((p) => ({ ...p, file: p.file.startsWith(`${dir}/`) ? p.file.slice(dir.length + 1) : p.file }));
}

describe('the base content of the corpus', () => {
  it('builds, with its image and data table', () => {
    const files = readdirSync(join(previousOut, '2020-01'), { recursive: true }).map(String);
    // The web copies of the image (the original itself is never published).
    expect(files.some((f) => /^images[\\/]red-\d+\.[0-9a-f]+\.(png|webp)$/.test(f)), files.join('\n')).toBe(true);
    expect(files).toContain('di-er-pian.html');
  });
});

/** Runs `daan args…` (in `cwd`), as a process or inside this one. */
type Runner = (args: string[], cwd?: string) => Promise<{ code: number | null; stdout: string; stderr: string }>;
const asProcess: Runner = daanAsync;
const inProcess: Runner = (args, cwd) => daanHere(args, { cwd });

async function expectReported(name: string, runner: Runner): Promise<void> {
  const { dir, expected } = caseContent(name);
  temporary(dir);
  const contentHash = hashTree(dir);
  const parent = temporary(mkdtempSync(join(tmpdir(), 'daan-bad-out-')));
  const out = join(parent, 'out');
  cpSync(previousOut, out, { recursive: true });

  const build = await runner(['build', '--no-pdf', '--content', dir, '--out', out]);
  expect(build.code, build.stderr).toBe(expected.exit);
  expect(build.stderr).not.toMatch(/\n\s+at |internal error/);
  const problems = relativeTo(dir, parseReport(build.stderr));
  expect(problems.length, `${expected.about}:\n${build.stderr}`).toBe(expected.problems.length);
  expected.problems.forEach((want, i) => {
    const got = problems[i];
    expect({ file: got.file, line: got.line, column: got.column }, `${expected.about}: problem ${i + 1}: ${got.text}`).toEqual({ file: want.file, line: want.line, column: want.column });
    expect(got.text).toMatch(new RegExp(want.message));
    expect(got.fix, `${got.text} has a fix`).toBeTruthy();
  });
  if (expected.fix) expect(problems.map((p) => p.fix).join('\n')).toMatch(new RegExp(expected.fix));
  expect(build.stderr.trimEnd()).toMatch(/✖ \d+ errors?$/);
  // The previous output is exactly as it was, and nothing was left beside it.
  expect(hashTree(out)).toBe(previousHash);
  expect(readdirSync(parent)).toEqual(['out']);

  // `daan check` reports the same problems, and writes nothing (not even in its working folder).
  const cwd = temporary(mkdtempSync(join(tmpdir(), 'daan-bad-cwd-')));
  const check = await runner(['check', '--content', dir], cwd);
  expect(check.code).toBe(expected.exit);
  expect(relativeTo(dir, parseReport(check.stderr))).toEqual(problems);
  expect(readdirSync(cwd)).toEqual([]);
  expect(hashTree(dir)).toBe(contentHash);
}

// Each case runs the CLI inside this process (see daanHere): what is reported and written is the
// same, without starting two processes a case. A case that could hang (mayHang: YAML alias
// expansion) runs as a process, which the test's timeout can abandon; so do a few cases, for the exit code and stderr
// of the real command.
describe.concurrent('bad input', () => {
  it.each(caseNames())('%s', (name) => expectReported(name, expectedOf(name).mayHang ? asProcess : inProcess));
});

describe.concurrent('bad input, through the daan process', () => {
  it.each(['several-problems', 'not-utf8-gbk', 'template-syntax'])('%s', (name) => expectReported(name, asProcess));
});

describe('bad input in a build with PDFs', () => {
  it('stops before printing: the same problems, no PDF, out/ as it was', async () => {
    const { dir, expected } = caseContent('missing-glyph');
    temporary(dir);
    const parent = temporary(mkdtempSync(join(tmpdir(), 'daan-bad-out-')));
    const out = join(parent, 'out');
    cpSync(previousOut, out, { recursive: true });
    const build = await daanAsync(['build', '--content', dir, '--out', out]);
    expect(build.code, build.stderr).toBe(1);
    const problems = relativeTo(dir, parseReport(build.stderr));
    expect(problems.map((p) => [p.file, p.line, p.column])).toEqual(expected.problems.map((p) => [p.file, p.line, p.column]));
    expect(build.stdout).not.toMatch(/printed/);
    expect(hashTree(out)).toBe(previousHash);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});

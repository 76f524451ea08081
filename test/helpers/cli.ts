/** Runs the real `daan` CLI in a child process, as a user would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

// Tests assert the English messages whatever the machine's locale (LANG=zh_CN.UTF-8 would make
// `daan` speak Chinese); every CLI a test starts inherits this. test/report/language.test.ts
// starts it in Chinese on purpose.
process.env.DAAN_LANG = 'en';

/** The argv that runs `daan args…` as `npm run`/a user does: node and bin/daan.mjs. */
export function daanArgv(args: string[]): [string, string[]] {
  return [process.execPath, [join(repoRoot, 'bin/daan.mjs'), ...args]];
}

export function daan(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(...daanArgv(args), {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}

/** A `daan` run in the background: its process, how it ended, and its output so far (stdout and stderr as they came). */
export interface RunningDaan {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

export function startDaan(args: string[]): RunningDaan {
  const child = spawn(...daanArgv(args), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

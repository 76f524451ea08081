/** Runs the real `daan` CLI in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
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

/** Runs the real `daan` CLI in a child process, as a user would. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { format } from 'node:util';

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

export function startDaan(args: string[], env: NodeJS.ProcessEnv = {}): RunningDaan {
  const child = spawn(...daanArgv(args), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

export interface DaanResult {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

interface Capture {
  stdout: string;
  stderr: string;
  output: string;
}

const capturing = new AsyncLocalStorage<Capture>();
let captureInstalled = false;

/** Routes what a `daanHere` call writes (console.* and process.stdout/stderr) to its own capture; everything else passes through. */
function installCapture(): void {
  if (captureInstalled) return;
  captureInstalled = true;
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = streams[name];
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const capture = capturing.getStore();
      if (!capture) return original(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      capture[name] += text;
      capture.output += text;
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  }
  for (const [method, name] of [['log', 'stdout'], ['info', 'stdout'], ['warn', 'stderr'], ['error', 'stderr']] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const capture = capturing.getStore();
      if (!capture) return original(...args);
      const text = `${format(...args)}\n`;
      capture[name] += text;
      capture.output += text;
    };
  }
}

let running: Promise<unknown> = Promise.resolve();

/**
 * `daan args…` run inside this test process: the CLI's own entry (main() of scripts/cli/main.ts,
 * and what bin/daan.mjs does with a failure) with its output captured, as `daan()` returns it.
 * It spares the half second of CPU that starting a `daan` process costs, for tests about what a
 * command reports and writes rather than about the process (exit on a signal, locks held by
 * another process, what a fresh process prints once): those use `daan()`/`startDaan()`. Calls
 * run one at a time (they share the process' working folder, environment and output).
 */
export function daanHere(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<DaanResult> {
  const result = running.then(() => runHere(args, options));
  running = result.catch(() => undefined);
  return result;
}

async function runHere(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<DaanResult> {
  installCapture();
  const [{ main }, { say }] = await Promise.all([import('../../scripts/cli/main.ts'), import('../../scripts/report/messages.ts')]);
  const cwd = process.cwd();
  const env = { ...process.env };
  const capture: Capture = { stdout: '', stderr: '', output: '' };
  // Its output goes to a pipe, as that of a `daan` a test starts: plain lines, no colour.
  const terminal = { stdout: process.stdout.isTTY, stderr: process.stderr.isTTY };
  process.stdout.isTTY = false;
  process.stderr.isTTY = false;
  process.chdir(options.cwd ?? repoRoot);
  Object.assign(process.env, options.env);
  try {
    const code = await capturing.run(capture, async () => {
      try {
        return await main(args);
      } catch (error) {
        // As bin/daan.mjs (scripts/cli/daan.ts) reports a failure the CLI did not expect.
        console.error(say('cli-internal-error', { stack: String((error as Error)?.stack ?? error) }));
        return 2;
      }
    });
    return { code, ...capture };
  } finally {
    process.stdout.isTTY = terminal.stdout;
    process.stderr.isTTY = terminal.stderr;
    process.chdir(cwd);
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
    Object.assign(process.env, env);
  }
}

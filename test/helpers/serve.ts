/** Runs `daan serve` in a child process, as a user would, and stops it for sure afterwards. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daanArgv, repoRoot } from './cli.ts';

export interface ServeChild {
  child: ChildProcess;
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the output (from `from` on) matches. */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** A copy of content/ (the default edition) in a fresh temporary folder: { dir, content, out }. */
export function contentCopy(): { dir: string; content: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'daan-serve-'));
  const content = join(dir, 'content');
  cpSync(join(repoRoot, 'content'), content, { recursive: true });
  return { dir, content, out: join(dir, 'out') };
}

export async function startServe(args: string[], timeoutMs = 120_000): Promise<ServeChild> {
  const child = spawn(...daanArgv(['serve', '--port', '0', ...args]), {
    cwd: repoRoot,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // If the test process ends before stop() (a crash, a timeout), the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  child.once('exit', () => {
    for (const listener of listeners) listener();
  });

  function waitFor(pattern: RegExp, ms = 60_000, from = 0): Promise<RegExpMatchArray> {
    return new Promise((done, fail) => {
      const check = () => {
        const match = text.slice(from).match(pattern);
        if (match) return finish(() => done(match));
        if (child.exitCode !== null || child.signalCode !== null) return finish(() => fail(new Error(`daan serve exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text}`)));
      };
      const timer = setTimeout(() => finish(() => fail(new Error(`daan serve did not print ${pattern} within ${ms} ms:\n${text}`))), ms);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        then();
      };
      listeners.add(check);
      check();
    });
  }

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killed);
  };

  try {
    const match = await waitFor(/serving (http:\/\/127\.0\.0\.1:\d+\/)/, timeoutMs);
    return { child, url: match[1], output: () => text, waitFor, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

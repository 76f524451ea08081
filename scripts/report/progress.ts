/**
 * What a long build is doing, as it does it: editions, articles, documents printed, with counts
 * and elapsed time.
 *
 * - On a terminal (TTY, not CI): one status line, redrawn in place —
 *     `⠹ 12.4 s  print · editions 1/1 · articles 1/1 · documents 0/1  daan-2017-09.pdf`
 *   with milestones (and, with --verbose, every step) printed as lines above it.
 * - Elsewhere (a pipe, a log file, CI=true): plain lines, one per step, each with the elapsed time:
 *     `[  3.2 s] printed daan-2017-09.pdf (1/1 documents; 215748 bytes, 2 prints)`
 * - `--quiet`: nothing (problems are reported by the CLI, on stderr); `--verbose`: every step.
 *
 * The build emits events (phase, count, tick, info, debug, done); how they are shown is decided here.
 */
import { say } from './messages.ts';

export type Verbosity = 'quiet' | 'normal' | 'verbose';
export type ProgressMode = 'tty' | 'plain';

export interface Progress {
  /** A stage begins: load, transform, check, render, print, emit. */
  phase(name: string): void;
  /**
   * Declares a counter and how many items it will count ("articles", 12). `steps: 'verbose'` shows
   * a line per item only with --verbose (in plain mode); by default every item gets a line.
   */
  count(name: string, total: number, options?: { steps?: 'normal' | 'verbose' }): void;
  /** One more item of a counter is done: what it was, and optional detail for its line. */
  tick(name: string, label: string, detail?: string): void;
  /** A milestone: shown unless --quiet. */
  info(line: string): void;
  /** A step only --verbose shows. */
  debug(line: string): void;
  /** The work is finished: clears the status line and prints the summary (unless --quiet). */
  done(summary?: string): void;
  /** The work failed: clears the status line; the CLI reports the problems. */
  fail(): void;
  /** Seconds since the progress began. */
  elapsed(): number;
}

export interface ProgressOptions {
  verbosity?: Verbosity;
  /** Default: 'tty' when the stream is a terminal and CI is not set, else 'plain'. */
  mode?: ProgressMode;
  stream?: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  env?: NodeJS.ProcessEnv;
  /** Milliseconds between redraws of the status line (TTY mode). */
  interval?: number;
  now?: () => number;
}

/** True when running under a CI service (CI=true, CI=1, …; CI=false and CI=0 do not count). */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The verbosity of the common CLI options --quiet and --verbose. */
export function verbosityOf(values: { quiet?: unknown; verbose?: unknown }): Verbosity {
  return values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal';
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

interface Counter {
  done: number;
  total: number;
  steps: 'normal' | 'verbose';
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stdout;
  const verbosity = options.verbosity ?? 'normal';
  const mode: ProgressMode = options.mode ?? (stream.isTTY && !isCI(options.env) ? 'tty' : 'plain');
  const now = options.now ?? Date.now;
  const started = now();
  const counters = new Map<string, Counter>();
  let phase = '';
  let current = '';
  let frame = 0;
  let statusShown = false;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;

  const elapsed = () => (now() - started) / 1000;
  const stamp = () => `[${elapsed().toFixed(1).padStart(5)} s]`;
  const quiet = verbosity === 'quiet';
  const tty = mode === 'tty' && !quiet;

  function clearStatus(): void {
    if (statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  }

  function drawStatus(): void {
    if (!tty || finished) return;
    const counts = [...counters].map(([name, c]) => `${say('progress-name', { name })} ${c.done}/${c.total}`).join(' · ');
    const parts = [`${SPINNER[frame++ % SPINNER.length]} ${elapsed().toFixed(1)} s`, [phase && say('progress-name', { name: phase }), counts].filter(Boolean).join(' · '), current].filter(Boolean);
    let line = parts.join('  ');
    const width = (stream.columns || 80) - 1;
    if ([...line].length > width) line = `${[...line].slice(0, Math.max(0, width - 1)).join('')}…`;
    stream.write(`\r\x1b[2K${line}`);
    statusShown = true;
  }

  function print(line: string): void {
    if (quiet) return;
    if (tty) {
      clearStatus();
      stream.write(`${line}\n`);
      drawStatus();
    } else {
      stream.write(`${stamp()} ${line}\n`);
    }
  }

  function ensureTimer(): void {
    if (!tty || timer || finished) return;
    timer = setInterval(drawStatus, options.interval ?? 100);
    timer.unref?.();
  }

  function stop(): void {
    finished = true;
    if (timer) clearInterval(timer);
    timer = undefined;
    clearStatus();
  }

  return {
    phase(name) {
      phase = name;
      current = '';
      if (verbosity === 'verbose') print(`${say('progress-name', { name })}…`);
      ensureTimer();
      drawStatus();
    },
    count(name, total, countOptions) {
      counters.set(name, { done: 0, total, steps: countOptions?.steps ?? 'normal' });
      ensureTimer();
      drawStatus();
    },
    tick(name, label, detail) {
      const counter = counters.get(name) ?? { done: 0, total: 0, steps: 'normal' as const };
      counter.done += 1;
      counter.total = Math.max(counter.total, counter.done);
      counters.set(name, counter);
      current = label;
      const shown = verbosity === 'verbose' || (counter.steps === 'normal' && !tty);
      if (shown) print(`${label} (${counter.done}/${counter.total} ${say('progress-name', { name })}${detail ? `; ${detail}` : ''})`);
      else drawStatus();
    },
    info(line) {
      print(line);
    },
    debug(line) {
      if (verbosity === 'verbose') print(line);
    },
    done(summary) {
      stop();
      if (summary && !quiet) stream.write(`${summary}\n`);
    },
    fail() {
      stop();
    },
    elapsed,
  };
}

/** A progress that writes nothing (library callers, tests). */
export const silentProgress: Progress = createProgress({ verbosity: 'quiet', mode: 'plain', stream: { write: () => true } });

/** Adapts the older `log(line)` callback: every milestone and summary becomes one line. */
export function progressFromLog(log: (line: string) => void): Progress {
  const started = Date.now();
  return {
    phase: () => {},
    count: () => {},
    tick: (name, label, detail) => log(`${label}${detail ? ` (${detail})` : ''}`),
    info: (line) => log(line),
    debug: () => {},
    done: (summary) => summary && log(summary),
    fail: () => {},
    elapsed: () => (Date.now() - started) / 1000,
  };
}

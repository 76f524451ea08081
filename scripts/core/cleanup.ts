/**
 * The one registry of what happens when the process ends — normally, on Ctrl-C (SIGINT) or
 * SIGTERM: a staging folder to remove, a lock to release, browsers to kill (atExit), and the
 * commands that run until interrupted (untilInterrupted: `daan serve`). Exit tasks are synchronous
 * (they run in the 'exit' event) and must not throw. A signal first ends the waits of
 * untilInterrupted, so that their command closes in order; with none waiting (or on a second
 * signal) the process exits with 128 + the signal's number, after the tasks ran. The signal
 * handlers are installed only while something is registered, so that with nothing the process
 * keeps Node's own behaviour.
 */
const tasks = new Set<() => void>();
const waiting = new Set<() => void>();
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');

function onSignal(signal: keyof typeof EXIT_CODES): void {
  if (!waiting.size) process.exit(EXIT_CODES[signal]);
  for (const wake of [...waiting]) wake();
  waiting.clear();
  update();
}

function runAll(): void {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // A clean-up that fails leaves its leftovers to the next run; the others still run.
    }
  }
}

let installed = false;

/** The handlers are there exactly while a task or a wait is registered. */
function update(): void {
  const wanted = tasks.size > 0 || waiting.size > 0;
  if (wanted === installed) return;
  installed = wanted;
  const method = wanted ? 'on' : 'off';
  process[method]('exit', runAll);
  process[method]('SIGINT', onSigint);
  process[method]('SIGTERM', onSigterm);
}

/** Runs `task` when the process ends, until the returned function is called. */
export function atExit(task: () => void): () => void {
  tasks.add(task);
  update();
  return () => {
    if (tasks.delete(task)) update();
  };
}

/** Resolves at the next SIGINT or SIGTERM (which then does not end the process by itself). */
export function untilInterrupted(): Promise<void> {
  return new Promise<void>((resume) => {
    waiting.add(resume);
    update();
  });
}

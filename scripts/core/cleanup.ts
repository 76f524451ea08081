/**
 * One registry of what must be undone when the process ends — normally, on Ctrl-C (SIGINT) or
 * SIGTERM: a staging folder to remove, browsers to kill. Tasks are synchronous (they run in the
 * 'exit' event) and must not throw. A signal exits with 128 + its number, after the tasks ran.
 * The handlers are installed while at least one task is registered, so that with none the
 * process keeps Node's own behaviour.
 */
const tasks = new Set<() => void>();
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
const onSigint = () => process.exit(EXIT_CODES.SIGINT);
const onSigterm = () => process.exit(EXIT_CODES.SIGTERM);

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

/** Runs `task` when the process ends, until the returned function is called. */
export function atExit(task: () => void): () => void {
  if (tasks.size === 0) {
    process.on('exit', runAll);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }
  tasks.add(task);
  return () => {
    if (!tasks.delete(task) || tasks.size) return;
    process.off('exit', runAll);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  };
}

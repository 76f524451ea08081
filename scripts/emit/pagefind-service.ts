/**
 * Pagefind's service process, as the pagefind package starts it (createIndex), watched:
 *
 * - its own messages are kept, not shown. When a write fails (a full disk), Pagefind panics and
 *   prints a Rust panic with a backtrace where the editor reads the build's log;
 * - when it stops unasked, what waits on it fails at once with what it said. The package notices
 *   only when it next writes to the process, and then prints a Node stack ("Service stopped …"):
 *   a build whose last request was pending would wait for ever.
 *
 * The package offers no hook for either, so the one `spawn` it makes is given piped stderr, and
 * errors on the process's stdin are left to its exit.
 */
import childProcess, { type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { close, createIndex, type PagefindIndex } from 'pagefind';

interface Watched {
  child: ChildProcess;
  /** What the process wrote to stderr (its first 16 KB). */
  said: string;
  /** Set before the build stops it: its exit is then no failure. */
  stopping: boolean;
  /** Set when it has ended unasked. */
  died: boolean;
}

let current: Watched | undefined;
let stoppedUnasked: PagefindStopped | undefined;

/** Pagefind's process ended while the build still used it: its exit, and the error its panic names. */
export interface PagefindStopped {
  exit: string;
  /** The panic's message, its first line ("called `Result::unwrap()` on an `Err` value: Os { code: 28, … }"). */
  panic?: string;
  /** The system error the panic names (ENOSPC …), as Node names it. */
  code?: string;
}

/** A new index, starting the service first where it is not running (its stderr kept, its exit watched). */
export async function createWatchedIndex(): Promise<{ index?: PagefindIndex; errors: string[] }> {
  const spawn = childProcess.spawn;
  let spawned: ChildProcess | undefined;
  // The package calls spawn synchronously inside createIndex, once per service.
  childProcess.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) => {
    spawned = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    return spawned;
  }) as typeof spawn;
  let created: ReturnType<typeof createIndex>;
  try {
    created = createIndex({});
  } finally {
    childProcess.spawn = spawn;
  }
  if (spawned) watch(spawned);
  const service = current;
  const made = await created;
  return made.index ? { ...made, index: service ? guarded(made.index, service) : made.index } : made;
}

/**
 * The index's requests, refused once its service has died: the package would start a new service
 * for them (which knows no such index).
 */
function guarded(index: PagefindIndex, service: Watched): PagefindIndex {
  const requests = Object.entries(index).map(([name, request]) => [
    name,
    (...args: unknown[]) => (service.died ? Promise.reject(new Error('Pagefind backend closed')) : (request as (...a: unknown[]) => Promise<unknown>)(...args)),
  ]);
  return Object.fromEntries(requests) as PagefindIndex;
}

/** Stops the service, asked: its exit is no failure. */
export async function stopPagefind(): Promise<void> {
  if (current) current.stopping = true;
  current = undefined;
  await close();
}

/** How the service ended, if it ended unasked since it was started (and so why the requests waiting on it failed). */
export function pagefindStopped(): PagefindStopped | undefined {
  return stoppedUnasked;
}

function watch(child: ChildProcess): void {
  const watched: Watched = { child, said: '', stopping: false, died: false };
  current = watched;
  stoppedUnasked = undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    if (watched.said.length < 16_384) watched.said += text;
  });
  // Like the package's own pipes, it does not keep the build's process alive.
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  // A write to a process that has died fails (EPIPE, or a destroyed stream): its exit says why, below.
  const stdin = child.stdin;
  if (stdin) {
    const write = stdin.write.bind(stdin) as (chunk: unknown, callback?: (error?: Error | null) => void) => boolean;
    stdin.write = ((chunk: unknown, callback?: (error?: Error | null) => void) => write(chunk, () => callback?.(null))) as typeof stdin.write;
    const emit = stdin.emit.bind(stdin);
    stdin.emit = ((event: string, ...args: unknown[]) => (event === 'error' ? true : emit(event, ...args))) as typeof stdin.emit;
  }
  child.on('exit', (code, signal) => {
    if (watched.stopping) return;
    watched.died = true;
    // What it said before it died arrives with the end of its stderr.
    const stopped = () => {
      if (current === watched) current = undefined;
      stoppedUnasked = stopOf(watched.said, code, signal);
      // The requests waiting on it fail ("Pagefind backend closed"); the next index starts a new service.
      void close();
    };
    if (child.stderr && !child.stderr.readableEnded) child.stderr.once('end', stopped).once('error', stopped);
    else stopped();
  });
}

function stopOf(said: string, code: number | null, signal: NodeJS.Signals | null): PagefindStopped {
  const exit = signal ? `killed by ${signal}` : `exit code ${code}`;
  const panic = /panicked at [^\n]*\n([^\n]+)/.exec(said)?.[1]?.trim();
  const errno = Number(/Os \{ code: (\d+)/.exec(panic ?? '')?.[1]);
  const name = Number.isFinite(errno) ? Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] : undefined;
  return { exit, ...(panic ? { panic } : {}), ...(name ? { code: name } : {}) };
}

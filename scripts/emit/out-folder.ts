/**
 * Who may write out/, and whether it may be replaced at all.
 *
 * - One build at a time per out/: a lock file beside it, `.daan-lock-<name>`, created with O_EXCL
 *   and holding the owner's process id, host, command and start time. A second build stops with a
 *   message naming the first. A lock whose process is gone (a crash, kill -9, a reboot) is stale
 *   and is taken over.
 * - out/ must be a folder this tool wrote (its manifest lists every file in it), an empty folder,
 *   or absent. A file, a link, or a folder holding anything else is refused, and nothing is
 *   touched; `--move-aside` moves such a folder to `<name>.moved-aside/` and builds a fresh one.
 *   Nothing the build did not write is ever deleted.
 */
import { readdirSync, readFileSync, unlinkSync, type Dirent } from 'node:fs';
import { link, lstat, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { atExit } from '../core/cleanup.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { listFiles, MANIFEST, readManifest } from './manifest.ts';

export const LOCK_PREFIX = '.daan-lock-';
const GENERATOR = '大安刊印';

/** What a lock file says about the build holding it. */
export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  /** ISO time the build started. */
  started: string;
  /** Linux: the boot and the process start time, so that a reused process id is not mistaken for the owner. */
  boot?: string;
  ticks?: string;
}

export interface OutClaim {
  /** The lock file. */
  lock: string;
  /** Where a refused folder was moved with moveAside. */
  movedAside?: string;
  release(): Promise<void>;
}

export interface ClaimOptions {
  /** Named in the message another build shows, e.g. `daan serve`. */
  command?: string;
  /** Move a folder that holds files this tool did not write aside instead of refusing it. */
  moveAside?: boolean;
  /** Only lock: do not check what out/ holds (`daan brief` adds to out/, `daan verify` only reads). */
  lockOnly?: boolean;
}

/** Locks this process holds, by lock path: a build inside `daan serve` takes the lock serve holds. */
const held = new Map<string, { count: number; text: string; forget: () => void }>();

/**
 * Locks out/ for this process and checks that it may be replaced. Throws a UserError (and
 * leaves everything as it was) when another build holds it, when it cannot be written, or when
 * it holds files this tool did not write. Taken again by the same process, it is counted.
 */
export async function claimOut(outDir: string, options: ClaimOptions = {}): Promise<OutClaim> {
  const out = resolve(outDir);
  const shown = shownPath(outDir);
  const parent = await makeFolder(dirname(out), shown);
  const lock = join(parent, `${LOCK_PREFIX}${basename(out)}`);
  const mine = held.get(lock);
  if (mine) {
    mine.count += 1;
  } else {
    await acquire(lock, shown, options.command ?? commandOf(process.argv));
  }
  let movedAside: string | undefined;
  try {
    if (!options.lockOnly && !mine) movedAside = await checkContents(out, shown, options.moveAside === true);
  } catch (error) {
    releaseSync(lock);
    throw error;
  }
  let released = false;
  return {
    lock,
    movedAside,
    async release() {
      if (released) return;
      released = true;
      releaseSync(lock);
    },
  };
}

/** The owner of out/'s lock, when a live build holds it. */
export async function lockOwner(outDir: string): Promise<LockOwner | undefined> {
  const out = resolve(outDir);
  const owner = await readOwner(join(dirname(out), `${LOCK_PREFIX}${basename(out)}`));
  return owner && isAlive(owner) ? owner : undefined;
}

async function acquire(lock: string, shown: string, command: string): Promise<void> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), command, started: new Date().toISOString(), ...processIdentity(process.pid) };
  const text = `${JSON.stringify(owner, null, 2)}\n`;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await createExclusive(lock, text);
      // On exit (also after Ctrl-C and SIGTERM): the lock goes with the process.
      const forget = atExit(() => {
        const mine = held.get(lock);
        if (mine) mine.count = 1;
        releaseSync(lock);
      });
      held.set(lock, { count: 1, text, forget });
      await removeOrphans(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(error, shown, dirname(lock));
    }
    const other = await readOwner(lock);
    // Being written this very moment, or removed since: look again.
    if (other === undefined) {
      await pause(20);
      continue;
    }
    if (other && isAlive(other)) throw busy(other, shown, lock);
    await removeStale(lock, other);
  }
  throw new UserError(say('out-lock-changing', { shown, lock: shownPath(lock) }));
}

/**
 * Creates `path` holding `text`, failing with EEXIST when it exists. Written to a file of its own
 * first and linked into place, so that a lock is never seen half-written (a kill -9 between
 * creating and writing would leave an empty lock); file systems without hard links get O_EXCL.
 */
async function createExclusive(path: string, text: string): Promise<void> {
  const own = `${path}.${process.pid}`;
  await writeFile(own, text);
  try {
    await link(own, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } finally {
    await unlink(own).catch(() => undefined);
  }
}

/** `<lock>.<pid>` files of builds killed while taking the lock. */
async function removeOrphans(lock: string): Promise<void> {
  const name = basename(lock);
  for (const entry of await readdir(dirname(lock)).catch(() => [] as string[])) {
    const pid = entry.startsWith(`${name}.`) ? entry.slice(name.length + 1) : '';
    if (/^\d+$/.test(pid) && !isAlive({ pid: Number(pid), host: hostname(), command: '', started: '' })) await unlink(join(dirname(lock), entry)).catch(() => undefined);
  }
}

/** The lock's owner; null when the file is not a lock we can read (treated as stale); undefined when absent or half-written. */
async function readOwner(lock: string): Promise<LockOwner | null | undefined> {
  let text: string;
  try {
    text = await readFile(lock, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    // Half written (the owner is between open and write), or garbage: garbage older than a few seconds is stale.
    const age = await stat(lock).then((s) => Date.now() - s.mtimeMs).catch(() => 0);
    return age > 5000 ? null : undefined;
  }
}

/** Alive on this machine, or on another (whose processes we cannot see: assumed alive). */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The same id may belong to a newer process (after a reboot, or ids wrapping round).
  const now = processIdentity(owner.pid);
  if (owner.boot && now.boot && owner.boot !== now.boot) return false;
  if (owner.ticks && now.ticks && owner.ticks !== now.ticks) return false;
  return !isZombie(owner.pid);
}

/**
 * Removes a stale lock. Several builds may find the same stale lock: each removes it only while
 * holding `<lock>.takeover` (made with mkdir, which only one can), and only if it still holds
 * the stale owner, so that no build removes a lock another has just taken.
 */
async function removeStale(lock: string, stale: LockOwner | null): Promise<void> {
  const takeover = `${lock}.takeover`;
  try {
    await mkdir(takeover);
  } catch {
    // Another build is taking over; a takeover folder left by a crash in those few milliseconds is old.
    const age = await stat(takeover).then((s) => Date.now() - s.mtimeMs).catch(() => 0);
    if (age > 5000) await rmdir(takeover).catch(() => undefined);
    await pause(20);
    return;
  }
  try {
    const now = await readOwner(lock);
    if (now !== undefined && JSON.stringify(now) === JSON.stringify(stale)) await unlink(lock).catch(() => undefined);
  } finally {
    await rmdir(takeover).catch(() => undefined);
  }
}

function busy(owner: LockOwner, shown: string, lock: string): UserError {
  const elsewhere = owner.host === hostname() ? undefined : owner.host;
  const started = owner.started ? owner.started.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : undefined;
  return new UserError(say('out-busy', { shown, command: owner.command, pid: owner.pid, host: elsewhere, started, lock: shownPath(lock) }));
}

function releaseSync(lock: string): void {
  const mine = held.get(lock);
  if (!mine) return;
  mine.count -= 1;
  if (mine.count > 0) return;
  held.delete(lock);
  mine.forget();
  try {
    // Only our own lock: never one a later build took after ours was (wrongly) judged stale.
    if (readFileSync(lock, 'utf8') === mine.text) unlinkSync(lock);
  } catch {
    // Already gone.
  }
}

/**
 * out/ may be replaced when it is absent, an empty folder, or a folder whose manifest (written by
 * this tool) lists every file in it. Anything else is refused, or, with moveAside, moved to a
 * sibling folder. Returns where it was moved.
 */
async function checkContents(out: string, shown: string, moveAside: boolean): Promise<string | undefined> {
  const info = await lstat(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw cannotWrite(error, shown, out);
  });
  if (!info) return undefined;
  if (info.isSymbolicLink()) {
    throw new UserError(say('out-symlink', { shown }));
  }
  if (!info.isDirectory()) {
    throw new UserError(say('out-is-file', { shown }));
  }
  const foreign = await filesNotWritten(out);
  if (!foreign.length) return undefined;
  if (moveAside) {
    const aside = await freeName(`${out}.moved-aside`);
    try {
      await rename(out, aside);
    } catch (error) {
      throw cannotWrite(error, shown, out);
    }
    return aside;
  }
  throw new UserError(say('out-foreign', { shown, n: foreign.length, listed: foreign.slice(0, 5).join(', '), more: Math.max(0, foreign.length - 5), out: shownPath(out) }));
}

/** Files (and links, sockets …) in out/ that its manifest does not list; everything when there is no manifest of this tool. */
async function filesNotWritten(out: string): Promise<string[]> {
  // One synchronous walk: a large archive's out/ holds thousands of files.
  const entries = readdirSync(out, { withFileTypes: true, recursive: true }).filter((e) => !e.isDirectory());
  const pathOf = (e: Dirent) => (e.parentPath === out ? e.name : `${e.parentPath.slice(out.length + 1)}${sep}${e.name}`).replaceAll(sep, '/');
  const present = entries.map(pathOf);
  if (!present.length) return [];
  const manifest = await readManifest(out);
  if (!manifest || manifest.generator !== GENERATOR) return present.sort();
  const listed = new Set(manifest.files.map((f) => f.path));
  const regular = new Set(entries.filter((e) => e.isFile()).map(pathOf));
  return present.filter((path) => path !== MANIFEST && (!listed.has(path) || !regular.has(path))).sort();
}

async function freeName(base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await lstat(candidate).catch(() => undefined))) return candidate;
  }
}

/**
 * mkdir -p that says why it failed: Node's recursive mkdir reports ENOENT on a read-only file
 * system, so the folders are made one at a time.
 */
async function makeFolder(path: string, shown: string): Promise<string> {
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    const info = await stat(existing).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) throw new UserError(say('out-parent-file', { shown, file: shownPath(existing) }));
      break;
    }
    if (dirname(existing) === existing) break;
    missing.unshift(existing);
    existing = dirname(existing);
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(error, shown, dirname(folder));
    }
  }
  return path;
}

/** The build cannot write out/ (or the folder it goes in), in words the user can act on. */
export function cannotWrite(error: unknown, shown: string, where: string): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const place = shownPath(where);
  return new UserError(say('out-cannot-write', { shown, code: code ?? '', place, user: userName(), detail: code ? (error as Error).message : String(error) }), { cause: error });
}

function userName(): string {
  return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
}

/** Linux only: the boot id and the process's start time in clock ticks since boot. */
function processIdentity(pid: number): { boot?: string; ticks?: string } {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return { boot, ticks };
  } catch {
    return {};
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** `daan build --out x`, from argv (node, script, args …). */
function commandOf(argv: string[]): string {
  const script = argv[1] ?? '';
  const name = /daan(\.mjs|\.ts)?$|[\\/]cli[\\/]/.test(script) ? 'daan' : basename(script) || 'node';
  return [name, ...argv.slice(2)].join(' ');
}

function shownPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') ? rel : resolve(path);
}

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

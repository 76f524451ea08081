/**
 * The one browser of a build: found, launched with a throw-away folder, reused for every print
 * document, relaunched after a crash, and always closed — after the build, on error, and on
 * Ctrl-C / SIGTERM (the process then exits 130 / 143).
 *
 * It prints with the headless shell (Debian's chromium-headless-shell, the old headless mode:
 * it starts and prints about twice as fast) where it is installed, else with Chromium. Puppeteer
 * talks to it over a pipe, so that the browser ends when the build does, even on SIGKILL (the
 * pipe closes, Chromium quits). Its profile and its TMPDIR are one folder of ours,
 * `daan-chromium-<pid>-*`, removed when it closes; what a killed build left is removed by the next.
 */
import { atExit } from '../core/cleanup.ts';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { readCached, writeCached } from '../core/cache.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';

/** The headless shell (puppeteer `headless: 'shell'`), preferred: the binary itself, then Debian's wrapper script. */
export const SHELL_CANDIDATES = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'];

/** Where we look for Chromium, in order, after PUPPETEER_EXECUTABLE_PATH and the headless shell. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  // No name resolves (defence in depth: the request filter already blocks every URL outside the build).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
  // Memory: no omnibox popup preloaded in a renderer of its own (some 50 MB, for a browser that
  // never shows one), and no spare renderer kept warm beside the ones printing (Puppeteer merges
  // this list with its own --disable-features).
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess',
];



/** The browser to print with: its executable, and whether it is the headless shell. */
export interface PrintExecutable {
  path: string;
  shell: boolean;
  /** Said once in the build's log: the headless shell is missing and Chromium prints instead. */
  fallback?: string;
}

/** The Chromium/Chrome executable to print with; a UserError saying how to install one when none is found. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await findPrintBrowser(env)).path;
}

/**
 * PUPPETEER_EXECUTABLE_PATH when set (a headless shell when its name says so), else the headless
 * shell, else Chromium or Chrome (with the reason in `fallback`), else Puppeteer's own download.
 */
export async function findPrintBrowser(env: NodeJS.ProcessEnv = process.env, places = { shells: SHELL_CANDIDATES, chromiums: CHROMIUM_CANDIDATES }): Promise<PrintExecutable> {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, shell: isShell(fromEnv) };
    throw new UserError(say('browser-env-missing', { path: fromEnv, help: say('browser-install') }));
  }
  const shell = places.shells.find((candidate) => existsSync(candidate));
  if (shell) return { path: shell, shell: true };
  const fallback = (path: string): PrintExecutable => ({
    path,
    shell: isShell(path),
    fallback: say('browser-fallback', { path }),
  });
  for (const candidate of places.chromiums) if (existsSync(candidate)) return fallback(candidate);
  const bundled = await puppeteerExecutable();
  if (bundled && existsSync(bundled)) return fallback(bundled);
  throw new UserError(say('browser-none', { places: [...places.shells, ...places.chromiums].join(', '), help: say('browser-install') }));
}

function isShell(path: string): boolean {
  return /headless[-_]shell/.test(path);
}

/**
 * What a print browser is, for the input hash and the cache keys: its `--version` and whether it
 * is the headless shell (which reports itself as plain Chromium). Cached by the executable's path,
 * size and modification time: known without starting it.
 */
export async function executableVersion(executable: Pick<PrintExecutable, 'path' | 'shell'>): Promise<string> {
  const mode = executable.shell ? 'headless shell' : 'headless';
  const info = await stat(executable.path).catch(() => undefined);
  const key = createHash('sha256').update(`${executable.path}\0${info?.size}\0${info?.mtimeMs}`).digest('hex');
  const known = await readCached('browser-version', key);
  if (known) return `${new TextDecoder().decode(known)} (${mode})`;
  const version = await promisify(execFile)(executable.path, ['--version'], { timeout: 20_000 }).then(
    (r) => r.stdout.trim(),
    () => 'unknown',
  );
  // A failure (a loaded machine timing out) is not kept: the next build asks again.
  if (version !== 'unknown') await writeCached('browser-version', key, new TextEncoder().encode(version), 8);
  return `${version} (${mode})`;
}

async function puppeteerExecutable(): Promise<string | undefined> {
  try {
    const puppeteer = await import('puppeteer');
    return puppeteer.executablePath();
  } catch {
    return undefined;
  }
}

/** Command-line flags for a print browser with the given profile folder. */
export function chromiumArgs(userDataDir: string, isRoot = process.getuid?.() === 0): string[] {
  return [...(isRoot ? ['--no-sandbox'] : []), ...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`];
}

export interface PrintBrowserOptions {
  /** Chromium to use; found with findPrintBrowser() when omitted (a headless shell when its name says so). */
  executablePath?: string;
  /** Extra command-line flags (tests). */
  args?: string[];
  /**
   * Also listen on a DevTools WebSocket that other processes can connect to (the tests' shared
   * browser). Off for builds: their browser is reached only through its pipe, and ends with it.
   */
  shareable?: boolean;
  /** Told once when the headless shell is missing and Chromium prints instead. */
  log?: (line: string) => void;
}

/** One launched Chromium with its throw-away folder. */
interface Launched {
  browser: Browser;
  /** The throw-away folder (profile/ and tmp/, Chromium's TMPDIR); undefined for a browser we only connected to. */
  profile?: string;
  generation: number;
  /** The tab Chromium opens as it starts, its renderer already running: the first print takes it. */
  firstPage?: Promise<Page | undefined>;
}

/**
 * A browser shared by all print jobs of a build. `current()` gives the live browser (launching
 * or relaunching it when it is gone); `renew(generation)` replaces a browser that hangs, once
 * however many jobs ask; `close()` ends it and removes its profile.
 */
export class PrintBrowser {
  /** Milliseconds each launch took, in order. */
  readonly launchTimes: number[] = [];
  private launched?: Launched;
  private launching?: Promise<Launched>;
  /** The folder of a launch in progress (its browser not yet known): killNow() still finds it. */
  private starting?: string;
  private generation = 0;
  private closed = false;

  private constructor(
    private readonly options: PrintBrowserOptions,
    /** Set for a browser launched by someone else (tests' global setup): connect, never launch or kill it. */
    private readonly endpoint?: string,
  ) {}

  /** Launches Chromium and registers it for cleanup on exit and on SIGINT/SIGTERM. */
  static async launch(options: PrintBrowserOptions = {}): Promise<PrintBrowser> {
    const printBrowser = new PrintBrowser(options);
    live.add(printBrowser);
    installSignalHandlers();
    try {
      await printBrowser.current();
    } catch (error) {
      await printBrowser.close();
      throw error;
    }
    return printBrowser;
  }

  /**
   * A print browser that launches when it is first needed (`current()`), or never: a build whose
   * documents are all in the build cache (print/pdf-cache.ts) prints nothing.
   */
  static deferred(options: PrintBrowserOptions = {}): PrintBrowser {
    const printBrowser = new PrintBrowser(options);
    live.add(printBrowser);
    installSignalHandlers();
    return printBrowser;
  }

  /**
   * What this browser is, for cache keys (executableVersion), without launching it; a browser we
   * only connected to is asked.
   */
  version(): Promise<string> {
    return (this.known ??= this.endpoint
      ? this.current().then(({ browser }) => browser.version())
      : (this.options.executablePath ? Promise.resolve({ path: this.options.executablePath, shell: isShell(this.options.executablePath) }) : findPrintBrowser()).then(executableVersion));
  }

  private known?: Promise<string>;

  /**
   * Uses a browser that someone else launched (e.g. a test run's global setup), by its DevTools
   * WebSocket endpoint. close() only disconnects; retries still launch a fresh browser of their own.
   */
  static async connect(wsEndpoint: string, options: PrintBrowserOptions = {}): Promise<PrintBrowser> {
    const printBrowser = new PrintBrowser(options, wsEndpoint);
    await printBrowser.current();
    return printBrowser;
  }

  /** The live browser and its generation; launches a new one when the last one crashed or was closed. */
  async current(): Promise<{ browser: Browser; generation: number }> {
    if (this.closed) throw new Error('The print browser was already closed.');
    const launched = this.launched;
    if (launched && launched.browser.connected) return { browser: launched.browser, generation: launched.generation };
    if (launched) await this.dispose(launched);
    this.launching ??= this.start().finally(() => (this.launching = undefined));
    const next = await this.launching;
    return { browser: next.browser, generation: next.generation };
  }

  /** Kills the browser of `generation` (if it is still the current one) and launches a fresh one. */
  async renew(generation: number): Promise<void> {
    const launched = this.launched;
    if (launched && launched.generation === generation) await this.dispose(launched);
    await this.current();
  }

  /**
   * After a print in generation `generation` crashed or timed out: replaces that browser when it
   * is gone or no longer answers, so that later jobs get a working one. Other jobs' pages in a
   * browser that still answers are left alone.
   */
  async recover(generation: number): Promise<void> {
    const launched = this.launched;
    if (!launched || launched.generation !== generation || this.closed) return;
    if (launched.browser.connected && (await responds(launched.browser))) return;
    await this.renew(generation);
  }

  /**
   * The tab Chromium opened as it started, once per launch (undefined after that, or for a browser
   * we only connected to): the first print uses it instead of opening a page, which costs a
   * tenth of a second on the way to the first PDF.
   */
  takeFirstPage(generation: number): Promise<Page | undefined> {
    const launched = this.launched;
    if (!launched || launched.generation !== generation || !launched.firstPage) return Promise.resolve(undefined);
    const page = launched.firstPage;
    launched.firstPage = undefined;
    return page;
  }

  /** A separate, freshly launched print browser with the same options (for retries); close it after use. */
  spawnFresh(): Promise<PrintBrowser> {
    return PrintBrowser.launch(this.options);
  }

  /** Process id and profile folder of the current Chromium (for diagnostics and tests). */
  get details(): { pid?: number; profile?: string; generation: number } {
    return { pid: this.launched?.browser.process()?.pid, profile: this.launched?.profile, generation: this.generation };
  }

  /** Closes the browser and removes its profile; every call waits for the same ending. */
  close(): Promise<void> {
    return (this.closing ??= this.end());
  }

  private closing?: Promise<void>;

  private async end(): Promise<void> {
    this.closed = true;
    live.delete(this);
    if (live.size === 0) removeSignalHandlers();
    await this.launching?.catch(() => undefined);
    if (this.launched) await this.dispose(this.launched);
  }

  /** Synchronous last resort (signal handlers, process exit): kill Chromium, remove the profile. Never throws. */
  killNow(): void {
    this.closed = true;
    const launched = this.launched;
    this.launched = undefined;
    const folders = [this.starting, launched?.profile].filter((f): f is string => Boolean(f));
    if (launched?.profile) killGroup(launched.browser.process()?.pid);
    // A browser still starting: found by its profile folder on its command line.
    if (this.starting) for (const pid of processesUsing(this.starting)) killGroup(pid);
    for (const folder of folders) {
      try {
        rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      } catch {
        // Chromium's helpers may still be writing into it; the next build removes it.
      }
    }
  }

  private async start(): Promise<Launched> {
    if (this.endpoint) return this.attach(this.endpoint);
    const started = performance.now();
    const executable = this.options.executablePath
      ? { path: this.options.executablePath, shell: isShell(this.options.executablePath) }
      : await findPrintBrowser();
    if ('fallback' in executable && executable.fallback && !toldFallback) {
      toldFallback = true;
      (this.options.log ?? ((line: string) => console.error(`daan: ${line}`)))(executable.fallback);
    }
    removeOrphanedFolders();
    const profile = await mkdtemp(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
    this.starting = profile;
    try {
      // Chromium's own temporary files (org.chromium.Chromium.*, shared memory) go into our folder too.
      const temporary = join(profile, 'tmp');
      await mkdir(temporary);
      const puppeteer = await import('puppeteer-core');
      const browser = await puppeteer.launch({
        executablePath: executable.path,
        headless: executable.shell ? 'shell' : true,
        pipe: !this.options.shareable,
        args: [...chromiumArgs(join(profile, 'profile')), ...(this.options.args ?? [])],
        env: { ...process.env, TMPDIR: temporary },
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        protocolTimeout: 180_000,
      });
      const firstPage = browser.pages().then((pages) => (pages.length === 1 ? pages[0] : undefined)).catch(() => undefined);
      this.launched = { browser, profile, generation: ++this.generation, firstPage };
      this.starting = undefined;
      this.launchTimes.push(performance.now() - started);
      if (this.closed) {
        await this.dispose(this.launched);
        throw new Error('The print browser was closed while it was starting.');
      }
      return this.launched;
    } catch (error) {
      this.starting = undefined;
      for (const pid of processesUsing(profile)) killGroup(pid);
      await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      if (error instanceof UserError || this.closed) throw error;
      throw new UserError(say('browser-start', { path: executable.path, error: (error as Error).message }));
    }
  }

  private async attach(endpoint: string): Promise<Launched> {
    const puppeteer = await import('puppeteer-core');
    const browser = await puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout: 180_000 });
    this.launched = { browser, generation: ++this.generation };
    return this.launched;
  }

  private async dispose(launched: Launched): Promise<void> {
    if (this.launched === launched) this.launched = undefined;
    if (!launched.profile) return void (await launched.browser.disconnect().catch(() => undefined));
    const child = launched.browser.process();
    try {
      await withTimeout(launched.browser.close(), 5000);
    } catch {
      // A hung or crashed browser: fall through to kill it.
    }
    if (child && child.exitCode === null && child.signalCode === null) killGroup(child.pid);
    await rm(launched.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
  }
}

/**
 * Runs `fn` with a print browser that is closed afterwards, whether `fn` succeeds, throws, or the
 * process is interrupted.
 */
export async function withBrowser<T>(fn: (browser: PrintBrowser) => Promise<T>, options: PrintBrowserOptions = {}): Promise<T> {
  const browser = await PrintBrowser.launch(options);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

const FOLDER_PREFIX = 'daan-chromium-';
let toldFallback = false;

/**
 * The folders of print browsers whose build was killed (SIGKILL leaves no chance to remove
 * them): `daan-chromium-<pid>-*` in TMPDIR whose process is gone. Never throws.
 */
function removeOrphanedFolders(): void {
  try {
    for (const name of readdirSync(tmpdir())) {
      const pid = Number(/^daan-chromium-(\d+)-/.exec(name)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  } catch {
    // Left for the next build.
  }
}

/** Linux: the processes whose command line names `folder` (a browser whose launch did not finish). */
function processesUsing(folder: string): number[] {
  const found: number[] = [];
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(`--user-data-dir=${folder}/`)) found.push(Number(name));
      } catch {
        // Gone.
      }
    }
  } catch {
    // No /proc: the pipe's closing ends the browser.
  }
  return found;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILL to Chromium and its helpers: Puppeteer starts it detached, as the leader of its own process group. */
function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function responds(browser: Browser): Promise<boolean> {
  try {
    await withTimeout(browser.version(), 5000);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Cleanup of every live print browser when the process is interrupted or exits.

const live = new Set<PrintBrowser>();
let release: (() => void) | undefined;

function killAll(): void {
  for (const browser of live) browser.killNow();
  live.clear();
}

function installSignalHandlers(): void {
  release ??= atExit(killAll);
}

function removeSignalHandlers(): void {
  release?.();
  release = undefined;
}

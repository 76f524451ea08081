/**
 * The print browser lives no longer than its build, whatever ends the build: SIGKILL (no handler
 * runs: the pipe to Chromium closes and Chromium quits), SIGINT, SIGTERM, and a Chromium that
 * crashes. Each build runs with a private TMPDIR, so its Chromium processes are found by their
 * environment (even helpers that leave the process group, like Chromium's crash handler) and not
 * by name, so that other browsers on this machine do not disturb the test; and that TMPDIR must
 * be left empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { daan, daanArgv, repoRoot } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { commandLine, descendants, eventually, gone } from '../helpers/processes.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { requireChromium } from '../print/poppler.ts';

interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

function startDaan(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(...daanArgv(args), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

/** Live processes whose environment has TMPDIR inside `dir`: the build's and its browsers' (by environment, not by name). */
function processesWithTmpdir(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (environ.some((v) => v === `TMPDIR=${dir}` || v.startsWith(`TMPDIR=${dir}/`)) && !gone(Number(name))) found.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** The browser process under a build (not a helper with --type=). */
function browserUnder(pid: number): number | undefined {
  return descendants(pid).find((child) => /chrom/.test(commandLine(child)) && !commandLine(child).includes('--type='));
}

function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

function inGroup(group: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => processGroup(pid) === group && !gone(pid));
}

let content: string;
/**
 * The build cache of this file's builds. Before each build that must be caught printing, its
 * finished PDFs are removed: a clean build of content printed before takes them from the cache
 * and never starts Chromium (print/pdf-cache.ts).
 */
let cache: string;
beforeAll(() => {
  requireChromium();
  content = temporary(makeContent());
  cache = temporary(mkdtempSync(join(tmpdir(), 'daan-lifetime-cache-')));
});
afterAll(removeTemporary);
// Each test runs several real builds in processes of their own: give a loaded machine its time.
vi.setConfig({ testTimeout: 600_000 });

/**
 * Starts a PDF build with a private TMPDIR and waits until its Chromium runs: just started
 * ('launching'), or printing the edition ('printing').
 */
async function buildUntil(moment: 'launching' | 'printing', env: NodeJS.ProcessEnv = {}): Promise<{ build: Running; temp: string; out: string; browser: number }> {
  const temp = temporary(mkdtempSync(join(tmpdir(), 'daan-private-tmp-')));
  const parent = temporary(mkdtempSync(join(tmpdir(), 'daan-lifetime-')));
  const out = join(parent, 'out');
  rmSync(join(cache, 'pdfs'), { recursive: true, force: true });
  const build = startDaan(['build', '--content', content, '--out', out], { ...env, TMPDIR: temp, DAAN_CACHE_DIR: cache });
  const printing = join(parent, `.daan-staging-out-${build.child.pid}`, '.print', '2020-01', 'issue.html');
  let browser: number | undefined;
  const reached = () => (browser = browserUnder(build.child.pid!)) !== undefined && (moment === 'launching' || existsSync(printing));
  expect(await eventually(() => reached() || build.child.exitCode !== null, 120_000, 10), build.output()).toBe(true);
  expect(browser, `no Chromium under the build:\n${build.output()}`).toBeDefined();
  return { build, temp, out, browser: browser! };
}

describe('the print browser dies with its build', () => {
  // The headless shell where installed; Chromium (new headless, with its crash handler outside the process group) as the fallback.
  for (const [name, env] of [
    ['the print browser', {}],
    ['Chromium (the fallback)', { PUPPETEER_EXECUTABLE_PATH: '/usr/bin/chromium' }],
  ] as const) it(`SIGKILL of the build: no process of ${name} survives; the next build clears its folder`, async () => {
    if (env.PUPPETEER_EXECUTABLE_PATH && !existsSync(env.PUPPETEER_EXECUTABLE_PATH)) throw new Error(`${env.PUPPETEER_EXECUTABLE_PATH} is missing: apt-get install chromium`);
    const { build, temp, out, browser } = await buildUntil('printing', env);
    const group = processGroup(browser)!;
    const before = processesWithTmpdir(temp).filter((pid) => pid !== build.child.pid);
    expect(before.length).toBeGreaterThan(0);
    build.child.kill('SIGKILL');
    await build.exited;
    const survivors = () => [...new Set([...inGroup(group), ...processesWithTmpdir(temp), ...before.filter((pid) => !gone(pid))])];
    await eventually(() => survivors().length === 0, 20_000);
    expect(survivors().map((pid) => commandLine(pid).slice(0, 120))).toEqual([]);
    // SIGKILL leaves the browser's folder behind; the next build (same TMPDIR) removes it.
    const next = daan(['build', '--quiet', '--content', content, '--out', out], { env: { ...env, TMPDIR: temp, DAAN_CACHE_DIR: cache } });
    expect(next.code, next.output).toBe(0);
    expect(readdirSync(temp)).toEqual([]);
  });

  for (const [signal, code, moment] of [
    ['SIGINT', 130, 'printing'],
    ['SIGTERM', 143, 'printing'],
    ['SIGINT', 130, 'launching'],
  ] as const) {
    it(`${signal} while ${moment}: exit ${code}, no Chromium left, TMPDIR left empty`, async () => {
      const { build, temp } = await buildUntil(moment);
      const before = processesWithTmpdir(temp).filter((pid) => pid !== build.child.pid);
      build.child.kill(signal);
      const exited = await build.exited;
      expect(exited.code, build.output()).toBe(code);
      expect(await eventually(() => before.every(gone) && processesWithTmpdir(temp).length === 0, 20_000)).toBe(true);
      expect(readdirSync(temp)).toEqual([]);
    });
  }

  it('a crashed Chromium (killed mid-print) is replaced; the build succeeds and TMPDIR is left empty', async () => {
    const { build, temp, browser } = await buildUntil('printing');
    process.kill(browser, 'SIGKILL');
    const { code } = await build.exited;
    expect(code, build.output()).toBe(0);
    expect(await eventually(() => processesWithTmpdir(temp).length === 0, 20_000)).toBe(true);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('a finished build leaves TMPDIR empty', () => {
    const temp = temporary(mkdtempSync(join(tmpdir(), 'daan-private-tmp-')));
    const out = join(temporary(mkdtempSync(join(tmpdir(), 'daan-lifetime-'))), 'out');
    const result = daan(['build', '--quiet', '--content', content, '--out', out], { env: { TMPDIR: temp, DAAN_CACHE_DIR: cache } });
    expect(result.code, result.output).toBe(0);
    expect(existsSync(join(out, '2020-01/daan-2020-01.pdf'))).toBe(true);
    expect(readdirSync(temp)).toEqual([]);
  });
});

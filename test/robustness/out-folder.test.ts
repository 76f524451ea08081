/**
 * Who may write out/: one build at a time (real concurrent `daan` processes, a lock left by a
 * killed build, a lock of a reused process id, many builds racing), an --out that is a file, a
 * link or someone else's folder (refused, untouched; --move-aside), a read-only file system (the
 * tool's own words), and `daan verify` catching a manifest that lacks files the pages link to.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { daan, daanArgv, daanHere, repoRoot, startDaan } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { eventually } from '../helpers/processes.ts';
import { hashTree } from '../helpers/tree.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { claimOut } from '../../scripts/emit/out-folder.ts';
import { startServe } from '../helpers/serve.ts';

let content: string;
const folder = () => temporary(mkdtempSync(join(tmpdir(), 'daan-out-folder-')));
// In this process (see daanHere) where the test is about what a build writes and says; as a
// process of its own where it is about another process (a lock it holds, its process id).
const build = (out: string, ...more: string[]) => daanHere(['build', '--no-pdf', '--quiet', '--content', content, '--out', out, ...more]);
const verify = (out: string) => daanHere(['verify', '--out', out]);
const buildProcess = (out: string, ...more: string[]) => daan(['build', '--no-pdf', '--quiet', '--content', content, '--out', out, ...more]);
const verifyProcess = (out: string) => daan(['verify', '--out', out]);

beforeAll(() => {
  content = temporary(makeContent({ '2020-01/articles/b.md': '---\ntitle: 第二篇\ncolumn: 要闻\nslug: di-er-pian\n---\n\n正文。\n' }));
});
afterAll(removeTemporary);
// Each test runs several real builds in processes of their own: give a loaded machine its time.
vi.setConfig({ testTimeout: 600_000 });

describe('one build at a time per out/', () => {
  it('a second build stops with a message naming the first, which then finishes a complete out/', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    const first = startDaan(['build', '--no-pdf', '--content', content, '--out', out]);
    const lock = join(parent, '.daan-lock-out');
    expect(await eventually(() => existsSync(lock) || first.child.exitCode !== null, 60_000, 5), first.output()).toBe(true);
    // Held still while the second runs, so that the two surely overlap.
    process.kill(first.child.pid!, 'SIGSTOP');
    let second;
    try {
      second = await build(out);
    } finally {
      process.kill(first.child.pid!, 'SIGCONT');
    }
    expect(second.code, second.output).toBe(1);
    expect(second.stderr).toContain(`is being written by another build: \`daan build --no-pdf --content ${content} --out ${out}\` (process ${first.child.pid}, started `);
    expect(second.stderr).toMatch(/Only one build at a time may write a folder\. Wait for it to finish or stop it, or build into another folder with --out DIR\./);
    expect(second.stderr).not.toMatch(/\n\s+at |internal error/);
    expect((await first.exited).code, first.output()).toBe(0);
    // The first build is whole: both articles, and verify agrees.
    expect(readdirSync(join(out, '2020-01')).sort()).toEqual(['di-er-pian.html', 'di-yi-pian.html', 'index.html']);
    const checked = await verify(out);
    expect(checked.code, checked.output).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('builds started together: each either builds or is refused by name; out/ ends complete, nothing left beside it', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    const racers = Array.from({ length: 4 }, () => startDaan(['build', '--no-pdf', '--quiet', '--force', '--content', content, '--out', out]));
    const codes = await Promise.all(racers.map(async (r) => (await r.exited).code));
    expect(codes.filter((code) => code === 0).length, racers.map((r) => r.output()).join('\n')).toBeGreaterThanOrEqual(1);
    racers.forEach((racer, i) => {
      if (codes[i] !== 0) expect(racer.output()).toMatch(/is being written by another build: `daan build .*` \(process \d+, started /);
    });
    const reference = join(folder(), 'out');
    expect((await build(reference)).code).toBe(0);
    expect(readdirSync(out, { recursive: true }).sort()).toEqual(readdirSync(reference, { recursive: true }).sort());
    expect((await verify(out)).code).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a lock left by a killed build (kill -9) is taken over by the next build', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    const killed = startDaan(['build', '--no-pdf', '--content', content, '--out', out]);
    const lock = join(parent, '.daan-lock-out');
    expect(await eventually(() => existsSync(lock) || killed.child.exitCode !== null, 60_000, 5), killed.output()).toBe(true);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: killed.child.pid, host: hostname() });
    const next = await build(out);
    expect(next.code, next.output).toBe(0);
    expect((await verify(out)).code).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a lock whose process id now belongs to another process (reuse after a reboot) is stale', () => {
    const parent = folder();
    const out = join(parent, 'out');
    // This test's own process is alive, but it is not the process that wrote the lock.
    writeFileSync(join(parent, '.daan-lock-out'), JSON.stringify({ pid: process.pid, host: hostname(), command: 'daan build', started: '2020-01-01T00:00:00.000Z', boot: 'another-boot', ticks: '1' }));
    const next = buildProcess(out);
    expect(next.code, next.output).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a lock of another machine is respected, and the message says how to clear it', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    const lock = join(parent, '.daan-lock-out');
    writeFileSync(lock, JSON.stringify({ pid: 4242, host: 'editor-pc', command: 'daan serve', started: '2026-01-01T08:00:00.000Z' }));
    const next = await build(out);
    expect(next.code).toBe(1);
    expect(next.stderr).toContain('is being written by another build: `daan serve` (process 4242 on editor-pc, started 2026-01-01 08:00:00 UTC)');
    expect(next.stderr).toContain(`If no build runs on editor-pc any more, delete ${lock}.`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(lock)).toBe(true);
  });

  it('an unreadable lock (garbage, written long ago) is stale; a lock held in this process is named', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    const lock = join(parent, '.daan-lock-out');
    writeFileSync(lock, 'not a lock');
    utimesSync(lock, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect((await build(out)).code).toBe(0);
    const claim = await claimOut(out, { command: 'the test itself' });
    try {
      const refused = buildProcess(out, '--force');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`\`the test itself\` (process ${process.pid}, started `);
      // The same process may take it again (a build inside `daan serve`), counted.
      const again = await claimOut(out);
      await again.release();
      expect(existsSync(lock)).toBe(true);
    } finally {
      await claim.release();
    }
    expect(existsSync(lock)).toBe(false);
    expect((await build(out, '--force')).code).toBe(0);
  });

  it('daan verify waits for no build: it says a build is writing out/', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    expect((await build(out)).code).toBe(0);
    const claim = await claimOut(out, { command: 'daan serve' });
    try {
      const checked = verifyProcess(out);
      expect(checked.code).toBe(1);
      expect(checked.stderr).toContain(`is being written by \`daan serve\` (process ${process.pid}); verify it when that build has finished.`);
    } finally {
      await claim.release();
    }
  });

  it('daan serve and a build in another terminal never write at once: serve names the build holding out/ and goes on serving', async () => {
    const parent = folder();
    const out = join(parent, 'out');
    const served = temporary(makeContent());
    const server = await startServe(['--no-pdf', '--content', served, '--out', out]);
    try {
      await server.waitFor(/serving http/);
      // Between serve's rebuilds a build from another terminal may write out/.
      const between = await build(out, '--force');
      expect(between.code, between.output).toBe(0);
      // While another build holds out/, serve's rebuild is refused by name, and serve keeps serving.
      const claim = await claimOut(out, { command: 'npm run build' });
      const from = server.output().length;
      try {
        writeFileSync(join(served, '2020-01/articles/a.md'), '---\ntitle: 第一篇\ncolumn: 要闻\nslug: di-yi-pian\n---\n\n改过的正文。\n');
        // stdout and stderr interleave in either order.
        await server.waitFor(/is being written by another build: `npm run build` \(process \d+, started [^)]*\)/, 120_000, from);
        await server.waitFor(/goes on serving the last good build/, 120_000, from);
      } finally {
        await claim.release();
      }
      const again = server.output().length;
      writeFileSync(join(served, '2020-01/articles/a.md'), '---\ntitle: 第一篇\ncolumn: 要闻\nslug: di-yi-pian\n---\n\n再改过的正文。\n');
      await server.waitFor(/rebuilt in/, 120_000, again);
      expect(readFileSync(join(out, '2020-01/di-yi-pian.html'), 'utf8')).toContain('再改过的正文');
      expect((await verify(out)).code).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('the leftovers of a build into out-2 are not removed by a build into out', () => {
    const parent = folder();
    const other = join(parent, `.daan-staging-out-2-${process.pid}`);
    mkdirSync(other);
    writeFileSync(join(other, 'page.html'), 'being built');
    expect(buildProcess(join(parent, 'out')).code).toBe(0);
    expect(readFileSync(join(other, 'page.html'), 'utf8')).toBe('being built');
  });
});

describe('daan verify and an incomplete manifest', () => {
  it('reports pages the site links to that neither out/ nor the manifest has', async () => {
    const out = join(folder(), 'out');
    expect((await build(out)).code).toBe(0);
    // As a disturbed build would leave it: an edition's pages gone, and gone from the manifest too.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    manifest.files = manifest.files.filter((f) => !f.path.startsWith('2020-01/'));
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
    rmSync(join(out, '2020-01'), { recursive: true });
    const checked = await verify(out);
    expect(checked.code).toBe(1);
    for (const page of ['index.html', 'di-yi-pian.html', 'di-er-pian.html']) {
      expect(checked.stderr).toMatch(new RegExp(`missing\\s+2020-01/${page.replace('.', '\\.')}\\s+\\(linked from [a-z0-9/]+\\.html, but neither in .* nor in its manifest\\)`));
    }
    expect(checked.stderr).toContain('(3 missing)');
  });
});

describe('--out that this tool did not write', () => {
  it('a file is refused and left as it was', async () => {
    const parent = folder();
    const notes = join(parent, 'notes.txt');
    writeFileSync(notes, '会议记录\n');
    const result = await build(notes);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`daan build: ${notes} is a file, not a folder: the build writes a folder of pages and PDFs and will not replace a file. Give a new or empty folder with --out DIR.`);
    expect(readFileSync(notes, 'utf8')).toBe('会议记录\n');
    expect(readdirSync(parent)).toEqual(['notes.txt']);
    // Also as a folder on the way to out/.
    const below = await build(join(notes, 'out'));
    expect(below.code).toBe(1);
    expect(below.stderr).toContain(`${notes} is a file, not a folder`);
    expect(readFileSync(notes, 'utf8')).toBe('会议记录\n');
  });

  it('a symbolic link is refused; neither it nor what it points to is touched', async () => {
    const parent = folder();
    const target = join(parent, 'real');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    symlinkSync(target, join(parent, 'out'));
    const result = await build(join(parent, 'out'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is a symbolic link, not a folder');
    expect(lstatSync(join(parent, 'out')).isSymbolicLink()).toBe(true);
    expect(readdirSync(target)).toEqual(['keep.txt']);
  });

  it("someone's folder is refused and untouched; --move-aside moves it, whole, and builds a fresh one", async () => {
    const parent = folder();
    const out = join(parent, 'photos');
    mkdirSync(join(out, '2019'), { recursive: true });
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg']) writeFileSync(join(out, '2019', name), name);
    writeFileSync(join(out, 'index.html'), '<p>my own page</p>');
    const before = hashTree(out);
    const refused = await build(out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${out} holds 7 file(s) this tool did not write (2019/a.jpg, 2019/b.jpg, 2019/c.jpg, 2019/d.jpg, 2019/e.jpg and 2 more). A build replaces the whole folder, so it stopped and changed nothing.`);
    expect(refused.stderr).toContain('pass --move-aside');
    expect(hashTree(out)).toBe(before);
    expect(readdirSync(parent)).toEqual(['photos']);
    const taken = await daanHere(['build', '--no-pdf', '--content', content, '--out', out, '--move-aside']);
    expect(taken.code, taken.output).toBe(0);
    expect(taken.stdout).toContain(`moved what was in ${out} to ${out}.moved-aside`);
    expect(hashTree(`${out}.moved-aside`)).toBe(before);
    expect((await verify(out)).code).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(['photos', 'photos.moved-aside']);
  });

  it('a file added to a built out/ (CNAME, .git …) is not deleted by the next build: it is refused', async () => {
    const out = join(folder(), 'out');
    expect((await build(out)).code).toBe(0);
    writeFileSync(join(out, 'CNAME'), 'daan.example\n');
    const result = await build(out, '--force');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('holds 1 file(s) this tool did not write (CNAME)');
    expect(readFileSync(join(out, 'CNAME'), 'utf8')).toBe('daan.example\n');
  });

  it('an empty folder and a folder this tool wrote are built into', async () => {
    const out = join(folder(), 'out');
    mkdirSync(out);
    expect((await build(out)).code).toBe(0);
    const again = await build(out, '--force');
    expect(again.code, again.output).toBe(0);
  });
});

describe('an out/ that cannot be written', () => {
  // A read-only tmpfs in a private mount namespace (unshare: no root needed where user namespaces are allowed).
  const unshare = spawnSync('unshare', ['-rm', 'true']).status === 0;

  it("on a read-only file system: the tool's own words, nothing written", async (context) => {
    if (!unshare) context.skip('unshare -rm (a private mount namespace) is not permitted here');
    const mountPoint = folder();
    const script = [
      `mount -t tmpfs tmpfs ${mountPoint}`,
      `mkdir ${mountPoint}/out && echo kept > ${mountPoint}/out/old.txt`,
      `mount -o remount,ro ${mountPoint}`,
      ...[`${mountPoint}/new`, `${mountPoint}/a/b/out`, `${mountPoint}/out`].map(
        (out) => `"${daanArgv([])[0]}" "${daanArgv([])[1][0]}" build --no-pdf --move-aside --content "${content}" --out "${out}"; echo "exit $?"`,
      ),
    ].join(' && ');
    const result = spawnSync('unshare', ['-rm', 'sh', '-c', script], { cwd: repoRoot, encoding: 'utf8' });
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('daan build:'));
    expect(lines, result.stderr + result.stdout).toEqual([
      `daan build: Cannot write ${mountPoint}/new: ${mountPoint} is on a read-only file system. Nothing was changed. Build into another folder with --out DIR.`,
      `daan build: Cannot write ${mountPoint}/a/b/out: ${mountPoint} is on a read-only file system. Nothing was changed. Build into another folder with --out DIR.`,
      `daan build: Cannot write ${mountPoint}/out: ${mountPoint} is on a read-only file system. Nothing was changed. Build into another folder with --out DIR.`,
    ]);
    expect(result.stdout.match(/exit \d+/g)).toEqual(['exit 1', 'exit 1', 'exit 1']);
    expect(result.stderr).not.toMatch(/ENOENT|\.daan-staging|\n\s+at /);
  });

  it('in a folder this user may not write: says so, with the user', async (context) => {
    if (process.getuid?.() !== 0) {
      const parent = folder();
      spawnSync('chmod', ['a-w', parent]);
      const result = await build(join(parent, 'out'));
      spawnSync('chmod', ['u+w', parent]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Cannot write .*out: this user \(.*\) may not write in .*; make it writable \(chmod\/chown\)\. Nothing was changed\./);
      return;
    }
    // root may write anywhere: run the build as nobody.
    const setpriv = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
    if (!setpriv) context.skip('cannot run a process as another user here (setpriv)');
    const parent = folder();
    spawnSync('chmod', ['755', parent]);
    spawnSync('chmod', ['-R', 'a+rX', content]);
    const [node, [script]] = daanArgv([]);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', node, script, 'check', '--content', content], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, USER: 'nobody', HOME: '/tmp' } });
    // nobody must at least be able to run the command here (read the package and content).
    if (result.status !== 0) context.skip(`nobody cannot run daan here: ${result.stderr.split('\n')[0]}`);
    const built = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', node, script, 'build', '--no-pdf', '--content', content, '--out', join(parent, 'out')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, USER: 'nobody', HOME: '/tmp' } });
    expect(built.status).toBe(1);
    expect(built.stderr).toContain(`daan build: Cannot write ${join(parent, 'out')}: this user (nobody) may not write in ${parent}; make it writable (chmod/chown). Nothing was changed. Build into another folder with --out DIR.`);
    expect(readdirSync(parent)).toEqual([]);
  });
});

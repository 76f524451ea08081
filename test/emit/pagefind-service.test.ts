/**
 * Pagefind's process dying under the build (emit/pagefind-service.ts): its panic is kept, not shown,
 * the requests waiting on it fail at once instead of for ever, and the build says why in words.
 * Pagefind panics on any failed write; a file size limit (ulimit -f) stands in for a full disk
 * without a disk to fill.
 */
import childProcess from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SearchIndexer, stopSearchService } from '../../scripts/emit/search.ts';
import { createWatchedIndex, pagefindStopped } from '../../scripts/emit/pagefind-service.ts';
import { UserError } from '../../scripts/report/problems.ts';
import { repoRoot } from '../helpers/cli.ts';
import { commandLine, descendants, eventually, gone } from '../helpers/processes.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const pagefindBinary = join(repoRoot, 'node_modules', '@pagefind', `${process.platform}-${process.arch}`, 'bin', 'pagefind_extended');
const pagefind = () => descendants(process.pid).filter((pid) => /pagefind/.test(commandLine(pid)));
const html = '<html><body><main data-pagefind-body><h1>大安区</h1><p>正文，写进索引的文字不止五百一十二个字节。' + '盐都自贡，'.repeat(200) + '</p></main></body></html>';
const page = { path: 'a.html', sha256: createHash('sha256').update(html).digest('hex'), html: async () => html };

afterAll(removeTemporary);
afterEach(async () => {
  delete process.env.PAGEFIND_EXTENDED_BINARY_PATH;
  await stopSearchService();
  vi.restoreAllMocks();
});

/** A Pagefind that can write no file larger than 512 bytes: its writes fail with EFBIG, as on a full disk with ENOSPC. */
function cramped(): string {
  const dir = temporary(mkdtempSync(join(tmpdir(), 'daan-pagefind-')));
  const wrapper = join(dir, 'pagefind-cramped');
  writeFileSync(wrapper, `#!/bin/sh\ntrap '' XFSZ\nulimit -f 1\nexec '${pagefindBinary}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

describe("Pagefind's process", () => {
  it('is the binary these tests wrap', () => {
    expect(existsSync(pagefindBinary), pagefindBinary).toBe(true);
  });

  it('dies writing the index: the build says which folder it could not write and why, without its panic or a stack', async () => {
    await stopSearchService();
    process.env.PAGEFIND_EXTENDED_BINARY_PATH = cramped();
    const errors = vi.spyOn(console, 'error');
    const search = SearchIndexer.start();
    search.addSitePages([page]);
    const out = temporary(mkdtempSync(join(tmpdir(), 'daan-pagefind-out-')));
    const error = await search.finish({ dir: join(out, '.staging'), out: join(out, 'out'), linked: () => undefined }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/^Could not write .*out\/pagefind\/site \(EFBIG: called `Result::unwrap\(\)` on an `Err` value: Os \{ code: 27, kind: FileTooLarge, message: "File too large" \}\)\. The previous output was left as it was\.$/);
    // What Pagefind printed came to the build, not to the editor's terminal.
    expect(pagefindStopped()).toMatchObject({ code: 'EFBIG', exit: expect.stringMatching(/^exit code \d+$/) });
    expect(errors.mock.calls.flat().join(' ')).not.toMatch(/Service stopped|panicked/);
  });

  it('killed while pages go to it: the requests fail at once and the build says Pagefind stopped; the next index starts a new one', async () => {
    await stopSearchService();
    const search = SearchIndexer.start();
    expect(await eventually(() => pagefind().length === 1)).toBe(true);
    const [service] = pagefind();
    // Whether it dies before or after making the index, the pages and the write go to a dead process.
    process.kill(service, 'SIGKILL');
    expect(await eventually(() => gone(service))).toBe(true);
    const errors = vi.spyOn(console, 'error');
    search.addSitePages([page]);
    const out = temporary(mkdtempSync(join(tmpdir(), 'daan-pagefind-out-')));
    const error = await search.finish({ dir: join(out, '.staging'), linked: () => undefined }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('The search index could not be built: Pagefind stopped (killed by SIGKILL). Build again; if it stops again, report this message.');
    expect(errors.mock.calls.flat().join(' ')).not.toMatch(/Service stopped/);

    const again = SearchIndexer.start();
    again.addSitePages([page]);
    const result = await again.finish({ dir: join(out, 'again'), linked: () => undefined });
    expect(result.pages).toBe(1);
    expect(pagefindStopped()).toBeUndefined();
  });

  it("refuses an index's requests once its service has died, rather than have the package start a service that knows no such index", async () => {
    await stopSearchService();
    const { index } = await createWatchedIndex();
    const [service] = pagefind();
    process.kill(service, 'SIGKILL');
    expect(await eventually(() => gone(service) && pagefindStopped() !== undefined)).toBe(true);
    const spawned = vi.spyOn(childProcess, 'spawn');
    await expect(index!.addHTMLFile({ url: '/a.html', content: html })).rejects.toThrow('Pagefind backend closed');
    await expect(index!.writeFiles({ outputPath: join(tmpdir(), 'daan-pagefind-never') })).rejects.toThrow('Pagefind backend closed');
    expect(spawned.mock.calls.map(([command]) => String(command)).filter((command) => /pagefind/.test(command))).toEqual([]);
    expect(pagefind()).toEqual([]);
  });
});

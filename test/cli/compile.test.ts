/**
 * bin/daan.mjs runs the pipeline compiled by esbuild (scripts/setup/compile.mjs): the bundle is
 * reused while its sources are unchanged, made again when one changes, and keeps each source's
 * import.meta (the pipeline finds templates and fonts from where its files are).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the setup stage, without type declarations
import { compiledCli, compiledEntry } from '../../scripts/setup/compile.mjs';
import { repoRoot } from '../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'daan-compile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (entry: string) => JSON.parse(spawnSync(process.execPath, [entry], { encoding: 'utf8' }).stdout);

describe('the compiled command', () => {
  const source = join(work, 'src', 'main.ts');
  const part = join(work, 'src', 'lib', 'part.ts');
  const cacheDir = join(work, 'cache');

  it('is made once, reused while nothing changed, and made again when a source changes', async () => {
    mkdirSync(join(work, 'src', 'lib'), { recursive: true });
    writeFileSync(source, "import { word, where } from './lib/part.ts';\nconst answer: string = word;\nconsole.log(JSON.stringify({ answer, where }));\n");
    writeFileSync(part, "export const word = 'one';\nexport const where = import.meta.dirname;\n");
    const first: string = await compiledEntry({ source, cacheDir });
    expect(run(first)).toEqual({ answer: 'one', where: join(work, 'src', 'lib') });
    const made = statSync(first).mtimeMs;

    expect(await compiledEntry({ source, cacheDir })).toBe(first);
    expect(statSync(first).mtimeMs).toBe(made);

    writeFileSync(part, "export const word = 'two';\nexport const where = import.meta.dirname;\n");
    const later = new Date(Date.now() + 5000);
    utimesSync(part, later, later);
    const second: string = await compiledEntry({ source, cacheDir });
    expect(second).not.toBe(first);
    expect(run(second).answer).toBe('two');
  });

  it('is what bin/daan.mjs runs: the whole pipeline in the cache, started without tsx', async () => {
    const entry: string = await compiledCli();
    expect(entry.startsWith(join(repoRoot, 'node_modules', '.cache', 'daan', 'cli'))).toBe(true);
    expect(existsSync(entry)).toBe(true);
    const result = spawnSync(process.execPath, [entry, 'build', '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--no-pdf');
  });

  it('leaves out what only downloads browsers (a stand-in says so if it is called), and marks its chunks as ES modules', async () => {
    const entry: string = await compiledCli();
    const bundle = dirname(entry);
    const code = readdirSync(bundle).filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(bundle, name), 'utf8'));
    // esbuild heads each bundled package file with a comment naming it.
    expect(code.some((text) => text.includes('// node_modules/@puppeteer/browsers/'))).toBe(true);
    expect(code.some((text) => /\/\/ node_modules\/(proxy-agent|pac-resolver|@tootallnate\/quickjs-emscripten|progress)\//.test(text))).toBe(false);
    // Node takes every chunk for an ES module at once, instead of compiling it twice to tell.
    expect(JSON.parse(readFileSync(join(bundle, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    const standIn = code.find((text) => text.includes('is left out of the compiled command'));
    expect(standIn).toContain('proxy-agent is left out of the compiled command');
  });
});

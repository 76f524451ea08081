/**
 * Heavy packages load only when a command needs them (every `daan` run would otherwise pay for
 * them: sharp alone costs about 0.3 s of CPU to load). Each case runs the real CLI with module
 * hooks that record every module it resolves: packages kept out of the bundle by their
 * node_modules path, bundled ones by the chunks of the bundle that hold them (esbuild marks each
 * package's code with a `// node_modules/<name>/…` line).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { daan } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';

const record = join(import.meta.dirname, '..', 'helpers', 'module-log', 'record.mjs');
const work = mkdtempSync(join(tmpdir(), 'daan-lazy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The packages a `daan` run loaded: from node_modules, and those bundled into the chunks it loaded. */
function packagesLoaded(args: string[]): Set<string> {
  const log = join(work, `modules-${Math.random().toString(36).slice(2)}.log`);
  const run = daan(args, { env: { NODE_OPTIONS: `--import ${record}`, DAAN_MODULE_LOG: log } });
  expect(run.code, run.output).toBe(0);
  const urls = readFileSync(log, 'utf8').split('\n').filter((url) => url.startsWith('file:'));
  const found = new Set<string>();
  for (const url of urls) {
    const path = fileURLToPath(url);
    if (path.includes('/.cache/daan/cli/')) {
      for (const [, name] of readFileSync(path, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(name);
    } else {
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
      if (name) found.add(name);
    }
  }
  return found;
}

const HEAVY = ['sharp', 'pdf-lib', 'mammoth', 'puppeteer-core', 'pagefind', 'vega-lite'];

describe('heavy packages load only when used', () => {
  it('daan --help loads none of them', () => {
    const loaded = packagesLoaded(['--help']);
    // The recording itself works: the help reads the message catalogue's packages.
    expect(loaded.size).toBeGreaterThan(0);
    for (const name of HEAVY) expect([...loaded], name).not.toContain(name);
  });

  it('an HTML-only build of content without pictures loads neither sharp, pdf-lib, the Word reader nor the browser', () => {
    const content = makeContent();
    const loaded = packagesLoaded(['build', '--no-pdf', '--content', content, '--out', join(work, 'out-html')]);
    // What such a build does need is seen: Pagefind (the search index) and postcss (the web fonts' CSS rules).
    expect(loaded).toContain('pagefind');
    expect(loaded).toContain('postcss');
    for (const name of ['sharp', 'pdf-lib', 'mammoth', 'puppeteer-core']) expect([...loaded], name).not.toContain(name);
  });
});

/**
 * The setup step of npm's pre-scripts (scripts/setup/ensure.mjs) on a fresh clone, run as a copy in
 * a folder of its own whose `npm` is a stand-in that records how it was called: the dependencies
 * are installed without Puppeteer's download (a machine without a network and without Chromium
 * once failed the whole install, and with it `npm run build -- --no-pdf`), and an installed
 * node_modules is left alone.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const ensure = resolve(import.meta.dirname, '../../scripts/setup/ensure.mjs');
let clone: string;
let calls: string;

afterAll(removeTemporary);

beforeEach(() => {
  clone = temporary(mkdtempSync(join(tmpdir(), 'daan-setup-')));
  mkdirSync(join(clone, 'scripts', 'setup'), { recursive: true });
  copyFileSync(ensure, join(clone, 'scripts', 'setup', 'ensure.mjs'));
  writeFileSync(join(clone, 'package.json'), '{"name":"fresh-clone","private":true}\n');
  writeFileSync(join(clone, 'package-lock.json'), '{"lockfileVersion":3}\n');
  const bin = join(clone, 'bin');
  mkdirSync(bin);
  calls = join(clone, 'npm-calls.txt');
  // npm, as far as ensure.mjs sees it: it notes its arguments and Puppeteer's switch, then "installs".
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh\necho "$* PUPPETEER_SKIP_DOWNLOAD=\${PUPPETEER_SKIP_DOWNLOAD:-}" >> '${calls}'\nmkdir -p node_modules && echo '{}' > node_modules/.package-lock.json\n`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
});

function runSetup(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(clone, 'bin')}:${process.env.PATH}` };
  delete env.PUPPETEER_SKIP_DOWNLOAD;
  return spawnSync(process.execPath, [join(clone, 'scripts', 'setup', 'ensure.mjs'), ...args], { cwd: clone, env, encoding: 'utf8' });
}

describe('scripts/setup/ensure.mjs', () => {
  it("installs the dependencies of a fresh clone with npm ci, Puppeteer's download left to the browser step, and says so", () => {
    const run = runSetup('--no-browser');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('[setup] installing npm dependencies (npm ci)');
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['ci --no-audit --no-fund PUPPETEER_SKIP_DOWNLOAD=1']);
    expect(existsSync(join(clone, 'node_modules', '.package-lock.json'))).toBe(true);
  });

  it('leaves installed dependencies alone, and installs again once package-lock.json is newer', () => {
    expect(runSetup('--no-browser').status).toBe(0);
    const second = runSetup('--no-browser');
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(clone, 'package-lock.json'), later, later);
    expect(runSetup('--no-browser').status).toBe(0);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('falls back to npm install when npm ci refuses the lock file, in one line instead of npm ci\'s errors', () => {
    const npm = readFileSync(join(clone, 'bin', 'npm'), 'utf8');
    // npm ci as it fails where the registry lacks another system's optional packages.
    writeFileSync(
      join(clone, 'bin', 'npm'),
      npm.replace('#!/bin/sh\n', `#!/bin/sh\nif [ "$1" = ci ]; then echo "npm error code EUSAGE" >&2; echo "npm error \\\`npm ci\\\` can only install packages when your package.json and package-lock.json are in sync." >&2; echo "npm error Missing: @napi-rs/woff-build-darwin-arm64@ from lock file" >&2; exit 1; fi\n`),
    );
    const run = runSetup('--no-browser');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('[setup] npm ci did not install (`npm ci` can only install packages when your package.json and package-lock.json are in sync.): installing with npm install …');
    expect(run.stderr).not.toContain('Missing: @napi-rs/woff-build-darwin-arm64');
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['install --no-audit --no-fund PUPPETEER_SKIP_DOWNLOAD=1']);
  });

  it('says so and stops when npm cannot install them', () => {
    writeFileSync(join(clone, 'bin', 'npm'), '#!/bin/sh\necho "npm ERR! network" >&2\nexit 1\n');
    const run = runSetup('--no-browser');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[setup] npm could not install the dependencies; see the messages above.');
  });
});

#!/usr/bin/env node
// Runs before `npm run build` and `npm test` (npm's pre-scripts): installs what a fresh clone
// lacks and says what it is doing. Plain JavaScript, because nothing else is installed yet.
//   1. npm dependencies, when node_modules is missing or older than package-lock.json;
//   2. a Chromium for Puppeteer: the system's where there is one, else Puppeteer's download,
//      else (Debian, as root) `apt-get install -y chromium`; and, on Debian as root, the faster
//      headless shell the build prints with (`apt-get install -y chromium-headless-shell`).
// `--no-browser` skips step 2 (for `daan check`, which prints nothing). With `--browser-optional`
// (build, brief, serve: their `--no-pdf` needs no browser, and npm does not tell a pre-script the
// command's options) a missing Chromium is said, and the command goes on: it stops with the same
// advice only if it has to print.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (line) => console.error(`[setup] ${line}`);
const systemBrowsers = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
// As scripts/print/browser.ts looks for it.
const headlessShells = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function dependenciesMissing() {
  const modules = join(root, 'node_modules');
  const marker = join(modules, '.package-lock.json');
  if (!existsSync(marker)) return true;
  const lock = join(root, 'package-lock.json');
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;
}

function installDependencies() {
  if (!dependenciesMissing()) return;
  say('installing npm dependencies (npm ci) …');
  // Puppeteer's own download is step 2's, where no system browser is found: without a network it
  // would fail the whole install here, and with it the builds that print nothing.
  const env = { PUPPETEER_SKIP_DOWNLOAD: '1' };
  // npm ci refuses a lock file that lacks another system's optional packages (a registry that holds
  // only this system's, as on this project's machines): npm install then does, and its errors would
  // only alarm. They are shown if npm install fails too.
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (ci.status === 0) return void process.stderr.write(ci.stdout + ci.stderr);
  const why = `${ci.stdout}\n${ci.stderr}`.split('\n').find((line) => /^npm error (?!code )\S/.test(line))?.replace(/^npm error /, '');
  say(`npm ci did not install${why ? ` (${why})` : ''}: installing with npm install …`);
  if (!run('npm', ['install', '--no-audit', '--no-fund'], env)) {
    process.stderr.write(ci.stdout + ci.stderr);
    say('npm could not install the dependencies; see the messages above.');
    process.exit(1);
  }
}

function puppeteerBrowser() {
  try {
    const out = execFileSync(process.execPath, ['-e', "import('puppeteer').then(p => console.log(p.default.executablePath()))"], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out && existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function isDebianRoot() {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
}

/**
 * The headless shell prints about twice as fast as Chromium. Installed where we can (Debian, as
 * root, a Chromium from apt); elsewhere the build prints with Chromium and says so.
 */
function ensureHeadlessShell() {
  if (process.env.PUPPETEER_EXECUTABLE_PATH || headlessShells.some(existsSync) || !isDebianRoot() || !existsSync('/usr/bin/chromium')) return;
  say('installing the headless shell the build prints with (apt-get install -y chromium-headless-shell) …');
  if (run('apt-get', ['install', '-y', '-qq', 'chromium-headless-shell']) || (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium-headless-shell']))) return;
  say('chromium-headless-shell could not be installed: the build prints with Chromium instead (slower).');
}

function ensureBrowser() {
  const explicit = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (explicit && existsSync(explicit)) return;
  if (headlessShells.some(existsSync)) return;
  if (systemBrowsers.some(existsSync)) return ensureHeadlessShell();
  if (puppeteerBrowser()) return;
  say("no Chromium found: trying Puppeteer's own download (npx puppeteer browsers install chrome) …");
  if (run('npx', ['--yes', 'puppeteer', 'browsers', 'install', 'chrome']) && puppeteerBrowser()) return;
  if (isDebianRoot()) {
    say('the download failed: installing Debian\'s chromium (apt-get install -y chromium) …');
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium', 'chromium-headless-shell']) && existsSync('/usr/bin/chromium')) return;
  }
  say('no Chromium could be installed. Install one (Debian: apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH; `npm run build -- --no-pdf` builds the HTML without it.');
  if (!process.argv.includes('--browser-optional')) process.exit(1);
}

installDependencies();
if (!process.argv.includes('--no-browser')) ensureBrowser();

/**
 * The `daan` command runs the pipeline compiled to JavaScript: one esbuild bundle of our code and
 * the pure-JavaScript packages it uses (lazily loaded stages split into chunks) under
 * node_modules/.cache/daan/cli/. Starting from the bundle saves about half a second of every run:
 * tsx compiled each TypeScript file on every start, and Node resolves and reads hundreds of small
 * package files one by one. The bundle is made again (a second or two) whenever one of the files
 * it was made from changed (size or modification time) or npm installed something, so an edited
 * source is always what runs.
 *
 *   const entry = await compiledCli(); // file path of the bundle's entry, or undefined
 *   await compiledEntry({ source: 'x/main.ts', cacheDir: 'cache' }); // the same for any entry
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_CACHE_FOLDER } from '../core/cache-folder.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEEP_OLDER = 4;

/**
 * Packages that stay imports from node_modules: they load binaries, WebAssembly or data files
 * from beside their own code (puppeteer's downloaded browser, fonts, Pagefind), only the dev server
 * needs them, or they rely on CommonJS' __filename (write-file-atomic). puppeteer-core is bundled:
 * Node would otherwise resolve and read its 470 files one by one on every print build.
 */
const EXTERNAL = ['puppeteer', 'subset-font', 'harfbuzzjs', 'wawoff2', 'pagefind', '@expo-google-fonts/*', 'pdfjs-dist', 'chokidar', 'esbuild', 'ws', 'tsx', 'iconv-lite', 'sharp', '@img/*', 'write-file-atomic'];

/** The compiled entry of the `daan` command, made first when missing or stale; undefined when esbuild is unavailable. */
export function compiledCli() {
  // In the package's cache folder even when $DAAN_CACHE_DIR moves the build cache: a cold-cache build (bench/) does not compile the command again.
  return compiledEntry({ source: join(root, 'scripts', 'cli', 'daan.ts'), cacheDir: join(root, ...PACKAGE_CACHE_FOLDER, 'cli') });
}

/** The bundle of `source` in `cacheDir`, made first when missing or stale; undefined when it cannot be made. */
export async function compiledEntry({ source, cacheDir }) {
  const current = join(cacheDir, 'current.json');
  const name = `${basename(source).replace(/\.ts$/, '')}.js`;
  const known = await readJson(current);
  if (known?.source === source && (await stampOf(known.inputs)) === known.stamp) {
    const entry = join(cacheDir, known.stamp, name);
    if (await exists(entry)) return entry;
  }
  try {
    const stamp = await compile(source, cacheDir);
    return join(cacheDir, stamp, name);
  } catch (error) {
    if (process.env.DAAN_DEBUG) console.error(error);
    return undefined;
  }
}

async function compile(source, cacheDir) {
  const { build, stop } = await import('esbuild');
  const work = join(cacheDir, `.work-${process.pid}-${Date.now()}`);
  try {
    const result = await build({
      entryPoints: [source],
      outdir: work,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: EXTERNAL,
      // Bundled CommonJS packages call require() for Node's own modules.
      banner: { js: "import { createRequire as daanCreateRequire } from 'node:module'; const require = daanCreateRequire(import.meta.url);" },
      // With DAAN_DEBUG=1, stack traces point into the TypeScript (bin/daan.mjs turns source maps on).
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [sourceLocations, browserDownloadsLeftOut],
    });
    // Packages are stood for by npm's record of what it installed (and esbuild's version by its package.json).
    const sources = Object.keys(result.metafile.inputs).map((input) => resolve(input)).filter((input) => !input.includes(`${sep}node_modules${sep}`));
    // This file too: a change to how the bundle is made (what stays external) makes it again.
    const inputs = [...sources, fileURLToPath(import.meta.url), join(root, 'node_modules', '.package-lock.json'), createRequire(import.meta.url).resolve('esbuild/package.json')];
    // Inside node_modules, Node looks for a package.json no further up than node_modules/ itself: without
    // this one it would take each chunk for a file of unknown kind and compile it twice to tell (~0.1 s a run).
    await writeFile(join(work, 'package.json'), '{ "type": "module" }\n');
    const stamp = await stampOf(inputs);
    const target = join(cacheDir, stamp);
    // Another `daan` may have made the same bundle meanwhile: either copy is the same.
    await rename(work, target).catch(() => undefined);
    await writeAtomically(join(cacheDir, 'current.json'), JSON.stringify({ source, stamp, inputs }));
    await removeStale(cacheDir, stamp);
    return stamp;
  } finally {
    // esbuild's service process would otherwise live (some 300 MB) through the build it compiled for.
    await stop();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Each source keeps its own import.meta (the pipeline finds templates, fonts and the repository
 * from where its files are), so the bundle behaves as the TypeScript run by tsx does.
 */
const sourceLocations = {
  name: 'daan-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * @puppeteer/browsers (which puppeteer-core launches Chromium with) imports what it downloads
 * browsers with at its top: proxy-agent, with a JavaScript engine for proxy scripts, and a
 * progress bar. The build never downloads a browser (setup installs the system's), and compiling
 * those 1.5 MB cost every print build about 0.3 s at its start. Each is replaced by a stand-in
 * that says so if it is ever called.
 */
const DOWNLOAD_ONLY = ['proxy-agent', 'progress'];
const browserDownloadsLeftOut = {
  name: 'daan-browser-downloads-left-out',
  setup(build) {
    const filter = new RegExp(`^(${DOWNLOAD_ONLY.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.importer.includes(`${sep}@puppeteer${sep}browsers${sep}`) ? { path: args.path, namespace: 'daan-left-out' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'daan-left-out' }, (args) => ({
      // CommonJS, so that any name imported from it exists.
      contents: `const unavailable = () => { throw new Error(${JSON.stringify(`daan: ${args.path} is left out of the compiled command (it only downloads browsers)`)}); };
module.exports = new Proxy({}, { get: (_, name) => (name === '__esModule' ? false : unavailable) });`,
      loader: 'js',
    }));
  },
};

/** A short hash of every input's path, size and modification time, and of this file (how it compiles). */
async function stampOf(inputs) {
  const hash = createHash('sha256').update(await readFile(fileURLToPath(import.meta.url)));
  for (const input of inputs) {
    // Synchronous: every `daan` checks some 150 files before it starts, a promise each costs several times as much.
    const info = statSync(input, { throwIfNoEntry: false });
    hash.update(`${input}\0${info ? `${info.size}:${info.mtimeMs}` : 'missing'}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** All but the newest few bundles (a `daan serve` started earlier may still load chunks of an older one). */
async function removeStale(cacheDir, keep) {
  const bundles = [];
  for (const name of await readdir(cacheDir).catch(() => [])) {
    if (name === keep || !/^[0-9a-f]{16}$/.test(name)) continue;
    const info = await stat(join(cacheDir, name)).catch(() => undefined);
    if (info) bundles.push({ name, made: info.mtimeMs });
  }
  bundles.sort((a, b) => b.made - a.made);
  for (const { name } of bundles.slice(KEEP_OLDER)) await rm(join(cacheDir, name), { recursive: true, force: true }).catch(() => undefined);
}

async function writeAtomically(path, text) {
  await mkdir(dirname(path), { recursive: true });
  // Loaded only when compiling: every other start of `daan` does without it.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(path, text);
}

async function readJson(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

async function exists(path) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

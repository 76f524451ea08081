/**
 * Benchmark of edit-to-preview in `daan serve` (a script that prints figures, not a test): the
 * real CLI serves a copy of content/ with PDFs on; each run edits one article of the default
 * edition and times, from the moment the file is saved, until the edition's reading PDF and the
 * article's page in out/ both carry the edit. The build's own print time of that document (the
 * `printed daan-….pdf (… s)` line of --verbose) is read from the server's log, so the overhead
 * around printing is the difference. Issue 19 asks for at most 0.5 s of overhead.
 *
 * The edits only reorder characters the article already has, so no run pays for new web-font
 * slices; runs alternate between two versions of the article.
 *
 *   npm run bench:serve -- [--runs 5] [--log]   (--log: print the server's log of each rebuild)
 *
 * Ends with one JSON line (`{"serve": …}`) for scripts/bench/print.ts.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const root = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, log: { type: 'boolean' } } });
const runs = Math.max(1, Number(values.runs));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const edition = '2017-09';
const articleFile = `${edition}/articles/dangjian-linghang.md`;
const pdfFile = `${edition}/daan-${edition}.pdf`;

export interface ServeFigures {
  runs: number;
  /** Save → the PDF and the article page in out/ both changed, median seconds. */
  editToPdf: number;
  /** The build's print time of the edition's PDF (two prints when the layout changed), median seconds. */
  print: number;
  /** editToPdf − print, median of the per-run differences, seconds. */
  overhead: number;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'daan-bench-serve-'));
  const content = join(work, 'content');
  const out = join(work, 'out');
  cpSync(join(root, 'content'), content, { recursive: true });
  const child = spawn(process.execPath, [join(root, 'bin/daan.mjs'), 'serve', '--port', '0', '--verbose', '--lang', 'en', '--content', content, '--out', out], {
    cwd: root,
    // A build cache of its own: with the user's, an edit this benchmark made before would take its PDF from the cache (print/pdf-cache.ts), printing nothing.
    env: { ...process.env, CI: 'true', DAAN_CACHE_DIR: join(work, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);

  const waitFor = async (test: () => boolean, what: string, ms = 600_000) => {
    const until = performance.now() + ms;
    while (!test()) {
      if (child.exitCode !== null) throw new Error(`daan serve exited while waiting for ${what}:\n${log}`);
      if (performance.now() > until) throw new Error(`timed out waiting for ${what}:\n${log}`);
      await sleep(5);
    }
  };

  try {
    console.log(`load average at the start: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
    await waitFor(() => /watching /.test(log), 'the first build');
    const original = readFileSync(join(content, articleFile), 'utf8');
    // Each edit swaps the first two sentences of another paragraph, from the last up: the same
    // characters, a new layout, and never a text printed before (whose PDF the cache would hold).
    const paragraphs = original.trimEnd().split('\n\n');
    const versions: string[] = [];
    for (let p = paragraphs.length - 1; p >= 0 && versions.length <= runs; p--) {
      const sentences = paragraphs[p].match(/[^。！？\n]+[。！？]/g) ?? [];
      if (sentences.length < 2 || paragraphs[p].startsWith(':') || paragraphs[p].startsWith('#')) continue;
      const edited = [...paragraphs];
      edited[p] = paragraphs[p].replace(sentences[0] + sentences[1], sentences[1] + sentences[0]);
      if (edited[p] !== paragraphs[p]) versions.push(edited.join('\n\n') + '\n');
    }
    if (versions.length <= runs) throw new Error(`${articleFile}: fewer than ${runs + 1} paragraphs with two sentences to swap`);
    const page = join(out, edition, articlePageOf(out, edition));

    const editToPdf: number[] = [];
    const print: number[] = [];
    const overhead: number[] = [];
    // One warm-up edit: the first rebuild also fills caches the later ones reuse.
    for (let i = -1; i < runs; i++) {
      const text = versions[i + 1];
      const from = log.length;
      const pdfBefore = statSync(join(out, pdfFile)).mtimeMs;
      const pageBefore = readFileSync(page, 'utf8');
      const saved = performance.now();
      writeFileSync(join(content, articleFile), text);
      await waitFor(() => existsSync(join(out, pdfFile)) && statSync(join(out, pdfFile)).mtimeMs !== pdfBefore && readFileSync(page, 'utf8') !== pageBefore, 'the edited PDF and page');
      const seconds = (performance.now() - saved) / 1000;
      await waitFor(() => /rebuilt in /.test(log.slice(from)), 'the end of the rebuild');
      const printed = log.slice(from).match(new RegExp(`printed daan-${edition}\\.pdf \\([^)]*?([0-9.]+) s\\)`));
      if (!printed) throw new Error(`no print time of daan-${edition}.pdf in the server's log:\n${log.slice(from)}`);
      if (values.log) console.log(log.slice(from).replace(/^.*reused web font slice.*\n/gm, ''));
      if (i < 0) continue;
      const printSeconds = Number(printed[1]);
      editToPdf.push(seconds);
      print.push(printSeconds);
      overhead.push(seconds - printSeconds);
      console.log(`run ${i + 1}: save → PDF and page ${seconds.toFixed(2)} s, of which printing ${printSeconds.toFixed(1)} s`);
    }
    const figures: ServeFigures = { runs, editToPdf: median(editToPdf), print: median(print), overhead: median(overhead) };
    console.log(`daan serve, one article edited: save → PDF ${figures.editToPdf.toFixed(2)} s (median of ${runs}); printing that PDF ${figures.print.toFixed(1)} s; the rest ${figures.overhead.toFixed(2)} s (goal ≤ 0.5 s)`);
    console.log(`load average at the end: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
    console.log(JSON.stringify({ serve: figures }));
  } finally {
    stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The edited article's page in out/, found in the manifest (its file name is the article's slug). */
function articlePageOf(out: string, id: string): string {
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  const found = manifest.files.map((f) => f.path).find((p) => p.startsWith(`${id}/dangjian-linghang`) && p.endsWith('.html'));
  if (!found) throw new Error(`no page of ${articleFile} in ${out}/manifest.json`);
  return found.slice(id.length + 1);
}

await main();

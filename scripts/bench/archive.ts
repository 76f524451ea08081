/**
 * Benchmark of the archive build: writes a synthetic archive (default 100 editions × 12
 * articles, text drawn from the default edition's characters, a data table in every article)
 * into the system's temporary folder, and times the real CLI on it, as a user runs it:
 *
 *   clean HTML-only build (build cache cold, then warm) · no-change rebuild · one-article change
 *   clean build with PDFs (build cache cold, then warm, then warm without its finished PDFs) · no-change rebuild · one-article change (with PDFs)
 *   the floor of the build with PDFs (issue 19): bare page.pdf of its final documents + HTML-only build
 *
 * Each figure is the median of --repeat runs (PDF builds run once), with the peak memory of the
 * build's whole process tree (node, the font subsetters, Pagefind and Chromium; Linux /proc,
 * sampled every 50 ms or less often, so that the sampler takes at most 5 % of a core; see
 * tree-memory.ts), the resident size of the node process alone, and the sampler's own CPU time.
 *
 *   npm run bench:archive -- [--editions 100] [--articles 12] [--repeat 3] [--no-pdf | --only-pdf] [--keep]
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticArchive } from './synthetic.ts';
import { sampleTreeMemory, type TreePeak } from './tree-memory.ts';
import { barePdf } from './bare-pdf.ts';
import { PrintBrowser } from '../print/index.ts';

const repo = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    editions: { type: 'string', default: '100' },
    articles: { type: 'string', default: '12' },
    repeat: { type: 'string', default: '3' },
    'no-pdf': { type: 'boolean' },
    'only-pdf': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const editions = Number(values.editions);
const articles = Number(values.articles);
const repeat = Math.max(1, Number(values.repeat));

interface Run {
  seconds: number;
  /** CPU seconds (user + system) of the build and the processes it waited for; NaN without GNU time. */
  cpu: number;
  /** Peak resident memory of the process tree, and of the node process alone, in MiB. */
  treeMiB: number;
  /** Seconds into the build when the tree's peak was seen. */
  peakAt: number;
  nodeMiB: number;
  /** CPU seconds of every process of the build's tree, Chromium's renderers too (see tree-memory.ts). */
  treeCpu: number;
  /** treeCpu by kind of process (tree-memory.ts kindOf). */
  cpuByKind: Record<string, number>;
  /** CPU seconds the memory sampler (in this process) spent while the build ran, and its samples. */
  samplerCpu: number;
  samples: number;
  exact: number;
  /** Who held the memory at the tree's peak (tree-memory.ts). */
  atPeak: TreePeak['atPeak'];
  output: string;
}

/** GNU time, when installed, gives the CPU seconds of the build and everything it waited for (Pagefind, Chromium). */
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
let runs = 0;

function daan(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const command = [process.execPath, join(repo, 'bin', 'daan.mjs'), ...args];
    const timeFile = join(tmpdir(), `daan-bench-time-${process.pid}-${runs++}.txt`);
    const [file, ...rest] = gnuTime ? [gnuTime, '-f', '%U %S', '-o', timeFile, ...command] : command;
    const child = spawn(file, rest, { cwd: repo, env: { ...process.env, CI: '1', ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const sampler = process.platform === 'linux' && child.pid ? sampleTreeMemory(child.pid, { self: (argv) => argv[0] === process.execPath && argv.some((a) => a.endsWith(join('bin', 'daan.mjs'))) }) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = sampler?.stop();
      const seconds = (performance.now() - started) / 1000;
      let cpu = NaN;
      if (gnuTime && existsSync(timeFile)) {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        cpu = user + system;
        rmSync(timeFile, { force: true });
      }
      if (code !== 0) return reject(new Error(`daan ${args.join(' ')} failed (${code}):\n${output}`));
      resolve({ seconds, cpu, treeMiB: (peak?.treeKiB ?? NaN) / 1024, peakAt: peak?.peakAt ?? NaN, nodeMiB: (peak?.selfKiB ?? NaN) / 1024, samplerCpu: peak?.samplerCpu ?? 0, treeCpu: peak?.treeCpu ?? NaN, cpuByKind: peak?.cpuByKind ?? {}, samples: peak?.samples ?? 0, exact: peak?.exact ?? 0, atPeak: peak?.atPeak ?? {}, output });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Row {
  name: string;
  runs: Run[];
}

const rows: Row[] = [];
function record(name: string, runs: Run[]): void {
  rows.push({ name, runs });
  const r = summary({ name, runs });
  console.log(
    `${name.padEnd(44)} ${r.seconds.toFixed(2).padStart(7)} s  cpu ${r.cpu.toFixed(2).padStart(6)} s (waited for), ${r.treeCpu.toFixed(2).padStart(6)} s (whole tree)  (${runs.map((x) => x.seconds.toFixed(2)).join(', ')})  peak ${r.tree.toFixed(0)} MiB all processes, ${r.node.toFixed(0)} MiB node  [sampler cpu ${r.samplerCpu.toFixed(2)} s, ${r.samples} samples, ${r.exact} with shares; load ${loadavg()[0].toFixed(1)}]`,
  );
  console.log(`${''.padEnd(44)} at the peak (${r.peakAt.toFixed(1)} s in): ${r.atPeak}`);
  console.log(`${''.padEnd(44)} cpu by process (the median run): ${r.cpuByKind}`);
}

/** "chromium renderer 80.1 s, build (node) 40.2 s, …", largest first (under 0.1 s left out). */
function cpuBreakdown(cpuByKind: Record<string, number>): string {
  return Object.entries(cpuByKind)
    .filter(([, seconds]) => seconds >= 0.1)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, seconds]) => `${kind} ${seconds.toFixed(1)} s`)
    .join(', ');
}

/** "build (node) 190 MiB, chromium renderer 2 × 140 MiB, …", largest first (under 1 MiB left out). */
function breakdown(atPeak: TreePeak['atPeak']): string {
  return Object.entries(atPeak)
    .filter(([, { kib }]) => kib >= 1024)
    .sort(([, a], [, b]) => b.kib - a.kib)
    .map(([kind, { kib, processes }]) => `${kind} ${processes > 1 && kind !== 'files' ? `${processes} × ` : ''}${(kib / 1024 / (kind === 'files' ? 1 : processes)).toFixed(0)} MiB`)
    .join(', ');
}

function summary(row: Row) {
  return {
    seconds: median(row.runs.map((r) => r.seconds)),
    cpu: median(row.runs.map((r) => r.cpu)),
    tree: Math.max(...row.runs.map((r) => r.treeMiB)),
    node: Math.max(...row.runs.map((r) => r.nodeMiB)),
    treeCpu: median(row.runs.map((r) => r.treeCpu)),
    samplerCpu: median(row.runs.map((r) => r.samplerCpu)),
    samples: median(row.runs.map((r) => r.samples)),
    exact: median(row.runs.map((r) => r.exact)),
    cpuByKind: cpuBreakdown([...row.runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((row.runs.length - 1) / 2)].cpuByKind),
    // The run with the highest peak, and who held the memory then.
    ...(([top]) => ({ peakAt: top.peakAt, atPeak: breakdown(top.atPeak) }))([...row.runs].sort((a, b) => b.treeMiB - a.treeMiB)),
  };
}

let touched = 0;
/** Appends a sentence to one article of an edition in the middle of the archive. */
function touchOneArticle(content: string): string {
  const ids = readdirSync(content).filter((d) => /^\d{4}-\d{2}$/.test(d)).sort();
  const id = ids[Math.floor(ids.length / 2)];
  const file = join(content, id, 'articles', `a${String((touched++ % articles) + 1).padStart(2, '0')}.md`);
  appendFileSync(file, `\n追加的一段文字，第${touched}次修改。\n`);
  return id;
}

/**
 * One series of builds of `content` into `out`. With `cold`, the series has a build cache of its
 * own in that folder: each clean build of the first row starts with it empty; the warm clean
 * builds, the no-change and the one-article rebuilds use what the cold builds left in it.
 */
async function series(label: string, content: string, out: string, flags: string[], times: number, cold?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  const env = { ...(cold ? { DAAN_CACHE_DIR: cold } : {}), ...extraEnv };
  const build = () => daan(['build', '--content', content, '--out', out, ...flags], env);
  const clean: Run[] = [];
  for (let i = 0; i < times; i++) {
    rmSync(out, { recursive: true, force: true });
    if (cold) rmSync(cold, { recursive: true, force: true });
    clean.push(await build());
  }
  record(`clean build, ${label}${cold ? ' (build cache cold)' : ''}`, clean);
  if (cold) {
    const warm: Run[] = [];
    for (let i = 0; i < times; i++) {
      rmSync(out, { recursive: true, force: true });
      warm.push(await build());
    }
    record(`clean build, ${label} (build cache warm)`, warm);
    if (!flags.includes('--no-pdf')) {
      // The warm cache without its finished PDFs (print/pdf-cache.ts): each edition printed once, its layout known.
      const printing: Run[] = [];
      for (let i = 0; i < times; i++) {
        rmSync(out, { recursive: true, force: true });
        rmSync(join(cold, 'pdfs'), { recursive: true, force: true });
        printing.push(await build());
      }
      record(`clean build, ${label} (build cache warm, PDFs printed)`, printing);
    }
  }
  const same: Run[] = [];
  for (let i = 0; i < times; i++) same.push(await build());
  if (!same.every((r) => r.output.includes('up to date'))) throw new Error(`a no-change rebuild was not a no-op:\n${same.map((r) => r.output).join('\n')}`);
  record(`no-change rebuild, ${label}`, same);
  const one: Run[] = [];
  for (let i = 0; i < times; i++) {
    const id = touchOneArticle(content);
    const run = await build();
    if (!/built 1 edition\(s\)/.test(run.output)) throw new Error(`changing one article of ${id} did not rebuild exactly one edition:\n${run.output}`);
    one.push(run);
  }
  record(`one-article change, ${label}`, one);
}

/**
 * Issue 19's floor for the archive with PDFs: the bare page.pdf of each edition's final print
 * document (kept by the clean build, DAAN_BENCH_PRINT_DOCUMENTS) one after another in one warm
 * browser, plus the clean HTML-only build (warm build cache; built now when the HTML series did not run).
 */
async function floor(content: string, documents: string): Promise<void> {
  const htmlRow = rows.find((row) => row.name === 'clean build, HTML only (build cache warm)');
  let html = htmlRow && summary(htmlRow).seconds;
  if (html === undefined) {
    const out = join(work, 'out-floor');
    rmSync(out, { recursive: true, force: true });
    html = (await daan(['build', '--content', content, '--out', out, '--no-pdf'])).seconds;
  }
  const files = readdirSync(documents)
    .filter((id) => existsSync(join(documents, id, 'issue.html')))
    .sort()
    .map((id) => join(documents, id, 'issue.html'));
  const browser = await PrintBrowser.launch();
  let prints = 0;
  let chromium: TreePeak | undefined;
  try {
    await barePdf(browser, files[0]);
    const sampler = browser.details.pid ? sampleTreeMemory(browser.details.pid) : undefined;
    for (const file of files) prints += await barePdf(browser, file);
    chromium = sampler?.stop();
  } finally {
    await browser.close();
  }
  const seconds = prints / 1000 + html;
  // Like the floor, the warm build without its PDFs prints each final document once.
  const build = rows.find((row) => row.name === 'clean build, with PDFs (build cache warm, PDFs printed)');
  const ratio = build ? ` — the clean build with PDFs (warm cache without its PDFs) is ${(summary(build).seconds / seconds).toFixed(2)} × the floor` : '';
  console.log(
    `${'floor, with PDFs'.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  (bare page.pdf of ${files.length} final documents in one warm browser ${(prints / 1000).toFixed(2)} s + clean HTML-only build ${html.toFixed(2)} s)${ratio}  [load ${loadavg()[0].toFixed(1)}]`,
  );
  if (chromium) console.log(`${''.padEnd(44)} the bare prints' cpu: ${chromium.treeCpu.toFixed(2)} s (${cpuBreakdown(chromium.cpuByKind)})`);
  floorFigure = { seconds, prints: prints / 1000, html, documents: files.length };
}
let floorFigure: { seconds: number; prints: number; html: number; documents: number } | undefined;

const work = mkdtempSync(join(tmpdir(), 'daan-bench-'));
const content = join(work, 'content');
try {
  const generated = writeSyntheticArchive({ dir: content, editions, articles, source: join(repo, 'content/2017-09'), site: join(repo, 'content/site.yaml') });
  console.log(`synthetic archive: ${editions} editions × ${articles} articles (${editions * articles} articles, ${generated.files} files, ${generated.characters} distinct characters) in ${content}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}\n`);
  // bin/daan.mjs compiles the pipeline when a source changed: once, before the figures.
  await daan(['--help']);
  if (!values['only-pdf']) await series('HTML only', content, join(work, 'out-html'), ['--no-pdf'], repeat, join(work, 'font-cache'));
  if (!values['no-pdf']) {
    const documents = join(work, 'print-documents');
    // A build cache of its own, empty first: the layouts in the user's cache depend on the code, so a
    // clean build there prints each edition once or twice depending on what ran before.
    await series('with PDFs', content, join(work, 'out-pdf'), [], 1, join(work, 'cache-pdf'), { DAAN_BENCH_PRINT_DOCUMENTS: documents });
    await floor(content, documents);
  }
  const results = rows.map((row) => ({ name: row.name, ...summary(row), runs: row.runs.map((r) => Number(r.seconds.toFixed(3))) }));
  console.log(`\n${JSON.stringify({ editions, articles, results, floor: floorFigure }, null, 2)}`);
} finally {
  if (values.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

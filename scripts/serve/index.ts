/**
 * `daan serve`: the build, a static server for out/, a watcher, and live reload — layered on the
 * ordinary build, as Eleventy's --serve is:
 *
 *   build (atomic, into out/) → serve out/ on 127.0.0.1 → watch content/ and templates/ →
 *   debounce → build() again → tell open pages what changed (Server-Sent Events)
 *
 * Each rebuild is the public build() (so incremental builds there benefit serve too); what
 * changed in out/ is read from the manifests before and after, so a page reloads only when its
 * own file, the stylesheet or fonts, or (print preview) its PDF changed. A failed build leaves
 * out/ as it was, prints the problems in the terminal, and shows them over every open page until
 * a build succeeds; the server keeps running.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { build, prepare, type BuildResult } from '../build/index.ts';
import { sortQueries } from '../check/queries.ts';
import type { Query } from '../load/model.ts';
import { PrintBrowser } from '../print/index.ts';
import { BuildFailure, UserError, formatProblems } from '../report/problems.ts';
import { reasonAndFix, say as text, sayProblem } from '../report/messages.ts';
import { createProgress, type Verbosity } from '../report/progress.ts';
import { CLIENT_PATH, EVENTS_PATH, clientScript, injectClient } from './client.ts';
import { previewIndex, previewPage } from './preview.ts';
import { wechatView } from './wechat-view.ts';
import { escapeHtml, mimeType, resolveUnder, send, startStaticServer, type Handler } from './server.ts';
import { affected, watchInputs, type Change } from './watch.ts';

export interface ServeOptions {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  pdf: boolean;
  /** 0: any free port. */
  port: number;
  verbosity?: Verbosity;
  debounceMs?: number;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface DevServer {
  url: string;
  port: number;
  /** Resolves when the rebuild that is running or queued (if any) has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** A problem as the overlay shows it. */
export interface ShownProblem {
  file?: string;
  line?: number;
  column?: number;
  reason: string;
  fix?: string;
  rule?: string;
}

interface State {
  building: boolean;
  generation: number;
  problems: ShownProblem[];
  /** Open editorial queries (shown in a corner of every page, never in out/). */
  queries: ShownProblem[];
}

export async function serve(options: ServeOptions): Promise<DevServer> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const say = (line: string) => options.verbosity !== 'quiet' && stdout.write(`${line}\n`);
  const outDir = resolve(options.outDir);
  const contentDir = resolve(options.contentDir);
  const templatesDir = resolve(options.templatesDir);
  if (!existsSync(contentDir)) throw new UserError(text('no-content-folder', { dir: options.contentDir }));

  const clients = new Set<ServerResponse>();
  const state: State = { building: false, generation: 0, problems: [], queries: [] };
  // Queries by edition id ('' for the briefings): an incremental build transforms only what changed.
  const queriesBy = new Map<string, Query[]>();
  const broadcast = (event: string, data: unknown) => {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of clients) client.write(message);
  };

  const browser = options.pdf ? await PrintBrowser.launch() : undefined;

  // One build at a time; changes during a build are collected and built right after it.
  let running: Promise<void> | undefined;
  let pending: Change[] | undefined;
  let closed = false;

  async function rebuild(changes: Change[] | undefined): Promise<void> {
    state.building = true;
    broadcast('building', {});
    const before = await manifestHashes(outDir);
    const started = Date.now();
    try {
      const result = await build({
        contentDir,
        outDir,
        templatesDir,
        pdf: options.pdf,
        // Every article gets its 公众号 view (/__wechat/<edition>/<slug>).
        wechat: true,
        browser,
        progress: createProgress({ verbosity: options.verbosity ?? 'normal', stream: stdout }),
      });
      const after = await manifestHashes(outDir);
      const changed = [...after].filter(([path, hash]) => before.get(path) !== hash).map(([path]) => path);
      const removed = [...before.keys()].filter((path) => !after.has(path));
      await rememberQueries(result);
      state.generation += 1;
      state.problems = [];
      state.building = false;
      if (changes) say(text('serve-rebuilt', { seconds: ((Date.now() - started) / 1000).toFixed(1), rebuilt: result.rebuilt.join(', '), reused: result.skipped.length, changed: changed.length, removed: removed.length }));
      broadcast('built', { generation: state.generation, changed: [...changed, ...removed], queries: state.queries });
    } catch (error) {
      state.building = false;
      state.problems = shownProblems(error);
      if (error instanceof BuildFailure) stderr.write(`${formatProblems(error.problems, { color: Boolean(stderr.isTTY) })}\n`);
      else if (error instanceof UserError) stderr.write(`${text('serve-user-error', { error: error.message })}\n`);
      else stderr.write(`${text('serve-unexpected', { stack: String((error as Error)?.stack ?? error) })}\n`);
      say(text('serve-failed'));
      broadcast('failed', state);
    }
  }

  /** The queries of the editions just built replace theirs; editions reused on the first build are read once. */
  async function rememberQueries(result: BuildResult): Promise<void> {
    const editionOf = (query: Query) => relative(contentDir, resolve(query.at.file)).split(sep)[0];
    const unknown = result.skipped.filter((id) => !queriesBy.has(id));
    const found = [...result.queries];
    if (unknown.length) found.push(...(await prepare(contentDir, undefined, new Set(unknown)).catch(() => ({ queries: [] as Query[] }))).queries);
    for (const id of [...result.rebuilt, ...unknown, '']) queriesBy.set(id, []);
    for (const query of found) {
      const id = editionOf(query);
      queriesBy.set(queriesBy.has(id) ? id : '', [...(queriesBy.get(queriesBy.has(id) ? id : '') ?? []), query]);
    }
    state.queries = sortQueries([...queriesBy.values()].flat()).map((q) => ({ file: relative(process.cwd(), resolve(q.at.file)), line: q.at.line, column: q.at.column, reason: q.text }));
  }

  function schedule(changes: Change[] | undefined): Promise<void> {
    if (running) {
      pending = [...(pending ?? []), ...(changes ?? [])];
      return running;
    }
    running = (async () => {
      let next: Change[] | undefined = changes;
      for (;;) {
        if (closed) break;
        await rebuild(next);
        if (!pending) break;
        next = pending;
        pending = undefined;
      }
    })().finally(() => (running = undefined));
    return running;
  }

  // The first build, before serving.
  await schedule(undefined);

  const pdfjsRoot = findPdfjs();
  const routes: Handler[] = [
    (req, res, url) => {
      if (url.pathname !== EVENTS_PATH) return false;
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`retry: 500\nevent: state\ndata: ${JSON.stringify(state)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return true;
    },
    (req, res, url) => {
      if (url.pathname !== CLIENT_PATH) return false;
      send(res, 200, 'text/javascript; charset=utf-8', clientScript(), req.method === 'HEAD');
      return true;
    },
    async (req, res, url) => {
      if (!url.pathname.startsWith('/__daan/pdfjs/')) return false;
      const rest = url.pathname.slice('/__daan/pdfjs'.length);
      const file = pdfjsRoot && /^\/(build|cmaps|standard_fonts|wasm|iccs)\//.test(rest) ? resolveUnder(pdfjsRoot, rest) : undefined;
      const bytes = file ? await readFile(file).catch(() => undefined) : undefined;
      if (!bytes) send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      else send(res, 200, mimeType(file!), bytes, req.method === 'HEAD');
      return true;
    },
    async (req, res, url) => {
      const match = /^\/__wechat\/(\d{4}-\d{2})\/([a-z0-9-]+)$/.exec(url.pathname);
      if (!match) return false;
      const page = await wechatView(outDir, match[1], match[2]);
      if (page === undefined) send(res, 404, 'text/html; charset=utf-8', injectClient(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>404</title></head><body><p>没有这篇文章的公众号版：${escapeHtml(url.pathname)}</p></body></html>`));
      else send(res, 200, 'text/html; charset=utf-8', injectClient(page), req.method === 'HEAD');
      return true;
    },
    async (req, res, url) => {
      const match = /^\/__print(?:\/([^/]*))?\/?$/.exec(url.pathname);
      if (!match) return false;
      const id = match[1] ? decodeURIComponent(match[1]) : '';
      if (!id) {
        send(res, 200, 'text/html; charset=utf-8', injectClient(previewIndex(await builtEditions(outDir), options.pdf)), req.method === 'HEAD');
        return true;
      }
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/`, 'Cache-Control': 'no-store' });
        res.end();
        return true;
      }
      if (!/^\d{4}-\d{2}$/.test(id)) {
        send(res, 404, 'text/html; charset=utf-8', injectClient(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>404</title></head><body><p>No edition ${escapeHtml(id)}. <a href="/__print/">All previews</a></p></body></html>`));
        return true;
      }
      const pdfName = `daan-${id}.pdf`;
      const info = await stat(join(outDir, id, pdfName)).catch(() => undefined);
      const page = previewPage({
        editionId: id,
        pdfName,
        printing: options.pdf,
        pdfjs: Boolean(pdfjsRoot),
        pdf: info?.isFile() ? { path: `${id}/${pdfName}`, size: info.size, mtimeMs: info.mtimeMs } : undefined,
      });
      send(res, 200, 'text/html; charset=utf-8', injectClient(page), req.method === 'HEAD');
      return true;
    },
  ];

  const server = await startStaticServer({
    root: outDir,
    port: options.port,
    routes,
    html: (html) => injectClient(html),
    // While a build swaps out/ in, a file can be missing for a moment: wait for the build (≤ 10 s).
    retryMissing: async () => {
      if (!running) return false;
      await Promise.race([running, new Promise((done) => setTimeout(done, 10_000))]);
      return true;
    },
  });

  const watched = [contentDir, templatesDir].filter((dir) => existsSync(dir));
  const watcher = watchInputs(
    watched,
    (changes) => {
      // out/ and the staging folders of builds never trigger a build, wherever they are.
      const relevant = changes.filter((c) => !isInside(c.path, outDir) && !c.path.split(sep).some((part) => /^\.daan-(staging|retired|lock)-/.test(part)));
      if (!relevant.length || closed) return;
      const scope = affected(relevant, contentDir, new Set());
      const names = [...new Set(relevant.map((c) => shownPath(c.path)))];
      const what = scope.all ? text('serve-site-wide') : text('serve-editions', { ids: scope.editions.join(', ') });
      say(text('serve-changed', { names: names.slice(0, 5).join(', '), more: Math.max(0, names.length - 5), what }));
      void schedule(relevant);
    },
    { debounceMs: options.debounceMs },
  );
  await watcher.ready;
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  say(text('serve-serving', { url: server.url }));
  say(text('serve-watching', { dirs: watched.map(shownPath) }));

  return {
    url: server.url,
    port: server.port,
    async settled() {
      while (running) await running;
    },
    async close() {
      closed = true;
      clearInterval(keepAlive);
      for (const client of clients) client.end();
      clients.clear();
      await watcher.close();
      await server.close();
      if (running) await running.catch(() => undefined);
      await browser?.close();
    },
  };
}

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** path → sha256 of the current out/, from its manifest (empty when there is none yet). */
async function manifestHashes(outDir: string): Promise<Map<string, string>> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as { files?: { path: string; sha256: string }[] };
    return new Map((manifest.files ?? []).map((f) => [f.path, f.sha256]));
  } catch {
    return new Map();
  }
}

async function builtEditions(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && /^\d{4}-\d{2}$/.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
}

function shownProblems(error: unknown): ShownProblem[] {
  if (error instanceof BuildFailure) return error.problems.map(shown);
  if (error instanceof UserError) return [{ reason: error.message }];
  return [reasonAndFix(sayProblem('serve-internal', { error: (error as Error)?.message ?? String(error) }))];
}

function shown(message: VFileMessage): ShownProblem {
  const file = message.file ? relative(process.cwd(), message.file) : undefined;
  return {
    file: file && !file.startsWith('..') ? file : message.file || undefined,
    line: message.line ?? undefined,
    column: message.column ?? undefined,
    reason: message.reason,
    fix: message.note ?? undefined,
    rule: message.ruleId ?? undefined,
  };
}

/** pdfjs-dist's package folder, when it is installed (it draws the print preview). */
function findPdfjs(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  } catch {
    return undefined;
  }
}

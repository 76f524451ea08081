/**
 * The preview's static file server for out/ (node:http, 127.0.0.1 only; files are sirv's): correct
 * MIME types, index.html for folders, no way out of the root (.., encoded slashes, NUL), GET and
 * HEAD only, no caching.
 *
 * The root is a path, resolved on every request — never a held directory handle — because a build
 * swaps a new out/ in by renaming folders. HTML responses can be rewritten on the way out (`html`),
 * which is how the dev server adds its reload script without touching the files in out/.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { lookup } from 'mrmime';
import sirv from 'sirv';

/** Types sirv's table (mrmime) does not know: pdf.js's character maps and fonts. */
const BINARY = 'application/octet-stream';

/** The Content-Type of a file: text is always UTF-8 (the build writes nothing else). */
export function mimeType(path: string): string {
  const type = lookup(path);
  if (!type) return BINARY;
  return /^text\/|^application\/(json|xml|javascript)$/.test(type) ? `${type}; charset=utf-8` : type;
}

/**
 * The file under `root` that a URL path names, or undefined when the path leaves the root or is
 * not a valid path (bad escapes, NUL, backslashes). Folders are returned as they are.
 */
export function resolveUnder(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\') || !path.startsWith('/')) return undefined;
  const base = resolve(root);
  const target = resolve(base, `.${path}`);
  return target === base || target.startsWith(base + sep) ? target : undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface StaticServerOptions {
  /** The folder served: looked up by path on every request (a build swaps a new one in by renaming). */
  root: string;
  /** Routes tried before the files: return true when the request was answered. */
  routes?: Handler[];
  /** Rewrites every HTML response (files and the 404 page). */
  html?: (html: string, path: string) => string;
  /** Called when a file is missing; return true to try once more (e.g. while out/ is being swapped). */
  retryMissing?: () => Promise<boolean>;
}

export interface StaticServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startStaticServer(options: StaticServerOptions & { port?: number }): Promise<StaticServer> {
  // sirv's dev mode looks every file up on disk per request: nothing is held across a swap.
  const files = (onNoMatch: (req: IncomingMessage, res: ServerResponse) => void) =>
    sirv(options.root, {
      dev: true,
      etag: false,
      extensions: [],
      dotfiles: false,
      onNoMatch,
      setHeaders: (res, pathname) => {
        res.setHeader('Content-Type', mimeType(pathname));
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    });
  const afterRetry = files((req, res) => notFound(req, res, new URL(req.url ?? '/', 'http://127.0.0.1').pathname, options));
  const firstTry = files((req, res) => {
    void (options.retryMissing?.() ?? Promise.resolve(false)).then((again) => (again ? afterRetry(req, res) : notFound(req, res, new URL(req.url ?? '/', 'http://127.0.0.1').pathname, options)));
  });
  const server = createServer((req, res) => {
    handle(req, res, options, firstTry).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${error.message}\n`);
      else res.destroy();
    });
  });
  const host = '127.0.0.1'; // never exposed on the network
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/**
 * Routes first, then: folders are redirected to `folder/` and answered with their index.html,
 * HTML goes through `options.html`, every other file is sirv's.
 */
async function handle(req: IncomingMessage, res: ServerResponse, options: StaticServerOptions, files: (req: IncomingMessage, res: ServerResponse) => void): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  for (const route of options.routes ?? []) if (await route(req, res, url)) return;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  const target = resolveUnder(options.root, url.pathname);
  if (!target) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
  const folder = url.pathname.endsWith('/') || (await stat(target).catch(() => undefined))?.isDirectory();
  if (folder && !url.pathname.endsWith('/')) {
    res.writeHead(301, { Location: `${url.pathname}/${url.search}`, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  if (!folder && !(options.html && /\.html?$/i.test(target))) return files(req, res);
  const page = folder ? resolve(target, 'index.html') : target;
  let html = await readFile(page, 'utf8').catch(() => undefined);
  if (html === undefined && options.retryMissing && (await options.retryMissing())) html = await readFile(page, 'utf8').catch(() => undefined);
  if (html === undefined) return notFound(req, res, url.pathname, options);
  send(res, 200, 'text/html; charset=utf-8', options.html ? options.html(html, url.pathname) : html, req.method === 'HEAD');
}

function notFound(req: IncomingMessage, res: ServerResponse, pathname: string, options: StaticServerOptions): void {
  const page = `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>404 — 未找到</title></head>\n<body><h1>404 — 未找到</h1><p>${escapeHtml(pathname)} is not in the build.</p><p><a href="/">首页 (home)</a></p></body></html>\n`;
  send(res, 404, 'text/html; charset=utf-8', options.html ? options.html(page, pathname) : page, req.method === 'HEAD');
}

export function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, headOnly = false): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(headOnly ? undefined : bytes);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A small static file server for out/ (node:http, 127.0.0.1 only): correct MIME types, index.html
 * for folders, no way out of the root (.., encoded slashes, NUL), GET and HEAD only, no caching.
 *
 * The root is a path, resolved on every request — never a held directory handle — because a build
 * swaps a new out/ in by renaming folders. HTML responses can be rewritten on the way out (`html`),
 * which is how the dev server adds its reload script without touching the files in out/.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
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
  /** The folder served (a path, resolved per request). */
  root: () => string;
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
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: Error) => {
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

async function handle(req: IncomingMessage, res: ServerResponse, options: StaticServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  for (const route of options.routes ?? []) if (await route(req, res, url)) return;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  const target = resolveUnder(options.root(), url.pathname);
  if (!target) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
  let found = await fileAt(target, url.pathname);
  if (found === 'missing' && options.retryMissing && (await options.retryMissing())) found = await fileAt(target, url.pathname);
  if (found === 'missing') return notFound(req, res, url.pathname, options);
  if ('redirect' in found) {
    res.writeHead(301, { Location: found.redirect + url.search, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  const type = mimeType(found.file);
  if (type.startsWith('text/html') && options.html) {
    const text = options.html(await readFile(found.file, 'utf8'), url.pathname);
    return send(res, 200, type, text, req.method === 'HEAD');
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': found.size, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

type Found = { file: string; size: number } | { redirect: string } | 'missing';

async function fileAt(target: string, pathname: string): Promise<Found> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 'missing';
  if (info.isDirectory()) {
    if (!pathname.endsWith('/')) return { redirect: `${pathname}/` };
    const index = resolve(target, 'index.html');
    const indexInfo = await stat(index).catch(() => undefined);
    return indexInfo?.isFile() ? { file: index, size: indexInfo.size } : 'missing';
  }
  return info.isFile() ? { file: target, size: info.size } : 'missing';
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

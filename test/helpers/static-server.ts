/** A tiny static file server on 127.0.0.1 (as http://localhost:port/) for tests that need http:// (Pagefind's fetch() is refused from file://). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.pagefind': 'application/octet-stream',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` at http://localhost:<port>/<prefix> (prefix: '' or 'sub/'). `maxAge`: seconds a
 * browser may keep what it loaded (Cache-Control), as a web server configured for a static site
 * says; without it, no caching headers.
 */
export async function serveStatic(dir: string, prefix = '', options: { maxAge?: number } = {}): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer(async (request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!requested.startsWith(`/${prefix}`)) return void response.writeHead(404).end('not found');
    const path = requested.slice(prefix.length);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end();
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': found.size, ...(options.maxAge !== undefined ? { 'cache-control': `max-age=${options.maxAge}` } : {}) });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  // Addressed as localhost: the test browser resolves no other name, and maps bare IP addresses away too.
  return {
    url: `http://localhost:${port}/${prefix}`,
    // close() alone waits for every open connection to end; a browser page still loading (or a
    // kept-alive connection with a request in flight) held the afterAll hook of a CI run for 300 s.
    close: () => new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

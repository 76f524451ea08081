/**
 * Where a blocked request came from. The print guard sees only URLs; the files a print document
 * is made of (its articles, templates and style sheets) are searched for the reference, so that
 * the message names the file and the line to change rather than a URL alone.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files larger than this are not searched (no source of a print document is this big). */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** Each URL with the place of its first reference in `sources`: "http://x/a.png (content/2017-09/articles/a.md:12:5)". */
export async function traceUrls(urls: string[], sources: string[]): Promise<string[]> {
  const texts = await Promise.all(
    sources.map(async (file) => {
      const info = await stat(file).catch(() => undefined);
      return info?.isFile() && info.size <= MAX_SOURCE_BYTES ? { file, text: await readFile(file, 'utf8').catch(() => '') } : { file, text: '' };
    }),
  );
  return urls.map((url) => {
    for (const needle of needlesOf(url)) {
      for (const { file, text } of texts) {
        const index = text.indexOf(needle);
        if (index < 0) continue;
        const before = text.slice(0, index).split('\n');
        return `${shortUrl(url)} (${file}:${before.length}:${before.at(-1)!.length + 1})`;
      }
    }
    return `${shortUrl(url)} (in none of the document's sources: ${sources.length ? 'check the templates and style sheets' : 'no sources known'})`;
  });
}

/** What a source may have written for a URL, most precise first: the URL, without its query, the path of a file: URL, its file name. */
function needlesOf(url: string): string[] {
  const needles = [url, url.replace(/[?#].*$/, ''), safeDecode(url)];
  if (url.startsWith('file:')) {
    try {
      const path = fileURLToPath(url);
      needles.push(path, path.replace(/^\/+/, ''));
      if (basename(path).length >= 4) needles.push(basename(path));
    } catch {
      /* not a path */
    }
  }
  return [...new Set(needles.filter((n) => n.length > 0))];
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

export function shortUrl(url: string): string {
  return url.length > 120 ? `${url.slice(0, 117)}…` : url;
}

/**
 * Two outputs must never land on one path: the later would silently replace the earlier (an
 * article whose slug is `index` replaced its edition's table of contents). Articles may not take
 * the names the build keeps for its own pages and files (compared without regard to case).
 * The other ways to collide are closed where the names are made: two articles of an edition
 * with one slug (check/edition.ts), and names that differ only in case, which would be one file
 * on macOS and Windows — slugs, briefing file names and edition folders must be lower case
 * (load/schemas.ts, load/briefing.ts), and slugs made from titles are lowered.
 */
import { posix } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import type { Edition } from '../load/model.ts';
import { problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';

/**
 * Names an article's slug may not take: the edition's own pages and files, and those the site
 * keeps (or will keep) for itself, so that a later page never unpublishes an article.
 */
export const RESERVED_SLUGS: Record<string, string> = {
  index: "the edition's table of contents (index.html)",
  cover: "the edition's cover (cover.png)",
  images: "the edition's images folder",
  search: 'the search page',
  pagefind: 'the search index',
  assets: "the site's stylesheet and fonts",
  archive: 'the archive pages',
  columns: 'the column pages',
  briefings: 'the briefings',
  manifest: 'the list of files of the build (manifest.json)',
  wechat: 'the WeChat edition',
  epub: 'the e-book edition',
  press: "the printer's copy",
};

/** A problem for every output path claimed twice (reserved names included), naming both sources. */
export function checkOutputPaths(editions: readonly Edition[]): VFileMessage[] {
  const problems: VFileMessage[] = [];
  for (const edition of editions) {
    for (const article of edition.articles) {
      const place = article.places.slug ?? article.places.title;
      if (!article.slug) {
        problems.push(problem(article.file, place, ...sayProblem('output-collision-empty')));
        continue;
      }
      const reserved = RESERVED_SLUGS[article.slug.toLowerCase()];
      if (reserved) {
        problems.push(problem(article.file, place, ...sayProblem('output-collision', { slug: article.slug, kept: article.slug.toLowerCase(), reserved, page: `${edition.id}/${article.slug}.html` })));
      }
    }
  }
  return problems;
}

/** The paths in out/ a page at `page` links to (href, src, each candidate of a srcset), in order: only links inside the site. */
export function linkedTargets(page: string, html: string): string[] {
  return [...html.matchAll(/\s(href|src|srcset)\s*=\s*"([^"]*)"/gi)].flatMap((match) => {
    const links = match[1].toLowerCase() === 'srcset' ? match[2].split(',').map((candidate) => candidate.trim().split(/\s+/)[0]) : [match[2]];
    return links.flatMap((link) => siteTarget(page, link) ?? []);
  });
}

/** The path in out/ a link on `page` points to, or undefined for links that leave the site. */
function siteTarget(page: string, href: string): string | undefined {
  const link = href.replace(/&amp;/g, '&').split('#')[0].split('?')[0];
  if (!link || /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//') || link.startsWith('/')) return undefined;
  let path: string;
  try {
    path = posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(link)));
  } catch {
    return undefined;
  }
  if (path.startsWith('..')) return undefined;
  return link.endsWith('/') || path === '.' ? posix.join(path, 'index.html') : path;
}

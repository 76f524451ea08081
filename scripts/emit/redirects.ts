/**
 * URLs that last. The manifest names every page whose URL comes from a slug (each article, each
 * column) by what it is: `article:<edition>/<file>`, `column:<name>`. When a title, a slug or the
 * slug rule changes, the next build finds the page under its new path; the old path then gets a
 * redirect page to the new one (a meta refresh, a canonical link and a plain link, noindex),
 * recorded in the manifest's `redirects` and written again by every later build, so that an
 * address once published keeps leading to its page. A page of the previous build that is gone
 * (an article deleted, a whole edition taken out) leads to the nearest contents page that is
 * still there — its edition's, else the home page — with a page that says it was taken down; the
 * build says so once, and the address is kept like any other redirect.
 */
import { basename, posix } from 'node:path';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { SiteView } from '../render/model.ts';
import { listFiles, PAGEFIND_DIR, readManifest, type Manifest } from './manifest.ts';
import type { Staging } from './staging.ts';

/** Page path → what the page is, for the pages whose paths come from slugs. */
export type PageIdentities = Record<string, string>;

/** The redirect pages' unit in the manifest: written afresh by every build, never taken from the last. */
export const REDIRECT_UNIT = 'redirects';

export function articleIdentity(editionId: string, file: string): string {
  return `article:${editionId}/${basename(file)}`;
}

export function columnIdentity(name: string): string {
  return `column:${name}`;
}

/** The slug-named pages of this build: every article, and every column page (path as the archive pages link it). */
export function pageIdentities(view: SiteView, columnPages: { name: string; href: string }[]): PageIdentities {
  const pages: PageIdentities = {};
  for (const edition of view.editions) for (const article of edition.articles) pages[`${edition.edition.id}/${article.href}`] = articleIdentity(edition.edition.id, article.article.file);
  for (const column of columnPages) pages[column.href] = columnIdentity(column.name);
  return pages;
}

/**
 * The pages an archive built before the manifest named its pages published: the paths the slug
 * rule of that time gave (one word per syllable), for articles and columns without a `slug:`.
 */
export function pagesBeforeWords(view: SiteView, slugBeforeWords: typeof import('../load/slug.ts').slugBeforeWords): PageIdentities {
  const pages: PageIdentities = {};
  for (const edition of view.editions) {
    for (const article of edition.articles) {
      if (article.article.places.slug) continue;
      pages[`${edition.edition.id}/${slugBeforeWords(article.article.title, article.article.file)}.html`] = articleIdentity(edition.edition.id, article.article.file);
    }
    for (const column of edition.edition.columns) pages[`columns/${slugBeforeWords(column.name, column.name)}.html`] = columnIdentity(column.name);
  }
  return pages;
}

export interface RedirectPlan {
  /** Old path → the path of the page it now leads to. */
  redirects: Record<string, string>;
  /** Pages of the previous build found under a new path this time: [old, new]. */
  moved: [string, string][];
  /** Pages of the previous build that are gone, and the contents page each leads to now: [old, contents]. */
  removed: [string, string][];
  /** Pages (and redirects) of the previous build that lead nowhere now (no contents page either). */
  lost: string[];
}

/** The nearest contents page of `path` this build writes: index.html of its folder, then of each folder above. */
function contentsOf(path: string, present: Set<string>): string | undefined {
  for (let dir = posix.dirname(path); ; dir = posix.dirname(dir)) {
    const index = dir === '.' ? 'index.html' : `${dir}/index.html`;
    if (index !== path && present.has(index)) return index;
    if (dir === '.') return undefined;
  }
}

/** A redirect to a contents page stands for a page taken down (pages that move lead to pages of their own kind). */
function isTakenDown(to: string): boolean {
  return posix.basename(to) === 'index.html';
}

/**
 * The redirects this build writes: one from each page of the previous build that moved, and every
 * earlier redirect still needed (pointed at where its page is now). A path that is a page again
 * needs none. `present`: every file this build writes; `before` names the pages of a previous
 * manifest that names none (a function: asked only then, since the old slug rule spells every title in pinyin).
 */
export function planRedirects(previous: Manifest | undefined, current: PageIdentities, present: Set<string>, before: PageIdentities | (() => PageIdentities) = {}): RedirectPlan {
  const plan: RedirectPlan = { redirects: {}, moved: [], removed: [], lost: [] };
  if (!previous) return plan;
  const published = new Set(previous.files.filter((f) => f.path.endsWith('.html')).map((f) => f.path));
  const earlierPages = previous.pages ?? Object.fromEntries(Object.entries(typeof before === 'function' ? before() : before).filter(([path]) => published.has(path)));
  const earlierRedirects = previous.redirects ?? {};
  const pathOf = new Map(Object.entries(current).map(([path, identity]) => [identity, path]));
  const now = (path: string): string | undefined => {
    if (current[path] || (isTakenDown(path) && present.has(path))) return path;
    const identity = earlierPages[path];
    return identity ? pathOf.get(identity) : undefined;
  };
  for (const [path, identity] of Object.entries(earlierPages)) {
    if (present.has(path)) continue;
    const target = pathOf.get(identity);
    if (target) {
      plan.redirects[path] = target;
      plan.moved.push([path, target]);
    }
  }
  for (const [path, target] of Object.entries(earlierRedirects)) {
    if (present.has(path) || plan.redirects[path]) continue;
    const resolved = now(target) ?? plan.redirects[target];
    const contents = resolved ? undefined : contentsOf(path, present);
    if (resolved && resolved !== path) plan.redirects[path] = resolved;
    else if (contents) {
      plan.redirects[path] = contents;
      plan.removed.push([path, contents]);
    } else plan.lost.push(path);
  }
  // Any other page of the previous build (an article deleted, a year page, a whole edition) that is gone.
  for (const path of published) {
    if (present.has(path) || plan.redirects[path] || path in earlierRedirects) continue;
    const contents = contentsOf(path, present);
    if (contents) {
      plan.redirects[path] = contents;
      plan.removed.push([path, contents]);
    } else plan.lost.push(path);
  }
  const byPath = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);
  plan.moved.sort(byPath);
  plan.removed.sort(byPath);
  plan.lost.sort();
  return plan;
}

/** The redirect page written at `from` (a path in out/) leading to `to`: a page that moved, or one taken down. */
export function redirectPage(from: string, to: string): string {
  const href = posix.relative(posix.dirname(from), to);
  const [title, lead] = isTakenDown(to) ? ['本页已撤下', '本页已撤下，请看目录：'] : ['本页已移至新地址', '本页已移至新地址：'];
  const tree = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'zh-CN' }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'robots', content: 'noindex' }),
        h('meta', { httpEquiv: 'refresh', content: `0; url=${href}` }),
        h('link', { rel: 'canonical', href }),
        h('title', title),
      ]),
      h('body', [h('p', [lead, h('a', { href }, href)])]),
    ]),
  ]);
  return `${toHtml(tree)}\n`;
}

/**
 * Writes this build's redirect pages into the staging folder (after every other file): the plan
 * against the manifest still in out/ (`previous`: as the build's plan read it, while this build holds out/),
 * and this build's slug-named pages for the next one.
 */
export async function stageRedirects(view: SiteView, columnPages: { name: string; href: string }[], outDir: string, staging: Staging, previous?: Manifest): Promise<RedirectPlan & { pages: PageIdentities }> {
  const pages = pageIdentities(view, columnPages);
  // The search index has no pages, and Pagefind may still be writing it.
  const present = new Set(await listFiles(staging.dir, PAGEFIND_DIR));
  const manifest = previous ?? (await readManifest(outDir));
  // The old slug rule spells every title of the archive in pinyin: loaded only for a manifest that names no pages.
  const oldRule = manifest && !manifest.pages ? (await import('../load/slug.ts')).slugBeforeWords : undefined;
  const plan = planRedirects(manifest, pages, present, () => (oldRule ? pagesBeforeWords(view, oldRule) : {}));
  for (const [from, to] of Object.entries(plan.redirects)) await staging.write(from, redirectPage(from, to));
  return { ...plan, pages };
}

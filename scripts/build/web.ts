/**
 * The render stage for the web: the pages of each edition (cover and table of contents, one page
 * per article), the archive pages (home, one page per year, one per column, search), the
 * stylesheet, the web fonts and the search script.
 *
 * Edition pages refer to shared files by stable names (assets/site.css, assets/search.js): when
 * the archive's character set changes, only the stylesheet and the font files change, never the
 * pages of editions that were not rebuilt.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Edition, Site } from '../load/model.ts';
import { readCached, writeCached } from '../core/cache.ts';
import { recordReads, withReads, type Read } from '../core/inputs.ts';
import { generatorHash } from './input-hash.ts';
import { webFonts, WebFontText, type WebFontOptions } from '../fonts/web.ts';
import { readTemplateAsset, templateLoader, type Templates } from '../render/templates.ts';
import { coverLines } from '../render/views.ts';
import type { EditionView, SiteView } from '../render/model.ts';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

/** What an edition's folder holds besides its pages, for the download links and the thumbnails. */
export interface EditionFiles {
  /** Size of daan-<id>.pdf in bytes. */
  pdf?: number;
  /** Size of daan-<id>.pdfa.pdf in bytes. */
  pdfa?: number;
  /** Size of daan-<id>.epub in bytes. */
  epub?: number;
  /** cover.png was rendered. */
  cover?: boolean;
}

export interface WebOptions {
  templatesDir: string;
  /** Size of each edition's PDF, when one was printed, for the download links. */
  pdfSizes?: Map<string, number>;
  /** Per edition: its PDF, PDF/A and cover thumbnail (overrides pdfSizes). */
  editionFiles?: Map<string, EditionFiles>;
}

/** Width of the cover thumbnails in CSS pixels; the PNG is twice that. */
export const THUMBNAIL_WIDTH = 120;

export function thumbnailSize(page: Edition['page']): { width: number; height: number } {
  return { width: THUMBNAIL_WIDTH, height: Math.round((THUMBNAIL_WIDTH * page.height) / page.width) };
}

/** The web pages, one edition at a time, for a build that interleaves them with reused pages and the search index. */
export interface WebRenderer {
  /**
   * One page per article of the edition. They show nothing the printing makes (no download link):
   * they are rendered, indexed for search and drawn for the web fonts while the edition prints.
   */
  articlePages(edition: EditionView): Promise<OutputFile[]>;
  /** The edition's cover and table of contents, with the download links of its PDF, PDF/A and EPUB. */
  editionPage(edition: EditionView): Promise<OutputFile>;
  /** Home, one page per year, one per column, search. */
  archivePages(): Promise<OutputFile[]>;
  /** The stylesheets, the web fonts for what every page draws (`text`), and the search script. */
  assets(text: WebFontText, progress?: WebFontOptions): Promise<OutputFile[]>;
}

export async function webRenderer(view: SiteView, options: WebOptions): Promise<WebRenderer> {
  const templatesFor = templateLoader();
  const shared = await templatesFor([options.templatesDir]);
  const filesOf = (id: string): EditionFiles => options.editionFiles?.get(id) ?? { pdf: options.pdfSizes?.get(id) };
  const editionTemplates = (edition: EditionView) => templatesFor([options.templatesDir, join(edition.edition.dir, 'templates')]);
  return {
    async articlePages(edition) {
      return articlePages(await editionTemplates(edition), view.site, edition);
    },
    async editionPage(edition) {
      return editionPage(await editionTemplates(edition), view.site, edition, filesOf(edition.edition.id));
    },
    archivePages: () => cachedArchivePages(shared, view, filesOf),
    assets: (text, progress) => assets(options.templatesDir, text, progress),
  };
}

function editionPage(templates: Templates, site: Site, edition: EditionView, downloads: EditionFiles): OutputFile {
  const context = { site, root: '../', edition, pdfSize: downloads.pdf, pdfaSize: downloads.pdfa, pdfaName: pdfaName(edition), epubSize: downloads.epub, epubName: edition.epubName };
  const title = `${site.masthead}${edition.label}`;
  return page(templates, 'pages/edition', { ...context, title, coverLines: coverLines(edition), crumbs: [{ label: title }] }, `${edition.edition.id}/index.html`);
}

function articlePages(templates: Templates, site: Site, edition: EditionView): OutputFile[] {
  const editionCrumb = { label: `${site.masthead}${edition.label}`, href: 'index.html' };
  return edition.articles.map((article) => {
    const crumbs = [editionCrumb, { label: article.article.column }];
    return page(templates, 'pages/article', { site, root: '../', edition, view: article, crumbs, title: `${article.article.title} — ${site.masthead}${edition.label}` }, `${edition.edition.id}/${article.href}`);
  });
}

export function pdfaName(edition: EditionView): string {
  return edition.pdfName.replace(/\.pdf$/, '.pdfa.pdf');
}

/** One edition as the archive pages list it. */
interface ArchiveEdition {
  id: string;
  label: string;
  dateLabel: string;
  year: number;
  color: string;
  coverLines: string[];
  pdf?: { href: string; size: number };
  pdfa?: { href: string; size: number };
  epub?: { href: string; size: number };
  cover?: { src: string; width: number; height: number };
  columns: { name: string; slug: string; articles: { title: string; subtitle?: string; author?: string; href: string }[] }[];
}

/** What the archive pages show: every edition as they list it, the years, the columns, the briefings. */
function archiveOf(view: SiteView, filesOf: (id: string) => EditionFiles) {
  const editions = view.editions.map((e) => archiveEdition(e, filesOf(e.edition.id)));
  const years = [...new Set(editions.map((e) => e.year))].sort((a, b) => b - a).map((year) => ({ year, href: `archive/${year}.html`, editions: editions.filter((e) => e.year === year) }));
  const columns = archiveColumns(view);
  const briefings = (view.briefings ?? []).map((b) => ({ href: `briefings/${b.htmlName}`, name: b.briefing.name, label: b.label, dateLabel: b.dateLabel, ...(b.pdfSize !== undefined ? { pdf: { href: `briefings/${b.pdfName}`, size: b.pdfSize } } : {}) }));
  return { site: view.site, editions, years, columns, briefings };
}

type Archive = ReturnType<typeof archiveOf>;

/**
 * The archive pages, from the build cache while what they show and the shared templates are the
 * same (an edited article's text changes neither): rendering the home page, which lists every
 * article of the archive, and the column pages costs a large archive a tenth of a second or more.
 * What their templates read is recorded again for the site's inputs, as when they are rendered.
 */
async function cachedArchivePages(templates: Templates, view: SiteView, filesOf: (id: string) => EditionFiles): Promise<OutputFile[]> {
  const archive = archiveOf(view, filesOf);
  const hash = createHash('sha256').update(`${await generatorHash()}\0${JSON.stringify(archive)}`);
  try {
    for (const file of templates.files) hash.update(`\0${file}\0`).update(readFileSync(file));
  } catch {
    // A template removed since it was loaded: rendered as loaded, and not kept.
    return archivePages(templates, archive);
  }
  const key = `${hash.digest('hex')}.json`;
  const hit = await readCached(ARCHIVE_PAGES, key);
  if (hit) {
    try {
      const kept = JSON.parse(new TextDecoder().decode(hit)) as { pages: OutputFile[]; reads: Read[] };
      recordReads(kept.reads);
      return kept.pages;
    } catch {
      // A damaged entry is made again.
    }
  }
  const { value: pages, reads } = await withReads(async () => archivePages(templates, archive));
  await writeCached(ARCHIVE_PAGES, key, new TextEncoder().encode(JSON.stringify({ pages, reads })), 40);
  return pages;
}

const ARCHIVE_PAGES = 'archive-pages';

/** The home page (editions by year), a page per year, a page per column, and the search page. */
function archivePages(templates: Templates, archive: Archive): OutputFile[] {
  const { site, editions, years, columns, briefings } = archive;
  const pages: OutputFile[] = [];
  const common = { site, years, columns };
  pages.push(page(templates, 'pages/home', { ...common, root: '', title: `${site.masthead}刊物档案`, editions, count: editions.length, briefings }, 'index.html'));
  for (const year of years) {
    pages.push(page(templates, 'pages/year', { ...common, root: '../', title: `${year.year}年 — ${site.masthead}刊物档案`, year, crumbs: [{ label: `${year.year}年` }] }, year.href));
  }
  for (const column of columns) {
    pages.push(page(templates, 'pages/column', { ...common, root: '../', title: `${column.name} — ${site.masthead}刊物档案`, column, crumbs: [{ label: `栏目：${column.name}` }] }, column.href));
  }
  pages.push(page(templates, 'pages/search', { ...common, root: '', title: `搜索 — ${site.masthead}刊物档案`, crumbs: [{ label: '搜索' }], scripts: ['assets/search.js'] }, 'search.html'));
  return pages;
}

function archiveEdition(view: EditionView, files: EditionFiles): ArchiveEdition {
  const id = view.edition.id;
  return {
    id,
    label: view.label,
    dateLabel: view.dateLabel,
    year: view.edition.year,
    color: view.edition.cover.color,
    coverLines: coverLines(view),
    ...(files.pdf !== undefined ? { pdf: { href: `${id}/${view.pdfName}`, size: files.pdf } } : {}),
    ...(files.pdfa !== undefined ? { pdfa: { href: `${id}/${pdfaName(view)}`, size: files.pdfa } } : {}),
    ...(files.epub !== undefined ? { epub: { href: `${id}/${view.epubName}`, size: files.epub } } : {}),
    ...(files.cover ? { cover: { src: `${id}/cover.png`, ...thumbnailSize(view.edition.page) } } : {}),
    columns: view.columns.map((column) => ({
      name: column.name,
      slug: column.slug,
      articles: column.articles.map((a) => ({ title: a.article.title, subtitle: a.article.subtitle, author: a.article.author, href: `${id}/${a.href}` })),
    })),
  };
}

/** Every column of the archive (by name), with its articles in every edition, newest edition first. */
export function archiveColumns(view: SiteView) {
  const byName = new Map<string, { name: string; slug: string; href: string; editions: { id: string; label: string; href: string; articles: { title: string; subtitle?: string; author?: string; href: string }[] }[] }>();
  for (const edition of view.editions) {
    for (const column of edition.columns) {
      const entry = byName.get(column.name) ?? { name: column.name, slug: column.slug, href: `columns/${column.slug}.html`, editions: [] };
      byName.set(column.name, entry);
      entry.editions.push({
        id: edition.edition.id,
        label: edition.label,
        href: `${edition.edition.id}/index.html`,
        articles: column.articles.map((a) => ({ title: a.article.title, subtitle: a.article.subtitle, author: a.article.author, href: `${edition.edition.id}/${a.href}` })),
      });
    }
  }
  // Two column names with the same slug would share a page: number the later ones.
  const seen = new Map<string, number>();
  const columns = [...byName.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : a.name < b.name ? -1 : 1));
  for (const column of columns) {
    const n = seen.get(column.slug) ?? 0;
    seen.set(column.slug, n + 1);
    if (n) column.href = `columns/${column.slug}-${n + 1}.html`;
  }
  return columns.map((c) => ({ ...c, count: c.editions.reduce((n, e) => n + e.articles.length, 0) }));
}

function page(templates: Templates, name: string, context: Record<string, unknown>, path: string): OutputFile {
  const body = templates.render(name, context);
  return { path, data: templates.render('layouts/web', { ...context, body }) };
}

/**
 * assets/fonts.css (the web fonts' slices, shared by every page, briefings too), assets/site.css,
 * the slices, and the search script.
 */
async function assets(templatesDir: string, text: WebFontText, progress?: WebFontOptions): Promise<OutputFile[]> {
  const script = await readTemplateAsset(templatesDir, 'js/search.js');
  // The search script's messages are drawn in the page font too.
  text.addText(script);
  const fonts = await webFonts(text, progress);
  const css = await Promise.all(['css/web.css', 'css/data.css'].map((name) => readTemplateAsset(templatesDir, name)));
  return [
    { path: 'assets/fonts.css', data: fonts.css },
    ...[...fonts.groups].map(([group, css]) => ({ path: `assets/fonts/${group}.css`, data: css })),
    { path: 'assets/site.css', data: css.join('\n') },
    ...fonts.files.map((f) => ({ path: `assets/fonts/${f.name}`, data: f.bytes })),
    ...(script ? [{ path: 'assets/search.js', data: script }] : []),
  ];
}

/** Text of an HTML page as drawn (tags removed, entities decoded). */
export { visibleText } from '../fonts/web.ts';

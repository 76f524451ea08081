/** The render stage for the web: every HTML page of the site, the stylesheet and the web fonts. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Site } from '../load/model.ts';
import { fontFaceCss, subsetFaces } from '../fonts/subset.ts';
import { loadTemplates, type Templates } from '../render/templates.ts';
import { coverLines } from '../render/views.ts';
import type { EditionView, SiteView } from '../render/model.ts';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

export interface WebOptions {
  templatesDir: string;
  /** Size of each edition's PDF, when one was printed, for the download links. */
  pdfSizes?: Map<string, number>;
}

export async function renderWeb(view: SiteView, options: WebOptions): Promise<OutputFile[]> {
  const shared = await loadTemplates([options.templatesDir]);
  const files: OutputFile[] = [];
  const common = { site: view.site };
  const editions = view.editions.map((e) => ({ ...e, pdfSize: options.pdfSizes?.get(e.edition.id) }));
  files.push(page(shared, 'pages/home', { ...common, root: '', title: `${view.site.masthead}刊物档案`, editions }, 'index.html'));
  for (const edition of view.editions) {
    const templates = await loadTemplates([options.templatesDir, join(edition.edition.dir, 'templates')]);
    files.push(...editionPages(templates, view.site, edition, options.pdfSizes?.get(edition.edition.id)));
  }
  files.push(...(await assets(view, files, options.templatesDir)));
  return files;
}

function editionPages(templates: Templates, site: Site, edition: EditionView, pdfSize?: number): OutputFile[] {
  const root = '../';
  const common = { site, root, edition, pdfSize };
  const dir = edition.edition.id;
  const editionCrumb = { label: `${site.masthead}${edition.label}`, href: 'index.html' };
  const pages = [
    page(templates, 'pages/edition', { ...common, title: `${site.masthead}${edition.label}`, coverLines: coverLines(edition), crumbs: [{ label: `${site.masthead}${edition.label}` }] }, `${dir}/index.html`),
  ];
  for (const article of edition.articles) {
    const crumbs = [editionCrumb, { label: article.article.column }];
    pages.push(page(templates, 'pages/article', { ...common, view: article, crumbs, title: `${article.article.title} — ${site.masthead}${edition.label}` }, `${dir}/${article.href}`));
  }
  return pages;
}

function page(templates: Templates, name: string, context: Record<string, unknown>, path: string): OutputFile {
  const body = templates.render(name, context);
  return { path, data: templates.render('layouts/web', { ...context, body }) };
}

/** The stylesheet (fonts first) and the web fonts, subset to the characters of every page. */
async function assets(view: SiteView, pages: OutputFile[], templatesDir: string): Promise<OutputFile[]> {
  const text = pages.map((p) => visibleText(String(p.data))).join('');
  const fonts = await subsetFaces(text, 'woff2');
  const css = await Promise.all(['css/web.css', 'css/data.css'].map((name) => readFile(join(templatesDir, name), 'utf8').catch(() => '')));
  return [
    { path: 'assets/site.css', data: `${fontFaceCss(fonts, 'fonts/')}\n${css.join('\n')}` },
    ...fonts.map((f) => ({ path: `assets/fonts/${f.name}`, data: f.bytes })),
  ];
}

/** Text of an HTML page as drawn: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (entity, code: string) => decodeEntity(entity, code));
}

function decodeEntity(entity: string, code: string): string {
  if (code.startsWith('#x')) return String.fromCodePoint(parseInt(code.slice(2), 16));
  if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
  return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[code] ?? entity;
}

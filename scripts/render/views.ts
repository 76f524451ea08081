/** Builds the page models (views) of the site from the loaded content and the transformed articles. */
import type { Article, Edition, Site } from '../load/model.ts';
import { chineseDate, chineseDateTime, issueLabel } from './helpers.ts';
import type { ArticleView, ColumnView, EditionView, HeadingView, SiteView } from './model.ts';
import type { Root } from 'hast';
import type { ImageRef } from '../transform/images.ts';

export interface ArticleBody {
  html: string;
  /** The body for the print document, when its images differ from the web page's (see transform/images.ts). */
  printHtml?: string;
  headings: HeadingView[];
  /** Plain text of the body. */
  text: string;
  /** The transformed tree, for checks that name the source place of what they find (not kept by incremental builds). */
  hast?: Root;
  /** Image files the body shows (src relative to the edition folder), copied beside the pages and the print document. */
  images?: ImageRef[];
}

export function editionView(edition: Edition, bodies: Map<Article, ArticleBody>): EditionView {
  const articles = edition.articles.map((article) => articleView(article, bodies.get(article)!));
  articles.forEach((view, index) => {
    const previous = articles[index - 1];
    const next = articles[index + 1];
    if (previous) view.previous = { title: previous.article.title, href: previous.href };
    if (next) view.next = { title: next.article.title, href: next.href };
  });
  const columns: ColumnView[] = edition.columns
    .map((column) => ({ ...column, articles: articles.filter((a) => a.article.column === column.name) }))
    .filter((column) => column.articles.length);
  return {
    edition,
    label: issueLabel(edition),
    dateLabel: chineseDate(edition.date),
    pdfName: `daan-${edition.id}.pdf`,
    epubName: `daan-${edition.id}.epub`,
    columns,
    articles,
  };
}

/** The press copy's name, next to the reading copy's: daan-2017-09-press.pdf, briefings' 2017-01-press.pdf. */
export function pressCopyName(view: { pdfName: string }): string {
  return view.pdfName.replace(/\.pdf$/, '-press.pdf');
}

function articleView(article: Article, body: ArticleBody): ArticleView {
  const meta = [article.title, article.subtitle, article.column, article.author, article.authorTitle, article.source].filter(Boolean).join('\n');
  return {
    article,
    id: `art-${article.slug}`,
    href: `${article.slug}.html`,
    html: body.html,
    printHtml: body.printHtml ?? body.html,
    headings: body.headings,
    images: body.images ?? [],
    text: `${meta}\n${body.text}`,
    publishedLabel: article.published ? chineseDateTime(article.published) : undefined,
  };
}

export function siteView(site: Site, editions: EditionView[]): SiteView {
  return { site, editions };
}

/** Cover lines: those set in edition.yaml, else the titles of articles marked `cover: true`. */
export function coverLines(view: EditionView): string[] {
  const { lines } = view.edition.cover;
  return lines.length ? lines : view.articles.filter((a) => a.article.cover).map((a) => a.article.title);
}

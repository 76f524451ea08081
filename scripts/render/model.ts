/**
 * The page models that templates receive. Built once from the transformed edition; the web pages
 * and the print document read the same values, so the two outputs differ only in templates and CSS.
 */
import type { Article, Briefing, Edition, Site } from '../load/model.ts';
import type { ImageRef } from '../transform/images.ts';

export interface HeadingView {
  id: string;
  depth: number;
  text: string;
}

export interface ArticleView {
  article: Article;
  /** Element id of the article in the print document: art-<slug>. */
  id: string;
  /** File name of the web page, relative to the edition folder: <slug>.html */
  href: string;
  /** The article body as HTML for the web page (from the same hast as printHtml; only the images differ). */
  html: string;
  /** The article body as HTML for the print document: each image is its print copy (see transform/images.ts). */
  printHtml: string;
  /** Headings of the body, in order, with their ids. */
  headings: HeadingView[];
  /** Image files the body shows: src relative to the edition folder (images/x.png), the file on disk, what it is, its print copies. */
  images: ImageRef[];
  /** Plain text of the article (title, metadata, body) — for font coverage and search. */
  text: string;
  /** 2017年10月9日 */
  publishedLabel?: string;
  previous?: { title: string; href: string };
  next?: { title: string; href: string };
  /** Page where the article starts in the print issue (filled after the first print). */
  page?: number;
}

export interface ColumnView {
  name: string;
  slug: string;
  articles: ArticleView[];
}

export interface EditionView {
  edition: Edition;
  /** 2017年第9期 */
  label: string;
  /** 2017年9月30日 */
  dateLabel: string;
  /** daan-2017-09.pdf */
  pdfName: string;
  /** daan-2017-09.epub */
  epubName: string;
  columns: ColumnView[];
  articles: ArticleView[];
}

export interface SiteView {
  site: Site;
  /** Newest first. */
  editions: EditionView[];
  /** The briefings (简报), by id; see build/briefings.ts. */
  briefings?: BriefingView[];
}

export interface BriefingView {
  briefing: Briefing;
  /** 第1期 */
  label: string;
  /** 2017年10月20日 */
  dateLabel: string;
  /** The body as HTML: the briefing's own Markdown with the included articles and sections. */
  html: string;
  /** The same body for the print document: each image is its print copy. */
  printHtml: string;
  /** Image files the body shows (src relative to content/briefings/). */
  images: ImageRef[];
  headings: HeadingView[];
  /** Plain text of everything printed (报头, body, 版记) — for font coverage. */
  text: string;
  /** 2017-01.pdf and 2017-01.html, under out/briefings/. */
  pdfName: string;
  htmlName: string;
  /** Size of the PDF, once printed. */
  pdfSize?: number;
}

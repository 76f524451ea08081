/**
 * The print document of an edition: the same article HTML as the web pages, in print templates
 * and print CSS. Geometry is computed here so that a line holds a whole number of characters.
 */
import { join } from 'node:path';
import type { PageSettings, Site } from '../load/model.ts';
import { readTemplateAsset, type Templates } from './templates.ts';
import { coverLines } from './views.ts';
import type { EditionView } from './model.ts';
import { scopeIds } from './scope-ids.ts';
import { placeFloatsOf, type FloatGeometry, type FloatPlacement } from '../print/floats.ts';

const PT_PER_MM = 72 / 25.4;

export interface PrintGeometry {
  /** The CSS page box in mm: trim plus bleed on every side. */
  pageWidth: number;
  pageHeight: number;
  bleed: number;
  /** Margins in mm measured from the page box edge (bleed included), exactly as configured. */
  top: number;
  bottom: number;
  inner: number;
  outer: number;
  bodySize: number;
  lineHeight: number;
  columns: 1 | 2;
  /** Characters on a full line of one column. */
  charsPerLine: number;
  /** Width of the text block in pt: the page between the margins. */
  textWidthPt: number;
  /** Gap between the two columns in pt (0 in one column). */
  columnGapPt: number;
}

/** The narrowest gap between two columns, in em of the body size. */
const MIN_COLUMN_GAP_EM = 1.5;

/**
 * The text block is the page between the configured margins. In two columns each column holds a
 * whole number of characters and the gap takes what is left (at least 1.5 em); in one column the
 * justified lines spread the less than one character that is left.
 */
export function printGeometry(page: PageSettings, bleed = page.bleed): PrintGeometry {
  const size = page.bodySize;
  const available = (page.width - page.margins.inner - page.margins.outer) * PT_PER_MM;
  const charsPerLine = page.columns === 2 ? Math.floor((available - MIN_COLUMN_GAP_EM * size) / 2 / size) : Math.floor(available / size);
  const columnGapPt = page.columns === 2 ? available - 2 * charsPerLine * size : 0;
  return {
    pageWidth: page.width + 2 * bleed,
    pageHeight: page.height + 2 * bleed,
    bleed,
    top: page.margins.top + bleed,
    bottom: page.margins.bottom + bleed,
    inner: page.margins.inner + bleed,
    outer: page.margins.outer + bleed,
    bodySize: size,
    lineHeight: Math.round(size * 1.75 * 100) / 100,
    columns: page.columns,
    charsPerLine,
    textWidthPt: round(available),
    columnGapPt: round(columnGapPt),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface PrintDocumentInput {
  site: Site;
  edition: EditionView;
  templates: Templates;
  templatesDir: string;
  /** @font-face rules pointing at the document's TrueType subsets. */
  fontCss: string;
  /** Where each article starts (art-<slug> → page), after the first print. */
  pages?: Map<string, number>;
  /** Where floats go, learnt from an earlier print (see print/floats.ts). */
  floats?: FloatPlacement;
  /** Without the marks that measure floats (and so with none placed): for the fonts and the layout key, never printed. */
  unmarked?: boolean;
  /** The print that is kept: laid out as the drafts, but only the floats' own marks named (print/floats.ts). */
  final?: boolean;
  bleed?: number;
  /** The press copy's document: blank pages before the colophon (to a multiple of 4 pages). */
  press?: { blanks: number };
}

/** The measures print/floats.ts places floats with, in pt. */
export function floatGeometry(geometry: PrintGeometry): FloatGeometry {
  return {
    pageHeight: geometry.pageHeight * PT_PER_MM,
    contentHeight: (geometry.pageHeight - geometry.top - geometry.bottom) * PT_PER_MM,
    contentWidth: geometry.textWidthPt,
    lineHeight: geometry.lineHeight,
    columns: geometry.columns,
    charsPerLine: geometry.charsPerLine,
  };
}

export async function renderPrintDocument(input: PrintDocumentInput): Promise<string> {
  const { edition, site } = input;
  const geometry = printGeometry(edition.edition.page, input.bleed);
  const css = await printCss(input.templatesDir);
  const slugOf = new Map(edition.edition.columns.map((c) => [c.name, c.slug]));
  const { contentHeight, lineHeight } = floatGeometry(geometry);
  const articles = edition.articles.map((view) => ({
    ...view,
    html: placeFloatsOf(view, view.printHtml, (html) => scopeIds(html, view.id), view.id, input.unmarked ? 'unmarked' : input.floats?.[view.id], contentHeight / lineHeight, undefined, input.final),
    page: input.pages?.get(view.id),
    columnSlug: slugOf.get(view.article.column),
  }));
  const columns = edition.columns.map((column) => ({ ...column, articles: articles.filter((a) => a.article.column === column.name) }));
  return input.templates.render('print/issue', {
    site,
    edition: { ...edition, articles, columns },
    coverLines: coverLines(edition),
    coverPhoto: coverPhoto(edition),
    geometry,
    press: input.press ? { blanks: Array.from({ length: input.press.blanks }, (_, i) => i + 1) } : undefined,
    style: `${input.fontCss}\n${css}`,
  });
}

async function printCss(templatesDir: string): Promise<string> {
  const files = ['css/print.css', 'css/data.css'];
  return (await Promise.all(files.map((f) => readTemplateAsset(templatesDir, f)))).join('\n');
}

/** The cover photo's path and CSS object-position (numbers from the schema, 0–100). */
function coverPhoto(edition: EditionView): { src: string; position: string } | undefined {
  const { image, focus } = edition.edition.cover;
  return image ? { src: image.src, position: `${Number(focus[0])}% ${Number(focus[1])}%` } : undefined;
}

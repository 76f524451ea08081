/**
 * The two documents of a briefing (简报): the print document on the GB/T 9704-2012 grid (A4, 天头
 * 37 mm, 订口 28 mm, a 156 × 225 mm text block of 22 lines × 28 characters, folios "— 1 —" 7 mm
 * under the block) and the HTML page. Both read the same body HTML.
 */
import { join } from 'node:path';
import type { Briefing, Site } from '../load/model.ts';
import { chineseDate } from './helpers.ts';
import { readTemplateAsset, type Templates } from './templates.ts';
import type { ArticleBody } from './views.ts';
import type { BriefingView } from './model.ts';
import { placeFloatsOf, type FloatGeometry, type FloatPlacement } from '../print/floats.ts';

const PT_PER_MM = 72 / 25.4;

/** GB/T 9704-2012 in millimetres; the body size and line height follow from the grid. */
export const GBT9704 = {
  width: 210,
  height: 297,
  top: 37,
  bottom: 35,
  /** 订口: the binding side — left on odd pages, right on even ones. */
  inner: 28,
  outer: 26,
  textWidth: 156,
  textHeight: 225,
  charsPerLine: 28,
  linesPerPage: 22,
  /** The folio's 一字线 stands this far under the text block. */
  folioGap: 7,
} as const;

/** 15.79 pt: exactly 28 characters across 156 mm (三号, adjusted to the grid). */
export const BODY_SIZE_PT = (GBT9704.textWidth * PT_PER_MM) / GBT9704.charsPerLine;
/** 28.99 pt: exactly 22 lines down 225 mm. */
export const LINE_HEIGHT_PT = (GBT9704.textHeight * PT_PER_MM) / GBT9704.linesPerPage;
export const TEXT_HEIGHT_PT = GBT9704.textHeight * PT_PER_MM;
export const TEXT_WIDTH_PT = GBT9704.textWidth * PT_PER_MM;

export function briefingView(briefing: Briefing, body: ArticleBody): BriefingView {
  const label = `第${briefing.number}期`;
  const dateLabel = chineseDate(briefing.date);
  const distribution = briefing.distribution.map((d) => `${d.label}：${d.units.join('，')}。`).join('\n');
  const header = [briefing.name, label, briefing.serial ? `（总第${briefing.serial}期）` : '', briefing.unit, dateLabel, briefing.classification ?? '', briefing.copy ?? '', briefing.title ?? ''].join('\n');
  return {
    briefing,
    label,
    dateLabel,
    html: body.html,
    printHtml: body.printHtml ?? body.html,
    images: body.images ?? [],
    headings: body.headings,
    text: `${header}\n${body.text}\n${distribution}\n（共印${briefing.copies}份）`,
    pdfName: `${briefing.id}.pdf`,
    htmlName: `${briefing.id}.html`,
  };
}

/**
 * Where the 版记 goes: right after the body (the first print, which measures), or after a spacer
 * that puts its last rule on the bottom edge of the text block of the last page.
 */
export type BanjiPlacement = { spacerPt: number; newPage: boolean; blankPage?: boolean } | undefined;

/** Where the first print put the 版记 (y up, in pt, as the named destinations give it). */
export interface BanjiMeasure {
  /** The page the body ends on, and the page the 版记 starts on. */
  bodyEndPage: number;
  banjiPage: number;
  /** The top edge of the text block, the top and the bottom of the 版记. */
  blockTop: number;
  banjiTop: number;
  banjiBottom: number;
}

/**
 * The spacer that puts the 版记's last line on the last line of the text block, on an even page:
 * GB/T 9704-2012 prints the 版记 on the last page, the back of a sheet. A 版记 that would end on an
 * odd page goes on to the next page (a forced break, the spacer fills that page above it); when it
 * already stood on a page of its own, that page is left blank. When the page is on the grid the
 * room is a whole number of lines and is taken exactly; otherwise (a chart or table of another
 * height on that page) a point less, so that the 版记 never spills onto a new page.
 */
export function banjiPlacement(at: BanjiMeasure): NonNullable<BanjiPlacement> {
  const ownPage = at.banjiPage > at.bodyEndPage;
  const moves = at.banjiPage % 2 === 1;
  const room = moves ? TEXT_HEIGHT_PT - (at.banjiTop - at.banjiBottom) : at.banjiBottom - (at.blockTop - TEXT_HEIGHT_PT);
  const lines = room / LINE_HEIGHT_PT;
  const spacerPt = Math.abs(lines - Math.round(lines)) < 0.05 ? Math.max(0, Math.round(lines) * LINE_HEIGHT_PT - 0.05) : Math.max(0, room - 1);
  return { spacerPt, newPage: ownPage || moves, ...(moves && ownPage ? { blankPage: true } : {}) };
}

/** Ids of the marks the first print measures (each is the target of a hidden link, so Chromium writes a named destination). */
export const MARKS = { top: 'daan-top', end: 'daan-end', banjiTop: 'daan-banji-top', banjiEnd: 'daan-banji-end' } as const;

export interface BriefingPrintInput {
  site: Site;
  view: BriefingView;
  templates: Templates;
  templatesDir: string;
  /** @font-face rules for the document's TrueType subsets. */
  fontCss: string;
  /** Which faces the body and the （一） headings have: a 仿宋 the office owns; a 楷体 (the office's or the bundled LXGW WenKai). */
  fonts: { fangsong: boolean; kaiti: boolean };
  banji?: BanjiPlacement;
  /** Where the body's floats go, learnt from an earlier print (see print/floats.ts). */
  floats?: FloatPlacement;
  /** Without the marks that measure floats (and so with none placed): for the fonts and the layout key, never printed. */
  unmarked?: boolean;
  /** The print that is kept: only the floats' own marks named (print/floats.ts). */
  final?: boolean;
}

/**
 * The name the body's floats and marks go by in the print document (one body: one "article").
 * A briefing is short: every character after a float carries a mark, so that the paragraph a
 * float splits ends on the very character its line ended on (a full line of 28, not stretched).
 */
export const BRIEFING_BODY_ID = 'briefing-body';

/** The measures print/floats.ts places a briefing's floats with: the GB/T 9704 text block, in pt. */
export const BRIEFING_FLOAT_GEOMETRY: FloatGeometry = {
  pageHeight: GBT9704.height * PT_PER_MM,
  contentHeight: TEXT_HEIGHT_PT,
  contentWidth: TEXT_WIDTH_PT,
  lineHeight: LINE_HEIGHT_PT,
  columns: 1,
  charsPerLine: GBT9704.charsPerLine,
};

export async function renderBriefingPrint(input: BriefingPrintInput): Promise<string> {
  const css = await readCss(input.templatesDir, ['css/data.css', 'css/briefing.css']);
  const g = GBT9704;
  return input.templates.render('briefing/briefing', {
    site: input.site,
    view: { ...input.view, html: placeFloatsOf(input.view, input.view.printHtml, (html) => html, BRIEFING_BODY_ID, input.unmarked ? 'unmarked' : input.floats?.[BRIEFING_BODY_ID], GBT9704.linesPerPage, 1, input.final) },
    briefing: input.view.briefing,
    distribution: distributionLines(input.view),
    fonts: input.fonts,
    marks: MARKS,
    spacer: input.banji ? { height: `${input.banji.spacerPt.toFixed(3)}pt`, newPage: input.banji.newPage, blankPage: input.banji.blankPage ?? false } : undefined,
    page: { ...g, rightMargin: g.width - g.inner - g.textWidth, bottomMargin: g.height - g.top - g.textHeight },
    style: `${input.fontCss}\n${css}`,
  });
}

export interface BriefingWebInput {
  site: Site;
  view: BriefingView;
  templates: Templates;
  templatesDir: string;
  /** @font-face rules for the page's woff2 subsets. */
  fontCss: string;
  /** Path from the page to the site root: "../". */
  root: string;
}

export async function renderBriefingWeb(input: BriefingWebInput): Promise<string> {
  const css = await readCss(input.templatesDir, ['css/data.css', 'css/briefing.css']);
  return input.templates.render('briefing/web', {
    site: input.site,
    view: input.view,
    briefing: input.view.briefing,
    distribution: distributionLines(input.view),
    root: input.root,
    title: `${input.view.briefing.name}（${input.view.label}）`,
    style: `${input.fontCss}\n${css}`,
  });
}

/** 报：市委办公室，市政府办公室。 — one line each, units joined with ，. */
function distributionLines(view: BriefingView): { label: string; units: string }[] {
  return view.briefing.distribution.map((d) => ({ label: d.label, units: `${d.units.join('，')}。` }));
}

async function readCss(templatesDir: string, files: string[]): Promise<string> {
  return (await Promise.all(files.map((f) => readTemplateAsset(templatesDir, f)))).join('\n');
}

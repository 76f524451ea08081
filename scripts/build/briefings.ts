/**
 * Briefings (简报) in the build: transform (with ::include and the data directives), print on the
 * GB/T 9704-2012 grid, and the HTML page. Each briefing is a unit of the build (core/inputs.ts
 * briefingUnit): what these steps read for it is its recorded input, and a build reuses its files
 * while that is unchanged; `daan brief <id>` is the build restricted to that unit (build/index.ts).
 *
 * Printing takes two prints per briefing, in one browser: the first measures where the body ends
 * and how tall the 版记 is (named destinations of empty marks, see render/briefing.ts); the second
 * puts a spacer before the 版记 so that its last rule lies on the bottom edge of the last page's
 * text block, and is finished (metadata, dates, /ID) like the issue.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFileMessage } from 'vfile-message';
import type { Content } from '../load/index.ts';
import type { Briefing, Query, Site } from '../load/model.ts';
import { BuildFailure, UserError, problem } from '../report/problems.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { say, sayProblem } from '../report/messages.ts';
import { checkGlyphs } from '../check/edition.ts';
import { faces as bundledFaces, type Face } from '../fonts/faces.ts';
import { officeFonts, type OfficeFonts } from '../fonts/office.ts';
import { codePointsOf, fontFaceCss, subsetFaces } from '../fonts/subset.ts';
import { subsetWenKai, WENKAI, wenkaiCodePoints } from '../fonts/wenkai.ts';
import { describeCharacter } from '../fonts/coverage.ts';
import { createProcessor, parseMarkdown, transformMarkdown } from '../transform/processor.ts';
import { loadTemplates, type Templates } from '../render/templates.ts';
import { banjiPlacement, BODY_SIZE_PT, BRIEFING_BODY_ID, BRIEFING_FLOAT_GEOMETRY, briefingView, GBT9704, LINE_HEIGHT_PT, MARKS, renderBriefingPrint, renderBriefingWeb, TEXT_HEIGHT_PT, TEXT_WIDTH_PT, type BanjiPlacement } from '../render/briefing.ts';
import { bodyHtml } from '../transform/images.ts';
import { imageOutputs, writeImages } from '../emit/images.ts';
import type { BriefingView } from '../render/model.ts';
import { assertPrinted, buildDate, printDocuments, type PrintBrowser, type PrintJob, type PrintSlots } from '../print/index.ts';
import { asUnit, asUnits, briefingUnit, recordFileUnread, recordKnown } from '../core/inputs.ts';
import type { PressCopyOptions } from './press-editions.ts';
import { pressCopyName } from '../render/views.ts';
import type { DatasetLookup } from './transform-edition.ts';
import { visibleText, type OutputFile } from './web.ts';

/** Where briefings go under out/. */
export const BRIEFINGS_OUT = 'briefings';

// Transform and check.

/** Every briefing as a view, and every problem (include, data, glyphs, office fonts). */
export async function transformBriefings(content: Content, lookup: DatasetLookup, only?: Briefing[]): Promise<{ views: BriefingView[]; problems: VFileMessage[]; queries: Query[] }> {
  const briefings = only ?? content.briefings;
  const problems: VFileMessage[] = [];
  const queries: Query[] = [];
  if (briefings.length === 0) return { views: [], problems, queries };
  problems.push(...(await asUnits(briefings.map((b) => briefingUnit(b.id)), () => officeFonts(content.site, content.dir))).problems);
  const views: BriefingView[] = [];
  for (const briefing of briefings) {
    const found = await asUnit(briefingUnit(briefing.id), () => transformBriefing(briefing, content, lookup));
    problems.push(...found.problems);
    queries.push(...briefing.queries, ...found.queries);
    if (found.view) views.push(found.view);
  }
  return { views, problems, queries };
}

async function transformBriefing(briefing: Briefing, content: Content, lookup: DatasetLookup): Promise<{ view?: BriefingView; problems: VFileMessage[]; queries: Query[] }> {
  const ids = content.editions.map((e) => e.id);
  // An edition that did not load is reported at its edition.yaml: a briefing that quotes it (or, without edition:, would quote the newest) adds nothing but echoes.
  const unloaded = new Set(content.unloaded);
  if (briefing.edition ? unloaded.has(briefing.edition) : content.unloaded.some((id) => id > (ids[0] ?? ''))) return { queries: [], problems: [] };
  if (briefing.edition && !ids.includes(briefing.edition)) {
    return { queries: [], problems: [problem(briefing.file, briefing.places.edition, ...sayProblem('briefing-edition', { edition: String(briefing.edition), ids: ids.join(', ') }))] };
  }
  // Which editions there are decides the edition meant without `edition:` (the newest) and what an include may name.
  recordKnown('list', content.dir);
  const editionId = briefing.edition ?? ids[0] ?? '';
  const data = { datasets: lookup, editionId };
  const include = { editions: content.editions, defaultEdition: editionId || undefined, parse: parseMarkdown };
  // The briefing's own images are in content/briefings/images/, checked like an article's, sized for the GB/T 9704 text block.
  const images = { baseDir: join(content.dir, BRIEFINGS_OUT), rootDir: content.dir, includes: true, print: { textWidthPt: TEXT_WIDTH_PT, columnWidthPt: TEXT_WIDTH_PT, bodySizePt: BODY_SIZE_PT } };
  try {
    const { hast, headings, messages, images: used, queries } = await transformMarkdown(briefing.text, briefing.file, data, createProcessor(data, include, images));
    markRunIns(hast);
    // The images are copied and resized, never read as text: recorded as they are.
    for (const image of used) await recordFileUnread(image.file);
    const view = briefingView(briefing, { ...bodyHtml(hast), images: used, headings, text: toString(hast) });
    // Warnings too (a photo's resolution); nothing that only follows from an edition that could not be loaded.
    const problems = messages.filter((m) => m.fatal !== undefined && !unloaded.has(/^No edition `([^`]+)`/.exec(m.reason)?.[1] ?? ''));
    problems.push(...(await checkGlyphs(briefing.file, briefing.text, view.text, hast)));
    return { view, problems, queries };
  } catch (error) {
    const e = error as Partial<VFileMessage> & Error;
    if (e.reason && e.line) return { queries: [], problems: [problem(briefing.file, { line: e.line, column: e.column ?? 1 }, e.reason, e.note ?? undefined, e.ruleId ?? undefined)] };
    return { queries: [], problems: [problem(briefing.file, undefined, ...sayProblem('transform-briefing', { error: e.message }))] };
  }
}

/** （一）… run-in heads (the bold lead of a paragraph) get the class run-in: 楷体 in the GB/T 9704 layout. */
export function markRunIns(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'p') return;
    const first = node.children.find((child) => !(child.type === 'text' && !child.value.trim()));
    if (first?.type !== 'element' || first.tagName !== 'strong') return;
    if (!/^[（(][一二三四五六七八九十百]+[）)]/.test(toString(first))) return;
    const classes = Array.isArray(first.properties.className) ? first.properties.className : [];
    first.properties.className = [...classes, 'run-in'];
  });
}

// Print.

export interface BriefingPrintOptions {
  templatesDir: string;
  browser?: PrintBrowser;
  progress?: Progress;
  concurrency?: number;
  /** Print slots shared with other documents of the build (see print/index.ts). */
  slots?: PrintSlots;
  timeoutMs?: number;
  /** Also write each briefing's press copy, <id>-press.pdf (build/press-editions.ts). */
  press?: PressCopyOptions;
  /** Called once every briefing's print document is ready (their fonts subset), or at once when there is none. */
  prepared?: () => void;
  /** false: print every briefing, also one whose PDF is in the build cache (see print/index.ts). */
  reuse?: boolean;
}

/**
 * Prints every briefing to `<outDir>/briefings/<id>.pdf` (each file written atomically), working
 * in `<workDir>`; sets each view's pdfSize.
 */
export async function printBriefings(site: Site, views: BriefingView[], outDir: string, workDir: string, options: BriefingPrintOptions): Promise<void> {
  if (views.length === 0) return options.prepared?.();
  const progress = options.progress ?? silentProgress;
  const contentDir = dirname(site.file);
  // Read once for all of them, an input of each.
  const units = views.map((view) => briefingUnit(view.briefing.id));
  const { fonts, problems } = await asUnits(units, () => officeFonts(site, contentDir));
  if (problems.length) throw new BuildFailure(problems);
  const templates = await asUnits(units, () => loadTemplates([options.templatesDir]));
  if (!fonts.fangsong) progress.info(say('briefing-no-fangsong', { file: site.file }));
  progress.count('briefings', views.length);
  try {
    const documents = await Promise.all(views.map((view) => asUnit(briefingUnit(view.briefing.id), () => prepareDocument(site, view, templates, fonts, join(workDir, view.briefing.id), options, progress))));
    options.prepared?.();
    const results = await printDocuments(
      documents.map((d) => ({ ...d.job, pdfPath: join(outDir, BRIEFINGS_OUT, d.view.pdfName) })),
      { browser: options.browser, concurrency: options.concurrency, slots: options.slots, timeoutMs: options.timeoutMs, reuse: options.reuse },
    );
    assertPrinted(results);
    for (const [i, result] of results.entries()) {
      const view = documents[i].view;
      view.pdfSize = result.size;
      const check = await checkBanji(result.pdf);
      if (check) progress.info(say('briefing-warning', { name: view.pdfName, warning: check }));
      progress.tick('briefings', result.reused ? say('print-reused', { name: `${BRIEFINGS_OUT}/${view.pdfName}` }) : say('briefing-printed', { path: `${BRIEFINGS_OUT}/${view.pdfName}` }), say('printed-detail', { bytes: result.size, seconds: (result.ms / 1000).toFixed(1) }));
    }
    const press = options.press;
    if (press) await asUnits(units, async () => (await import('./press-editions.ts')).writeBriefingPressCopies(site, results.map((result, i) => ({ view: documents[i].view, pdf: result.pdf })), join(outDir, BRIEFINGS_OUT), BRIEFINGS_OUT, press, progress));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

interface PrintDocument {
  view: BriefingView;
  job: PrintJob;
}

async function prepareDocument(site: Site, view: BriefingView, templates: Templates, fonts: OfficeFonts, dir: string, options: BriefingPrintOptions, progress: Progress): Promise<PrintDocument> {
  const base = { site, view, templates, templatesDir: options.templatesDir, fonts: { fangsong: Boolean(fonts.fangsong), kaiti: true } };
  const draft = await renderBriefingPrint({ ...base, fontCss: '', unmarked: true });
  const text = visibleText(draft);
  // The 楷体 of the （一） headings: the office's font, else LXGW WenKai from npm, for the characters of those headings.
  const headings = kaitiText(view.printHtml);
  const glyphChecks: [string, Set<number>, string][] = [
    ...(fonts.fangsong ? [[fonts.fangsong.package, await codePointsOf(fonts.fangsong), text] as [string, Set<number>, string]] : []),
    [fonts.kaiti ? fonts.kaiti.package : `LXGW WenKai (${WENKAI.package})`, fonts.kaiti ? await codePointsOf(fonts.kaiti) : wenkaiCodePoints(), headings],
  ];
  for (const [name, points, needed] of glyphChecks) {
    const missing = missingIn(points, needed);
    if (missing.length) progress.info(say('briefing-missing-glyphs', { name: view.pdfName, font: name, chars: missing.slice(0, 8).map(describeCharacter).join(', '), more: Math.max(0, missing.length - 8) }));
  }
  const office = [fonts.fangsong, fonts.kaiti].filter((f): f is Face => Boolean(f));
  const subsets = [...(await subsetFaces(text, 'truetype', [...bundledFaces, ...office])), ...(fonts.kaiti ? [] : await subsetWenKai(headings))];
  await mkdir(join(dir, 'fonts'), { recursive: true });
  for (const font of subsets) await writeFile(join(dir, 'fonts', font.name), font.bytes);
  await writeImages(view.images, dir, 'print');
  const fontCss = fontFaceCss(subsets, 'fonts/');
  const { briefing } = view;
  return {
    view,
    job: {
      name: `${BRIEFINGS_OUT}/${view.pdfName}`,
      htmlPath: join(dir, 'briefing.html'),
      root: dir,
      sources: [briefing.file, ...templates.files, join(options.templatesDir, 'css', 'briefing.css')],
      // The first prints place the floats (a table or photo that does not fit goes to the next page, the text after it fills the hole),
      // the last of them measures where the body ends; the final print places the 版记 on the foot of the text block.
      measured: {
        // Rendered again while printing, outside the unit's own context: what it reads is still the briefing's.
        render: (banji, floats, final) => asUnit(briefingUnit(briefing.id), () => renderBriefingPrint({ ...base, fontCss, banji: banji as BanjiPlacement, floats, final })),
        measure: (pdf) => placeBanji(pdf, view.pdfName),
      },
      layoutSource: () => asUnit(briefingUnit(briefing.id), () => renderBriefingPrint({ ...base, fontCss, unmarked: true })),
      floats: async (pdf, current) => (await import('../print/floats.ts')).nextPlacement(pdf, [{ id: BRIEFING_BODY_ID, html: view.printHtml }], current, BRIEFING_FLOAT_GEOMETRY),
      finish: {
        title: `${briefing.name}（${view.label}）`,
        author: briefing.unit,
        subject: [briefing.title, ...view.headings.filter((h) => h.depth <= 2).map((h) => h.text)].filter(Boolean).join('；') || `${briefing.name}${view.label}`,
        keywords: [site.name, briefing.name, view.label],
        creator: '大安刊印',
        producer: '大安刊印 (Chromium, pdf-lib)',
        lang: 'zh-CN',
        date: buildDate(briefing.date),
        trim: { width: GBT9704.width, height: GBT9704.height },
        bleedMm: 0,
        marks: false,
        // Any other font in the PDF is a fallback Chromium took from the system: the build fails.
        ...(subsets.every((f) => f.face.postScriptName) ? { fontNames: subsets.map((f) => f.face.postScriptName) } : {}),
      },
    },
  };
}

function missingIn(points: Set<number>, text: string): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp > 0x20 && !(cp >= 0x2000 && cp <= 0x206f && cp !== 0x2014 && cp !== 0x2026) && !points.has(cp)) missing.add(char);
  }
  return [...missing];
}

/** The text set in 楷体: the 二级 headings (h3) and the （一） run-in heads of the print body. */
export function kaitiText(html: string): string {
  let text = '';
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
    if (node.tagName === 'h3' || (node.tagName === 'strong' && classes.includes('run-in'))) text += toString(node);
  });
  return text;
}

/** From the first print: where the body and the 版记 ended (render/briefing.ts banjiPlacement places it). */
export async function placeBanji(pdf: Uint8Array, name: string): Promise<BanjiPlacement> {
  const { marks } = await (await import('../print/destinations.ts')).readMarks(pdf);
  const [top, end, banjiTop, banjiEnd] = [MARKS.top, MARKS.end, MARKS.banjiTop, MARKS.banjiEnd].map((id) => marks.get(id));
  if (!top || !end || !banjiTop || !banjiEnd) throw new UserError(say('briefing-marks-lost', { name, marks: `#${Object.values(MARKS).join(', #')}` }));
  if (banjiTop.page !== banjiEnd.page) throw new UserError(say('briefing-banji-tall', { name }));
  return banjiPlacement({ bodyEndPage: end.page, banjiPage: banjiTop.page, blockTop: top.top, banjiTop: banjiTop.top, banjiBottom: banjiEnd.top });
}

/** After the second print: the 版记 ends on the last page, an even one, on the bottom edge of the text block. */
async function checkBanji(pdf: Uint8Array): Promise<string | undefined> {
  const { marks, pageCount } = await (await import('../print/destinations.ts')).readMarks(pdf);
  const top = marks.get(MARKS.top);
  const end = marks.get(MARKS.banjiEnd);
  if (!top || !end) return say('briefing-banji-lost');
  if (end.page !== pageCount) return say('briefing-banji-page', { page: end.page, pages: pageCount });
  if (end.page % 2 === 1) return say('briefing-banji-odd', { page: end.page });
  const off = end.top - (top.top - TEXT_HEIGHT_PT);
  return Math.abs(off) > 1.5 ? say('briefing-banji-off', { off: off.toFixed(1) }) : undefined;
}

// The HTML page.

/** One briefing's files in out/ (the PDFs when printed), for the manifest: they belong to its unit. */
export function briefingOutputs(view: BriefingView): string[] {
  return [view.htmlName, view.pdfName, pressCopyName(view)].map((name) => `${BRIEFINGS_OUT}/${name}`);
}

/**
 * out/briefings/<id>.html (its text is drawn in the site's web fonts, assets/fonts.css) and its
 * images, per briefing; an image two briefings show is among the files of the first only.
 */
export async function briefingWebFiles(site: Site, views: BriefingView[], templatesDir: string): Promise<{ view: BriefingView; files: OutputFile[] }[]> {
  if (views.length === 0) return [];
  const templates = await asUnits(views.map((view) => briefingUnit(view.briefing.id)), () => loadTemplates([templatesDir]));
  const taken = new Set<string>();
  const made: { view: BriefingView; files: OutputFile[] }[] = [];
  for (const view of views) {
    const files = await asUnit(briefingUnit(view.briefing.id), async () => {
      const files: OutputFile[] = [{ path: `${BRIEFINGS_OUT}/${view.htmlName}`, data: await renderBriefingWeb({ site, view, templates, templatesDir, root: '../', fontCss: '' }) }];
      for (const image of await imageOutputs(view.images, 'web')) if (!taken.has(`${BRIEFINGS_OUT}/${image.path}`) && !files.some((f) => f.path === `${BRIEFINGS_OUT}/${image.path}`)) files.push({ path: `${BRIEFINGS_OUT}/${image.path}`, data: image.data });
      return files;
    });
    for (const file of files) taken.add(file.path);
    made.push({ view, files });
  }
  return made;
}

/**
 * The build workflow: load → transform → check → render → emit (→ print). Commands call this;
 * it either writes a complete out/ or leaves the previous one untouched.
 */
import pMap from 'p-map';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { BuildFailure, formatProblems, UserError } from '../report/problems.ts';
import { editionDirs, loadContent, type Content } from '../load/index.ts';
import { templateProblems } from '../render/templates.ts';
import { checkOutputPaths, linkedTargets } from '../check/outputs.ts';
import { checkColumnsAndSlugs, checkSettingsGlyphs } from '../check/edition.ts';
import { editionView, siteView } from '../render/views.ts';
import type { SiteView } from '../render/model.ts';
import { createStaging, isDiskFull, startRemover, writeError } from '../emit/staging.ts';
import { pageWriter, type PageWriter } from '../emit/page-writer.ts';
import { claimOut, type OutClaim } from '../emit/out-folder.ts';
import { byPath, manifestText, sha256Of, type Manifest, type ManifestEntry } from '../emit/manifest.ts';
import { planBuild, type BuildPlan, type UnitPlan } from './plan.ts';
import { reusedEditionFiles, reusedEntries, reuseFiles, stagedManifest } from './incremental.ts';
import { SearchIndexer, searchKeys, searchUnits, type HashedPage } from '../emit/search.ts';
import { CoverRenderer } from '../print/thumbnails.ts';
import { convertToPdfA } from '../print/pdfa.ts';
import { findGhostscript } from '../print/ghostscript.ts';
import { editionImages, writeEditionImages } from '../emit/images.ts';
import { asUnit, briefingUnit, InputLog, recordFileUnread, recordingInto, type CheckedReads } from '../core/inputs.ts';
import { releaseSubsetters, warmSubsettersForEmptyCache } from '../fonts/subset.ts';
import { saveFileHashes } from '../core/file-hashes.ts';
import { hasEntries } from '../core/cache.ts';
import { datasetLookup, transformEditionCached } from './transform-edition.ts';
import { fontGroupOf, WebFontText } from '../fonts/web.ts';
import { archiveColumns, pdfaName, webRenderer, type EditionFiles, type OutputFile, type WebRenderer } from './web.ts';
import { REDIRECT_UNIT, stageRedirects, type PageIdentities } from '../emit/redirects.ts';
import { printEditions, type PrintedEdition } from './print-editions.ts';
import { BRIEFINGS_OUT, briefingOutputs, briefingWebFiles, printBriefings, transformBriefings } from './briefings.ts';
import { briefingView } from '../render/briefing.ts';
import type { BriefingView } from '../render/model.ts';
import { buildDate, withBrowser } from '../print/index.ts';
import type { Article, Query } from '../load/model.ts';
import { openQueryProblems, sortQueries } from '../check/queries.ts';
import { publicationProblems } from '../check/publication.ts';
import type { ArticleBody } from '../render/views.ts';
import type { Staging } from '../emit/staging.ts';
import { progressFromLog, silentProgress, type Progress } from '../report/progress.ts';
import { say } from '../report/messages.ts';
import { PrintBrowser, printSlots } from '../print/index.ts';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  pdf: boolean;
  /** Press options (override the settings): bleed in mm, crop marks. */
  bleed?: number;
  marks?: boolean;
  /** What the build is doing (editions, articles, documents printed); see report/progress.ts. */
  progress?: Progress;
  /** Older callers: one line per milestone. Ignored when `progress` is given. */
  log?: (line: string) => void;
  /** Print with this browser (kept open by `daan serve` between rebuilds) instead of launching one. */
  browser?: PrintBrowser;
  /** Rebuild every edition, even those whose inputs have not changed since the last build. */
  force?: boolean;
  /** Also write daan-<id>.pdfa.pdf (PDF/A-2b) with Ghostscript, where it is installed. */
  pdfa?: boolean;
  /** Also write each edition as an EPUB (or: site.yaml `outlets.epub`). */
  epub?: boolean;
  /** Also write each article as a 公众号 fragment (or: site.yaml `outlets.wechat`). */
  wechat?: boolean;
  /** A plan already made (the CLI makes one to stop early when nothing changed). */
  plan?: BuildPlan;
  /** outDir holds files this tool did not write: move it aside (to `<outDir>.moved-aside`) instead of refusing it. */
  moveAside?: boolean;
  /** Also write daan-<id>-press.pdf, the press copy (default: site.yaml press.enabled). */
  press?: boolean;
  /** Print the press copy although editorial queries are open. */
  allowQueries?: boolean;
  /** `daan brief <id>`: the build restricted to this briefing's unit (see build/plan.ts). */
  onlyBriefing?: string;
  /** Print every document, also one whose finished PDF is in the build cache (`daan verify --rebuild` checks the printing itself). */
  printAgain?: boolean;
}

export interface BuildResult {
  files: number;
  /** Editions built this time, and editions whose outputs were reused (oldest first). */
  rebuilt: string[];
  skipped: string[];
  /** The same for the briefings (their ids). */
  briefings: { rebuilt: string[]; skipped: string[] };
  /** The open editorial queries of the editions and briefings built this time. */
  queries: Query[];
}

/**
 * Load, transform and check everything; throws BuildFailure with every problem found. With
 * `only`, the other editions are loaded but not transformed or checked (an incremental build
 * reuses their pages): their views carry titles, columns and links, and empty bodies.
 */
export async function prepare(contentDir: string, progress: Progress = silentProgress, only?: Set<string>, templatesDir?: string, onlyBriefings?: Set<string>, checked?: CheckedReads): Promise<{ content: Content; view: SiteView; queries: Query[] }> {
  progress.phase('load');
  const loaded = await loadContent(contentDir, checked, only && ((id) => !only.has(id)));
  const { content } = loaded;
  // A briefing that is not built is not checked either (`daan brief` while another briefing is half written).
  const problems = onlyBriefings && content ? loaded.problems.filter((p) => !content.briefings.some((b) => !onlyBriefings.has(b.id) && p.file === b.file)) : loaded.problems;
  // Templates (and each edition's overrides) are checked with the content, so that one run reports everything.
  if (templatesDir) problems.push(...(await asUnit('site', async () => templateProblems(templatesDir, await editionDirs(contentDir)))));
  if (!content) throw new BuildFailure(problems);
  // Every edition, also those reused: a slug taken by a reserved name breaks the site's links too.
  problems.push(...checkOutputPaths(content.editions));
  const lookup = datasetLookup(content.editions);
  const editions = [];
  const queries: Query[] = [];
  const selected = content.editions.filter((e) => !only || only.has(e.id));
  progress.phase('transform');
  progress.count('editions', selected.length);
  progress.count('articles', selected.reduce((n, e) => n + e.articles.length, 0), { steps: 'verbose' });
  for (const edition of content.editions) {
    if (only && !only.has(edition.id)) {
      editions.push(editionView(edition, new Map<Article, ArticleBody>(edition.articles.map((a) => [a, { html: '', headings: [], text: '' }]))));
      continue;
    }
    const { bodies, problems: found, queries: asked } = await asUnit(edition.id, () => transformEditionCached(edition, lookup));
    problems.push(...found, ...checkColumnsAndSlugs(edition));
    queries.push(...asked);
    for (const article of bodies.keys()) progress.tick('articles', say('build-transformed', { what: `${edition.id}/${article.slug}` }));
    editions.push(editionView(edition, bodies));
    progress.tick('editions', say('build-checked', { id: edition.id }), say('build-articles', { n: edition.articles.length }));
  }
  // Each briefing is a unit of its own (build/briefings.ts); one reused has a view without a body, for the site's lists.
  const built = content.briefings.filter((b) => !onlyBriefings || onlyBriefings.has(b.id));
  const transformed = await transformBriefings(content, lookup, built);
  const briefings = { ...transformed, views: content.briefings.flatMap((b) => (built.includes(b) ? transformed.views.filter((v) => v.briefing === b) : [briefingView(b, { html: '', headings: [], text: '' })])) };
  problems.push(...briefings.problems);
  queries.push(...briefings.queries);
  problems.push(...(await checkSettingsGlyphs(content.site, selected)));
  if (problems.some(isError)) throw new BuildFailure(problems.filter(isError));
  // Warnings (a photo too coarse for print) do not stop the build; they are said once, with their place.
  const warnings = problems.filter((message) => !isError(message));
  if (warnings.length) progress.info(formatProblems(warnings).trimEnd());
  return { content, view: { ...siteView(content.site, editions), briefings: briefings.views }, queries: sortQueries(queries) };
}

function isError(message: VFileMessage): boolean {
  return message.fatal !== false;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? (options.log ? progressFromLog(options.log) : silentProgress);
  let claim: OutClaim | undefined;
  try {
    // One build at a time into outDir (a caller that planned already holds the lock: this counts it again).
    claim = await claimOut(options.outDir, { moveAside: options.moveAside });
    if (claim.movedAside) progress.info(say('build-moved-aside', { out: options.outDir, to: claim.movedAside }));
    return await buildWith(options, progress);
  } catch (error) {
    progress.fail();
    // A full disk met by a write that names no file (a file handle's): the output folder's disk is the one to free.
    if (isDiskFull(error)) throw writeError(error, error.path ?? options.outDir);
    throw error;
  } finally {
    await saveFileHashes();
    await claim?.release();
  }
}

/** The plan of a build with these options: which editions changed since the last build into outDir. */
export function plan(options: BuildOptions): Promise<BuildPlan> {
  return planBuild({ contentDir: options.contentDir, outDir: options.outDir, templatesDir: options.templatesDir, pdf: options.pdf, pdfa: options.pdfa, epub: options.epub, wechat: options.wechat, bleed: options.bleed, marks: options.marks, press: options.press, allowQueries: options.allowQueries, force: options.force, onlyBriefing: options.onlyBriefing });
}

/** The editions (or briefings) of a plan whose outputs are reused, and those built again. */
function editionsOf(planned: BuildPlan, units: UnitPlan[] = planned.editions): { skipped: string[]; rebuilt: string[] } {
  return {
    skipped: units.filter((e) => e.reuse).map((e) => e.id),
    rebuilt: units.filter((e) => !e.reuse).map((e) => e.id),
  };
}

async function buildWith(options: BuildOptions, progress: Progress): Promise<BuildResult> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const planned = options.plan ?? (await plan(options));
  const { skipped, rebuilt } = editionsOf(planned);
  const briefings = editionsOf(planned, planned.briefings);
  // Restricted to one briefing, the rest is carried over without a word.
  if (!planned.restricted) for (const id of skipped) progress.info(say('build-skipped', { id }));
  if (!planned.restricted) for (const id of briefings.skipped) progress.info(say('build-skipped-briefing', { id }));
  if (planned.upToDate) {
    progress.done(say('build-up-to-date-timed', { out: options.outDir, n: skipped.length, seconds: seconds() }));
    return { files: planned.previous!.files.length + 1, rebuilt, skipped, briefings, queries: [] };
  }
  for (const unit of [...planned.editions, ...planned.briefings]) if (!unit.reuse) progress.debug(say('build-building', { id: unit.unit, why: String(unit.why) }));
  // Chromium starts while the content loads and transforms: the launch costs as much as both. Not
  // so a clean build into an empty out/ with finished PDFs in the build cache: most likely every
  // document is there (a rebuild of the same content), and Chromium starts if one is not.
  const browserOptions = { log: (line: string) => progress.info(line) };
  const launching = options.pdf && !options.browser ? (!planned.previous && hasEntries('pdfs') ? Promise.resolve(PrintBrowser.deferred(browserOptions)) : PrintBrowser.launch(browserOptions)) : undefined;
  launching?.catch(() => undefined);
  warmSubsettersForEmptyCache();
  // So does Pagefind (a third of a second), for the search index.
  // Without Chromium, whose memory it would add to while printing, the words thread starts with it (emit/search.ts).
  const search = planned.restricted ? undefined : SearchIndexer.start(planned.previous && { outDir: options.outDir, keys: searchKeys(planned.previous), files: planned.previous.files }, { wordsAhead: !options.pdf });
  try {
    // What each unit's stages read is recorded as it is built, for the manifest (see core/inputs.ts).
    const log = new InputLog(planned.roots);
    return await recordingInto(log, () => buildPlanned({ ...options, launching, search }, planned, progress, seconds, log));
  } finally {
    await search?.abort();
    await (await launching?.catch(() => undefined))?.close();
  }
}

async function buildPlanned(options: BuildOptions & { launching?: Promise<PrintBrowser>; search?: SearchIndexer }, planned: BuildPlan, progress: Progress, seconds: () => string, log: InputLog): Promise<BuildResult> {
  const { skipped, rebuilt } = editionsOf(planned);
  const briefings = editionsOf(planned, planned.briefings);
  const only = new Set(rebuilt);
  const onlyBriefings = new Set(briefings.rebuilt);
  const { view, queries } = await prepare(options.contentDir, progress, only, options.templatesDir, onlyBriefings, planned.checked);
  const restricted = planned.restricted;
  if (restricted && !planned.briefings.some((b) => b.unit === restricted.unit)) {
    throw new UserError(say('briefing-unknown', { id: String(options.onlyBriefing), dir: join(options.contentDir, BRIEFINGS_OUT), known: planned.briefings.map((b) => b.id).join(', ') }));
  }
  if (queries.length) progress.info(say('build-open-queries', { n: queries.length }));
  const press = options.pdf && (options.press ?? view.site.press.enabled);
  if (press && queries.length && !options.allowQueries) throw new BuildFailure(openQueryProblems(queries));
  // What an internal publication must print: errors for the press copy, warnings otherwise.
  const particulars = await publicationProblems(view.site, view.editions.filter((e) => only.has(e.edition.id)).map((e) => e.edition), press);
  if (particulars.some(isError)) throw new BuildFailure(particulars.filter(isError));
  for (const message of particulars) progress.info(say('build-warning', { file: String(message.file), reason: message.reason, fix: String(message.note) }));
  if (!restricted) progress.info(say('build-loaded', { editions: view.editions.length, articles: view.editions.reduce((n, e) => n + e.articles.length, 0), building: rebuilt.length, reusing: skipped.length }));
  // Without PDFs, the search index is the critical path of a one-article change: its year's reused articles before the edited one go to Pagefind now.
  const indexedAhead = !options.pdf && !restricted && planned.previous && options.search ? indexAhead(view, options.search, only, options.outDir, reusedEntries(planned)) : new Map<string, number>();
  if (indexedAhead.size) progress.debug(say('build-indexed-ahead', { n: [...indexedAhead.values()].reduce((a, b) => a + b, 0), editions: [...indexedAhead.keys()].join(', ') }));
  const staging = await createStaging(options.outDir, planned.previous);
  // Work done beside the printing, started once the print documents are ready (or never, when the build fails first).
  let startBeside: (go: boolean) => void = () => {};
  const started = new Promise<boolean>((resolve) => (startBeside = resolve));
  const beside = <T>(work: () => Promise<T>) => started.then((go) => (go ? work() : undefined));
  const background: (Promise<unknown> | undefined)[] = [];
  try {
    const reused = reusedEntries(planned);
    await reuseFiles(options.outDir, staging.dir, reused);
    const editionFiles = reusedEditionFiles(reused, planned);
    const built = view.editions.filter((e) => only.has(e.edition.id));
    const builtBriefings = (view.briefings ?? []).filter((b) => onlyBriefings.has(b.briefing.id));
    const reusedSizes = new Map(reused.map((e) => [e.path, e.size]));
    for (const briefing of view.briefings ?? []) if (!onlyBriefings.has(briefing.briefing.id)) briefing.pdfSize = reusedSizes.get(`${BRIEFINGS_OUT}/${briefing.pdfName}`);
    const printing = options.pdf && (built.length || builtBriefings.length);
    // The EPUB and 公众号 outlets need no PDF: they are made while Chromium prints.
    const outlets = beside(() => writeOutlets(view, built, staging, options, editionFiles, progress));
    // So are the article pages, and the search index of the editions' years: they show nothing the printing makes.
    // Not the index of a larger build: Pagefind's index of a hundred editions' articles (143 MiB) beside Chromium's
    // renderers took the build's peak memory over 1 GiB; their pages are indexed once the editions have printed.
    const indexBeside = !printing || built.length <= INDEXED_BESIDE_PRINTING;
    const web = restricted ? undefined : beside(() => webPages(view, staging, { templatesDir: options.templatesDir, editionFiles, only, reused, search: indexBeside ? options.search : undefined, indexedAhead }));
    // So are the web copies of the editions' images.
    const images = restricted ? undefined : beside(() => writeWebImages(built, staging, progress));
    // The process that will remove the previous out/ (emit/staging.ts) too: its start costs this thread tens of milliseconds.
    if (printing && planned.previous) void beside(async () => startRemover());
    // The web fonts are subset while the editions print (their slices land in the build cache, where the render step finds them;
    // a failure here is met again, and reported with its place, when the render step makes them).
    // They start once the print documents are ready: until then the pipeline's one thread is better spent on those.
    const fontsEarly = printing && web ? beside(() => subsetWebFontsEarly(view, staging, web, { templatesDir: options.templatesDir, only, onlyBriefings, reused, editionFiles, pdfa: Boolean(options.pdfa), epub: options.epub, progress })).catch(() => undefined) : undefined;
    background.push(outlets, web, images, fontsEarly);
    for (const work of [outlets, web, images]) work?.catch(() => undefined);
    if (printing) {
      for (const [id, files] of await printAll({ ...view, editions: built, briefings: builtBriefings }, staging, { ...options, prepared: () => startBeside(true) }, progress)) editionFiles.set(id, { ...editionFiles.get(id), ...files });
    }
    // Without an edition to print (a briefing alone, or no PDFs), nothing started them yet.
    startBeside(true);
    await fontsEarly;
    // Printing is done: the browser's memory is better spent on the rest of the pages, the web fonts and the search index.
    // Its processes end meanwhile; buildWith waits for the end.
    void options.launching?.then((browser) => browser.close()).catch(() => undefined);
    await outlets;
    progress.phase('render');
    // Which briefing wrote each of its files: the manifest lists them under its unit.
    const owners = new Map<string, string>();
    const briefingFiles = await stageBriefingFiles(view, builtBriefings, staging, { templatesDir: options.templatesDir, outDir: options.outDir, reused, previous: planned.previous }, owners);
    if (restricted) {
      const manifest = await stagedManifest(staging, planned, reused, log, owners);
      const previous = planned.previous;
      await staging.write('manifest.json', manifestText({ ...manifest, ...(previous?.pages ? { pages: previous.pages } : {}), ...(previous?.redirects ? { redirects: previous.redirects } : {}) }));
      // Before the first full build there is no home page yet.
      const home = existsSync(join(staging.dir, 'index.html')) ? await readFile(join(staging.dir, 'index.html'), 'utf8') : '';
      await staging.commit();
      for (const briefing of builtBriefings) if (!home.includes(`${BRIEFINGS_OUT}/${briefing.htmlName}`)) progress.info(say('briefing-not-listed'));
      const shown = [...owners.keys()].filter((path) => !path.includes('/images/') && existsSync(join(options.outDir, path))).sort((x, y) => Number(x.endsWith('.pdf')) - Number(y.endsWith('.pdf')) || byPath(x, y));
      progress.done(say('briefing-wrote', { paths: shown.map((path) => join(options.outDir, path)), seconds: seconds() }));
      return { files: manifest.files.length + 1, rebuilt, skipped, briefings, queries };
    }
    const made = (await web)!;
    if (!indexBeside) await indexArticles(view, made.articles, options.search!, staging, only);
    const pages = await renderPages(view, staging, made, { only, reused, briefingFiles, progress, search: options.search!, templatesDir: options.templatesDir });
    await images;
    progress.debug(say('build-rendered', { rendered: pages.rendered, reused: pages.reused }));
    progress.phase('search');
    // The redirects, the manifest's other entries and the hashes found are made while Pagefind finishes the index,
    // and the process that will remove the previous out/ is started (emit/staging.ts).
    const indexed = options.search!.finish(staging);
    indexed.catch(() => undefined);
    if (planned.previous) startRemover();
    const urls = await stageRedirects(view, archiveColumns(view), options.outDir, staging, planned.previous);
    for (const [from, to] of urls.moved) progress.info(say('build-moved-url', { from, to }));
    for (const [from, to] of urls.removed) progress.info(say('build-removed-url', { from, to }));
    for (const path of urls.lost) progress.info(say('build-lost-url', { path }));
    // build() keeps those found after this (usually none).
    await saveFileHashes();
    // Awaited by stagedManifest once the other files are listed: its failure is this build's error, not one left unheard meanwhile.
    const indexedUnits = indexed.then((search) => searchUnits(search.keys));
    indexedUnits.catch(() => undefined);
    const manifest = withRedirects(await stagedManifest(staging, planned, reused, log, owners, indexedUnits), urls);
    const search = await indexed;
    progress.debug(say('build-indexed', { n: search.pages, reused: search.reused }));
    await staging.write('manifest.json', manifestText(manifest));
    await staging.commit();
    progress.done(say('build-done', { files: manifest.files.length + 1, out: options.outDir, seconds: seconds(), built: rebuilt.length, reused: skipped.length }));
    return { files: manifest.files.length + 1, rebuilt, skipped, briefings, queries };
  } catch (error) {
    // What runs beside the printing, and Pagefind, may still be writing into the staging folder.
    startBeside(false);
    await Promise.allSettled(background);
    await options.search?.abort();
    await staging.discard();
    throw error;
  }
}

/**
 * The web pages and images of the briefings built this time, written into the staging folder
 * (a file reused already is left as it is); `owners` learns which briefing each briefing file
 * belongs to: its page and PDFs, and each image to the first briefing (by id) whose page shows it,
 * whatever was built this time, so that the manifest is that of a clean build. An image that a
 * rebuilt briefing no longer shows but a reused one does is carried over from out/.
 */
async function stageBriefingFiles(view: SiteView, built: BriefingView[], staging: Staging, options: { templatesDir: string; outDir: string; reused: ManifestEntry[]; previous?: Manifest }, owners: Map<string, string>): Promise<Map<BriefingView, OutputFile[]>> {
  const fresh = new Map<BriefingView, OutputFile[]>();
  const reused = new Set(options.reused.map((e) => e.path));
  for (const { view: briefing, files } of await briefingWebFiles(view.site, built, options.templatesDir)) {
    for (const file of files) if (!reused.has(file.path)) await staging.write(file.path, file.data);
    fresh.set(briefing, files);
  }
  for (const briefing of view.briefings ?? []) for (const path of briefingOutputs(briefing)) if (existsSync(join(staging.dir, path))) owners.set(path, briefingUnit(briefing.briefing.id));
  const before = new Map((options.previous?.files ?? []).map((e) => [e.path, e]));
  for (const page of await briefingPages(view, fresh, staging.dir)) {
    if (!page.path.endsWith('.html')) continue;
    const unit = briefingUnit(page.path.slice(`${BRIEFINGS_OUT}/`.length, -'.html'.length));
    for (const path of linkedTargets(page.path, String(page.data))) {
      if (!path.startsWith(`${BRIEFINGS_OUT}/`) || owners.has(path)) continue;
      if (!existsSync(join(staging.dir, path))) {
        const carried = before.get(path);
        if (!carried || !existsSync(join(options.outDir, path))) continue;
        await reuseFiles(options.outDir, staging.dir, [carried]);
      }
      owners.set(path, unit);
    }
  }
  return fresh;
}

/** The briefings' pages in order, for the search index and the web fonts: those built now as they were made, the reused ones read back from the staging folder. */
async function briefingPages(view: SiteView, fresh: Map<BriefingView, OutputFile[]>, stagingDir: string): Promise<OutputFile[]> {
  const pages: OutputFile[] = [];
  for (const briefing of view.briefings ?? []) {
    const path = `${BRIEFINGS_OUT}/${briefing.htmlName}`;
    const made = fresh.get(briefing);
    if (made) pages.push(...made);
    // Restricted to one briefing (`daan brief`), another one never built has no page yet.
    else if (existsSync(join(stagingDir, path))) pages.push({ path, data: await readFile(join(stagingDir, path), 'utf8') });
  }
  return pages;
}

/** The web pages of the editions, made in two steps: webPages (beside the printing), then renderPages. */
interface EditionWeb {
  web: WebRenderer;
  write: PageWriter;
  /** Each edition's article pages, rendered or reused, by edition id in the order of the ids. */
  articles: Map<string, HashedPage[]>;
  rendered: number;
  reused: number;
}

/**
 * The article pages of every edition: rendered for the editions built (and written into the
 * staging folder), by their hashes for the reused ones, and read back from there when needed (a
 * hundred editions' pages are not held while Chromium prints). They show nothing the printing
 * makes, so this runs while the editions print. Given the search index, each edition's articles
 * go to it as they come (indexArticles).
 */
async function webPages(
  view: SiteView,
  staging: Staging,
  options: { templatesDir: string; editionFiles: Map<string, EditionFiles>; only: Set<string>; reused: ManifestEntry[]; search?: SearchIndexer; indexedAhead?: Map<string, unknown> },
): Promise<EditionWeb> {
  // The shared templates are read for the site pages; each edition records what its own pages render.
  // The download links (renderPages) read the sizes in editionFiles once the editions have printed.
  const web = await asUnit('site', () => webRenderer(view, { templatesDir: options.templatesDir, editionFiles: options.editionFiles }));
  const write = pageWriter(staging);
  const made: EditionWeb = { web, write, articles: new Map(), rendered: 0, reused: 0 };
  const index = options.search && articleIndexer(options.search, staging, options.only, options.indexedAhead);
  try {
    for (const edition of editionsInOrder(view)) {
      const id = edition.edition.id;
      let pages: HashedPage[];
      if (options.only.has(id)) {
        const rendered = (await asUnit(id, () => web.articlePages(edition))).sort((a, b) => byPath(a.path, b.path));
        for (const page of rendered) await write(page.path, page.data);
        made.rendered += rendered.length;
        pages = rendered.map((page) => writtenPage(write, page));
      } else {
        pages = reusedArticles(staging.dir, options.reused, id);
        made.reused += pages.length;
      }
      made.articles.set(id, pages);
      await index?.edition(edition, pages);
    }
    index?.done();
    return made;
  } catch (error) {
    // The first error is the one said; the writes still going are waited for.
    await write.settled().catch(() => undefined);
    throw error;
  }
}

/**
 * After the printing: each edition's own page (cover and table of contents, with the download
 * links), the archive pages, then the stylesheet and web fonts, subset to the characters of every
 * page. The editions' own pages, the archive's and the briefings' make the search index's bundle
 * of no year; the index is left to finish (Pagefind works beside the font subsetting).
 */
async function renderPages(
  view: SiteView,
  staging: Staging,
  made: EditionWeb,
  options: { only: Set<string>; reused: ManifestEntry[]; briefingFiles: Map<BriefingView, OutputFile[]>; progress: Progress; search: SearchIndexer; templatesDir: string },
): Promise<{ rendered: number; reused: number }> {
  const { web, write } = made;
  const { search } = options;
  // The stylesheets' font rules shape the site's web fonts only.
  const fontText = await asUnit('site', () => WebFontText.forTemplates(options.templatesDir));
  let rendered = made.rendered;
  try {
    const builtFonts: [string, HashedPage[]][] = [];
    const reusedFonts: [string, HashedPage[]][] = [];
    const editionPages: HashedPage[] = [];
    for (const edition of editionsInOrder(view)) {
      const id = edition.edition.id;
      const built = options.only.has(id);
      let pages: HashedPage[];
      if (built) {
        const file = await asUnit(id, () => web.editionPage(edition));
        await write(file.path, file.data);
        rendered++;
        pages = [hashedPage(file), ...made.articles.get(id)!];
      } else pages = reusedPages(staging.dir, options.reused, id);
      editionPages.push(...pages.filter((page) => page.path === editionPagePath(id)));
      (built ? builtFonts : reusedFonts).push([id, pages.sort((a, b) => byPath(a.path, b.path))]);
    }
    // What the reused editions draw comes from the build cache.
    for (const [id, pages] of [...builtFonts, ...reusedFonts]) {
      await fontText.addGroup(id, pages);
      await turn();
    }
    const site = await asUnit('site', async () => web.archivePages());
    await turn();
    for (const file of site) await write(file.path, file.data);
    // The briefings' files are their units' (written already); their pages are seen and indexed after the archive pages.
    const otherPages = [...site, ...(await briefingPages(view, options.briefingFiles, staging.dir))].filter((file) => file.path.endsWith('.html')).map(hashedPage);
    search.addSitePages([...editionPages, ...otherPages]);
    // What they draw, from the build cache while they are the same (the home page lists every article of the archive).
    for (const group of new Set(otherPages.map((page) => fontGroupOf(page.path)))) {
      await fontText.addGroup(group, otherPages.filter((page) => fontGroupOf(page.path) === group));
      await turn();
    }
    const assets = await asUnit('site', () => web.assets(fontText, { progress: options.progress }));
    // The last fonts of the build are subset: the subsetting processes' memory is better spent on the search index.
    releaseSubsetters();
    for (const file of assets) await write(file.path, file.data);
    await write.settled();
    return { rendered: rendered + site.length + assets.length, reused: made.reused };
  } catch (error) {
    // The first error is the one said; the writes still going are waited for.
    await write.settled().catch(() => undefined);
    throw error;
  }
}

/** Up to this many editions built, their articles are indexed for search while they print (see buildPlanned). */
const INDEXED_BESIDE_PRINTING = 12;

/**
 * Hands each edition's article pages to the search index, in the order of the editions' ids: each
 * year's articles make one bundle, sealed (Pagefind writes it, or it is taken from out/) as soon as
 * the next year starts, so that the index receives its pages in the same order whether they were
 * reused or rebuilt.
 */
function articleIndexer(search: SearchIndexer, staging: Staging, only: Set<string>, ahead = new Map<string, unknown>()) {
  return {
    async edition(edition: SiteView['editions'][number], pages: HashedPage[]) {
      search.sealGroups(staging, String(edition.edition.year));
      // Given to the index before the build rendered anything (indexAhead).
      if (ahead.has(edition.edition.id)) return;
      await search.addGroup(String(edition.edition.year), pages, only.has(edition.edition.id));
      // The pages go to Pagefind through a pipe that takes some 64 KB at a time, refilled only when the event loop turns.
      await turn();
    },
    /** Each year's bundle has its pages: Pagefind writes them while the rest is made. */
    done: () => search.sealGroups(staging),
  };
}

/**
 * The reused editions that come, in the order of the editions' ids, before the first edition
 * rebuilt in their year: their articles go to the search index now, by their hashes in the previous
 * manifest (read from out/ only when the build cache misses their indexed copies), so that Pagefind
 * adds them while the build renders. The editions given, with their number of pages.
 */
function indexAhead(view: SiteView, search: SearchIndexer, only: Set<string>, outDir: string, reused: ManifestEntry[]): Map<string, number> {
  const editions = editionsInOrder(view).map((e) => e.edition);
  const waiting = new Set(editions.filter((edition) => only.has(edition.id)).map((edition) => edition.year));
  const given = new Map<string, number>();
  for (const edition of editions) {
    if (!waiting.has(edition.year)) continue;
    if (only.has(edition.id)) {
      waiting.delete(edition.year);
      continue;
    }
    const pages = reusedArticles(outDir, reused, edition.id);
    search.addAhead(String(edition.year), pages);
    given.set(edition.id, pages.length);
  }
  return given;
}

/** The articles of a build whose editions printed first, indexed once they have (see webPages). */
async function indexArticles(view: SiteView, articles: Map<string, HashedPage[]>, search: SearchIndexer, staging: Staging, only: Set<string>): Promise<void> {
  const index = articleIndexer(search, staging, only);
  for (const edition of editionsInOrder(view)) await index.edition(edition, articles.get(edition.edition.id)!);
  index.done();
}

/** The event loop turns: what waits for it (Pagefind's pipe, the build cache's reads) goes on. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** An edition's own page: its cover and table of contents. */
function editionPagePath(id: string): string {
  return `${id}/index.html`;
}

/**
 * The web fonts, subset while the editions print: the pages drawn before the PDFs exist, their
 * download links with a stand-in size (only digits may differ), hold the characters the final
 * pages will, so the render step finds its slices in the build cache. The article pages are the
 * final ones (webPages).
 */
async function subsetWebFontsEarly(view: SiteView, staging: Staging, pages: Promise<EditionWeb | undefined>, options: { templatesDir: string; only: Set<string>; onlyBriefings: Set<string>; reused: ManifestEntry[]; editionFiles: Map<string, EditionFiles>; pdfa: boolean; epub?: boolean; progress: Progress }): Promise<void> {
  const printedSize = 200 * 1024;
  const { outletChoice } = await import('../outlets/index.ts');
  const articles = (await pages)?.articles;
  if (!articles) return;
  const editionFiles = new Map(options.editionFiles);
  // The files being made now are linked with their sizes: a stand-in size draws the same characters (a face that draws a digit gets all ten).
  const made = { pdf: printedSize, cover: true, ...(options.pdfa ? { pdfa: printedSize } : {}), ...(outletChoice(view.site, options).epub ? { epub: printedSize } : {}) };
  const draft: SiteView = { ...view, briefings: view.briefings?.map((b) => ({ ...b, pdfSize: b.pdfSize ?? printedSize })) };
  for (const id of options.only) editionFiles.set(id, { ...editionFiles.get(id), ...made });
  const web = await asUnit('site', () => webRenderer(draft, { templatesDir: options.templatesDir, editionFiles }));
  const text = await asUnit('site', () => WebFontText.forTemplates(options.templatesDir));
  for (const edition of draft.editions) {
    const id = edition.edition.id;
    const pages = options.only.has(id) ? [hashedPage(await asUnit(id, () => web.editionPage(edition))), ...articles.get(id)!] : reusedPages(staging.dir, options.reused, id);
    await text.addGroup(id, pages.sort((a, b) => byPath(a.path, b.path)));
  }
  const fresh = new Map((await briefingWebFiles(draft.site, (draft.briefings ?? []).filter((b) => options.onlyBriefings.has(b.briefing.id)), options.templatesDir)).map((made) => [made.view, made.files]));
  const site = [...(await asUnit('site', async () => web.archivePages())), ...(await briefingPages(draft, fresh, staging.dir))];
  for (const page of site) if (page.path.endsWith('.html')) await text.addPage(String(page.data), fontGroupOf(page.path));
  await asUnit('site', () => web.assets(text, { progress: options.progress }));
}

/** The manifest with this build's slug-named pages and its redirects (files of their own unit, never reused). */
function withRedirects(manifest: Manifest, urls: { pages: PageIdentities; redirects: Record<string, string> }): Manifest {
  const files = manifest.files.map((file) => (file.path in urls.redirects ? { path: file.path, size: file.size, sha256: file.sha256, unit: REDIRECT_UNIT } : file));
  return { ...manifest, pages: urls.pages, redirects: urls.redirects, files };
}

/** A page written into the staging folder this time, by its hash, read back from there when needed (not held meanwhile). */
function writtenPage(write: PageWriter, { path, data }: OutputFile): HashedPage {
  return { path, sha256: pageHash(data), html: () => write.read(path) };
}

/** A page rendered this time, by its hash (as the manifest will record it). */
function hashedPage(file: OutputFile): HashedPage {
  return { path: file.path, sha256: pageHash(file.data), html: async () => String(file.data) };
}

function pageHash(data: OutputFile['data']): string {
  return sha256Of(typeof data === 'string' ? Buffer.from(data) : data);
}

/** The editions in the order of their ids, so by year: the order the search index gets their pages in. */
function editionsInOrder(view: SiteView): SiteView['editions'] {
  return [...view.editions].sort((a, b) => byPath(a.edition.id, b.edition.id));
}

/** The article pages of a reused edition: its pages but its own (editionPagePath). */
function reusedArticles(dir: string, reused: ManifestEntry[], id: string): HashedPage[] {
  return reusedPages(dir, reused, id).filter((page) => page.path !== editionPagePath(id));
}

/** The pages of a reused edition, by the hashes the previous manifest recorded: read back only when a cache misses. */
function reusedPages(dir: string, reused: ManifestEntry[], id: string): HashedPage[] {
  return reused
    .filter((f) => f.unit === id && f.path.endsWith('.html'))
    .sort((a, b) => byPath(a.path, b.path))
    .map((f) => ({ path: f.path, sha256: f.sha256, html: () => readFile(join(dir, f.path), 'utf8') }));
}

/** The web copies of the images of the editions built (resized, see emit/images.ts). */
async function writeWebImages(built: SiteView['editions'], staging: Staging, progress: Progress): Promise<void> {
  for (const edition of built) {
    const images = await asUnit(edition.edition.id, async () => {
      for (const image of editionImages(edition)) await recordFileUnread(image.file);
      return writeEditionImages(edition, join(staging.dir, edition.edition.id), 'web');
    });
    if (images.files) progress.debug(say('build-images', { n: images.files, id: edition.edition.id, cached: images.fromCache }));
  }
}

/** The EPUB and the 公众号 fragments of the editions built, when asked for; their warnings are shown. */
async function writeOutlets(view: SiteView, built: SiteView['editions'], staging: Staging, options: BuildOptions, editionFiles: Map<string, EditionFiles>, progress: Progress): Promise<void> {
  const { outletChoice, editionOutlets } = await import('../outlets/index.ts');
  const choice = outletChoice(view.site, options);
  if (!built.length || (!choice.epub && !choice.wechat)) return;
  progress.phase('outlets');
  const findings = [];
  for (const edition of built) {
    const id = edition.edition.id;
    const made = await editionOutlets(view.site, edition, choice, options.templatesDir);
    for (const file of made.files) await staging.write(`${id}/${file.path}`, file.data);
    if (made.epubSize !== undefined) editionFiles.set(id, { ...editionFiles.get(id), epub: made.epubSize });
    findings.push(...made.findings);
    progress.debug(say('build-outlets', { id, n: made.files.length }));
  }
  if (findings.length) progress.info(formatProblems(findings).trimEnd());
}

/** Cover thumbnails drawn in one browser context (one renderer) before the next context takes over. */
const COVERS_PER_RENDERER = 20;

/** Prints the editions, renders their cover thumbnails and, with --pdfa, their PDF/A copies. */
async function printAll(view: SiteView, staging: Staging, options: BuildOptions & { launching?: Promise<PrintBrowser>; prepared?: () => void }, progress: Progress): Promise<Map<string, EditionFiles>> {
  progress.phase('print');
  const gs = options.pdfa ? await findGhostscript() : undefined;
  if (gs && 'missing' in gs) progress.info(say('build-pdfa-missing', { why: gs.missing }));
  const files = new Map<string, EditionFiles>();
  const afterPrint = (browser: PrintBrowser) => async (printed: PrintedEdition[]) => {
    // A fresh renderer every COVERS_PER_RENDERER covers: one renderer drawing a hundred covers,
    // each with its own four fonts, grows by over a megabyte a cover and gives nothing back.
    for (let start = 0; start < printed.length; start += COVERS_PER_RENDERER) {
      const batch = printed.slice(start, start + COVERS_PER_RENDERER);
      // Two at a time: the thumbnail in Chromium while Ghostscript converts the previous edition.
      const covers = CoverRenderer.open(browser);
      try {
        await pMap(batch, (job) => finishEdition(covers, job), { concurrency: 2 });
      } finally {
        await covers.close();
      }
    }
  };
  /** The cover thumbnail from the print document and, with --pdfa, the PDF/A copy. */
  const finishEdition = async (covers: CoverRenderer, job: PrintedEdition) => {
    const id = job.edition.edition.id;
    const started = performance.now();
    const cover = await covers.render({ htmlPath: job.htmlPath, root: job.root, page: job.edition.edition.page, bleed: job.bleed });
    await staging.write(join(id, 'cover.png'), cover);
    progress.debug(say('build-cover-drawn', { id, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
    if (gs && !('missing' in gs)) {
      const target = join(staging.dir, id, pdfaName(job.edition));
      await convertToPdfA(gs, job.pdfPath, target, buildDate(job.edition.edition.date), join(staging.dir, '.print', id));
      progress.debug(say('build-pdfa-wrote', { path: `${id}/${pdfaName(job.edition)}`, version: gs.version }));
    }
    files.set(id, { cover: true });
  };
  const print = async (browser: PrintBrowser) => {
    // Editions and briefings side by side, two documents at a time in all.
    const slots = printSlots();
    const press = (options.press ?? view.site.press.enabled) ? { contentDir: options.contentDir } : undefined;
    // What waits for the printing starts once the first edition and the briefings are ready to print:
    // started earlier, the web fonts' slices would hold up the fonts of a briefing's print document.
    let preparing = 2;
    const prepared = () => {
      if (--preparing === 0) options.prepared?.();
    };
    const reuse = !options.printAgain;
    const briefings = printBriefings(view.site, view.briefings ?? [], staging.dir, join(staging.dir, '.print-briefings'), { templatesDir: options.templatesDir, browser, progress, slots, press, prepared, reuse });
    briefings.catch(() => undefined);
    // Cover thumbnails once the briefings have printed: a print page opened while a thumbnail is
    // drawn can leave the thumbnail's page in the background, never drawing.
    const sizes = await printEditions(view.site, view.editions, staging, {
      templatesDir: options.templatesDir,
      browser,
      bleed: options.bleed,
      marks: options.marks,
      press,
      progress,
      slots,
      prepared,
      reuse,
      afterPrint: async (printed) => {
        await briefings;
        await afterPrint(browser)(printed);
      },
    });
    await briefings;
    return sizes;
  };
  const browser = options.browser ?? (await options.launching);
  const sizes = await (browser ? print(browser) : withBrowser(print));
  for (const [id, size] of sizes) files.set(id, { ...files.get(id), pdf: size });
  for (const edition of view.editions) {
    const id = edition.edition.id;
    const pdfa = await stat(join(staging.dir, id, pdfaName(edition))).catch(() => undefined);
    if (pdfa) files.set(id, { ...files.get(id), pdfa: pdfa.size });
  }
  return files;
}

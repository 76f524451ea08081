/**
 * The build workflow: load → transform → check → render → emit (→ print). Commands call this;
 * it either writes a complete out/ or leaves the previous one untouched.
 */
import type { VFileMessage } from 'vfile-message';
import { BuildFailure } from '../report/problems.ts';
import { loadContent, type Content } from '../load/index.ts';
import { checkColumnsAndSlugs, checkGlyphs } from '../check/edition.ts';
import { editionView, siteView } from '../render/views.ts';
import type { SiteView } from '../render/model.ts';
import { createStaging } from '../emit/staging.ts';
import { manifestEntries } from '../emit/manifest.ts';
import { datasetLookup, transformEdition } from './transform-edition.ts';
import { renderWeb } from './web.ts';
import { printEditions } from './print-editions.ts';
import { withBrowser } from '../print/index.ts';
import type { Staging } from '../emit/staging.ts';
import { progressFromLog, silentProgress, type Progress } from '../report/progress.ts';
import type { PrintBrowser } from '../print/index.ts';

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
}

/** Load, transform and check everything; throws BuildFailure with every problem found. */
export async function prepare(contentDir: string, progress: Progress = silentProgress): Promise<{ content: Content; view: SiteView }> {
  progress.phase('load');
  const { content, problems } = await loadContent(contentDir);
  if (!content) throw new BuildFailure(problems);
  const lookup = datasetLookup(content.editions);
  const editions = [];
  progress.phase('transform');
  progress.count('editions', content.editions.length);
  progress.count('articles', content.editions.reduce((n, e) => n + e.articles.length, 0), { steps: 'verbose' });
  for (const edition of content.editions) {
    const { bodies, problems: found } = await transformEdition(edition, lookup);
    problems.push(...found, ...checkColumnsAndSlugs(edition));
    for (const [article, body] of bodies) {
      problems.push(...(await checkGlyphs(article.file, article.text, `${article.title}${article.subtitle ?? ''}${body.text}`)));
      progress.tick('articles', `transformed ${edition.id}/${article.slug}`);
    }
    editions.push(editionView(edition, bodies));
    progress.tick('editions', `checked ${edition.id}`, `${edition.articles.length} article(s)`);
  }
  if (problems.some(isError)) throw new BuildFailure(problems.filter(isError));
  return { content, view: siteView(content.site, editions) };
}

function isError(message: VFileMessage): boolean {
  return message.fatal !== false;
}

export async function build(options: BuildOptions): Promise<{ files: number }> {
  const progress = options.progress ?? (options.log ? progressFromLog(options.log) : silentProgress);
  try {
    return await buildWith(options, progress);
  } catch (error) {
    progress.fail();
    throw error;
  }
}

async function buildWith(options: BuildOptions, progress: Progress): Promise<{ files: number }> {
  const started = Date.now();
  const { view } = await prepare(options.contentDir, progress);
  progress.info(`loaded ${view.editions.length} edition(s), ${view.editions.reduce((n, e) => n + e.articles.length, 0)} article(s)`);
  const staging = await createStaging(options.outDir);
  try {
    const pdfSizes = options.pdf ? await printAll(view, staging, options, progress) : undefined;
    progress.phase('render');
    const files = await renderWeb(view, { templatesDir: options.templatesDir, pdfSizes });
    progress.debug(`rendered ${files.length} web files`);
    progress.phase('emit');
    for (const file of files) await staging.write(file.path, file.data);
    const entries = await manifestEntries(staging.dir);
    await staging.write('manifest.json', `${JSON.stringify({ generator: '大安刊印', files: entries }, null, 2)}\n`);
    await staging.commit();
    progress.done(`wrote ${entries.length + 1} files to ${options.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { files: entries.length + 1 };
  } catch (error) {
    await staging.discard();
    throw error;
  }
}

async function printAll(view: SiteView, staging: Staging, options: BuildOptions, progress: Progress): Promise<Map<string, number>> {
  progress.phase('print');
  const print = (browser: PrintBrowser) =>
    printEditions(view.site, view.editions, staging, { templatesDir: options.templatesDir, browser, bleed: options.bleed, marks: options.marks, progress });
  return options.browser ? print(options.browser) : withBrowser(print);
}

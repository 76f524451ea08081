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

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  pdf: boolean;
  /** Press options (override the settings): bleed in mm, crop marks. */
  bleed?: number;
  marks?: boolean;
  log: (line: string) => void;
}

/** Load, transform and check everything; throws BuildFailure with every problem found. */
export async function prepare(contentDir: string): Promise<{ content: Content; view: SiteView }> {
  const { content, problems } = await loadContent(contentDir);
  if (!content) throw new BuildFailure(problems);
  const lookup = datasetLookup(content.editions);
  const editions = [];
  for (const edition of content.editions) {
    const { bodies, problems: found } = await transformEdition(edition, lookup);
    problems.push(...found, ...checkColumnsAndSlugs(edition));
    for (const [article, body] of bodies) problems.push(...(await checkGlyphs(article.file, article.text, `${article.title}${article.subtitle ?? ''}${body.text}`)));
    editions.push(editionView(edition, bodies));
  }
  if (problems.some(isError)) throw new BuildFailure(problems.filter(isError));
  return { content, view: siteView(content.site, editions) };
}

function isError(message: VFileMessage): boolean {
  return message.fatal !== false;
}

export async function build(options: BuildOptions): Promise<{ files: number }> {
  const started = Date.now();
  const { view } = await prepare(options.contentDir);
  options.log(`loaded ${view.editions.length} edition(s), ${view.editions.reduce((n, e) => n + e.articles.length, 0)} article(s)`);
  const staging = await createStaging(options.outDir);
  try {
    const pdfSizes = options.pdf ? await printAll(view, staging, options) : undefined;
    const files = await renderWeb(view, { templatesDir: options.templatesDir, pdfSizes });
    for (const file of files) await staging.write(file.path, file.data);
    const entries = await manifestEntries(staging.dir);
    await staging.write('manifest.json', `${JSON.stringify({ generator: '大安刊印', files: entries }, null, 2)}\n`);
    await staging.commit();
    options.log(`wrote ${entries.length + 1} files to ${options.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { files: entries.length + 1 };
  } catch (error) {
    await staging.discard();
    throw error;
  }
}

async function printAll(view: SiteView, staging: Staging, options: BuildOptions): Promise<Map<string, number>> {
  return withBrowser((browser) =>
    printEditions(view.site, view.editions, staging, { templatesDir: options.templatesDir, browser, bleed: options.bleed, marks: options.marks, log: options.log }),
  );
}

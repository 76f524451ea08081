/** Runs the transform stage over every article of an edition and turns fatal messages into problems. */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { toString } from 'hast-util-to-string';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';
import { recordKnownUnder } from '../core/inputs.ts';
import { createProcessor, transformMarkdown } from '../transform/processor.ts';
import type { Article, Edition, Query } from '../load/model.ts';
import type { Dataset } from '../data/model.ts';
import type { ArticleBody } from '../render/views.ts';
import { bodyHtml, type PrintWidths } from '../transform/images.ts';
import { printGeometry } from '../render/print.ts';

export type DatasetLookup = (editionId?: string) => Map<string, Dataset> | undefined;

export function datasetLookup(editions: Edition[]): DatasetLookup {
  const byId = new Map(editions.map((e) => [e.id, e]));
  return (id) => {
    const edition = id ? byId.get(id) : undefined;
    // The data a directive quotes (data=2016-12/poverty) is an input of the unit that quotes it.
    if (edition) recordKnownUnder(join(edition.dir, 'data'));
    return edition?.datasets;
  };
}

/** Also every editorial query of the edition: on its data, in its articles' front matter and text. */
export async function transformEdition(edition: Edition, lookup: DatasetLookup): Promise<{ bodies: Map<Article, ArticleBody>; problems: VFileMessage[]; queries: Query[] }> {
  const bodies = new Map<Article, ArticleBody>();
  const problems: VFileMessage[] = [];
  const queries: Query[] = [...edition.datasets.values()].flatMap((dataset) => dataset.queries);
  const broken = await brokenDatasets(edition);
  const options = { datasets: lookup, editionId: edition.id };
  // Images are relative to the edition folder and may not come from outside content/; they are sized for the edition's print geometry.
  const processor = createProcessor(options, undefined, { baseDir: edition.dir, rootDir: dirname(edition.dir), print: printWidths(edition) });
  for (const article of edition.articles) {
    try {
      const { hast, headings, messages, images, queries: inText } = await transformMarkdown(article.text, article.file, options, processor);
      queries.push(...article.queries, ...inText);
      problems.push(...messages.filter((m) => m.fatal !== undefined && !brokenDataset(m, broken)));
      bodies.set(article, { ...bodyHtml(hast), headings, text: toString(hast), images, hast });
    } catch (error) {
      problems.push(asProblem(article.file, error));
      // The edition's views are still made (for the other problems of this run): with an empty body.
      bodies.set(article, { html: '', headings: [], text: '', images: [] });
    }
  }
  return { bodies, problems, queries };
}

/** The widths images print at in this edition, in pt: the text block, and one of its columns. */
export function printWidths(edition: Edition): PrintWidths {
  const geometry = printGeometry(edition.page);
  return { textWidthPt: geometry.textWidthPt, columnWidthPt: geometry.columns === 2 ? geometry.charsPerLine * geometry.bodySize : geometry.textWidthPt, bodySizePt: geometry.bodySize };
}

/** Data sets whose file is there but did not load (its own problems are reported at the file). */
async function brokenDatasets(edition: Edition): Promise<Set<string>> {
  const names = await readdir(join(edition.dir, 'data')).catch(() => [] as string[]);
  const ids = names.filter((name) => /\.(ya?ml|json|csv)$/i.test(name)).map((name) => basename(name, extname(name)));
  return new Set(ids.filter((id) => !edition.datasets.has(id)));
}

/** "Unknown data set `x`" where x is a data file that failed to load: said once, at the file, not again at every use. */
function brokenDataset(message: VFileMessage, broken: Set<string>): boolean {
  const name = /^Unknown data set `([^`/]+)`$/.exec(message.reason)?.[1];
  return name !== undefined && broken.has(name);
}

/** A plugin that threw: keep its position when it is a vfile message, else say where it happened. */
function asProblem(file: string, error: unknown): VFileMessage {
  const e = error as Partial<VFileMessage> & Error;
  if (e.reason && e.line) return problem(file, { line: e.line, column: e.column ?? 1 }, e.reason, e.note ?? undefined, e.ruleId ?? undefined);
  return problem(file, undefined, ...sayProblem('transform', { error: e.message }));
}

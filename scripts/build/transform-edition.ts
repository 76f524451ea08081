/** Runs the transform stage over every article of an edition and turns fatal messages into problems. */
import { dirname } from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { createProcessor, transformMarkdown } from '../transform/processor.ts';
import type { Article, Edition } from '../load/model.ts';
import type { Dataset } from '../data/model.ts';
import type { ArticleBody } from '../render/views.ts';

export type DatasetLookup = (editionId?: string) => Map<string, Dataset> | undefined;

export function datasetLookup(editions: Edition[]): DatasetLookup {
  const byId = new Map(editions.map((e) => [e.id, e.datasets]));
  return (id) => (id ? byId.get(id) : undefined);
}

export async function transformEdition(edition: Edition, lookup: DatasetLookup): Promise<{ bodies: Map<Article, ArticleBody>; problems: VFileMessage[] }> {
  const bodies = new Map<Article, ArticleBody>();
  const problems: VFileMessage[] = [];
  const options = { datasets: lookup, editionId: edition.id };
  // Images are relative to the edition folder and may not come from outside content/.
  const processor = createProcessor(options, undefined, { baseDir: edition.dir, rootDir: dirname(edition.dir) });
  for (const article of edition.articles) {
    try {
      const { hast, headings, messages, images } = await transformMarkdown(article.text, article.file, options, processor);
      problems.push(...messages.filter((m) => m.fatal));
      bodies.set(article, { html: toHtml(hast), headings, text: toString(hast), images });
    } catch (error) {
      problems.push(asProblem(article.file, error));
    }
  }
  return { bodies, problems };
}

/** A plugin that threw: keep its position when it is a vfile message, else say where it happened. */
function asProblem(file: string, error: unknown): VFileMessage {
  const e = error as Partial<VFileMessage> & Error;
  if (e.reason && e.line) return problem(file, { line: e.line, column: e.column ?? 1 }, e.reason, e.note ?? undefined, e.ruleId ?? undefined);
  return problem(file, undefined, `Could not transform this article: ${e.message}`, 'Check the Markdown near the last change; report this if it persists', 'transform');
}

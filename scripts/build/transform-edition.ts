/** Runs the transform stage over every article of an edition and turns fatal messages into problems. */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { serialize } from 'node:v8';
import { readCachedValue, writeCached } from '../core/cache.ts';
import { currentHashOf, recordReads, sha256, withReads, type Read } from '../core/inputs.ts';
import { regularFileSha256 } from '../core/file-hashes.ts';
import { realFileInside } from '../load/safe-path.ts';
import { MAX_IMAGE_BYTES } from '../images/inspect.ts';
import { say } from '../report/messages.ts';
import { generatorHash } from './input-hash.ts';
import { checkGlyphs, printedFrontMatter } from '../check/edition.ts';
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

const TRANSFORMED = 'transformed-editions';

/** An edition's transform as the build cache keeps it: everything but the trees (see transformEditionCached). */
interface Kept {
  /** In the order of the edition's articles. */
  bodies: Omit<ArticleBody, 'hast'>[];
  queries: Query[];
  /** What the transform read (files, listings), with their hashes. */
  reads: Read[];
  /** The editions whose data sets the articles quote (data=2016-12/poverty), with the hash of those data sets. */
  quoted: [string | undefined, string][];
}

/**
 * transformEdition and the check that every character it shows has a glyph, from the build cache while the edition as loaded (its articles' text, its data
 * sets, its page), the data sets it quotes from other editions, the images it shows and the
 * pipeline's code are the same: transforming the 1,200 articles of a large archive took a build
 * whose pages and fonts were all in the cache some four seconds. Only an edition transformed
 * without any problem is kept; a kept one with a character no font draws is transformed again, so
 * that the message names the place in the source as it does without the cache. The bodies come
 * without their trees (`hast`), which only place such messages.
 */
export async function transformEditionCached(edition: Edition, lookup: DatasetLookup): Promise<{ bodies: Map<Article, ArticleBody>; problems: VFileMessage[]; queries: Query[] }> {
  const key = `${sha256(`${await generatorHash()}\0${process.versions.v8}\0${canonical(edition)}`)}.v8`;
  const kept = await readKept(key);
  if (kept && kept.bodies.length === edition.articles.length && (await stillCurrent(kept, edition, lookup))) {
    const bodies = new Map(edition.articles.map((article, i) => [article, kept.bodies[i]]));
    if (!(await glyphProblems(bodies)).length) {
      recordReads(kept.reads);
      return { bodies, problems: [], queries: kept.queries };
    }
  }
  // Hashed once the edition is transformed: a lookup is made at every data directive.
  const quoted = new Map<string | undefined, Map<string, Dataset> | undefined>();
  const watched: DatasetLookup = (id) => {
    const found = lookup(id);
    quoted.set(id, found);
    return found;
  };
  const { value, reads } = await withReads(() => transformEdition(edition, watched));
  const problems = [...value.problems, ...(await glyphProblems(value.bodies))];
  if (!problems.length) {
    // A print body that is the web body is kept once (the views take the web body for it).
    const bodies = edition.articles.map((article) => {
      const { hast: _hast, printHtml, ...body } = value.bodies.get(article)!;
      return printHtml === body.html ? body : { ...body, printHtml };
    });
    await writeCached(TRANSFORMED, key, serialize({ bodies, queries: value.queries, reads, quoted: [...quoted].map(([id, datasets]) => [id, datasetsHash(datasets)]) } satisfies Kept), 1000);
  }
  return { ...value, problems };
}

function readKept(key: string): Promise<Kept | undefined> {
  return readCachedValue<Kept>(TRANSFORMED, key);
}

function datasetsHash(datasets: Map<string, Dataset> | undefined): string {
  return sha256(canonical(datasets ?? null));
}

/**
 * A loaded value as text, the same for equal values: v8's serialize is not (a string is written
 * in one or two bytes a character as V8 happens to hold it, so an edition read from the load
 * stage's cache serializes otherwise than the same edition just loaded).
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v === undefined ? null : v));
}

/** Whether what the kept transform read, quoted and showed is as it was; the quoted data sets are looked up again (which records them for this unit). */
async function stillCurrent(kept: Kept, edition: Edition, lookup: DatasetLookup): Promise<boolean> {
  for (const [id, hash] of kept.quoted) if (datasetsHash(lookup(id)) !== hash) return false;
  for (const read of kept.reads) if ((read.kind === 'file' ? await regularFileSha256(read.path) : await currentHashOf(read)) !== read.hash) return false;
  for (const image of kept.bodies.flatMap((body) => body.images ?? [])) {
    // Still the same file inside content/ (not a link leading out of it since), with the same bytes.
    const found = await realFileInside(join(edition.dir, image.src), dirname(edition.dir), say('noun-image'), MAX_IMAGE_BYTES);
    if ('refusal' in found || found.real !== image.file || (await regularFileSha256(image.file)) !== image.info.hash) return false;
  }
  return true;
}

/** The characters of each body (and its printed front matter) that no bundled font draws, at their place in the source: found by the body's tree when it has one. */
async function glyphProblems(bodies: Map<Article, ArticleBody>): Promise<VFileMessage[]> {
  const problems: VFileMessage[] = [];
  for (const [article, body] of bodies) problems.push(...(await checkGlyphs(article.file, article.text, `${printedFrontMatter(article)}\n${body.text}`, body.hast)));
  return problems;
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

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

/**
 * Each article's transform taken from an earlier build of its edition where still current
 * (`take`), or made now and handed to `made` with what it read and which editions' data sets it
 * quoted (see transformEditionCached).
 */
interface ArticleReuse {
  take(article: Article): Promise<KeptArticle | undefined>;
  made(article: Article, kept: KeptArticle): void;
}

/** Also every editorial query of the edition: on its data, in its articles' front matter and text. */
export async function transformEdition(edition: Edition, lookup: DatasetLookup, reuse?: ArticleReuse): Promise<{ bodies: Map<Article, ArticleBody>; problems: VFileMessage[]; queries: Query[] }> {
  const bodies = new Map<Article, ArticleBody>();
  const problems: VFileMessage[] = [];
  const queries: Query[] = [...edition.datasets.values()].flatMap((dataset) => dataset.queries);
  const broken = await brokenDatasets(edition);
  // The data sets each article quotes (data=2016-12/poverty), for its own entry.
  let quoted = new Map<string | undefined, Map<string, Dataset> | undefined>();
  const watched: DatasetLookup = (id) => {
    const found = lookup(id);
    quoted.set(id, found);
    return found;
  };
  const options = { datasets: watched, editionId: edition.id };
  // Images are relative to the edition folder and may not come from outside content/; they are sized for the edition's print geometry.
  const processor = createProcessor(options, undefined, { baseDir: edition.dir, rootDir: dirname(edition.dir), print: printWidths(edition) });
  for (const article of edition.articles) {
    const kept = await reuse?.take(article);
    if (kept) {
      queries.push(...kept.queries);
      bodies.set(article, kept.body);
      continue;
    }
    quoted = new Map();
    try {
      const { value, reads } = await withReads(() => transformMarkdown(article.text, article.file, options, processor));
      // They count for the edition as they would without this article's own record.
      recordReads(reads);
      const { hast, headings, messages, images, queries: inText } = value;
      const fatal = messages.filter((m) => m.fatal !== undefined && !brokenDataset(m, broken));
      queries.push(...article.queries, ...inText);
      problems.push(...fatal);
      const body = { ...bodyHtml(hast), headings, text: toString(hast), images, hast };
      bodies.set(article, body);
      if (!fatal.length) reuse?.made(article, { body, queries: [...article.queries, ...inText], reads, quoted: [...quoted].map(([id, datasets]) => [id, datasetsHash(datasets)]) });
    } catch (error) {
      problems.push(asProblem(article.file, error));
      // The edition's views are still made (for the other problems of this run): with an empty body.
      bodies.set(article, { html: '', headings: [], text: '', images: [] });
    }
  }
  return { bodies, problems, queries };
}

const TRANSFORMED = 'transformed-editions';

/** One article's transform as the build cache keeps it (without its tree), with what it read and quoted. */
interface KeptArticle {
  body: Omit<ArticleBody, 'hast'>;
  /** Its front matter's queries and those in its text. */
  queries: Query[];
  reads: Read[];
  /** The editions whose data sets it quotes, with the hash of those data sets. */
  quoted: [string | undefined, string][];
}

/**
 * An edition's transform as the build cache keeps it, one entry per edition folder (its last
 * transform without problems): everything but the trees (see transformEditionCached).
 */
interface Kept {
  /** The edition as loaded, with the pipeline (editionKey): the whole transform is current while it is the same and what it read, quoted and showed is too. */
  edition: string;
  /** In the order of the edition's articles. */
  bodies: Omit<ArticleBody, 'hast'>[];
  queries: Query[];
  /** What the transform read (files, listings), with their hashes. */
  reads: Read[];
  /** The editions whose data sets the articles quote (data=2016-12/poverty), with the hash of those data sets. */
  quoted: [string | undefined, string][];
  /** Each article's own transform by articleKey: after an edit, the articles not edited are taken from here. */
  articles: Record<string, KeptArticle>;
}

/**
 * transformEdition and the check that every character it shows has a glyph, from the build cache while the edition as loaded (its articles' text, its data
 * sets, its page), the data sets it quotes from other editions, the images it shows and the
 * pipeline's code are the same: transforming the 1,200 articles of a large archive took a build
 * whose pages and fonts were all in the cache some four seconds. When only some articles changed
 * (an edited paragraph), the others are taken from the edition's entry by their own key (the
 * article as loaded, and the edition but its articles), each checked as the edition is.
 * Only an edition transformed
 * without any problem is kept; a kept one with a character no font draws is transformed again, so
 * that the message names the place in the source as it does without the cache. The bodies come
 * without their trees (`hast`), which only place such messages.
 */
export async function transformEditionCached(edition: Edition, lookup: DatasetLookup): Promise<{ bodies: Map<Article, ArticleBody>; problems: VFileMessage[]; queries: Query[] }> {
  const generator = `${await generatorHash()}\0${process.versions.v8}`;
  const key = sha256(`${generator}\0${canonical(edition)}`);
  const entry = `${sha256(`${generator}\0${edition.dir}`)}.v8`;
  const kept = await readKept(entry);
  if (kept?.edition === key && kept.bodies.length === edition.articles.length && (await stillCurrent(kept, edition, lookup))) {
    const bodies = new Map(edition.articles.map((article, i) => [article, kept.bodies[i]]));
    if (!(await glyphProblems(bodies)).length) {
      recordReads(kept.reads);
      return { bodies, problems: [], queries: kept.queries };
    }
  }
  const context = sha256(`${generator}\0${canonical({ ...edition, articles: [] })}`);
  const keys = new Map(edition.articles.map((article) => [article, sha256(`${context}\0${canonical(article)}`)]));
  let made: Record<string, KeptArticle> = {};
  let taken = 0;
  /** `taking`: articles are taken from the kept edition where they are current. */
  const reuse = (taking: boolean): ArticleReuse => ({
    async take(article) {
      const found = taking ? kept?.articles?.[keys.get(article)!] : undefined;
      if (!found || !(await stillCurrent({ bodies: [found.body], reads: found.reads, quoted: found.quoted }, edition, lookup))) return undefined;
      recordReads(found.reads);
      made[keys.get(article)!] = found;
      taken++;
      return found;
    },
    made(article, { body, ...rest }) {
      made[keys.get(article)!] = { body: keptBody(body as ArticleBody), ...rest };
    },
  });
  let { value, reads } = await withReads(() => transformEdition(edition, lookup, reuse(true)));
  let problems = [...value.problems, ...(await glyphProblems(value.bodies))];
  // A character no font draws in an article taken from the cache is placed by its tree: all are made again.
  if (taken && problems.length) {
    made = {};
    ({ value, reads } = await withReads(() => transformEdition(edition, lookup, reuse(false))));
    problems = [...value.problems, ...(await glyphProblems(value.bodies))];
  }
  if (!problems.length) {
    // The same objects as the articles' own entries: serialized once.
    const bodies = edition.articles.map((article) => made[keys.get(article)!].body);
    const quoted = new Map(Object.values(made).flatMap((article) => article.quoted));
    await writeCached(TRANSFORMED, entry, serialize({ edition: key, bodies, queries: value.queries, reads, quoted: [...quoted], articles: made } satisfies Kept), 1000);
  }
  return { ...value, problems };
}

/** A body as kept: without its tree, and a print body that is the web body once (the views take the web body for it). */
function keptBody({ hast: _hast, printHtml, ...body }: ArticleBody): Omit<ArticleBody, 'hast'> {
  return printHtml === body.html ? body : { ...body, printHtml };
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
async function stillCurrent(kept: Pick<Kept, 'bodies' | 'reads' | 'quoted'>, edition: Edition, lookup: DatasetLookup): Promise<boolean> {
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

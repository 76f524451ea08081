import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { parse } from 'yaml';
import { BuildFailure, problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';
import { editionId, editionStub, parseEditionOption, type EditionId } from './edition.ts';
import { importPage, isResolved, type ImportedPage } from './import-page.ts';
import { articleMarkdown, type ArticleFrontMatter } from './markdown.ts';
import { loadReadings, unusedReadings, type Reading } from './readings.ts';
import { slugFromTitle } from '../load/slug.ts';
import { writeAtomically } from '../core/files.ts';
import { exists, existingArticles, type ExistingArticle } from './write.ts';
import { findingWarning } from './warnings.ts';

export interface ImportRequest {
  files: string[];
  /** The content folder (--content). */
  content: string;
  /** --edition 2017-09; default: the edition each page's breadcrumb names. */
  edition?: string;
  force?: boolean;
  /** --apply-readings FILE */
  readingsFile?: string;
  /** Read, check and report, but write nothing. */
  dryRun?: boolean;
}

export interface PageResult {
  page: ImportedPage;
  edition: EditionId;
  target: string;
  replaced: boolean;
  frontMatter: ArticleFrontMatter;
  markdown: string;
  /** Findings that an applied reading settles. */
  resolved: number;
}

export interface ImportResult {
  pages: PageResult[];
  /** edition.yaml files created for new editions. */
  createdEditions: string[];
  /** Figures to check, and other things an editor should look at; none stops the import. */
  warnings: VFileMessage[];
}

/**
 * `daan import`: reads saved pages, turns each into an article of its edition, and reports the
 * figures to check. Nothing is written unless every page can be imported.
 */
export async function importPages(request: ImportRequest): Promise<ImportResult> {
  const problems: VFileMessage[] = [];
  const readings = await readingsOf(request.readingsFile, problems);
  const pages = await readPages(request.files, readings, problems);
  if (request.readingsFile) problems.push(...unusedReadings(readings, pages.flatMap((page) => page.edits)));
  const forced = request.edition ? parseEditionOption(request.edition) : undefined;
  const planned = await plan(pages, request, forced, problems);
  if (problems.length) throw new BuildFailure(problems);

  const warnings = [...planned.flatMap(pageWarnings), ...(await columnWarnings(planned, request.content))];
  const createdEditions = request.dryRun ? [] : await writeAll(planned, request.content);
  return { pages: planned, createdEditions, warnings };
}

async function readingsOf(file: string | undefined, problems: VFileMessage[]): Promise<Reading[]> {
  if (!file) return [];
  const loaded = await loadReadings(file);
  problems.push(...loaded.problems);
  return loaded.readings;
}

async function readPages(files: string[], readings: Reading[], problems: VFileMessage[]): Promise<ImportedPage[]> {
  const pages: ImportedPage[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      problems.push(problem(file, undefined, ...sayProblem('import-read', { what: 'page', detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message })));
      continue;
    }
    const result = importPage(file, bytes, readings);
    problems.push(...result.problems);
    if (result.page) pages.push(result.page);
  }
  return pages;
}

/** Decides each page's edition, file, order and slug; refuses overwrites and disagreements. */
async function plan(pages: ImportedPage[], request: ImportRequest, forced: EditionId | undefined, problems: VFileMessage[]): Promise<PageResult[]> {
  const results: PageResult[] = [];
  const existingByEdition = new Map<string, ExistingArticle[]>();
  for (const page of pages) {
    const edition = editionOf(page, forced, problems);
    if (!edition) continue;
    if (!page.meta.column) {
      problems.push(problem(page.file, undefined, ...sayProblem('import-column', {})));
      continue;
    }
    const articlesDir = join(request.content, edition.id, 'articles');
    if (!existingByEdition.has(edition.id)) existingByEdition.set(edition.id, await existingArticles(articlesDir));
    const existing = existingByEdition.get(edition.id)!;
    const result = placeArticle(page, edition, articlesDir, existing, results, request.force ?? false, problems);
    if (result) results.push(result);
  }
  return results;
}

function editionOf(page: ImportedPage, forced: EditionId | undefined, problems: VFileMessage[]): EditionId | undefined {
  const read = page.meta.edition;
  if (forced && read && (read.year !== forced.year || read.number !== forced.number)) {
    const own = editionId(read.year, read.number).id;
    problems.push(problem(page.file, read.place, ...sayProblem('import-edition', { text: read.text, own, forced: forced.id })));
    return undefined;
  }
  if (forced) return forced;
  if (read) return editionId(read.year, read.number);
  problems.push(problem(page.file, undefined, ...sayProblem('import-edition', {})));
  return undefined;
}

function placeArticle(
  page: ImportedPage,
  edition: EditionId,
  articlesDir: string,
  existing: ExistingArticle[],
  earlier: PageResult[],
  force: boolean,
  problems: VFileMessage[],
): PageResult | undefined {
  const { meta } = page;
  const slug = slugFromTitle(meta.title) || 'article';
  const same = existing.find((article) => article.slug === slug || article.title === meta.title);
  const target = same?.file ?? join(articlesDir, `${slug}.md`);
  const twin = earlier.find((result) => result.target === target);
  if (twin) {
    problems.push(problem(page.file, undefined, ...sayProblem('import-duplicate', { other: twin.page.file, target })));
    return undefined;
  }
  if (same && !force) {
    problems.push(problem(page.file, undefined, ...sayProblem('import-exists', { file: same.file, title: meta.title, force: true })));
    return undefined;
  }
  const order = same?.order ?? nextOrder(meta.column!, existing, earlier, edition);
  const frontMatter = frontMatterOf(page, slug, order, same?.cover);
  const origin = `Imported by daan import from ${basename(page.file)} (${page.decoded.encoding}).`;
  const resolved = page.findings.filter((finding) => isResolved(finding, page.edits)).length;
  return { page, edition, target, replaced: !!same, frontMatter, markdown: articleMarkdown(frontMatter, page.blocks, origin), resolved };
}

/** After the last article of the column, counting those imported just before. */
function nextOrder(column: string, existing: ExistingArticle[], earlier: PageResult[], edition: EditionId): number {
  const orders = [
    ...existing.filter((article) => article.column === column).map((article) => article.order),
    ...earlier.filter((result) => result.edition.id === edition.id && result.frontMatter.column === column).map((result) => result.frontMatter.order),
  ];
  return Math.max(0, ...orders) + 1;
}

function frontMatterOf(page: ImportedPage, slug: string, order: number, cover?: boolean): ArticleFrontMatter {
  const { meta } = page;
  return {
    title: meta.title,
    subtitle: meta.subtitle,
    column: meta.column!,
    author: meta.author,
    author_title: meta.authorTitle,
    source: meta.source,
    published: meta.published,
    views: meta.views,
    archived_previous: meta.previous,
    archived_next: meta.next,
    order,
    cover,
    slug,
    readings: appliedReadings(page),
  };
}

/** The readings applied to this page, once each, in the order of the readings file: the record of the decision. */
function appliedReadings(page: ImportedPage): ArticleFrontMatter['readings'] {
  const readings = [...new Set(page.edits.map((edit) => edit.reading))].sort((a, b) => a.at.line - b.at.line);
  if (!readings.length) return undefined;
  return readings.map(({ text, reading, line, note }) => ({ text, reading, ...(line ? { line } : {}), ...(note ? { note } : {}) }));
}

function pageWarnings(result: PageResult): VFileMessage[] {
  return result.page.findings.filter((finding) => !isResolved(finding, result.page.edits)).map((finding) => findingWarning(result.page.file, finding));
}

/** An existing edition.yaml that lacks a column the pages use: the build would refuse the article. */
async function columnWarnings(results: PageResult[], content: string): Promise<VFileMessage[]> {
  const warnings: VFileMessage[] = [];
  for (const [id, columns] of columnsByEdition(results)) {
    const file = join(content, id, 'edition.yaml');
    const listed = await listedColumns(file);
    for (const column of columns.filter((c) => listed && !listed.includes(c))) {
      const warning = problem(file, undefined, ...sayProblem('import-column', { column }));
      warning.fatal = false;
      warnings.push(warning);
    }
  }
  return warnings;
}

function columnsByEdition(results: PageResult[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { edition, frontMatter } of results) {
    const columns = map.get(edition.id) ?? [];
    if (!columns.includes(frontMatter.column)) columns.push(frontMatter.column);
    map.set(edition.id, columns);
  }
  return map;
}

/** The columns an edition.yaml lists; undefined when there is no readable edition.yaml. */
export async function listedColumns(file: string): Promise<string[] | undefined> {
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const columns = (data as { columns?: unknown } | null)?.columns;
  return Array.isArray(columns) ? columns.map(String) : [];
}

async function writeAll(results: PageResult[], content: string): Promise<string[]> {
  const created: string[] = [];
  for (const [id, columns] of columnsByEdition(results)) {
    const file = join(content, id, 'edition.yaml');
    if (await exists(file)) continue;
    const edition = results.find((r) => r.edition.id === id)!.edition;
    await writeAtomically(file, editionStub(edition, columns, results.filter((r) => r.edition.id === id).map((r) => basename(r.page.file)).join(', ')));
    created.push(file);
  }
  for (const result of results) await writeAtomically(result.target, result.markdown);
  return created;
}

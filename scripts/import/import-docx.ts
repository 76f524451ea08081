import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Root } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { VFileMessage } from 'vfile-message';
import { BuildFailure, problem, UserError } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { lintArticle } from './article-lints.ts';
import { convertDocx } from './docx-convert.ts';
import { placeImages, proposeDatasets, type PlacedImage, type ProposedDataset } from './docx-figures.ts';
import { takeMeta, type DocxMeta } from './docx-meta.ts';
import { numberedParagraphs, restoreNumberLabels } from './docx-numbering.ts';
import { fileSizeProblem, openDocx } from './docx-package.ts';
import { imageWarnings, mammothWarnings, reviewWarnings } from './docx-report.ts';
import { readReview } from './docx-review.ts';
import { numberedHeadings, tidyDocxText } from './docx-text.ts';
import { docxHtmlToMdast } from './docx-tree.ts';
import { editionStub, parseEditionOption, type EditionId } from './edition.ts';
import { articleFile, type ArticleFrontMatter } from './markdown.ts';
import { listedColumns } from './run.ts';
import { slugFromTitle } from '../load/slug.ts';
import { writeAtomically } from '../core/files.ts';
import { exists, existingArticles } from './write.ts';

export interface DocxRequest {
  file: string;
  /** The content folder (--content). */
  content: string;
  /** --edition 2017-10 (required: a Word file does not say which issue it is for). */
  edition: string;
  /** --column 乡村振兴; default: the edition's only column. */
  column?: string;
  /** --data: write the proposed data sets and put `::table` in place of their tables. */
  data?: boolean;
  dryRun?: boolean;
}

/** One file the import writes (or would write). */
export interface Written {
  path: string;
  bytes: number;
  what: string;
}

export interface DocxResult {
  file: string;
  edition: EditionId;
  target: string;
  frontMatter: ArticleFrontMatter;
  markdown: string;
  meta: DocxMeta;
  images: PlacedImage[];
  datasets: ProposedDataset[];
  /** Every file written, the article first; with --dry-run, what would be. */
  files: Written[];
  /** Figures and punctuation to check (in the article), and what the document held that needs a look. */
  warnings: VFileMessage[];
}

/** Word extensions the import recognises; the bytes decide what the file really is. */
export const wordFile = /\.(docx|docm|dotx|doc|dot|wps|wpt|rtf)$/i;

/**
 * `daan import submission.docx --edition 2017-10`: the Word file as an article of the edition,
 * its pictures as images, its tables of figures as proposed data sets. Nothing is written when
 * anything would be overwritten or the document cannot be read.
 */
export async function importDocx(request: DocxRequest): Promise<DocxResult> {
  const edition = parseEditionOption(request.edition);
  const { file } = request;
  let bytes: Buffer;
  try {
    // The size first: a file too large to import is not read into memory.
    const tooLarge = fileSizeProblem(file, (await stat(file)).size);
    if (tooLarge) throw new BuildFailure([tooLarge]);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof BuildFailure) throw error;
    throw new BuildFailure([problem(file, undefined, ...sayProblem('import-read', { what: 'document', detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message }))]);
  }
  const { docx, problems } = await openDocx(file, bytes);
  if (!docx) throw new BuildFailure(problems);

  const converted = await convertDocx(docx);
  const warnings = [...mammothWarnings(file, converted.messages), ...reviewWarnings(file, readReview(docx))];
  const failures = warnings.filter((warning) => warning.fatal);
  if (failures.length) throw new BuildFailure(failures);

  const tree = docxHtmlToMdast(converted.html);
  restoreNumberLabels(tree, numberedParagraphs(docx));
  // Before the text is tidied: a title keeps the space between its two halves (产业兴旺 乡村振兴).
  const meta = takeMeta(tree);
  tidyDocxText(tree);
  if (!meta.title) {
    throw new BuildFailure([problem(file, undefined, ...sayProblem('docx-title'))]);
  }
  numberedHeadings(tree);

  const editionDir = join(request.content, edition.id);
  const articlesDir = join(editionDir, 'articles');
  const existing = await existingArticles(articlesDir);
  const column = await columnOf(request, editionDir);
  const slug = slugFromTitle(meta.title) || 'article';
  const target = join(articlesDir, `${slug}.md`);
  const clash = existing.find((article) => article.slug === slug || article.title === meta.title || article.file === target);
  if (clash) {
    throw new BuildFailure([problem(file, undefined, ...sayProblem('import-exists', { file: clash.file, title: meta.title }))]);
  }

  const images = placeImages(tree, converted.images, slug);
  const datasets = proposeDatasets(tree, slug, meta.title, request.data === true, new Set(await datasetNames(editionDir)));
  const order = Math.max(0, ...existing.filter((article) => article.column === column).map((article) => article.order)) + 1;
  const frontMatter: ArticleFrontMatter = { title: meta.title, subtitle: meta.subtitle, column, author: meta.author, author_title: meta.authorTitle, source: meta.source, order, slug };
  const markdown = articleFile(frontMatter, stringifyBody(tree), `Imported by daan import from ${basename(file)}.`);

  warnings.push(...imageWarnings(file, images, editionDir, slug), ...lintArticle(markdown, target));
  if (!request.data) warnings.push(...datasets.map((dataset) => datasetHint(file, dataset)));

  const files: (Written & { data: string | Uint8Array })[] = [
    { path: target, data: markdown, bytes: Buffer.byteLength(markdown), what: `article — ${meta.title}` },
    ...images.flatMap(({ path, image, caption }) => (path ? [{ path: join(editionDir, path), data: image.bytes, bytes: image.bytes.length, what: `picture${caption ? ` — ${caption}` : ''}` }] : [])),
    ...(request.data ? datasets.map((dataset) => ({ path: join(editionDir, dataset.path), data: datasetFile(dataset, file), bytes: Buffer.byteLength(dataset.yaml), what: `data set — ${dataset.title} (${dataset.rows} rows)` })) : []),
  ];
  const editionFile = join(editionDir, 'edition.yaml');
  if (!(await exists(editionFile))) {
    const stub = editionStub(edition, [column], basename(file));
    files.push({ path: editionFile, data: stub, bytes: Buffer.byteLength(stub), what: 'edition settings (a stub: its date is the last day of the month — correct it)' });
  }
  const taken = (await Promise.all(files.map(async (written) => ((await exists(written.path)) ? written.path : undefined)))).filter((path) => path !== undefined);
  if (taken.length) {
    throw new BuildFailure(taken.map((path) => problem(file, undefined, ...sayProblem('import-exists', { path }))));
  }
  if (!request.dryRun) for (const written of files) await writeAtomically(written.path, written.data);
  return { file, edition, target, frontMatter, markdown, meta, images, datasets, files: files.map(({ path, bytes, what }) => ({ path, bytes, what })), warnings };
}

async function columnOf(request: DocxRequest, editionDir: string): Promise<string> {
  const listed = await listedColumns(join(editionDir, 'edition.yaml'));
  if (request.column) {
    if (listed && !listed.includes(request.column)) {
      throw new UserError(say('import-column-unknown', { column: request.column, file: `${editionDir}/edition.yaml`, listed: listed.join('、') }));
    }
    return request.column;
  }
  if (listed?.length === 1) return listed[0];
  throw new UserError(say('import-which-column', { listed: listed?.join('、') ?? '' }));
}

async function datasetNames(editionDir: string): Promise<string[]> {
  try {
    return (await readdir(join(editionDir, 'data'))).map((name) => basename(name, extname(name)));
  } catch {
    return [];
  }
}

/** GFM tables and footnotes, `::table` directives, and bold leads written the way the build reads them back. */
function stringifyBody(tree: Root): string {
  return unified().use(remarkGfm, { stringLength: displayWidth }).use(remarkDirective).use(remarkCjkFriendly).use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', rule: '-', fences: true }).stringify(tree);
}

/** Table columns line up in an editor's monospace font, where a Chinese character is two columns wide. */
function displayWidth(text: string): number {
  return [...text].reduce((width, char) => width + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) || char.codePointAt(0)! > 0xffff ? 2 : 1), 0);
}

function datasetFile(dataset: ProposedDataset, file: string): string {
  return `# Proposed by daan import from table ${dataset.table} of ${basename(file)}. Check each column's type and unit,\n# give the rows meaningful keys, and add checks (sum rows, totals) where the table has them.\n${dataset.yaml}`;
}

function datasetHint(file: string, dataset: ProposedDataset): VFileMessage {
  const message = problem(file, undefined, ...sayProblem('docx-dataset', { table: dataset.table, title: dataset.title, path: dataset.path, name: dataset.name }));
  message.fatal = false;
  return message;
}

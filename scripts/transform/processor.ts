/**
 * The one unified processor: Markdown → hast. The same hast feeds the web page and the print
 * document of an article.
 */
import type { Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkRehype from 'remark-rehype';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { remarkDataDirectives, type DataDirectiveOptions } from './data-directives.ts';
import remarkHanSoftBreaks from './han-soft-breaks.ts';
import remarkBareUrls from './bare-urls.ts';
import remarkUnknownDirectives from './directives.ts';
import remarkQueries from './queries.ts';
import { remarkInclude, type IncludeOptions } from './include.ts';
import rehypeRawPolicy from './raw-html.ts';
import rehypeImages, { type ImageOptions, type ImageRef } from './images.ts';
import rehypeHeadingIds from './heading-ids.ts';
import rehypeLineMarks from './line-marks.ts';
import { remarkLoneImages } from './figures.ts';
import rehypeFootnotes, { footnoteOptions } from './footnotes.ts';
import rehypeTables from './tables.ts';
import type { HeadingView } from '../render/model.ts';
import type { Query } from '../load/model.ts';

export interface Transformed {
  hast: Root;
  headings: HeadingView[];
  messages: VFileMessage[];
  /** Image files the article uses (checked only when the processor was given image options). */
  images: ImageRef[];
  /** Editorial queries of the text (`:query[…]`), taken out of it. */
  queries: Query[];
}

/**
 * The Markdown syntax of every article: parse plus the mdast fixes that do not need data (also
 * reads included articles). Editorial queries leave the tree here, before anything can quote them.
 */
export function createParser() {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkBareUrls).use(remarkDirective).use(remarkQueries).use(remarkCjkFriendly).use(remarkHanSoftBreaks);
}

/** Parses Markdown into mdast with createParser() (front matter kept as a yaml node). */
export function parseMarkdown(text: string, path: string): MdastRoot {
  const file = new VFile({ path, value: text });
  const parser = createParser();
  return parser.runSync(parser.parse(file), file) as MdastRoot;
}

/**
 * `include`: a briefing's articles and sections from any edition (see include.ts); without it `::include` is an error.
 * `images`: where images are looked up and checked (see images.ts); the files used end up in `Transformed.images`.
 */
export function createProcessor(data: DataDirectiveOptions, include?: IncludeOptions, images?: ImageOptions) {
  return createParser()
    .use(remarkInclude, include)
    .use(remarkLoneImages)
    .use(remarkDataDirectives, data)
    .use(remarkUnknownDirectives)
    .use(remarkRehype, { allowDangerousHtml: true, ...footnoteOptions })
    .use(rehypeRawPolicy, { images })
    .use(rehypeFootnotes)
    .use(rehypeTables)
    .use(rehypeHeadingIds)
    .use(rehypeLineMarks)
    // Last: images are sized for print on the finished tree (inside a figure or not).
    .use(rehypeImages, images);
}

export async function transformMarkdown(text: string, path: string, data: DataDirectiveOptions, processor?: Processor<any, any, any, any, any>, include?: IncludeOptions): Promise<Transformed> {
  const file = new VFile({ path, value: text });
  const run = processor ?? createProcessor(data, include);
  const hast = (await run.run(run.parse(file), file)) as Root;
  return { hast, headings: file.data.headings ?? [], messages: file.messages, images: file.data.images ?? [], queries: file.data.queries ?? [] };
}

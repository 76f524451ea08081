/**
 * The one unified processor: Markdown → hast. The same hast feeds the web page and the print
 * document of an article.
 */
import type { Root } from 'hast';
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
import remarkUnknownDirectives from './directives.ts';
import rehypeRawPolicy from './raw-html.ts';
import rehypeHeadingIds from './heading-ids.ts';
import rehypeWordJoiners from './word-joiners.ts';
import type { HeadingView } from '../render/model.ts';

export interface Transformed {
  hast: Root;
  headings: HeadingView[];
  messages: VFileMessage[];
}

export function createProcessor(data: DataDirectiveOptions) {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkCjkFriendly)
    .use(remarkHanSoftBreaks)
    .use(remarkDataDirectives, data)
    .use(remarkUnknownDirectives)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRawPolicy)
    .use(rehypeHeadingIds)
    .use(rehypeWordJoiners);
}

export async function transformMarkdown(text: string, path: string, data: DataDirectiveOptions, processor?: Processor<any, any, any, any, any>): Promise<Transformed> {
  const file = new VFile({ path, value: text });
  const run = processor ?? createProcessor(data);
  const hast = (await run.run(run.parse(file), file)) as Root;
  return { hast, headings: file.data.headings ?? [], messages: file.messages };
}

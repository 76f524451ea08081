/** A small unified pipeline around the data directives, and throw-away editions for bad-data tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { loadEditionData } from '../../scripts/data/load.ts';
import type { Dataset } from '../../scripts/data/model.ts';
import { toHtml } from 'hast-util-to-html';
import { transformMarkdown } from '../../scripts/transform/processor.ts';
import { remarkDataDirectives, type DataDirectiveOptions } from '../../scripts/transform/data-directives.ts';

export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');
export const fixtureEdition = join(fixtures, '2099-01');

export async function fixtureData(): Promise<Map<string, Dataset>> {
  const { datasets, problems } = await loadEditionData(fixtureEdition);
  if (problems.length) throw new Error(problems.map(String).join('\n'));
  return datasets;
}

export async function render(markdown: string, datasets: Map<string, Dataset>, options: Partial<DataDirectiveOptions> = {}): Promise<{ html: string; messages: VFileMessage[] }> {
  const file = new VFile({ path: 'article.md', value: markdown });
  const processor = unified()
    .use(remarkParse)
    .use(remarkDirective)
    .use(remarkDataDirectives, { datasets: (edition) => (edition === '2099-01' ? datasets : undefined), editionId: '2099-01', ...options })
    .use(remarkRehype)
    .use(rehypeStringify);
  const html = String(await processor.process(file));
  return { html, messages: file.messages };
}

/** The whole article pipeline (GFM, figures, footnotes, sanitizing) with the fixture data. */
export async function renderArticle(markdown: string, datasets: Map<string, Dataset>): Promise<{ html: string; messages: VFileMessage[] }> {
  const { hast, messages } = await transformMarkdown(markdown, 'article.md', { datasets: (edition) => (edition === '2099-01' ? datasets : undefined), editionId: '2099-01' });
  return { html: toHtml(hast), messages };
}

/** Writes data files into a fresh edition folder (content/<id>/data/) and loads it. */
export async function loadFiles(files: Record<string, string | Uint8Array>, edition = '2099-02') {
  const dir = join(mkdtempSync(join(tmpdir(), 'daan-data-')), edition);
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'data', name), content);
  const result = await loadEditionData(dir);
  return { ...result, dir };
}

/** "file-name:line:column reason" of each message, file names without folders, for compact expectations. */
export function brief(messages: VFileMessage[]): string[] {
  return messages.map((m) => `${(m.file ?? '').split(/[\\/]/).pop()}:${m.line}:${m.column} ${m.reason}`);
}

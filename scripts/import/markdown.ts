import { stringify } from 'yaml';
import type { Block } from './headings.ts';

/** The front matter the importer writes, in the order it writes it (snake_case, as content/ uses). */
export interface ArticleFrontMatter {
  title: string;
  subtitle?: string;
  column: string;
  author?: string;
  author_title?: string;
  source?: string;
  published?: string;
  views?: number;
  archived_previous?: string;
  archived_next?: string;
  order: number;
  /** Kept from the article an import replaces. */
  cover?: boolean;
  slug: string;
  readings?: { text: string; reading: string; line?: number; note?: string }[];
}

/** An article file: a comment naming its origin, the front matter, then the body blocks. */
export function articleMarkdown(frontMatter: ArticleFrontMatter, blocks: Block[], origin: string): string {
  return articleFile(frontMatter, blocks.map(blockMarkdown).join('\n\n'), origin);
}

/** An article file from its front matter and its body, already Markdown. */
export function articleFile(frontMatter: ArticleFrontMatter, body: string, origin: string): string {
  const yaml = stringify(withoutUndefined(frontMatter), { lineWidth: 0 });
  return `---\n# ${origin}\n${yaml}---\n\n${body.trimEnd()}\n`;
}

function blockMarkdown(block: Block): string {
  if (block.kind === 'heading') return `${'#'.repeat(block.level)} ${escapeInline(block.text)}`;
  return escapeLineStart(escapeInline(block.text));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Characters Markdown (with GFM and directives) would read as syntax inside a line. */
export function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]<~|]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/:(?=[A-Za-z])/g, '\\:');
}

/** A paragraph that starts like a heading, quote, list item or directive. */
function escapeLineStart(text: string): string {
  return text.replace(/^(#|>|[-+*](?=\s)|\d+(?=[.)]\s)|:)/, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
}

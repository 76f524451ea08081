/**
 * `::include` — a briefing carries a whole article, or one section of it, from any edition:
 *
 *   ::include{edition=2017-09 article=dangjian-linghang-tuopin-benkang}
 *   ::include{edition=2017-09 article=dangjian-linghang-tuopin-benkang section=一坚持组织引领凝聚脱贫奔康优势力量}
 *
 * The article's Markdown is parsed with the same syntax as every article and its mdast spliced in
 * place of the directive: the whole body (after its title, subtitle, and before its author note),
 * or the section under the heading with that id (the id the article's web page gives it) up to the
 * next heading of the same or a higher level. `heading=false` leaves the heading (or the title) out.
 * Without `edition=` the briefing's edition is meant (its `edition:` field, else the newest).
 *
 * Included text keeps its own edition: every `data=name` inside it is rewritten to
 * `data=<edition>/name` before the data directives run, so `:value`, `::table` and `::chart` resolve
 * against the article's edition whatever edition the briefing itself points at; its images are
 * marked with their edition, and found in that edition's images/ folder. Included nodes take
 * the position of the `::include` line, so a problem inside them is reported there.
 */
import GithubSlugger from 'github-slugger';
import type { Heading, Root, RootContent } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Article, Edition } from '../load/model.ts';
import { sayProblem, type Said } from '../report/messages.ts';
import { recordKnown } from '../core/inputs.ts';
import { join } from 'node:path';

export interface IncludeOptions {
  /** The editions an include may name. */
  editions: Edition[];
  /** The edition meant when `edition=` is not given. */
  defaultEdition?: string;
  /** Parses an article's Markdown into mdast with the syntax plugins of the pipeline. */
  parse: (text: string, path: string) => Root;
}

/** The attributes of `::include`, with what each does (docs/syntax.md is generated from this). */
export const includeAttributes: Record<string, string> = {
  edition: 'The edition the article is in: 2017-09 (default: the briefing’s edition: field, else the newest)',
  article: 'The article’s slug: the name of its web page without .html',
  section: 'The id of a heading of the article: only that section is included, up to the next heading of the same or a higher level',
  heading: 'false leaves the heading (or the article’s title) out',
};
const ATTRIBUTES = Object.keys(includeAttributes);
/** Directives whose `data=` names a data set (resolved against the included article's edition). */
const DATA_DIRECTIVES = new Set(['table', 'chart', 'value']);

class IncludeError extends Error {
  readonly fix: string;
  constructor([message, fix]: Said) {
    super(message);
    this.fix = fix ?? '';
  }
}

/** A heading of an article with the id its web page gives it. */
export interface SectionHeading {
  id: string;
  depth: number;
  text: string;
  index: number;
}

/**
 * Without options (articles of an edition) an `::include` is an error: only briefings include.
 * Runs before the data directives.
 */
export function remarkInclude(options?: IncludeOptions) {
  const parsed = new Map<string, Root>();
  return (tree: Root, file: VFile) => {
    const found: { node: LeafDirective; index: number; parent: { children: RootContent[] } }[] = [];
    visit(tree, (node, index, parent) => {
      if ((node.type === 'leafDirective' || node.type === 'textDirective' || node.type === 'containerDirective') && node.name === 'include') {
        if (node.type !== 'leafDirective' || !parent || index === undefined || parent.type !== 'root') {
          report(file, node, '`::include` must stand on a line of its own, outside lists and quotes', 'Put `::include{edition=… article=…}` alone on its line, with a blank line before and after');
          return;
        }
        found.push({ node, index, parent: parent as { children: RootContent[] } });
      }
    });
    // Splice from the end so that earlier indexes stay valid.
    for (const { node, index, parent } of found.reverse()) {
      let nodes: RootContent[] = [];
      try {
        if (!options) throw new IncludeError(sayProblem('include-briefing-only'));
        nodes = includedNodes(node, options, parsed);
      } catch (error) {
        if (!(error instanceof IncludeError)) throw error;
        report(file, node, error.message, error.fix);
      }
      parent.children.splice(index, 1, ...nodes);
    }
  };
}

function includedNodes(node: LeafDirective, options: IncludeOptions, cache: Map<string, Root>): RootContent[] {
  const given = Object.fromEntries(Object.entries(node.attributes ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const unknown = Object.keys(given).find((key) => !ATTRIBUTES.includes(key));
  if (unknown) throw new IncludeError(sayProblem('include-attribute', { name: unknown, known: ATTRIBUTES.join(', ') }));
  const editionId = given.edition ?? options.defaultEdition;
  const ids = options.editions.map((e) => e.id);
  if (!editionId) throw new IncludeError(sayProblem('include-edition-missing', { ids: ids.join(', ') }));
  const edition = options.editions.find((e) => e.id === editionId);
  if (!edition) throw new IncludeError(sayProblem('include-edition', { id: editionId, ids: ids.join(', ') }));
  const slugs = edition.articles.map((a) => a.slug);
  if (!given.article) throw new IncludeError(sayProblem('include-article-missing', { slugs: slugs.join(', ') }));
  const article = edition.articles.find((a) => a.slug === given.article);
  if (!article) throw new IncludeError(sayProblem('include-article', { slug: given.article, edition: edition.id, slugs: slugs.join(', '), dir: edition.dir }));
  // The article comes from memory, as the load stage read it: what it was read from is an input of the briefing.
  for (const [kind, path] of [['file', article.file], ['file', join(edition.dir, 'edition.yaml')], ['list', join(edition.dir, 'articles')]] as const) recordKnown(kind, path);
  const heading = given.heading ?? 'true';
  if (heading !== 'true' && heading !== 'false') throw new IncludeError(sayProblem('include-heading', { value: heading }));

  let tree = cache.get(article.file);
  if (!tree) cache.set(article.file, (tree = options.parse(article.text, article.file)));
  const body = (structuredClone(tree) as Root).children.filter((child) => child.type !== 'yaml');
  let nodes: RootContent[];
  if (given.section === undefined) {
    nodes = [...(heading === 'true' ? titleNodes(article) : []), ...body, ...authorNote(article)];
  } else {
    const headings = sectionHeadings(body);
    const start = headings.find((h) => h.id === given.section);
    if (!start) {
      const list = headings.map((h) => `${h.id}（${h.text}）`).join('; ');
      throw new IncludeError(sayProblem('include-section', { section: given.section, slug: article.slug, edition: edition.id, list }));
    }
    const end = body.findIndex((child, i) => i > start.index && child.type === 'heading' && child.depth <= start.depth);
    nodes = body.slice(heading === 'true' ? start.index : start.index + 1, end < 0 ? undefined : end);
  }
  for (const child of nodes) {
    visit(child, (inner) => {
      inner.position = node.position ? structuredClone(node.position) : undefined;
      if (inner.type === 'leafDirective' || inner.type === 'textDirective' || inner.type === 'containerDirective') {
        if (inner.name === 'include') throw new IncludeError(sayProblem('include-nested', { file: article.file }));
        const data = inner.attributes?.data;
        if (DATA_DIRECTIVES.has(inner.name) && typeof data === 'string' && data && !data.includes('/')) inner.attributes = { ...inner.attributes, data: `${edition.id}/${data}` };
      }
      // Its images are the edition's (see transform/images.ts).
      if (inner.type === 'image') inner.data = { ...inner.data, hProperties: { ...inner.data?.hProperties, dataEdition: edition.id } };
    });
  }
  return nodes;
}

/** Headings of an article body with the ids rehype-heading-ids gives them (the same slugger, in the same order). */
export function sectionHeadings(body: RootContent[]): SectionHeading[] {
  const slugger = new GithubSlugger();
  const headings: SectionHeading[] = [];
  body.forEach((child, index) => {
    if (child.type !== 'heading') return;
    const text = toString(child).trim();
    headings.push({ id: slugger.slug(text) || 'h', depth: child.depth, text, index });
  });
  return headings;
}

/** The article's title as a level-1 heading and its subtitle, as the article page shows them. */
function titleNodes(article: Article): RootContent[] {
  const title: Heading = { type: 'heading', depth: 1, children: [{ type: 'text', value: article.title }] };
  if (!article.subtitle) return [title];
  return [title, { type: 'paragraph', children: [{ type: 'text', value: `——${article.subtitle}` }], data: { hProperties: { className: ['subtitle'] } } }];
}

function authorNote(article: Article): RootContent[] {
  const who = article.authorTitle ?? article.author;
  if (!who) return [];
  return [{ type: 'paragraph', children: [{ type: 'text', value: `（作者：${who}）` }], data: { hProperties: { className: ['author-note'] } } }];
}

function report(file: VFile, node: { position?: LeafDirective['position'] }, reason: string, fix: string): void {
  const message = file.message(reason, { place: node.position, ruleId: 'include', source: 'daan' });
  message.fatal = true;
  message.note = fix;
}


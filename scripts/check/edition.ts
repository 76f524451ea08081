/**
 * The check stage: the edition as a whole. Columns exist, slugs are unique, and every character
 * can be drawn by a bundled font. Everything is collected, nothing stops at the first problem.
 */
import type { Root, RootContent } from 'hast';
import type { VFileMessage } from 'vfile-message';
import { problem, type Place } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';
import { describeCharacter, missingCharacters } from '../fonts/coverage.ts';
import { readFile } from 'node:fs/promises';
import type { Article, Edition, Site } from '../load/model.ts';

export function checkColumnsAndSlugs(edition: Edition): VFileMessage[] {
  const problems: VFileMessage[] = [];
  const columns = edition.columns.map((c) => c.name);
  const seen = new Map<string, Article>();
  for (const article of edition.articles) {
    if (!columns.includes(article.column)) {
      problems.push(problem(article.file, article.places.column, ...sayProblem('column', { column: article.column, columns: columns.join('、'), file: edition.file })));
    }
    const first = seen.get(article.slug);
    if (first) {
      problems.push(problem(article.file, article.places.slug ?? article.places.title, ...sayProblem('duplicate-slug', { slug: article.slug, other: first.file })));
    } else {
      seen.set(article.slug, article);
    }
  }
  return problems;
}

/**
 * Every character of the article that no bundled font can draw, at the place in the source it came
 * from: found through the positions of the transformed tree when given (text made from a
 * directive, such as a data table, is named at the directive), else by searching the source (also
 * for a character written as an entity, &#x21A9;). Text the pipeline adds itself (图1, 注释, ①,
 * 返回 …) is drawn by the fonts (test/fonts checks it), so it never shows up here.
 */
export async function checkGlyphs(file: string, source: string, rendered: string, tree?: Root): Promise<VFileMessage[]> {
  const missing = await missingCharacters(rendered);
  return missing.map((char) =>
    problem(file, (tree && placeInTree(tree, source, char)) ?? placeOfText(source, char) ?? placeOfEntity(source, char), ...sayProblem('missing-glyph', { char: describeCharacter(char) })),
  );
}

export function placeOfText(source: string, needle: string): Place | undefined {
  return placeOfIndex(source, source.indexOf(needle));
}

function placeOfIndex(source: string, index: number): Place | undefined {
  if (index < 0) return undefined;
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
}

/** `&#x21a9;`, `&#8617;`: a character written as a character reference. */
function entityPattern(char: string): RegExp {
  const code = char.codePointAt(0)!;
  return new RegExp(`&#(x0*${code.toString(16)}|0*${code});`, 'i');
}

function placeOfEntity(source: string, char: string, from = 0, to = source.length): Place | undefined {
  const match = entityPattern(char).exec(source.slice(from, to));
  return match ? placeOfIndex(source, from + match.index) : undefined;
}

type Positioned = { position?: { start: { line: number; column: number; offset?: number }; end: { offset?: number } } };

/** The first text of the tree holding `char`: its place in its node's source, or the start of the nearest node with a position. */
function placeInTree(tree: Root, source: string, char: string): Place | undefined {
  const walk = (node: Root | RootContent, near: Positioned['position']): Place | undefined | null => {
    const position = (node as Positioned).position ?? near;
    if (node.type === 'text') {
      if (!node.value.includes(char)) return null;
      if (!position) return undefined;
      const { start, end } = position;
      if (start.offset !== undefined && end.offset !== undefined) {
        const index = source.indexOf(char, start.offset);
        if (index >= 0 && index < end.offset) return placeOfIndex(source, index);
        const entity = placeOfEntity(source, char, start.offset, end.offset);
        if (entity) return entity;
      }
      return { line: start.line, column: start.column };
    }
    if (!('children' in node)) return null;
    for (const child of node.children) {
      const found = walk(child, position);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(tree, undefined) ?? undefined;
}

/**
 * Characters of the settings that are printed (the magazine's name, publisher and notice; an
 * edition's columns, editors and cover lines) that no bundled font can draw, at their place in
 * site.yaml or edition.yaml. Comments and field names are not printed, so they are not checked.
 */
export async function checkSettingsGlyphs(site: Site, editions: Edition[]): Promise<VFileMessage[]> {
  const problems: VFileMessage[] = [];
  const printed: [string, string[]][] = [
    [site.file, [site.name, site.masthead, site.coverMasthead, site.publisher, site.address ?? '', site.notice ?? '', ...Object.values(site.publication).map((v) => v ?? '')]],
    ...editions.map((e): [string, string[]] => [e.file, [...e.columns.map((c) => c.name), ...e.editors.flatMap((x) => [x.role, x.name]), ...e.cover.lines]]),
  ];
  for (const [file, values] of printed) {
    const text = await readFile(file, 'utf8').catch(() => '');
    problems.push(...(await checkGlyphs(file, text, values.join('\n'))));
  }
  return problems;
}

/** The printed front matter of an article besides its title (author, position, source, column). */
export function printedFrontMatter(article: Article): string {
  return [article.title, article.subtitle, article.column, article.author, article.authorTitle, article.source].filter(Boolean).join('\n');
}

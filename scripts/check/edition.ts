/**
 * The check stage: the edition as a whole. Columns exist, slugs are unique, and every character
 * can be drawn by a bundled font. Everything is collected, nothing stops at the first problem.
 */
import type { VFileMessage } from 'vfile-message';
import { problem, type Place } from '../report/problems.ts';
import { describeCharacter, missingCharacters } from '../fonts/coverage.ts';
import { readFile } from 'node:fs/promises';
import type { Article, Edition, Site } from '../load/model.ts';

export function checkColumnsAndSlugs(edition: Edition): VFileMessage[] {
  const problems: VFileMessage[] = [];
  const columns = edition.columns.map((c) => c.name);
  const seen = new Map<string, Article>();
  for (const article of edition.articles) {
    if (!columns.includes(article.column)) {
      problems.push(problem(article.file, article.places.column, `Column “${article.column}” is not one of the edition’s columns`, `Use one of: ${columns.join('、')} — or add it to columns: in ${edition.file}`, 'column'));
    }
    const first = seen.get(article.slug);
    if (first) {
      problems.push(problem(article.file, article.places.slug ?? article.places.title, `Slug “${article.slug}” is used by ${first.file} too`, 'Give one of the two articles its own `slug:` in the front matter', 'duplicate-slug'));
    } else {
      seen.set(article.slug, article);
    }
  }
  return problems;
}

/** Every character of the article that no bundled font can draw, at its first place in the source. */
export async function checkGlyphs(file: string, source: string, rendered: string): Promise<VFileMessage[]> {
  const missing = await missingCharacters(rendered);
  return missing.map((char) =>
    problem(file, placeOfText(source, char), `The character ${describeCharacter(char)} has no glyph in the bundled fonts; it would print as a blank`, 'Replace it with a character the fonts have (or with a description), or configure a font that covers it', 'missing-glyph'),
  );
}

export function placeOfText(source: string, needle: string): Place | undefined {
  const index = source.indexOf(needle);
  if (index < 0) return undefined;
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
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

/**
 * The check stage: the edition as a whole. Columns exist, slugs are unique, and every character
 * can be drawn by a bundled font. Everything is collected, nothing stops at the first problem.
 */
import type { VFileMessage } from 'vfile-message';
import { problem, type Place } from '../report/problems.ts';
import { describeCharacter, missingCharacters } from '../fonts/coverage.ts';
import type { Article, Edition } from '../load/model.ts';

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

import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { splitFrontMatter } from './front-matter.ts';
import { nestingProblem } from './nesting.ts';
import { controlCharacterProblem, readContentText } from './read-text.ts';
import { slugFromFile, slugFromTitle } from './slug.ts';
import { fieldPlaces, frontMatterQueries, parseAndValidate } from './yaml.ts';
import { frontMatterSchema, type FrontMatter } from './schemas.ts';
import type { Article } from './model.ts';

export async function loadArticle(file: string): Promise<{ article?: Article; problems: VFileMessage[] }> {
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  const text = read.text;
  const split = splitFrontMatter(text);
  if (!split) {
    return { problems: [problem(file, { line: 1, column: 1 }, ...sayProblem('front-matter'))] };
  }
  const parsed = parseAndValidate(split.yaml, file, frontMatterSchema, split.yamlLineOffset);
  if ('problems' in parsed) return { problems: parsed.problems };
  const body = text.split('\n').slice(split.bodyLine - 1).join('\n');
  if (!body.trim()) {
    return { problems: [problem(file, { line: split.bodyLine, column: 1 }, ...sayProblem('empty-article'))] };
  }
  const unseen = controlCharacterProblem(body, file, split.bodyLine);
  if (unseen) return { problems: [unseen] };
  const tooDeep = nestingProblem(body, file, split.bodyLine);
  if (tooDeep) return { problems: [tooDeep] };
  const places = fieldPlaces(parsed.source);
  return { article: toArticle(parsed.value, { file, text, places, bodyLine: split.bodyLine, queries: frontMatterQueries(parsed.value.queries, parsed.source) }), problems: [] };
}

function toArticle(fm: FrontMatter, where: Pick<Article, 'file' | 'text' | 'places' | 'bodyLine' | 'queries'>): Article {
  return {
    ...where,
    slug: fm.slug ?? (slugFromTitle(fm.title) || slugFromFile(where.file)),
    title: fm.title,
    subtitle: fm.subtitle,
    column: fm.column,
    author: fm.author,
    authorTitle: fm.author_title,
    source: fm.source,
    published: fm.published,
    views: fm.views,
    archivedPrevious: fm.archived_previous,
    archivedNext: fm.archived_next,
    digest: fm.digest,
    order: fm.order,
    cover: fm.cover,
    at: { file: where.file, line: 1, column: 1 },
  };
}

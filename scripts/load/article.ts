import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { splitFrontMatter } from './front-matter.ts';
import { nestingProblem } from './nesting.ts';
import { controlCharacterProblem, readContentText } from './read-text.ts';
import type { FrontMatter } from './schemas.ts';
import type { Article } from './model.ts';

/**
 * An article: its front matter parsed and checked, its body checked. With `previous`, the same
 * file as last loaded without a problem: when only the body changed, its front matter (everything
 * but the text) is taken from it, so that an edited paragraph loads neither the YAML parser, the
 * schemas nor the pinyin of the slug rule.
 */
export async function loadArticle(file: string, previous?: Article): Promise<{ article?: Article; problems: VFileMessage[] }> {
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  const text = read.text;
  const split = splitFrontMatter(text);
  if (!split) {
    return { problems: [problem(file, { line: 1, column: 1 }, ...sayProblem('front-matter'))] };
  }
  const before = previous?.file === file ? splitFrontMatter(previous.text) : undefined;
  const same = before !== undefined && before.yaml === split.yaml && before.bodyLine === split.bodyLine;
  let fromFrontMatter: (() => Article) | undefined;
  if (!same) {
    const [{ fieldPlaces, frontMatterQueries, parseAndValidate }, { frontMatterSchema }] = await Promise.all([import('./yaml.ts'), import('./schemas.ts')]);
    const parsed = parseAndValidate(split.yaml, file, frontMatterSchema, split.yamlLineOffset);
    if ('problems' in parsed) return { problems: parsed.problems };
    const slugRule = parsed.value.slug === undefined ? await import('./slug.ts') : undefined;
    fromFrontMatter = () => toArticle(parsed.value, { file, text, places: fieldPlaces(parsed.source), bodyLine: split.bodyLine, queries: frontMatterQueries(parsed.value.queries, parsed.source) }, slugRule);
  }
  const body = text.split('\n').slice(split.bodyLine - 1).join('\n');
  if (!body.trim()) {
    return { problems: [problem(file, { line: split.bodyLine, column: 1 }, ...sayProblem('empty-article'))] };
  }
  const unseen = controlCharacterProblem(body, file, split.bodyLine);
  if (unseen) return { problems: [unseen] };
  const tooDeep = nestingProblem(body, file, split.bodyLine);
  if (tooDeep) return { problems: [tooDeep] };
  return { article: fromFrontMatter ? fromFrontMatter() : { ...previous!, text }, problems: [] };
}

function toArticle(fm: FrontMatter, where: Pick<Article, 'file' | 'text' | 'places' | 'bodyLine' | 'queries'>, slugRule?: typeof import('./slug.ts')): Article {
  return {
    ...where,
    slug: fm.slug ?? (slugRule!.slugFromTitle(fm.title) || slugRule!.slugFromFile(where.file)),
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

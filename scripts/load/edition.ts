import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { recordListing } from '../core/inputs.ts';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { loadArticle } from './article.ts';
import { readContentText } from './read-text.ts';
import { realFileInside, refuseOutside, refuseReference, type Refusal } from './safe-path.ts';
import type { EditionSettings } from './schemas.ts';
import { toPageSettings } from './site.ts';
import type { Article, Edition, Site } from './model.ts';

export async function loadEdition(dir: string, site: Site): Promise<{ edition?: Edition; problems: VFileMessage[] }> {
  const file = join(dir, 'edition.yaml');
  const refused = await refuseOutside(file, dirname(dir), say('noun-settings-file'));
  if (refused) return { problems: [refused] };
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  // Loaded here, not at the command's start: a build that takes every edition from the cache (load/edition-cache.ts) needs none of them.
  const [{ fieldPlaces, parseAndValidate }, { editionSchema }, { slugFromTitle }, { loadEditionData }] = await Promise.all([import('./yaml.ts'), import('./schemas.ts'), import('./slug.ts'), import('../data/load.ts')]);
  const parsed = parseAndValidate(read.text, file, editionSchema);
  const [articles, data] = await Promise.all([loadArticles(dir), loadEditionData(dir)]);
  if ('problems' in parsed) {
    const [first, ...rest] = parsed.problems;
    const unloaded = problem(first.file ?? file, { line: first.line ?? 1, column: first.column ?? 1 }, say('edition-unloaded', { reason: first.reason, id: basename(dir) }), first.note ?? undefined, first.ruleId ?? undefined);
    return { problems: [unloaded, ...rest, ...articles.problems, ...data.problems] };
  }
  const problems = [...articles.problems, ...data.problems];
  const settings = parsed.value;
  const places = fieldPlaces(parsed.source);
  const id = basename(dir);
  const expected = `${settings.year}-${String(settings.number).padStart(2, '0')}`;
  if (id !== expected) {
    problems.push(problem(file, places.number ?? places.year, ...sayProblem('edition-id', { id, year: settings.year, number: settings.number, expected })));
  }
  const edition: Edition = {
    id,
    dir,
    file,
    year: settings.year,
    number: settings.number,
    serial: settings.serial,
    date: settings.date,
    columns: settings.columns.map((name) => ({ name, slug: slugFromTitle(name) || 'column' })),
    editors: settings.editors,
    cover: { ...settings.cover, image: undefined },
    printDate: settings.print_date,
    copies: settings.copies,
    page: { ...site.page, ...pageOverrides(settings) },
    articles: sortArticles(articles.list, settings.columns),
    datasets: data.datasets,
    places,
  };
  if (settings.cover.image) {
    const image = await coverImage(settings.cover.image, dir);
    if ('refusal' in image) problems.push(problem(file, places.cover, image.refusal.reason, image.refusal.fix, 'cover-image'));
    else edition.cover.image = image;
  }
  return { edition, problems };
}

/** The cover photo: a file inside the edition folder (no URL, no ../, no symlink out of content/). */
async function coverImage(src: string, dir: string): Promise<{ src: string; file: string } | { refusal: Refusal }> {
  const refused = refuseReference(src, say('noun-cover-image'), dir);
  if (refused) return { refusal: refused };
  const found = await realFileInside(join(dir, src), dirname(dir), say('noun-cover-image'));
  return 'refusal' in found ? found : { src, file: join(dir, src) };
}

function pageOverrides(settings: EditionSettings): Partial<Edition['page']> {
  const { body_size, ...rest } = settings.page ?? {};
  return Object.fromEntries(Object.entries({ ...rest, bodySize: body_size }).filter(([, value]) => value !== undefined));
}

async function loadArticles(dir: string): Promise<{ list: Article[]; problems: VFileMessage[] }> {
  const folder = join(dir, 'articles');
  const listed = await readdir(folder).catch((error: NodeJS.ErrnoException) => error);
  recordListing(folder, listed instanceof Error ? undefined : listed);
  if (listed instanceof Error) {
    if (listed.code === 'ENOENT') return { list: [], problems: [] };
    return { list: [], problems: [problem(folder, { line: 1, column: 1 }, ...sayProblem('articles-folder', { folder, code: String(listed.code) }))] };
  }
  const names = listed.filter((name) => name.endsWith('.md')).sort();
  const root = dirname(dir);
  const results = await Promise.all(
    names.map(async (name) => {
      // An article that is a symlink out of content/ (or not a file) is refused, not read.
      const refused = await refuseOutside(join(folder, name), root, say('noun-article'));
      return refused ? { article: undefined, problems: [refused] } : loadArticle(join(folder, name));
    }),
  );
  return {
    list: results.flatMap((r) => (r.article ? [r.article] : [])),
    problems: results.flatMap((r) => r.problems),
  };
}

/** Articles in print order: by column as listed in edition.yaml, then `order`, then file name. */
export function sortArticles(articles: Article[], columns: string[]): Article[] {
  const rank = (a: Article) => {
    const index = columns.indexOf(a.column);
    return index < 0 ? columns.length : index;
  };
  return [...articles].sort((a, b) => rank(a) - rank(b) || a.order - b.order || a.file.localeCompare(b.file));
}

import { access, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { splitFrontMatter } from '../load/front-matter.ts';

/** An article already in the edition: what the importer needs to find it again and to number after it. */
export interface ExistingArticle {
  file: string;
  slug: string;
  title?: string;
  column?: string;
  order: number;
  cover?: boolean;
}

/** The articles of an edition folder, read leniently (a broken file still counts by its name). */
export async function existingArticles(articlesDir: string): Promise<ExistingArticle[]> {
  let names: string[];
  try {
    names = (await readdir(articlesDir)).filter((name) => name.endsWith('.md')).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (name) => describe(join(articlesDir, name), await readFile(join(articlesDir, name), 'utf8'))));
}

function describe(file: string, text: string): ExistingArticle {
  const data = frontMatterData(text);
  const slug = typeof data.slug === 'string' ? data.slug : basename(file, '.md');
  const order = typeof data.order === 'number' ? data.order : 0;
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { file, slug, title: str(data.title), column: str(data.column), order, cover: data.cover === true ? true : undefined };
}

function frontMatterData(text: string): Record<string, unknown> {
  const split = splitFrontMatter(text);
  if (!split) return {};
  try {
    const data: unknown = parse(split.yaml);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}



import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Command } from '../command.ts';
import { UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';
import { editionDirs } from '../../load/index.ts';
import { editionSchema } from '../../load/schemas.ts';
import { editionId, type EditionId } from '../../import/edition.ts';

/** `daan new`'s work (cli/commands/new.ts): loaded only by that command, with the YAML library and the schemas it needs. */
export const newEdition: Pick<Command, 'run'> = {
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UserError(say('new-one-id'));
    const match = /^(\d{4})-(\d{1,2})$/.exec(positionals[0].trim());
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 99) {
      throw new UserError(say('new-not-edition', { given: positionals[0] }));
    }
    const id = editionId(Number(match[1]), Number(match[2]));
    const contentDir = String(values.content);
    if (!existsSync(contentDir)) throw new UserError(say('new-no-content', { dir: contentDir }));
    const dir = join(contentDir, id.id);
    if (existsSync(dir)) {
      throw new UserError(say('new-exists', { dir: shown(dir), settings: shown(join(dir, 'edition.yaml')) }));
    }
    const previous = await latestEdition(contentDir);
    const date = (values.date as string | undefined) ?? lastDayOfMonth(id);
    const settings = { year: id.year, number: id.number, date, columns: previous?.columns ?? ['要闻'], editors: previous?.editors ?? [] };
    const checked = editionSchema.safeParse(settings);
    if (!checked.success) throw new UserError(say('new-invalid', { id: id.id, issues: checked.error.issues.map((i) => `${i.path.join('.') || 'edition'} ${i.message}`).join('; ') }));

    const files = [
      { path: join(dir, 'edition.yaml'), text: editionYaml(id, settings, previous?.id, values.date === undefined) },
      { path: join(dir, 'articles', 'shili-wenzhang.md'), text: exampleArticle(settings.columns[0], date) },
    ];
    await mkdir(join(dir, 'articles'), { recursive: true });
    // 'wx': never replace a file, even one created between the check above and now.
    for (const file of files) await writeFile(file.path, file.text, { flag: 'wx' });
    if (!values.quiet) {
      console.log(files.map((f) => say('new-created', { path: shown(f.path) })).join('\n'));
      console.log(say('new-next', { id: id.id }));
    }
    return 0;
  },
};

interface Previous {
  id: string;
  year: number;
  number: number;
  columns: string[];
  editors: { role: string; name: string }[];
}

/** The newest edition in the content folder whose edition.yaml reads (year, number, columns). */
async function latestEdition(contentDir: string): Promise<Previous | undefined> {
  const found: Previous[] = [];
  for (const dir of await editionDirs(contentDir)) {
    try {
      const value = parse(await readFile(join(dir, 'edition.yaml'), 'utf8')) as Partial<Previous> | null;
      if (value && typeof value.year === 'number' && typeof value.number === 'number' && Array.isArray(value.columns) && value.columns.length) {
        found.push({ id: relative(contentDir, dir), year: value.year, number: value.number, columns: value.columns.map(String), editors: Array.isArray(value.editors) ? value.editors : [] });
      }
    } catch {
      // An edition.yaml that does not parse: `daan check` reports it; it is no model for the new one.
    }
  }
  found.sort((a, b) => b.year - a.year || b.number - a.number);
  return found[0];
}

/** The last day of the month of the number (numbers above 12: of December). */
export function lastDayOfMonth(id: EditionId): string {
  const month = Math.min(id.number, 12);
  const day = new Date(Date.UTC(id.year, month, 0)).getUTCDate();
  return `${id.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function editionYaml(id: EditionId, settings: { date: string; columns: string[]; editors: { role: string; name: string }[] }, from: string | undefined, defaultDate: boolean): string {
  const lines = [
    `# 《大安》${id.year}年第${id.number}期 — every field: docs/settings.md`,
    `year: ${id.year}`,
    `number: ${id.number}`,
    ...(defaultDate ? ['# the last day of the month: correct it to the issue date'] : []),
    `date: ${settings.date}`,
    from ? `# the columns (栏目) of ${from}, in the order they are printed: add, remove, reorder` : '# the columns (栏目), in the order they are printed',
    'columns:',
    ...settings.columns.map((column) => `  - ${stringify(column).trimEnd()}`),
  ];
  if (settings.editors.length) {
    lines.push('editors:', ...settings.editors.map((e) => `  - { role: ${stringify(e.role).trimEnd()}, name: ${stringify(e.name).trimEnd()} }`));
  }
  return `${lines.join('\n')}\n`;
}

function exampleArticle(column: string, date: string): string {
  return `---
# An example: replace it with the first article of the edition. Every field: docs/settings.md
title: 示例文章
subtitle: 新一期的第一篇稿件
column: ${stringify(column).trimEnd()}
author: 编辑部
source: 大安区
published: ${date}
order: 1
cover: true                 # a cover line of the issue
slug: shili-wenzhang        # the web page: shili-wenzhang.html
---

这是一篇示例文章。把它换成本期的第一篇稿件；文件名、标题和栏目都可以改，栏目须是 edition.yaml 中列出的一个。

## 一、小标题

正文按段落书写，段落之间空一行。**（一）加粗的第一句是段首小标题。**后面接着写这一段的正文。
`;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Shared by the import tests: the seed fixtures and how to compare imported articles. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { splitFrontMatter } from '../../scripts/load/front-matter.ts';

export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');
export const seedTxt = join(fixtures, 'seed.txt');
export const seedHtml = join(fixtures, 'seed.html');
export const seedReadings = join(fixtures, 'seed-readings.yaml');

/** The body text the seed must give once the confirmed readings are applied: one paragraph a line. */
export const restoredText = readFileSync(join(fixtures, 'seed-restored.txt'), 'utf8');

export function tempDir(prefix = 'daan-import-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An article file split into its front matter (parsed) and its body. */
export function readArticle(markdown: string): { data: Record<string, unknown>; body: string } {
  const split = splitFrontMatter(markdown);
  if (!split) throw new Error('no front matter');
  return { data: parse(split.yaml) as Record<string, unknown>, body: markdown.split('\n').slice(split.bodyLine - 1).join('\n') };
}

/** Text without Markdown syntax and line breaks: `**（一）健全…。**坚持` and `### （一）健全…。\n\n坚持` read the same. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6} /gm, '')
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\s*\n\s*/g, '');
}

/** EDITORIAL.md's table, row by row, as the seed's lines have it: every one must be flagged, nothing else. */
export const editorialRows: { line: number; text: string }[] = [
  { line: 12, text: '4711340人' },
  { line: 12, text: '20177月' },
  { line: 12, text: '280862人' },
  { line: 12, text: '32112人' },
  { line: 12, text: '31119人' },
  { line: 12, text: '60178人' },
  { line: 12, text: '157453人' }, // 尚有157453人未脱贫
  { line: 12, text: '157453人' }, // 完成市下脱贫任务157453人
  { line: 12, text: '42144人' },
  { line: 12, text: '2570人' },
  { line: 18, text: '4321783人' },
  { line: 18, text: '86295人' },
  { line: 18, text: '3000/亩' },
  { line: 20, text: '25113人' },
  { line: 20, text: '55172人' },
  { line: 20, text: '620人' },
  { line: 20, text: '34人' },
  { line: 20, text: '1758人' },
  { line: 20, text: '45kw' },
  { line: 42, text: '竞赛1' },
];

/** The seed's front matter, as the default edition's article has it. */
export const seedFrontMatter = {
  title: '党建领航 脱贫奔康',
  subtitle: '助力永嘉新农村建设取得新成效',
  column: '脱贫攻坚进行时',
  author: '陈永刚',
  author_title: '永嘉乡党委书记',
  source: '永嘉乡',
  published: '2017-10-09 12:37:38',
  views: 904,
  archived_previous: '紧盯“四个好”目标 坚决打赢脱贫攻坚战',
  archived_next: '脱贫群众巩固提升阶段面临的困境及对策分析',
};

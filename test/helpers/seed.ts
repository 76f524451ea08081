/**
 * The seed article restored independently of content/: the readings of EDITORIAL.md and the
 * full-width punctuation applied to the saved text, so that tests compare the edition with it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.ts';

/** The saved page, kept in the repository (a byte-for-byte copy of shared/seeds/000_72b8bfec9142b5c8.txt). */
export const seedFile = join(repoRoot, 'test/fixtures/import/seed.txt');

/** EDITORIAL.md's table: saved text → reading. */
export const readings: [string, string][] = [
  ['建档立卡贫困户4711340人', '建档立卡贫困户471户1340人'],
  ['截止20177月', '截止2017年7月'],
  ['建档立卡贫困户280862人', '建档立卡贫困户280户862人'],
  ['2014年脱贫32112人', '2014年脱贫32户112人'],
  ['2015年脱贫31119人', '2015年脱贫31户119人'],
  ['2016年脱贫60178人', '2016年脱贫60户178人'],
  ['157453人', '157户453人'],
  ['其中瓦高村42144人', '其中瓦高村42户144人'],
  ['新房村2570人', '新房村25户70人'],
  ['瓦高村现有社员4321783人', '瓦高村现有社员432户1783人'],
  ['其中贫困户86295人', '其中贫困户86户295人'],
  ['预计丰产期可收益3000/亩', '预计丰产期可收益3000元/亩'],
  ['已完成危破房改造25113人', '已完成危破房改造25户113人'],
  ['易地搬迁55172人', '易地搬迁55户172人'],
  ['已完成的危房改造620人', '已完成的危房改造6户20人'],
  ['今年已主体完工的易地搬迁1758人', '今年已主体完工的易地搬迁17户58人'],
  ['《党章》知识竞赛1,', '《党章》知识竞赛1次,'],
  ['各45kw的提灌站', '各45 kW的提灌站'],
  ['“八比对、六清退” 后', '“八比对、六清退”后'],
];

const fullWidth: Record<string, string> = { ',': '，', ':': '：', ';': '；', '(': '（', ')': '）', '?': '？', '!': '！' };

/** ASCII marks become full-width, except between digits (12:37:38, 8:2). */
export function restorePunctuation(text: string): string {
  return text.replace(/[,:;()?!]/g, (mark, offset: number) => {
    const between = /\d/.test(text[offset - 1] ?? '') && /\d/.test(text[offset + 1] ?? '');
    return between && (mark === ':' || mark === ',') ? mark : fullWidth[mark];
  });
}

/** The article's paragraphs (headings included), restored, without the site chrome. */
export function restoredParagraphs(): string[] {
  const lines = readFileSync(seedFile, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('永嘉乡总人口'));
  const end = lines.findIndex((line) => line.startsWith('(作者:'));
  let body = lines.slice(start, end).join('\n');
  for (const [saved, reading] of readings) body = body.split(saved).join(reading);
  return restorePunctuation(body)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Text as a reader sees it: word joiners and soft hyphens gone, white space collapsed. */
export function readable(text: string): string {
  return text.replace(/[\u2060\u00ad]/g, '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
}

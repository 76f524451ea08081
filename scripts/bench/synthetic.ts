/**
 * A synthetic archive for benchmarks: N editions × M articles of Chinese text drawn from the
 * characters of the default edition (weighted by how often they occur there), each edition with a
 * data set that every article shows as a table and quotes in its text. Seeded: the same arguments
 * always write the same files.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SyntheticOptions {
  /** The content folder to write (created). */
  dir: string;
  editions: number;
  articles: number;
  /** The default edition whose characters the text is drawn from. */
  source: string;
  /** The site.yaml to copy. */
  site: string;
  seed?: number;
  /** First year of the archive; twelve editions a year. */
  firstYear?: number;
}

const COLUMNS = ['脱贫攻坚进行时', '党建园地', '基层风采', '经济发展'];

/** mulberry32: a small seeded PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Han characters of the source edition's articles, each as often as it occurs there. */
export function sourceCharacters(editionDir: string): string[] {
  const folder = join(editionDir, 'articles');
  const text = readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => readFileSync(join(folder, name), 'utf8').replace(/^---[\s\S]*?---/, '').replace(/:+\w+\{[^}]*\}/g, ''))
    .join('');
  return [...text].filter((c) => /\p{Script=Han}/u.test(c));
}

export function writeSyntheticArchive(options: SyntheticOptions): { files: number; characters: number } {
  const rand = random(options.seed ?? 20170930);
  const chars = sourceCharacters(options.source);
  const pick = () => chars[Math.floor(rand() * chars.length)];
  const word = (min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, pick).join('');
  const sentence = () => `${word(6, 14)}，${word(8, 20)}${rand() < 0.3 ? `、${word(2, 4)}` : ''}。`;
  const paragraph = () => Array.from({ length: 3 + Math.floor(rand() * 5) }, sentence).join('');
  let files = 0;
  const write = (path: string, text: string) => {
    const target = join(options.dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    files++;
  };
  write('site.yaml', readFileSync(options.site, 'utf8'));
  const firstYear = options.firstYear ?? 2010;
  for (let e = 0; e < options.editions; e++) {
    const year = firstYear + Math.floor(e / 12);
    const number = (e % 12) + 1;
    const id = `${year}-${String(number).padStart(2, '0')}`;
    const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
    write(
      `${id}/edition.yaml`,
      [`year: ${year}`, `number: ${number}`, `date: ${id}-${last}`, 'columns:', ...COLUMNS.map((c) => `  - ${c}`), 'cover:', '  color: "#9e1b1b"', ''].join('\n'),
    );
    const rows = ['wagao', 'xinfang', 'yongjia', 'others'];
    write(
      `${id}/data/stats.yaml`,
      [
        `title: ${word(4, 8)}情况`,
        'columns:',
        '  - { key: item, label: 村 }',
        '  - { key: households, label: 户数, type: integer, unit: 户 }',
        '  - { key: people, label: 人数, type: integer, unit: 人 }',
        'rows:',
        ...rows.map((key) => `  - { key: ${key}, item: ${word(2, 3)}村, households: ${10 + Math.floor(rand() * 300)}, people: ${40 + Math.floor(rand() * 1200)} }`),
        '  - { key: total, item: 合计, sum: all }',
        '',
      ].join('\n'),
    );
    for (let a = 0; a < options.articles; a++) {
      const column = COLUMNS[a % COLUMNS.length];
      const body = [
        paragraph(),
        `${word(4, 8)}:value{data=stats row=${rows[a % rows.length]} col=households,people}，${sentence()}`,
        `## 一、${word(6, 12)}`,
        paragraph(),
        '::table{data=stats}',
        `**（一）${word(4, 8)}。**${paragraph()}`,
        paragraph(),
        `## 二、${word(6, 12)}`,
        paragraph(),
        paragraph(),
      ];
      write(
        `${id}/articles/a${String(a + 1).padStart(2, '0')}.md`,
        [
          '---',
          `title: ${word(4, 10)}`,
          `column: ${column}`,
          `author: ${word(2, 3)}`,
          `source: ${word(2, 3)}乡`,
          `published: ${id}-${String(1 + (a % 28)).padStart(2, '0')} 09:00:00`,
          `order: ${a + 1}`,
          ...(a === 0 ? ['cover: true'] : []),
          `slug: a${String(a + 1).padStart(2, '0')}`,
          '---',
          '',
          body.join('\n\n'),
          '',
        ].join('\n'),
      );
    }
  }
  return { files, characters: new Set(chars).size };
}

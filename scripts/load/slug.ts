import { basename } from 'node:path';
import { pinyin } from 'pinyin-pro';

const MAX_SLUG = 48;

/**
 * The one slug rule: an article's file name and URL (and a column's) from its title, in pinyin
 * words: 党建领航 脱贫奔康 → dangjian-linghang-tuopin-benkang. There is no word segmentation at
 * hand, so syllables are paired (most Chinese words have two characters); an odd one joins the
 * word before it. Empty when the title has no letter, digit or Han character.
 *
 * Changing this rule changes URLs: the build then writes a redirect from each old URL it
 * published (see emit/redirects.ts).
 */
export function slugFromTitle(title: string): string {
  const words = title
    .split(/[^\p{Script=Han}A-Za-z0-9]+/u)
    .filter(Boolean)
    .flatMap(phraseWords);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG && slug) break;
    slug = next;
  }
  return slug;
}

/** The slug of a file's name, for a title that gives none. */
export function slugFromFile(file: string): string {
  return basename(file, '.md').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The rule the loader followed before the one rule (one word per syllable: dang-jian-ling-hang).
 * Only to find the URLs an archive built then published, when its manifest does not name them.
 */
export function slugBeforeWords(title: string, file: string): string {
  const words = pinyin(title, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('-')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words || basename(file, '.md').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function phraseWords(phrase: string): string[] {
  const syllables = pinyin(phrase, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  const words: string[] = [];
  for (let i = 0; i < syllables.length; i += 2) {
    const pair = syllables.slice(i, i + 2).join('');
    if (syllables.length - i === 1 && words.length) words[words.length - 1] += pair;
    else words.push(pair);
  }
  return words;
}

import { pinyin } from 'pinyin-pro';

const MAX_SLUG = 48;

/**
 * The file name of an article from its title, in pinyin: 党建领航 脱贫奔康 →
 * dangjian-linghang-tuopin-benkang. There is no word segmentation at hand, so syllables are
 * paired (most Chinese words have two characters); an odd one joins the word before it.
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
  return slug || 'article';
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

/** The copy of a page given to Pagefind: Chinese punctuation where Pagefind would put ". ", Han words separated for its index. */
import { describe, expect, it } from 'vitest';
import { indexedPage, punctuateBlocks } from '../../scripts/emit/search.ts';

describe('the page text the search index keeps', () => {
  it('ends unpunctuated blocks with Chinese punctuation, and leaves punctuated ones alone', () => {
    const html = '<p class="kicker">脱贫攻坚进行时</p>\n<h1 class="title">党建领航 脱贫奔康</h1>\n<p>正文。</p><p><strong>强调</strong>\n</p><p>Yes!</p><p>“引号”</p><p>x<img src="a.png"></p>';
    expect(punctuateBlocks(html)).toBe('<p class="kicker">脱贫攻坚进行时。</p>\n<h1 class="title">党建领航 脱贫奔康。</h1>\n<p>正文。</p><p><strong>强调</strong>。\n</p><p>Yes!</p><p>“引号”</p><p>x<img src="a.png"></p>');
  });

  it('separates table cells with "，"', () => {
    expect(punctuateBlocks('<table><tr><th>项目</th><td>—</td><td class="num">280</td></tr></table>')).toBe('<table><tr><th>项目，</th><td>—</td><td class="num">280，</td></tr></table>');
  });

  it('separates Han words with U+200B in text only, never in tags or attributes', () => {
    const indexed = indexedPage('<p title="易地扶贫搬迁">易地扶贫搬迁</p>');
    expect(indexed).toMatch(/^<p title="易地扶贫搬迁">易.*\u200b.*迁。<\/p>$/);
    expect(indexed.replace(/\u200b/g, '')).toBe('<p title="易地扶贫搬迁">易地扶贫搬迁。</p>');
  });
});

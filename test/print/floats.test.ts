/** Floats as the print document writes them (print/floats.ts): marks, moves, split paragraphs. */
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { placeFloats, placeFloatsOf } from '../../scripts/print/floats.ts';

const body = [
  '<p>第一段文字。</p>',
  '<figure class="figure"><img src="images/a.jpg" alt="甲"><figcaption>图1　甲</figcaption></figure>',
  '<p>第二段<strong>加粗</strong>文字，后面还有。</p>',
  '<p>第三段。</p>',
  '<figure class="data-chart"><svg></svg><figcaption>图2　乙</figcaption></figure>',
  '<p>第四段。</p>',
].join('\n');

function blocks(html: string): Element[] {
  return (fromHtml(html, { fragment: true }) as Root).children.filter((n): n is Element => n.type === 'element');
}
const texts = (html: string) => blocks(html).map((b) => (b.tagName === 'figure' ? `[${toString(b).slice(0, 2)}]` : b.tagName === 'div' ? '|' : toString(b)));

describe('placeFloats', () => {
  it('leaves a body without figures or tables as it is', () => {
    expect(placeFloats('<p>只有文字。</p>', 'art-a', {}, 38)).toBe('<p>只有文字。</p>');
  });

  it('puts a mark before and after each float and before each character of the text that follows it, with links for every mark', () => {
    const html = placeFloats(body, 'art-a', {}, 38);
    expect(texts(html).filter((t) => t !== '')).toEqual(['第一段文字。', '|', '[图1]', '第二段加粗文字，后面还有。', '第三段。', '|', '[图2]', '第四段。']);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(links)).toEqual(new Set(ids));
    // 第二段加粗文字，后面还有。 has 13 characters, every third marked; the first paragraph none.
    expect(ids.filter((id) => id.startsWith('art-a-c2-'))).toEqual(['art-a-c2-0', 'art-a-c2-3', 'art-a-c2-6', 'art-a-c2-9', 'art-a-c2-12']);
    expect(ids.some((id) => id.startsWith('art-a-c0-'))).toBe(false);
    expect(ids).toContain('art-a-float1a');
    expect(ids).toContain('art-a-float4s');
  });

  it('for the final print: the same body, character marks and all (the lines break as in the drafts), with links only to the marks of the floats', () => {
    const moves = { 1: { block: 2, offset: 4 } };
    const marked = placeFloats(body, 'art-a', moves, 38);
    const final = placeFloats(body, 'art-a', moves, 38, undefined, true);
    const withoutLinks = (html: string) => html.replace(/<p hidden class="float-marks">.*<\/p>$/s, '');
    expect(withoutLinks(final)).toBe(withoutLinks(marked));
    expect(final).toMatch(/char-mark/);
    const links = [...final.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(links.sort()).toEqual(['art-a-float1a', 'art-a-float1s', 'art-a-float4a', 'art-a-float4s']);
  });

  it('never starts the continued part with a mark no line may start with (禁则): the cut moves back to the character before it', () => {
    // 第二段加粗文字，后面还有。: character 7 is the comma; a line found to start there starts at 字.
    const html = placeFloats(body, 'art-a', { 1: { block: 2, offset: 7 } }, 38);
    expect(texts(html).filter((t) => t !== '' && t !== '|')).toEqual(['第一段文字。', '第二段加粗文', '[图1]', '字，后面还有。', '第三段。', '[图2]', '第四段。']);
    // Two floats found at the same comma go together before 字, not one each side of it.
    const both = placeFloats(body, 'art-a', { 1: { block: 2, offset: 7 }, 4: { block: 2, offset: 7 } }, 38);
    expect(texts(both).filter((t) => t !== '' && t !== '|')).toEqual(['第一段文字。', '第二段加粗文', '[图1]', '[图2]', '字，后面还有。', '第三段。', '第四段。']);
  });

  it('moves a float into the paragraph it should start in, splitting it there, the figures in their order', () => {
    const html = placeFloats(body, 'art-a', { 1: { block: 2, offset: 4 } }, 38);
    expect(texts(html).filter((t) => t !== '' && t !== '|')).toEqual(['第一段文字。', '第二段加', '[图1]', '粗文字，后面还有。', '第三段。', '[图2]', '第四段。']);
    const [before, after] = blocks(html).filter((b) => b.tagName === 'p' && /第二段|粗文字/.test(toString(b)));
    expect(before.properties.className).toContain('split-before');
    expect(after.properties.className).toContain('continued');
    // The bold words are cut in two, each half still bold.
    expect(html).toMatch(/<strong>.*加.*<\/strong>/);
    expect(html).toMatch(/class="continued"><strong>.*粗.*<\/strong>/);
  });

  it('puts a float after a whole block, or before one, as placed', () => {
    const after = placeFloats(body, 'art-a', { 1: { block: 3, offset: Number.MAX_SAFE_INTEGER } }, 38);
    expect(texts(after).filter((t) => t !== '' && t !== '|')).toEqual(['第一段文字。', '第二段加粗文字，后面还有。', '第三段。', '[图1]', '[图2]', '第四段。']);
    const before = placeFloats(body, 'art-a', { 1: { block: 3, offset: 0 } }, 38);
    expect(texts(before).filter((t) => t !== '' && t !== '|')).toEqual(['第一段文字。', '第二段加粗文字，后面还有。', '[图1]', '第三段。', '[图2]', '第四段。']);
  });

  it('lets a table taller than half a page split across pages instead of moving', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `<tr><td>${i}</td></tr>`).join('');
    const html = placeFloats(`<p>文字。</p><figure class="data-table"><table><tbody>${rows}</tbody></table></figure><p>后文。</p>`, 'art-a', {}, 38);
    expect(html).toMatch(/<figure class="data-table float-split">/);
    expect(html).not.toContain('float1a');
  });
});

describe('placeFloatsOf', () => {
  it('prepares an article body once for all its layouts, and gives it unmarked for the fonts and the layout key', () => {
    const owner = {};
    const prepared: string[] = [];
    const prepare = (html: string) => {
      prepared.push(html);
      return html.replaceAll('段', '節');
    };
    const unmarked = placeFloatsOf(owner, body, prepare, 'art-a', 'unmarked', 38);
    expect(unmarked).toBe(body.replaceAll('段', '節'));
    expect(unmarked).not.toContain('float-mark');
    const first = placeFloatsOf(owner, body, prepare, 'art-a', undefined, 38);
    expect(first).toBe(placeFloats(body.replaceAll('段', '節'), 'art-a', {}, 38));
    const moved = placeFloatsOf(owner, body, prepare, 'art-a', { 1: { block: 2, offset: 4 } }, 38);
    expect(moved).toBe(placeFloats(body.replaceAll('段', '節'), 'art-a', { 1: { block: 2, offset: 4 } }, 38));
    // The characters are the same with or without marks: the fonts subset from the unmarked body cover the printed one.
    const characters = (html: string) => new Set(toString(fromHtml(html, { fragment: true })).replace(/\s/g, ''));
    expect(characters(moved)).toEqual(characters(unmarked));
    expect(placeFloatsOf(owner, body, prepare, 'art-a', 'unmarked', 38)).toBe(unmarked);
    expect(prepared).toHaveLength(1);
    // Another body (the article was edited) is prepared again.
    placeFloatsOf(owner, `${body}<p>加一段。</p>`, prepare, 'art-a', 'unmarked', 38);
    expect(prepared).toHaveLength(2);
  });
});


/**
 * The copy of a page given to Pagefind (see search.ts): its text punctuated for excerpts and its
 * Han words separated by U+200B. Plain JavaScript, so that the build's thread and the thread that
 * makes the copies (search-words-worker.mjs) run this one module.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Han runs cut into words separated by U+200B; everything else as it is. */
export function segmentHan(text) {
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    let out = '';
    for (const { segment } of segmenter.segment(run)) out += out ? `\u200b${segment}` : segment;
    return out;
  });
}

/**
 * The last character of a block (skipping white space and the end tags of inline elements)
 * and the block's end tag.
 */
const BLOCK_END = /([^\s>])((?:\s*<\/(?:a|abbr|b|bdi|bdo|cite|dfn|em|i|mark|q|s|small|span|strong|sub|sup|time|u)>)*)(\s*<\/(p|h[1-6]|li|dt|dd|td|th|caption|figcaption|blockquote)>)/g;

/** What Pagefind takes as a block's closing punctuation: any but ASCII, and ASCII . ! ? */
const CLOSED = /[.!?]|(?![\x00-\x7f])\p{P}/u;

/** Blocks that end without punctuation end with Chinese punctuation: "，" after a cell, else "。". */
export function punctuateBlocks(html) {
  return html.replace(BLOCK_END, (whole, last, inline, end, tag) =>
    CLOSED.test(last) ? whole : `${last}${inline}${tag === 'td' || tag === 'th' ? '，' : '。'}${end}`,
  );
}

/**
 * Pagefind titles a page with its first h1, which punctuateBlocks() would end with "。": a page
 * that names no title of its own gets that h1's text as it stands, in a meta element.
 */
function keepTitle(html) {
  if (/data-pagefind-meta="title/.test(html)) return html;
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  const title = h1?.[1].replace(/<[^>]*>/g, '').trim().replace(/"/g, '&quot;');
  return title ? html.replace(/<head>/, `<head><meta data-pagefind-meta="title[content]" content="${title}">`) : html;
}

/** The text of the page's elements punctuated and segmented; tags, attributes and scripts untouched. */
export function indexedPage(html) {
  return punctuateBlocks(keepTitle(html)).replace(/>([^<]+)</g, (_, text) => `>${segmentHan(text)}<`);
}

/** The indexed copy of a page, or undefined when it has nothing to index (no element marked data-pagefind-body). */
export function indexedCopyOf(html) {
  return html.includes('data-pagefind-body') ? indexedPage(html) : undefined;
}

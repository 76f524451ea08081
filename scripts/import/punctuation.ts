/**
 * The saved pages went through NFKC: ，：；（）？！ came out as , : ; ( ) ? !. These functions
 * put the full-width marks back in Chinese context and leave numbers, times and ratios alone.
 */

const ideograph = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** CJK symbols (、。《》…), full-width forms (，：；…) and the marks Chinese text shares with Latin (“”‘’…—·). */
const chineseMark = /[\u3000-\u303f\uff00-\uffef“”‘’…—·]/;
const space = /[ \t\u00a0\u3000]/;
const digit = /[0-9]/;

const fullWidth: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！', '(': '（', ')': '）' };

export function isChinese(char: string | undefined): boolean {
  return !!char && (ideograph.test(char) || chineseMark.test(char));
}

/** Restores full-width punctuation; the result has the same length, so positions still hold. */
export function restorePunctuation(text: string): string {
  const chars = [...text];
  if (chars.length !== text.length) return restoreAstral(text);
  const pairs = parenthesisPairs(chars);
  return chars.map((char, i) => (shouldWiden(chars, i, pairs) ? fullWidth[char] : char)).join('');
}

/** Text with characters outside the BMP: restore between them, piece by piece, keeping UTF-16 length. */
function restoreAstral(text: string): string {
  return text.replace(/[^\ud800-\udfff]+/g, (piece) => restorePunctuation(piece));
}

function shouldWiden(chars: string[], i: number, pairs: Map<number, number>): boolean {
  const char = chars[i];
  if (!(char in fullWidth)) return false;
  const before = neighbour(chars, i, -1);
  const after = neighbour(chars, i, +1);
  if (char === '(' || char === ')') return widenParenthesis(chars, i, pairs, before, after);
  if ((char === ',' || char === ':') && digit.test(chars[i - 1] ?? '') && digit.test(chars[i + 1] ?? '')) return false;
  return isChinese(before) || isChinese(after);
}

/** A pair is widened together: when it encloses Chinese, or stands next to Chinese. */
function widenParenthesis(chars: string[], i: number, pairs: Map<number, number>, before?: string, after?: string): boolean {
  const other = pairs.get(i);
  if (other === undefined) return isChinese(before) || isChinese(after);
  const [open, close] = i < other ? [i, other] : [other, i];
  const inside = chars.slice(open + 1, close);
  return inside.some((c) => isChinese(c)) || isChinese(neighbour(chars, open, -1)) || isChinese(neighbour(chars, close, +1));
}

function parenthesisPairs(chars: string[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  chars.forEach((char, i) => {
    if (char === '(') open.push(i);
    if (char !== ')' || !open.length) return;
    const start = open.pop()!;
    pairs.set(start, i).set(i, start);
  });
  return pairs;
}

/** The nearest character that is not a space, looking left (-1) or right (+1). */
function neighbour(chars: string[], i: number, step: -1 | 1): string | undefined {
  for (let k = i + step; k >= 0 && k < chars.length; k += step) if (!space.test(chars[k])) return chars[k];
  return undefined;
}

/**
 * Removes stray spaces inside Chinese text: between two ideographs, or next to a Chinese mark
 * (“八比对、六清退” 后 → “八比对、六清退”后). Spaces next to Latin letters and digits stay,
 * as single spaces; the line is trimmed.
 */
export function tidySpaces(text: string): string {
  return text
    .replace(/[ \t\u00a0\u3000]+/g, (run, offset: number, whole: string) => {
      const before = whole[offset - 1];
      const after = whole[offset + run.length];
      if (before === undefined || after === undefined) return '';
      return isStraySpace(before, after) ? '' : ' ';
    });
}

/** A space between these two characters is not wanted: two ideographs, or a Chinese mark on either side. */
export function isStraySpace(before: string, after: string): boolean {
  return (ideograph.test(before) && ideograph.test(after)) || chineseMark.test(before) || chineseMark.test(after);
}

/** A title keeps its word spaces (党建领航  脱贫奔康 → 党建领航 脱贫奔康), collapsed to one. */
export function tidyTitle(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/**
 * A small lexer for PDF content streams (latin1 text): it calls `operator` for every operator
 * with the numbers and names just before it and the offsets of the first operand and the
 * operator's end. Strings, hex strings, arrays, dictionaries, comments and inline image data are
 * skipped over, so a string that holds "rg" is never taken for an operator.
 */
export interface Operand {
  start: number;
  /** A number, or a name (without its slash). */
  value: number | string;
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].map((c) => String.fromCharCode(c)));
const DELIMITER = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export function scanContent(text: string, operator: (name: string, operands: Operand[], end: number) => void): void {
  let operands: Operand[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (WHITE.has(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '%') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '(') {
      let depth = 0;
      for (; i < n; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      i++;
      operands.push({ start, value: NaN });
    } else if (c === '<' && text[i + 1] !== '<') {
      i = text.indexOf('>', i) + 1 || n;
      operands.push({ start, value: NaN });
    } else if (c === '/') {
      i++;
      while (i < n && !WHITE.has(text[i]) && !DELIMITER.has(text[i])) i++;
      operands.push({ start, value: text.slice(start + 1, i) });
    } else if (DELIMITER.has(c)) {
      // << >> [ ] { }: the operands of TJ, BDC … are not needed.
      i += (c === '<' || c === '>') && text[i + 1] === c ? 2 : 1;
      operands.push({ start, value: NaN });
    } else {
      while (i < n && !WHITE.has(text[i]) && !DELIMITER.has(text[i])) i++;
      const token = text.slice(start, i);
      if (NUMBER.test(token)) {
        operands.push({ start, value: Number(token) });
        continue;
      }
      operator(token, operands, i);
      if (token === 'ID') {
        // Inline image data: binary up to white space, EI, white space.
        const end = /\sEI(?=\s|$)/g;
        end.lastIndex = i + 1;
        const match = end.exec(text);
        i = match ? match.index + match[0].length : n;
      }
      operands = [];
    }
  }
}

/** The last `count` operands when they are all numbers, else undefined. */
export function numbers(operands: Operand[], count: number): number[] | undefined {
  const last = operands.slice(-count);
  return last.length === count && last.every((o) => typeof o.value === 'number' && !Number.isNaN(o.value)) ? (last.map((o) => o.value) as number[]) : undefined;
}

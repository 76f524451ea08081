import iconv from 'iconv-lite';

export type EncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'GBK' | 'GB18030';

export interface Decoded {
  text: string;
  encoding: EncodingName;
  /** Why this encoding was chosen, for the report. */
  why: string;
}

/**
 * Detects the encoding of a saved page and decodes it. Old Chinese sites served GB2312/GBK;
 * GB18030 decodes both. `declared` is the charset an HTML page names in its <meta>, if any.
 */
export function decodePage(bytes: Uint8Array, declared?: string): Decoded {
  const bom = fromByteOrderMark(bytes);
  if (bom) return bom;
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) {
    const note = declared && !/^utf-?8$/i.test(declared) ? `; the page declares ${declared}, but its bytes are UTF-8` : '';
    return { text: utf8, encoding: 'UTF-8', why: `valid UTF-8${note}` };
  }
  const encoding = hasFourByteSequences(bytes) ? 'GB18030' : 'GBK';
  const said = declared ? `the page declares ${declared}` : 'no charset declared';
  return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding, why: `not valid UTF-8; ${said}; decoded as GB18030, which covers GB2312 and GBK` };
}

function fromByteOrderMark(bytes: Uint8Array): Decoded | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: decodeUtf8(bytes.subarray(3)), encoding: 'UTF-8', why: 'UTF-8 byte order mark' };
  if (a === 0xff && b === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE', why: 'UTF-16 byte order mark' };
  if (a === 0xfe && b === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE', why: 'UTF-16 byte order mark' };
  return undefined;
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** GB18030's four-byte sequences (lead byte, then a digit byte) are what GBK lacks. */
function hasFourByteSequences(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i];
    if (lead < 0x81 || lead > 0xfe) continue;
    const next = bytes[i + 1] ?? 0;
    if (next >= 0x30 && next <= 0x39) return true;
    i++;
  }
  return false;
}

/** The charset an HTML page declares in its first bytes (<meta charset> or http-equiv). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

import CFB from 'cfb';
import type { VFileMessage } from 'vfile-message';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { problem } from '../report/problems.ts';
import { sayProblem, type Said } from '../report/messages.ts';

/**
 * The limits a Word submission must keep. A township's article with a dozen photos is a few MB;
 * these leave room for that many times over and refuse what would fill the memory (a zip bomb
 * declares or inflates to far more than it stores). Documented in the README.
 */
export const docxLimits = {
  /** The .docx file itself. */
  fileBytes: 50 * 1024 * 1024,
  /** Every part inflated, added up (the zip's central directory declares each size). */
  totalBytes: 200 * 1024 * 1024,
  /** One part inflated: word/document.xml, or one image. */
  partBytes: 100 * 1024 * 1024,
  /** Parts in the package; Word writes a few dozen. */
  parts: 2000,
  /** Inflated ÷ stored for a part over 1 MB: XML compresses about 10:1, images hardly at all. */
  ratio: 200,
} as const;

/** The parts of a .docx, inflated and checked against the limits; mammoth reads the same bytes. */
export interface DocxPackage {
  bytes: Buffer;
  /** Part name (word/document.xml) → inflated bytes. */
  parts: Map<string, Buffer>;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;

/**
 * Opens a Word submission or says, in words an editor can act on, why it cannot be one: a legacy
 * .doc, an encrypted document, not a zip, too large, a zip bomb, parts missing.
 */
export async function openDocx(file: string, bytes: Buffer): Promise<{ docx?: DocxPackage; problems: VFileMessage[] }> {
  const refuse = (said: Said) => ({ problems: [problem(file, undefined, ...said)] });
  const tooLarge = fileSizeProblem(file, bytes.length);
  if (tooLarge) return { problems: [tooLarge] };
  if (isCompoundFile(bytes)) return refuse(compoundFileRefusal(bytes));
  if (!isZip(bytes)) return refuse(notZipRefusal(bytes));

  let zip: ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    return refuse(sayProblem('docx-zip', { detail: (error as Error).message }));
  }
  try {
    const parts = await readParts(zip, file);
    if ('problems' in parts) return parts;
    const missing = ['[Content_Types].xml', 'word/document.xml'].filter((name) => !parts.map.has(name));
    if (missing.length) {
      return refuse(sayProblem('docx-parts', { missing }));
    }
    return { docx: { bytes, parts: parts.map }, problems: [] };
  } finally {
    zip.close();
  }
}

/** A document over the size limit, refused before it is read. */
export function fileSizeProblem(file: string, size: number): VFileMessage | undefined {
  if (size <= docxLimits.fileBytes) return undefined;
  return problem(file, undefined, ...sayProblem('docx-too-large', { size: mib(size), max: mib(docxLimits.fileBytes) }));
}

function isCompoundFile(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

function isZip(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

/** An OLE compound file is a Word 97–2003 .doc, or a .docx that Word encrypted with a password. */
function compoundFileRefusal(bytes: Buffer): Said {
  let streams: string[] = [];
  try {
    streams = CFB.read(bytes, { type: 'buffer' }).FullPaths.map((path) => path.split('/').filter(Boolean).at(-1) ?? '');
  } catch {
    // An unreadable compound file is refused below like a .doc: the fix is the same.
  }
  if (streams.includes('EncryptedPackage') || streams.includes('EncryptionInfo')) {
    return sayProblem('docx-encrypted', {});
  }
  return sayProblem('docx-legacy', { word: streams.includes('WordDocument') });
}

function notZipRefusal(bytes: Buffer): Said {
  const head = bytes.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  const kind = head.startsWith('{\\rtf') ? 'rtf' : head.startsWith('<') || head.includes('<html') ? 'html' : head.startsWith('%pdf') ? 'pdf' : 'other';
  return sayProblem('docx-not-zip', { kind });
}

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** The entries as the central directory declares them, checked before anything is inflated. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > docxLimits.parts) return resolve(entries);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function readParts(zip: ZipFile, file: string): Promise<{ map: Map<string, Buffer> } | { problems: VFileMessage[] }> {
  const refuse = (said: Said) => ({ problems: [problem(file, undefined, ...said)] });
  let entries: Entry[];
  try {
    entries = await listEntries(zip);
  } catch (error) {
    return refuse(sayProblem('docx-damaged', { detail: (error as Error).message }));
  }
  if (entries.length > docxLimits.parts) return refuse(sayProblem('docx-bomb', { kind: 'parts', parts: docxLimits.parts }));
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > docxLimits.totalBytes) return refuse(sayProblem('docx-bomb', { kind: 'total', size: mib(total), max: mib(docxLimits.totalBytes) }));
  for (const entry of entries) {
    const { fileName, uncompressedSize: size, compressedSize: stored } = entry;
    if (size > docxLimits.partBytes) return refuse(sayProblem('docx-bomb', { kind: 'part', part: fileName, size: mib(size), max: mib(docxLimits.partBytes) }));
    if (size > 1024 * 1024 && size / Math.max(stored, 1) > docxLimits.ratio) {
      return refuse(sayProblem('docx-bomb', { kind: 'ratio', part: fileName, stored, size: mib(size), ratio: Math.round(size / Math.max(stored, 1)) }));
    }
    if (entry.isEncrypted()) return refuse(sayProblem('docx-encrypted', { part: fileName }));
  }
  const map = new Map<string, Buffer>();
  for (const entry of entries.filter((e) => !e.fileName.endsWith('/'))) {
    try {
      map.set(entry.fileName, await inflate(zip, entry));
    } catch (error) {
      // validateEntrySizes: a part that inflates past its declared size stops here, at that size.
      return refuse(sayProblem('docx-damaged', { part: entry.fileName, detail: (error as Error).message }));
    }
  }
  return { map };
}

function inflate(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

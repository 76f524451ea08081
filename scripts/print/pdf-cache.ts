/**
 * Finished PDFs kept in the build cache, by everything they are made from: the final print
 * document, and the key of its layout (layout-cache.ts: every file it may load, the Chromium
 * version, the pipeline's code and packages), and the finishing (metadata, dates, boxes). The same
 * inputs give the same bytes (the rebuild tests hold the build to that), so a document whose
 * final print is known is not printed again: after `rm -rf out`, a `--force` build, a branch
 * switched back, or a change that only the web pages show (a web template, a site setting).
 */
import { createHash } from 'node:crypto';
import { readCached, writeCached } from '../core/cache.ts';
import type { FinishOptions } from './postprocess.ts';

const KIND = 'pdfs';
/**
 * Besides the PDFs this build used (an archive of a hundred editions keeps all of its own), the
 * newest few others: a PDF is some 0.4–5 MB, and the cache should not grow by an archive a build.
 */
const KEEP = 24;

/**
 * The key of the PDF that the final print document `html` prints and `finish` finishes, for a
 * document whose layout is kept under `layout` (that key already stands for the document without
 * marks, every file it may load, the Chromium version, and the pipeline's code and packages).
 */
export function pdfKey(layout: string, html: string, finish: FinishOptions): string {
  return createHash('sha256').update(`daan pdf 1\0${layout}\0${JSON.stringify(finish)}\0${html}`).digest('hex');
}

export async function readPdf(key: string): Promise<Uint8Array | undefined> {
  return readCached(KIND, `${key}.pdf`);
}

export async function writePdf(key: string, pdf: Uint8Array): Promise<void> {
  await writeCached(KIND, `${key}.pdf`, pdf, KEEP);
}

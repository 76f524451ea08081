/**
 * The press copy's last step: Ghostscript writes PDF/X (PDF/X-3:2002 with the Ghostscript 10.0
 * that Debian ships; PDF/X-4 from Ghostscript 10.05, which first writes it), converting what is
 * still RGB to CMYK with the output profile and declaring that profile as the output intent;
 * the text layer of the PDF it read is carried over (print/text-layer.ts). Reproducible: the dates come from the edition (SOURCE_DATE_EPOCH and a DOCINFO pdfmark), the
 * XMP document and instance ids from a hash of the input, the trailer /ID from a hash of the file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { sha256 } from '../build/input-hash.ts';
import { findGhostscript, outputIntent, pdfwrite, type Ghostscript } from '../print/ghostscript.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';

export interface PdfxOptions {
  /** The CMYK profile (an absolute path). */
  icc: string;
  /** OutputConditionIdentifier of the output intent. */
  condition: string;
  title: string;
  date: Date;
}

/** 'X-4' from Ghostscript 10.05 on, else 'X-3'. */
export function pdfxVersion(gsVersion: string): 'X-3' | 'X-4' {
  const [major, minor] = gsVersion.split('.').map(Number);
  return major > 10 || (major === 10 && minor >= 5) ? 'X-4' : 'X-3';
}

/** Ghostscript for the press copy; a UserError naming the fix when it is not installed. */
export async function pressGhostscript(): Promise<Ghostscript> {
  const gs = await findGhostscript();
  if ('missing' in gs) throw new UserError(say('press-needs-gs', { why: gs.missing }));
  return gs;
}

/**
 * The CMYK profile of `press.icc`: a file under content/ (a relative path), or the name of a
 * profile Ghostscript ships (default_cmyk.icc, ps_cmyk.icc) in the folder of its sRGB profile.
 */
export function resolveProfile(icc: string, contentDir: string, gs: Ghostscript): string {
  const shipped = join(dirname(gs.icc), icc);
  if (!icc.includes('/') && existsSync(shipped)) return shipped;
  const path = isAbsolute(icc) ? icc : resolve(contentDir, icc);
  const inside = path.startsWith(resolve(contentDir) + '/');
  if (!inside || !existsSync(path)) {
    throw new UserError(say('press-icc', { icc, content: contentDir, gsDir: dirname(gs.icc) }));
  }
  return path;
}

/** The PostScript that declares the PDF/X version, the fixed dates and the output intent (Ghostscript's PDFX_def.ps, filled in). */
function definitions(options: PdfxOptions, version: 'X-3' | 'X-4'): string {
  const ps = (text: string) => `<${Buffer.from(`\ufeff${text}`, 'utf16le').swap16().toString('hex')}>`;
  const date = `(D:${options.date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
  return `%!
[ /GTS_PDFXVersion (${version === 'X-4' ? 'PDF/X-4' : 'PDF/X-3:2002'})
  /Title ${ps(options.title)}
  /CreationDate ${date}
  /ModDate ${date}
  /Trapped /False
/DOCINFO pdfmark
${outputIntent({ tag: 'PDFX', subtype: 'GTS_PDFX', icc: options.icc, components: 4, condition: ps(options.condition), registry: '(http://www.color.org)' })}`;
}

/** Converts `input` (CMYK where the press decided, RGB elsewhere) to PDF/X at `output`. */
export async function convertToPdfX(gs: Ghostscript, input: string, output: string, options: PdfxOptions, work: string): Promise<{ version: 'X-3' | 'X-4' }> {
  const version = pdfxVersion(gs.version);
  const uuid = uuidOf(await readFile(input));
  const stderr = await pdfwrite(gs, {
    input,
    output,
    prefix: definitions(options, version),
    switches: [
      version === 'X-4' ? '-dPDFX=4' : '-dPDFX',
      '-dPDFSETTINGS=/prepress',
      '-sColorConversionStrategy=CMYK',
      '-sProcessColorModel=DeviceCMYK',
      `-sDocumentUUID=${uuid}`,
      `-sInstanceUUID=${uuid}`,
    ],
    reads: [options.icc],
    date: options.date,
    work,
    failure: (detail) => new UserError(say('press-gs-failed', { output, detail })),
  });
  // Ghostscript falls back to a plain PDF (and says so) when the input breaks a PDF/X rule.
  const fallback = /reverting to normal PDF output|not permitted in PDF\/X|PDF\/X.*(?:cannot|fail)/i.exec(stderr);
  if (fallback) throw new UserError(say('press-not-pdfx', { output, detail: stderr.trim().split('\n').filter(Boolean).join(' ') }));
  return { version };
}

/** A UUID (RFC 4122 layout) from a hash of the input: the same input gives the same XMP ids. */
function uuidOf(bytes: Uint8Array): string {
  const hex = sha256(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Ghostscript, for the two copies it writes: the PDF/A archival copy (print/pdfa.ts) and the
 * PDF/X press copy (press/pdfx.ts). Both are one pdfwrite run: a PostScript prefix that declares
 * the output intent (and, for PDF/X, the document info), then the input PDF.
 *
 * Ghostscript 10.0 garbles the text layer of what it writes (text-layer.ts): the input's is
 * carried over. Reproducible: the dates come from SOURCE_DATE_EPOCH, set to the edition's date,
 * and the file identifier Ghostscript draws at random is replaced by a hash of the file.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { sha256 } from '../build/input-hash.ts';
import { say } from '../report/messages.ts';

const run = promisify(execFile);

/** Where Ghostscript keeps its ICC profiles on Debian/Ubuntu, Fedora, Homebrew. */
const ICC_DIRS = ['/usr/share/color/icc/ghostscript', '/usr/share/ghostscript/iccprofiles', '/usr/local/share/ghostscript/iccprofiles', '/opt/homebrew/share/ghostscript/iccprofiles'];

export interface Ghostscript {
  path: string;
  version: string;
  /** The sRGB ICC profile (PDF/A's output intent); the CMYK profiles Ghostscript ships are next to it. */
  icc: string;
}

/** Ghostscript (`gs`, or $DAAN_GS) and its sRGB profile; a reason when either is missing. */
export async function findGhostscript(env: NodeJS.ProcessEnv = process.env): Promise<Ghostscript | { missing: string }> {
  const path = env.DAAN_GS ?? 'gs';
  let version: string;
  try {
    version = (await run(path, ['--version'], { timeout: 20_000 })).stdout.trim();
  } catch {
    return { missing: say('gs-not-installed') };
  }
  const icc = findSrgbProfile(version);
  if (!icc) return { missing: say('gs-no-icc', { version, dirs: ICC_DIRS.join(', ') }) };
  return { path, version, icc };
}

function findSrgbProfile(version: string): string | undefined {
  const dirs = [...ICC_DIRS, `/usr/share/ghostscript/${version}/iccprofiles`];
  for (const base of ['/usr/share/ghostscript', '/usr/local/share/ghostscript']) {
    if (existsSync(base)) for (const v of readdirSync(base).sort()) dirs.push(join(base, v, 'iccprofiles'));
  }
  for (const dir of dirs) for (const name of ['srgb.icc', 'default_rgb.icc']) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** A PostScript string literal for a path (the prefix opens the profile by name). */
export function postScriptPath(path: string): string {
  return `(${path.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/**
 * The PostScript that declares an output intent with its ICC profile, as Ghostscript's
 * PDFA_def.ps and PDFX_def.ps do. `condition` and `registry` are PostScript strings already.
 */
export function outputIntent(intent: { tag: 'PDFA' | 'PDFX'; subtype: 'GTS_PDFA1' | 'GTS_PDFX'; icc: string; components: 3 | 4; condition: string; registry?: string }): string {
  const { tag } = intent;
  return `/ICCProfile ${postScriptPath(intent.icc)} def
[/_objdef {icc_${tag}} /type /stream /OBJ pdfmark
[{icc_${tag}} << /N ${intent.components} >> /PUT pdfmark
[{icc_${tag}} ICCProfile (r) file /PUT pdfmark
[/_objdef {OutputIntent_${tag}} /type /dict /OBJ pdfmark
[{OutputIntent_${tag}} <<
  /Type /OutputIntent
  /S /${intent.subtype}
  /DestOutputProfile {icc_${tag}}
  /OutputConditionIdentifier ${intent.condition}
  /Info ${intent.condition}
${intent.registry ? `  /RegistryName ${intent.registry}\n` : ''}>> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_${tag}} ] >> /PUT pdfmark
`;
}

export interface PdfwriteRun {
  input: string;
  output: string;
  /** The PostScript prefix (the output intent, document info), written to a file in `work` for the run. */
  prefix: string;
  /** What the run's own switches are (-dPDFA=2, -sColorConversionStrategy=CMYK …). */
  switches: string[];
  /** Files the prefix opens (the ICC profile): -dSAFER reads nothing else. */
  reads: string[];
  /** The PDF's date: CreationDate, ModDate and the XMP dates. */
  date: Date;
  work: string;
  /** The error to throw when Ghostscript fails, from the last lines it wrote. */
  failure: (detail: string) => Error;
}

/** One pdfwrite run; returns what Ghostscript wrote to stderr (its warnings). */
export async function pdfwrite(gs: Ghostscript, job: PdfwriteRun): Promise<string> {
  await mkdir(job.work, { recursive: true });
  const prefix = join(job.work, `prefix-${sha256(Buffer.from(job.output)).slice(0, 12)}.ps`);
  await writeFile(prefix, job.prefix);
  await mkdir(dirname(job.output), { recursive: true });
  const args = ['-q', '-dBATCH', '-dNOPAUSE', '-dSAFER', ...job.reads.map((file) => `--permit-file-read=${file}`), '-sDEVICE=pdfwrite', ...job.switches, `-sOutputFile=${job.output}`, prefix, job.input];
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(job.date.getTime() / 1000)) };
  let stderr: string;
  try {
    ({ stderr } = await run(gs.path, args, { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw job.failure((e.stderr || e.message).trim().split('\n').slice(-3).join(' '));
  } finally {
    await rm(prefix, { force: true });
  }
  const { carryToUnicode } = await import('./text-layer.ts');
  const pdf = await carryToUnicode(await readFile(job.input), await readFile(job.output));
  await writeFile(job.output, fixIdentifier(pdf));
  return stderr;
}

/**
 * Ghostscript writes a random /ID into the trailer (a hash of the clock and the output's path), as
 * a hex string or, when that is shorter, a literal one. Replace it with a hash of the file
 * without it, always as two hex strings of 16 bytes. In a trailer after a cross-reference table
 * the length may change (no offset points past it); elsewhere it is replaced in place, at the same
 * length, when it fits.
 */
export function fixIdentifier(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const trailer = text.lastIndexOf('trailer');
  const at = trailer >= 0 ? text.indexOf('/ID', trailer) : text.lastIndexOf('/ID');
  const end = at < 0 ? undefined : identifierEnd(text, at);
  if (end === undefined) return pdf;
  const withId = (id: string) => text.slice(0, at) + `/ID [<${id}><${id}>]` + text.slice(end);
  const id = sha256(Buffer.from(withId('0'.repeat(32)), 'latin1')).slice(0, 32).toUpperCase();
  const startxref = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(text);
  const afterTable = trailer >= 0 && startxref !== null && text.startsWith('xref', Number(startxref[1])) && Number(startxref[1]) < trailer;
  if (afterTable) return Buffer.from(withId(id), 'latin1');
  const replaced = `/ID [<${id}><${id}>]`;
  if (replaced.length > end - at) return pdf;
  return Buffer.from(text.slice(0, at) + replaced.padEnd(end - at, ' ') + text.slice(end), 'latin1');
}

/** Where the `/ID [string string]` starting at `at` ends, its strings hex or literal; undefined when it is not one. */
function identifierEnd(text: string, at: number): number | undefined {
  let i = at + '/ID'.length;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  skipSpace();
  if (text[i++] !== '[') return undefined;
  for (let strings = 0; ; strings++) {
    skipSpace();
    if (text[i] === ']') return strings === 2 ? i + 1 : undefined;
    if (strings === 2) return undefined;
    if (text[i] === '<') {
      const close = text.indexOf('>', i);
      if (close < 0 || !/^[0-9A-Fa-f\s]*$/.test(text.slice(i + 1, close))) return undefined;
      i = close + 1;
    } else if (text[i] === '(') {
      // A literal string: balanced parentheses, a backslash escapes the next byte.
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      if (i >= text.length) return undefined;
      i++;
    } else return undefined;
  }
}

/**
 * `--pdfa`: an archival copy of each edition's PDF, daan-<id>.pdfa.pdf, converted by Ghostscript
 * to PDF/A-2b with an sRGB output intent. Ghostscript rewrites the whole file: it keeps the pages,
 * the embedded fonts, the links and the bookmarks, but drops the structure tree (tags: headings,
 * paragraphs, tables for screen readers), and the Chinese title, author and subject (PDF/A wants
 * them in XMP, which Ghostscript 10 cannot write for non-Latin text). The print PDF keeps all of
 * it; the PDF/A copy is for archives that require the format.
 *
 * Reproducible: the dates come from SOURCE_DATE_EPOCH, set to the edition's date (as the print
 * PDF's), and the file identifier Ghostscript draws at random is replaced by a hash of the file.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { sha256 } from '../build/input-hash.ts';
import { say } from '../report/messages.ts';

const run = promisify(execFile);

/** Where Ghostscript keeps its sRGB profile on Debian/Ubuntu, Fedora, Homebrew. */
const ICC_DIRS = ['/usr/share/color/icc/ghostscript', '/usr/share/ghostscript/iccprofiles', '/usr/local/share/ghostscript/iccprofiles', '/opt/homebrew/share/ghostscript/iccprofiles'];

export interface Ghostscript {
  path: string;
  version: string;
  /** The sRGB ICC profile for the output intent. */
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

/** The PostScript prefix that declares the output intent (Ghostscript's PDFA_def.ps, filled in). */
function definitions(icc: string): string {
  const path = icc.replace(/[\\()]/g, (c) => `\\${c}`);
  return `%!
/ICCProfile (${path}) def
[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark
[{icc_PDFA} << /N 3 >> /PUT pdfmark
[{icc_PDFA} ICCProfile (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark
[{OutputIntent_PDFA} <<
  /Type /OutputIntent
  /S /GTS_PDFA1
  /DestOutputProfile {icc_PDFA}
  /OutputConditionIdentifier (sRGB IEC61966-2.1)
  /Info (sRGB IEC61966-2.1)
>> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark
`;
}

/** Converts `input` to PDF/A-2b at `output`; `date` is the PDF's date (the edition's). */
export async function convertToPdfA(gs: Ghostscript, input: string, output: string, date: Date, work: string): Promise<void> {
  await mkdir(work, { recursive: true });
  const def = join(work, 'pdfa-def.ps');
  await writeFile(def, definitions(gs.icc));
  await mkdir(dirname(output), { recursive: true });
  const args = [
    '-q',
    '-dPDFA=2',
    '-dBATCH',
    '-dNOPAUSE',
    '-dSAFER',
    `--permit-file-read=${gs.icc}`,
    '-sDEVICE=pdfwrite',
    '-sColorConversionStrategy=RGB',
    '-dPDFACompatibilityPolicy=1',
    `-sOutputFile=${output}`,
    def,
    input,
  ];
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(date.getTime() / 1000)) };
  try {
    await run(gs.path, args, { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`Ghostscript could not convert ${input} to PDF/A: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    await rm(def, { force: true });
  }
  await writeFile(output, fixIdentifier(await readFile(output)));
}

/**
 * Ghostscript writes a random /ID into the trailer. Replace it, in place and at the same length
 * (the cross-reference offsets stay valid), with a hash of the file without it.
 */
export function fixIdentifier(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const at = text.lastIndexOf('/ID');
  const match = at < 0 ? null : /^\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/.exec(text.slice(at));
  if (!match) return pdf;
  const zero = (hex: string) => '0'.repeat(hex.length);
  const without = `/ID [<${zero(match[1])}><${zero(match[2])}>]`;
  const digest = sha256(Buffer.from(text.slice(0, at) + without + text.slice(at + match[0].length), 'latin1')).toUpperCase();
  const id = (length: number) => digest.repeat(Math.ceil(length / digest.length)).slice(0, length);
  const replaced = `/ID [<${id(match[1].length)}><${id(match[2].length)}>]`.padEnd(match[0].length, ' ');
  return Buffer.from(text.slice(0, at) + replaced + text.slice(at + match[0].length), 'latin1');
}

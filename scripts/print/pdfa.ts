/**
 * `--pdfa`: an archival copy of each edition's PDF, daan-<id>.pdfa.pdf, converted by Ghostscript
 * to PDF/A-2b with an sRGB output intent. Ghostscript rewrites the whole file: it keeps the pages,
 * the embedded fonts, the links and the bookmarks, but drops the structure tree (tags: headings,
 * paragraphs, tables for screen readers), and the Chinese title, author and subject (PDF/A wants
 * them in XMP, which Ghostscript 10 cannot write for non-Latin text). The print PDF keeps all of
 * it; the PDF/A copy is for archives that require the format. Reproducible like every
 * Ghostscript copy (print/ghostscript.ts).
 */
import { outputIntent, pdfwrite, type Ghostscript } from './ghostscript.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';

/** The PostScript prefix that declares the output intent (Ghostscript's PDFA_def.ps, filled in). */
function definitions(icc: string): string {
  return `%!\n${outputIntent({ tag: 'PDFA', subtype: 'GTS_PDFA1', icc, components: 3, condition: '(sRGB IEC61966-2.1)' })}`;
}

/** Converts `input` to PDF/A-2b at `output`; `date` is the PDF's date (the edition's). */
export async function convertToPdfA(gs: Ghostscript, input: string, output: string, date: Date, work: string): Promise<void> {
  await pdfwrite(gs, {
    input,
    output,
    prefix: definitions(gs.icc),
    switches: ['-dPDFA=2', '-sColorConversionStrategy=RGB', '-dPDFACompatibilityPolicy=1'],
    reads: [gs.icc],
    date,
    work,
    failure: (detail) => new UserError(say('pdfa-gs-failed', { input, detail })),
  });
}

/**
 * The trailer /ID of a Ghostscript copy (press copy, PDF/A): Ghostscript hashes the clock into it
 * and writes it as a hex string or, when shorter, as a literal one. Regression: a press copy kept
 * Ghostscript's literal /ID now and then, so two builds of the same edition differed by it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixIdentifier } from '../../scripts/print/ghostscript.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { requireTool } from '../helpers/tools.ts';
import { qpdfCheck } from './poppler.ts';

const dir = temporary(mkdtempSync(join(tmpdir(), 'daan-gs-id-')));
afterAll(removeTemporary);

let copies: Buffer[];
beforeAll(async () => {
  requireTool('gs', 'ghostscript');
  requireTool('qpdf', 'qpdf');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([200, 200]).drawText('daan', { x: 20, y: 100, size: 24, font });
  writeFileSync(join(dir, 'in.pdf'), await doc.save());
  // Two runs on the same input, as two builds make them (each writes its own staging folder).
  copies = ['a.pdf', 'b.pdf'].map((name) => {
    // The dates from SOURCE_DATE_EPOCH, as the build runs it: only the /ID is left to differ.
    execFileSync('gs', ['-q', '-dBATCH', '-dNOPAUSE', '-dSAFER', '-sDEVICE=pdfwrite', `-sOutputFile=${join(dir, name)}`, join(dir, 'in.pdf')], { env: { ...process.env, SOURCE_DATE_EPOCH: '1500000000' } });
    return readFileSync(join(dir, name));
  });
});

/** The same file with its trailer /ID written as Ghostscript writes it when a literal string is shorter. */
function withLiteralId(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ID');
  const end = text.indexOf(']', at) + 1;
  const literal = '/ID [(nFQ-%<[\\232\'rC\\017\\227Jx\\306\\)ab) (nFQ-%<[\\232\'rC\\017\\227Jx\\306\\)ab)]';
  return Buffer.from(text.slice(0, at) + literal + text.slice(end), 'latin1');
}

describe('the /ID of a Ghostscript copy', () => {
  it('differs between two Ghostscript runs as written (the reason it is replaced)', () => {
    expect(copies[0].equals(copies[1])).toBe(false);
  });

  it('is the same after two runs, hex or literal as Ghostscript wrote it, and the file stays valid', () => {
    const literal = withLiteralId(copies[0]);
    expect(literal.toString('latin1')).toMatch(/\/ID \[\(/);
    const fixed = [copies[0], copies[1], literal].map((pdf) => Buffer.from(fixIdentifier(pdf)));
    expect(fixed[1].equals(fixed[0])).toBe(true);
    expect(fixed[2].equals(fixed[0])).toBe(true);
    expect(fixed[0].toString('latin1')).toMatch(/\/ID \[<[0-9A-F]{32}><[0-9A-F]{32}>\]/);
    writeFileSync(join(dir, 'fixed.pdf'), fixed[2]);
    const check = qpdfCheck(join(dir, 'fixed.pdf'));
    expect(check.status, check.output).toBe(0);
    expect(check.output).not.toMatch(/WARNING/);
  });
});

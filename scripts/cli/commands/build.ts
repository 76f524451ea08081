import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { build as runBuild } from '../../build/index.ts';
import { UserError } from '../../report/problems.ts';
import { createProgress, verbosityOf } from '../../report/progress.ts';

export const build: Command = {
  name: 'build',
  summary: 'Build every edition in the content folder into the output folder (HTML and PDF).',
  usage: '[--content DIR] [--out DIR] [--no-pdf] [--bleed 3mm] [--marks]',
  options: { 'no-pdf': { type: 'boolean' }, bleed: { type: 'string' }, marks: { type: 'boolean' } },
  help: [
    '--no-pdf        skip printing PDFs (fast HTML-only build)',
    '--bleed SIZE    bleed for the press, e.g. 3mm: full-bleed pages extend past the trim, TrimBox/BleedBox set',
    '--marks         draw crop marks outside the bleed on an enlarged MediaBox',
  ],
  async run({ values }) {
    await runBuild({
      contentDir: String(values.content),
      outDir: String(values.out),
      templatesDir: resolve(import.meta.dirname, '../../../templates'),
      pdf: !values['no-pdf'],
      bleed: values.bleed === undefined ? undefined : parseMillimetres(String(values.bleed)),
      marks: values.marks ? true : undefined,
      progress: createProgress({ verbosity: verbosityOf(values) }),
    });
    return 0;
  },
};

/** "3mm", "3 mm" or "3" → 3; anything else is a usage error. */
export function parseMillimetres(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$/.exec(value);
  if (!match || Number(match[1]) > 10) throw new UserError(`--bleed takes a size in millimetres from 0 to 10, like 3mm (got "${value}")`);
  return Number(match[1]);
}

import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { build as runBuild } from '../../build/index.ts';
import { createProgress, verbosityOf } from '../../report/progress.ts';

export const build: Command = {
  name: 'build',
  summary: 'Build every edition in the content folder into the output folder (HTML and PDF).',
  usage: '[--content DIR] [--out DIR] [--no-pdf]',
  options: { 'no-pdf': { type: 'boolean' } },
  help: ['--no-pdf        skip printing PDFs (fast HTML-only build)'],
  async run({ values }) {
    await runBuild({
      contentDir: String(values.content),
      outDir: String(values.out),
      templatesDir: resolve(import.meta.dirname, '../../../templates'),
      pdf: !values['no-pdf'],
      progress: createProgress({ verbosity: verbosityOf(values) }),
    });
    return 0;
  },
};

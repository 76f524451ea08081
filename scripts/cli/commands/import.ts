import { relative } from 'node:path';
import type { Command } from '../command.ts';
import { formatProblems, UserError } from '../../report/problems.ts';
import { importPages, type ImportResult, type PageResult } from '../../import/run.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import saved pages of the old site (.txt or .html) as article Markdown, and report figures to check.',
  usage: '<file…> [--edition YEAR-NUMBER] [--apply-readings FILE] [--force] [--dry-run]',
  options: {
    edition: { type: 'string' },
    'apply-readings': { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  help: [
    '--edition Y-N           the edition to import into, e.g. 2017-09 (default: the one the breadcrumb names);',
    '                        a page whose breadcrumb names another edition is refused',
    '--apply-readings FILE   apply the readings of figures an editor confirmed (YAML list of',
    '                        { text, reading, line?, note? }); they are recorded in the front matter',
    '--force                 replace an article that is already in the edition',
    '--dry-run               read and check the pages, write nothing',
  ],
  allowPositionals: true,
  async run({ values, positionals }) {
    if (!positionals.length) throw new UserError('name the saved pages to import, e.g. daan import page.txt --edition 2017-09');
    const result = await importPages({
      files: positionals,
      content: String(values.content),
      edition: values.edition as string | undefined,
      force: values.force === true,
      readingsFile: values['apply-readings'] as string | undefined,
      dryRun: values['dry-run'] === true,
    });
    if (!values.quiet) console.log(summary(result, values['dry-run'] === true, values.verbose === true));
    if (result.warnings.length) console.error(formatProblems(result.warnings, { color: process.stderr.isTTY }));
    return 0;
  },
};

function summary(result: ImportResult, dryRun: boolean, verbose: boolean): string {
  const lines = result.pages.flatMap((page) => pageSummary(page, dryRun, verbose));
  lines.push(...result.createdEditions.map((file) => `created ${shown(file)}: a stub; its date is the last day of the month — correct it`));
  const open = result.warnings.filter((w) => w.ruleId?.startsWith('figure-')).length;
  if (open) lines.push(`${open} figure${open === 1 ? '' : 's'} to check (below); figures are never changed without a confirmed reading (--apply-readings).`);
  return lines.join('\n');
}

function pageSummary(result: PageResult, dryRun: boolean, verbose: boolean): string[] {
  const { page, edition } = result;
  const read = page.meta.edition ? `${page.meta.edition.text} → ${edition.id}` : edition.id;
  const verb = dryRun ? 'would write' : result.replaced ? 'replaced' : 'wrote';
  const lines = [
    `${page.file}: ${page.decoded.encoding} (${page.decoded.why}); ${read}, column ${result.frontMatter.column}`,
    `  ${verb} ${shown(result.target)} — ${page.meta.title}`,
  ];
  const applied = result.frontMatter.readings?.length ?? 0;
  if (applied) lines.push(`  applied ${applied} confirmed reading${applied === 1 ? '' : 's'}; ${result.resolved} flagged figure${result.resolved === 1 ? '' : 's'} settled`);
  if (verbose) lines.push(`  ${page.blocks.length} blocks; ${page.findings.length} figures flagged`);
  return lines;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

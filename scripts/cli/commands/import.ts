import { relative } from 'node:path';
import type { Command } from '../command.ts';
import { formatProblems, UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';
import type { ImportResult, PageResult } from '../../import/run.ts';
import type { DocxResult } from '../../import/import-docx.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'help-import',
  usage: '<file…> [--edition YEAR-NUMBER] [--column 栏目] [--data] [--apply-readings FILE] [--force] [--dry-run]',
  options: {
    edition: { type: 'string' },
    column: { type: 'string' },
    data: { type: 'boolean' },
    'apply-readings': { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  help: [['--edition Y-N', 'help-import-edition'], ['--column 栏目', 'help-import-column'], ['--data', 'help-import-data'], ['--apply-readings FILE', 'help-import-apply-readings'], ['--force', 'help-import-force'], ['--dry-run', 'help-import-dry-run']],
  allowPositionals: true,
  async run({ values, positionals }) {
    if (!positionals.length) throw new UserError(say('import-no-files'));
    // Loaded here: the Word reader (mammoth) and the page importer are of no use to the other commands.
    const { importDocx, wordFile } = await import('../../import/import-docx.ts');
    const { importPages } = await import('../../import/run.ts');
    const documents = positionals.filter((file) => wordFile.test(file));
    const pages = positionals.filter((file) => !wordFile.test(file));
    if (documents.length && values.force) throw new UserError(say('import-force-docx'));
    if (documents.length && values['apply-readings']) throw new UserError(say('import-readings-docx'));
    for (const file of documents) {
      if (!values.edition) throw new UserError(say('import-which-edition', { file }));
      const result = await importDocx({
        file,
        content: String(values.content),
        edition: String(values.edition),
        column: values.column as string | undefined,
        data: values.data === true,
        dryRun: values['dry-run'] === true,
      });
      if (!values.quiet) console.log(docxSummary(result, values['dry-run'] === true));
      if (result.warnings.length) console.error(formatProblems(result.warnings, { color: process.stderr.isTTY }));
    }
    if (!pages.length) return 0;
    const result = await importPages({
      files: pages,
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

function docxSummary(result: DocxResult, dryRun: boolean): string {
  const verb = dryRun ? 'would write' : 'wrote';
  const lines = [`${result.file}: ${result.edition.id}, column ${result.frontMatter.column}`];
  for (const written of result.files) lines.push(`  ${verb} ${shown(written.path)} (${written.bytes} bytes) — ${written.what}`);
  const taken = result.meta.taken.map((line) => `${line.role} “${line.text}”`);
  if (taken.length) lines.push(`  front matter from: ${taken.join('; ')}`);
  const left = result.images.filter((image) => !image.path).length;
  if (left) lines.push(`  ${left} picture${left === 1 ? '' : 's'} left out (below): browsers cannot show them`);
  const figures = result.warnings.filter((w) => w.ruleId?.startsWith('figure-')).length;
  const punctuation = result.warnings.filter((w) => w.ruleId === 'punctuation-width').length;
  if (figures || punctuation) lines.push(`  to check in the article (below, with line numbers): ${figures} figure${figures === 1 ? '' : 's'}, ${punctuation} half-width punctuation mark${punctuation === 1 ? '' : 's'}`);
  if (dryRun) lines.push('', result.markdown);
  return lines.join('\n');
}

import type { Command } from '../command.ts';
import { UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';
import { claimOut } from '../../emit/out-folder.ts';
import { readManifest } from '../../emit/manifest.ts';
import { createProgress, verbosityOf } from '../../report/progress.ts';
import { templatesDir } from '../../core/config.ts';

export const brief: Command = {
  name: 'brief',
  summary: 'help-brief',
  usage: '[--content DIR] [--out DIR] [--no-pdf] <id>',
  options: { 'no-pdf': { type: 'boolean' } },
  help: [['--no-pdf', 'help-brief-no-pdf'], ['<id>', 'help-brief-id']],
  allowPositionals: true,
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UserError(say('brief-one-id', { got: positionals.join(' ') }));
    const outDir = String(values.out);
    // Locked before the previous manifest is read, as `daan build` does.
    const claim = await claimOut(outDir);
    try {
      // The build restricted to this briefing's unit, with the options out/ was built with, so that
      // the next `daan build` finds the briefing as it would have built it.
      const previous = (await readManifest(outDir))?.options;
      const pdf = !values['no-pdf'];
      const { build } = await import('../../build/index.ts');
      await build({
        contentDir: String(values.content),
        outDir,
        templatesDir,
        pdf,
        ...(pdf && previous ? { pdfa: previous.pdfa, bleed: previous.bleed, marks: previous.marks, press: previous.press, allowQueries: previous.allowQueries } : {}),
        ...(previous ? { epub: previous.epub, wechat: previous.wechat } : {}),
        onlyBriefing: positionals[0].replace(/\.md$/, ''),
        progress: createProgress({ verbosity: verbosityOf(values) }),
      });
    } finally {
      await claim.release();
    }
    return 0;
  },
};

import type { Command } from '../command.ts';
import { UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';
import { claimOut } from '../../emit/out-folder.ts';
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
    const { buildBriefing } = await import('../../build/briefings.ts');
    // It adds files to out/ and rewrites its manifest: not while a build replaces out/.
    const claim = await claimOut(String(values.out), { lockOnly: true });
    try {
      await buildBriefing({
        contentDir: String(values.content),
        outDir: String(values.out),
        templatesDir: templatesDir,
        id: positionals[0].replace(/\.md$/, ''),
        pdf: !values['no-pdf'],
        progress: createProgress({ verbosity: verbosityOf(values) }),
      });
    } finally {
      await claim.release();
    }
    return 0;
  },
};

import type { Command } from '../command.ts';
import { planBuild } from '../../build/plan.ts';
import { UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';
import { claimOut } from '../../emit/out-folder.ts';
import { createProgress, verbosityOf } from '../../report/progress.ts';
import { templatesDir } from '../../core/config.ts';

export const build: Command = {
  name: 'build',
  summary: 'help-build',
  usage: '[--content DIR] [--out DIR] [--no-pdf] [--force] [--pdfa] [--press] [--allow-queries] [--epub] [--wechat] [--bleed 3mm] [--marks] [--move-aside]',
  options: { 'no-pdf': { type: 'boolean' }, force: { type: 'boolean' }, pdfa: { type: 'boolean' }, press: { type: 'boolean' }, 'no-press': { type: 'boolean' }, 'allow-queries': { type: 'boolean' }, epub: { type: 'boolean' }, wechat: { type: 'boolean' }, bleed: { type: 'string' }, marks: { type: 'boolean' }, 'move-aside': { type: 'boolean' } },
  help: [['--no-pdf', 'help-build-no-pdf'], ['--force', 'help-build-force'], ['--pdfa', 'help-build-pdfa'], ['--press', 'help-build-press'], ['--allow-queries', 'help-build-allow-queries'], ['--epub', 'help-build-epub'], ['--wechat', 'help-build-wechat'], ['--bleed SIZE', 'help-build-bleed'], ['--marks', 'help-build-marks'], ['--move-aside', 'help-build-move-aside']],
  async run({ values }) {
    const options = {
      contentDir: String(values.content),
      outDir: String(values.out),
      templatesDir: templatesDir,
      pdf: !values['no-pdf'],
      pdfa: values.pdfa === true,
      epub: values.epub === true,
      wechat: values.wechat === true,
      force: values.force === true,
      bleed: values.bleed === undefined ? undefined : parseMillimetres(String(values.bleed)),
      marks: values.marks ? true : undefined,
      press: values.press ? true : values['no-press'] ? false : undefined,
      allowQueries: values['allow-queries'] === true,
      progress: createProgress({ verbosity: verbosityOf(values) }),
    };
    if (options.pdfa && !options.pdf) throw new UserError(say('cli-pdfa-no-pdf'));
    if (options.press && !options.pdf) throw new UserError(say('cli-press-no-pdf'));
    // Locked before the plan reads the previous manifest: another build may be replacing it.
    const claim = await claimOut(options.outDir, { moveAside: values['move-aside'] === true });
    try {
      if (claim.movedAside) options.progress.info(say('build-moved-aside', { out: options.outDir, to: claim.movedAside }));
      // The plan is cheap; when nothing changed, the pipeline is not even loaded.
      const plan = await planBuild(options);
      if (plan.upToDate) {
        for (const edition of plan.editions) options.progress.info(say('build-skipped', { id: edition.id }));
        for (const briefing of plan.briefings) options.progress.info(say('build-skipped-briefing', { id: briefing.id }));
        options.progress.done(say('build-up-to-date', { out: options.outDir, n: plan.editions.length }));
        return 0;
      }
      const { build: runBuild } = await import('../../build/index.ts');
      await runBuild({ ...options, plan });
      return 0;
    } finally {
      await claim.release();
    }
  },
};

/** "3mm", "3 mm" or "3" → 3; anything else is a usage error. */
export function parseMillimetres(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$/.exec(value);
  if (!match || Number(match[1]) > 10) throw new UserError(say('cli-bleed', { value }));
  return Number(match[1]);
}

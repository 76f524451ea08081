import type { Command } from '../command.ts';
import { createProgress, verbosityOf } from '../../report/progress.ts';
import { templatesDir } from '../../core/config.ts';

export const check: Command = {
  name: 'check',
  summary: 'Check the content (settings, front matter, data, references, fonts, templates) without writing anything.',
  usage: '[--content DIR]',
  options: {},
  help: [],
  async run({ values }) {
    const progress = createProgress({ verbosity: verbosityOf(values) });
    // Loaded on demand, so that `daan <command>` does not load the whole pipeline for every command.
    const { prepare } = await import('../../build/index.ts');
    let view;
    try {
      ({ view } = await prepare(String(values.content), progress, undefined, templatesDir));
    } catch (error) {
      progress.fail();
      throw error;
    }
    const articles = view.editions.reduce((n, e) => n + e.articles.length, 0);
    progress.done(`ok: ${view.editions.length} edition(s), ${articles} article(s), ${view.briefings?.length ?? 0} briefing(s), no problems`);
    return 0;
  },
};

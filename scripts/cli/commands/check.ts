import type { Command } from '../command.ts';
import { createProgress, verbosityOf } from '../../report/progress.ts';
import { templatesDir } from '../../core/config.ts';
import { formatQueries } from '../../check/queries.ts';
import { formatProblems } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';

export const check: Command = {
  name: 'check',
  summary: 'help-check',
  usage: '[--content DIR]',
  options: {},
  help: [],
  async run({ values }) {
    const progress = createProgress({ verbosity: verbosityOf(values) });
    // Loaded on demand, so that `daan <command>` does not load the whole pipeline for every command.
    const { prepare } = await import('../../build/index.ts');
    let view, queries, content;
    try {
      ({ view, queries, content } = await prepare(String(values.content), progress, undefined, templatesDir));
    } catch (error) {
      progress.fail();
      throw error;
    }
    const articles = view.editions.reduce((n, e) => n + e.articles.length, 0);
    if (queries.length) console.log(formatQueries(queries));
    const { publicationProblems } = await import('../../check/publication.ts');
    const particulars = await publicationProblems(content.site, content.editions, false);
    if (particulars.length) console.log(formatProblems(particulars));
    progress.done(say('check-ok', { editions: view.editions.length, articles, briefings: view.briefings?.length ?? 0, warnings: particulars.length, queries: queries.length }));
    return 0;
  },
};

import type { Command } from '../command.ts';
import { prepare } from '../../build/index.ts';

export const check: Command = {
  name: 'check',
  summary: 'Check the content (settings, front matter, data, references, fonts) without writing anything.',
  usage: '[--content DIR]',
  options: {},
  help: [],
  async run({ values }) {
    const { view } = await prepare(String(values.content));
    if (!values.quiet) {
      const articles = view.editions.reduce((n, e) => n + e.articles.length, 0);
      console.log(`ok: ${view.editions.length} edition(s), ${articles} article(s), no problems`);
    }
    return 0;
  },
};

import type { Command } from '../command.ts';

export const newEdition: Command = {
  name: 'new',
  summary: 'help-new',
  usage: '<year-number> [--date YYYY-MM-DD] [--content DIR]',
  options: { date: { type: 'string' } },
  help: [['--date YYYY-MM-DD', 'help-new-date']],
  allowPositionals: true,
  // The YAML library and the schemas are loaded by this command alone, not by every `daan` at its start.
  run: async (parsed) => (await import('./new-edition.ts')).newEdition.run(parsed),
};

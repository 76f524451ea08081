import type { Command } from '../command.ts';
import { UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';
import { verbosityOf } from '../../report/progress.ts';
import { templatesDir } from '../../core/config.ts';
import { untilInterrupted } from '../../core/cleanup.ts';

export const serve: Command = {
  name: 'serve',
  summary: 'help-serve',
  usage: '[--port N] [--no-pdf] [--content DIR] [--out DIR]',
  options: { port: { type: 'string', default: '8017' }, 'no-pdf': { type: 'boolean' } },
  help: [['--port N', 'help-serve-port'], ['--no-pdf', 'help-serve-no-pdf']],
  async run({ values }) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(say('serve-port', { value: String(values.port) }));
    let server;
    try {
      // Loaded on demand, so that `daan <command>` does not load the whole pipeline for every command.
      const { serve: startServe } = await import('../../serve/index.ts');
      server = await startServe({
        contentDir: String(values.content),
        outDir: String(values.out),
        templatesDir: templatesDir,
        pdf: !values['no-pdf'],
        port,
        verbosity: verbosityOf(values),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(say('serve-port-in-use', { port }), { cause: error });
      throw error;
    }
    // Runs until interrupted; Ctrl+C closes the server, the watcher and the print browser.
    await untilInterrupted();
    await server.close();
    return 0;
  },
};

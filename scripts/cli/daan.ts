/** The `daan` entry point: runs the command line and sets the exit code. */
import { main } from './main.ts';
import { say } from '../report/messages.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(say('cli-internal-error', { stack: String((error as Error)?.stack ?? error) }));
    process.exitCode = 2;
  },
);

/** The `daan` entry point: runs the command line and sets the exit code. */
import { main } from './main.ts';
import { say } from '../report/messages.ts';

let finished = false;
// Node ends a process whose event loop is empty even while a promise is pending: a command that
// waits on something nobody will ever settle (a bug) would otherwise exit 0 with nothing done.
process.on('exit', (code) => {
  if (finished || code !== 0) return;
  console.error(say('cli-unfinished'));
  process.exitCode = 2;
});

main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error) => {
    finished = true;
    console.error(say('cli-internal-error', { stack: String((error as Error)?.stack ?? error) }));
    process.exitCode = 2;
  },
);

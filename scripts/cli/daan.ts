/** The `daan` entry point: runs the command line and sets the exit code. */
import { main } from './main.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`daan: internal error — please report it with the command you ran.\n${(error as Error)?.stack ?? error}`);
    process.exitCode = 2;
  },
);

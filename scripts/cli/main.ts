/**
 * `daan <command>`: finds the command, parses its options, runs it, and turns every failure a
 * user can cause into a report with positions (never a stack trace).
 */
import { commandHelp, parseCommandArgs, sayHelp, type Command } from './command.ts';
import { commands } from './commands/index.ts';
import { BuildFailure, UserError, formatProblems } from '../report/problems.ts';
import { isDiskFull, writeError } from '../emit/staging.ts';
import { say } from '../report/messages.ts';
import { languageOf, setLanguage } from '../report/language.ts';

function mainHelp(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [say('help-main-title'), '', say('help-main-usage'), '', say('help-main-commands'), ...list.map((c) => `  ${c.name.padEnd(width)}  ${sayHelp(c.summary)}`), '', say('help-main-more')].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  // Before anything is said: --lang (anywhere on the line), else the locale.
  const flagAt = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const flag = flagAt < 0 ? undefined : argv[flagAt].startsWith('--lang=') ? argv[flagAt].slice('--lang='.length) : (argv[flagAt + 1] ?? '');
  const language = languageOf(flag);
  if (!language) {
    console.error(say('cli-unknown-lang', { value: flag ?? '' }));
    return 1;
  }
  setLanguage(language);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp(commands));
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(say('cli-unknown-command', { name, commands: commands.map((c) => c.name).join(', ') }));
    return 1;
  }
  let args;
  try {
    args = parseCommandArgs(command, rest);
  } catch (error) {
    console.error(say('cli-bad-option', { name, error: (error as Error).message, help: commandHelp(command) }));
    return 1;
  }
  if (args.values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof BuildFailure) {
      console.error(formatProblems(error.problems, { color: process.stderr.isTTY }));
      return 1;
    }
    if (error instanceof UserError) {
      console.error(say('cli-failed', { name, error: error.message }));
      return 1;
    }
    // A full or read-only disk where no stage expected it: still the user's to fix, not a bug. A build
    // has discarded its staging folder by now, so its previous output is intact.
    if (isDiskFull(error)) {
      console.error(say('cli-failed', { name, error: writeError(error, error.path ?? say('cli-a-file'), { outputKept: name === 'build' }).message }));
      return 1;
    }
    throw error;
  }
}

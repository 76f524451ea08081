import { parseArgs, type ParseArgsConfig } from 'node:util';
import stringWidth from 'string-width';
import { say, type MessageKey } from '../report/messages.ts';

/** One `daan` sub-command: a thin adapter that parses its options and calls one workflow. */
export interface Command {
  name: string;
  /** What the command does, from the message catalogue (shown in the user's language). */
  summary: MessageKey;
  /** Usage line after `daan <name>`, e.g. `[--out DIR] <id>` */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Each option as typed, with the catalogue key of what it does; shown by --help. */
  help: OptionHelp[];
  allowPositionals?: boolean;
  run(args: ParsedArgs): Promise<number>;
}

/** An option as typed (`--out DIR`) and the catalogue key of its description. */
export type OptionHelp = [spelling: string, description: MessageKey];

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Options every command takes. */
export const commonOptions = {
  content: { type: 'string', default: 'content' },
  out: { type: 'string', default: 'out' },
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  lang: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const commonHelp: OptionHelp[] = [
  ['--content DIR', 'help-content'],
  ['--out DIR', 'help-out'],
  ['--quiet, -q', 'help-quiet'],
  ['--verbose', 'help-verbose'],
  ['--lang zh|en', 'help-lang'],
  ['--help, -h', 'help-help'],
];

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...commonOptions, ...command.options },
    allowPositionals: command.allowPositionals ?? false,
    strict: true,
  });
  return { values: values as ParsedArgs['values'], positionals };
}

/** The catalogue's text of a command summary or option (keys without values). */
export function sayHelp(key: MessageKey): string {
  return (say as (key: MessageKey) => string)(key);
}

/** Option lines: the spellings in one column (measured in terminal cells: 栏目 takes four), each description's lines aligned after it. */
function optionLines(options: OptionHelp[]): string[] {
  const width = Math.max(...options.map(([spelling]) => stringWidth(spelling)));
  return options.flatMap(([spelling, key]) =>
    sayHelp(key)
      .split('\n')
      .map((line, i) => {
        const first = i === 0 ? spelling : '';
        return `  ${first}${' '.repeat(width - stringWidth(first))}  ${line}`;
      }),
  );
}

export function commandHelp(command: Command): string {
  return [`daan ${command.name} ${command.usage}`.trimEnd(), '', sayHelp(command.summary), '', say('help-options'), ...optionLines([...command.help, ...commonHelp])].join('\n');
}

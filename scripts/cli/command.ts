import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `daan` sub-command: a thin adapter that parses its options and calls one workflow. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line after `daan <name>`, e.g. `[--out DIR] <id>` */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Lines describing each option, shown by --help. */
  help: string[];
  allowPositionals?: boolean;
  run(args: ParsedArgs): Promise<number>;
}

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

export const commonHelp = [
  '--content DIR   the content folder (default: content)',
  '--out DIR       the output folder (default: out)',
  '--quiet, -q     print only problems',
  '--verbose       print every step',
  '--lang zh|en    the language of messages (default: from LANG/LC_ALL; zh_CN.UTF-8 → Chinese)',
  '--help, -h      show this help',
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

export function commandHelp(command: Command): string {
  return [
    `daan ${command.name} ${command.usage}`.trimEnd(),
    '',
    command.summary,
    '',
    'Options:',
    ...[...command.help, ...commonHelp].map((line) => `  ${line}`),
  ].join('\n');
}

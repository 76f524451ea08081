import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { UserError } from '../../report/problems.ts';
import { say } from '../../report/messages.ts';

export const preflight: Command = {
  name: 'preflight',
  summary: 'help-preflight',
  usage: '[--json] [--reading] [PDF…]',
  options: { json: { type: 'boolean' }, reading: { type: 'boolean' } },
  allowPositionals: true,
  help: [['--json', 'help-preflight-json'], ['--reading', 'help-preflight-reading'], ['PDF…', 'help-preflight-files']],
  async run({ values, positionals }) {
    const { preflight: check, formatFindings } = await import('../../press/preflight.ts');
    const { BRIEFINGS_OUT } = await import('../../build/briefings.ts');
    const files = positionals.length ? positionals : pressCopies(String(values.out));
    if (!files.length) throw new UserError(say('preflight-no-press', { out: String(values.out) }));
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length) throw new UserError(say('preflight-no-file', { files: missing.join(', ') }));
    const results = [];
    // A briefing is printed on single A4 sheets: its page count is not held to a multiple of 4.
    for (const file of files) results.push({ file, findings: await check(file, { press: values.reading !== true, pageMultiple: basename(dirname(resolve(file))) === BRIEFINGS_OUT ? 1 : 4 }) });
    if (values.json) console.log(JSON.stringify(results, null, 2));
    else for (const r of results) console.log(formatFindings(r.file, r.findings));
    return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
  },
};

function pressCopies(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(outDir, entry.name)).filter((name) => name.endsWith('-press.pdf')).map((name) => join(outDir, entry.name, name)))
    .sort();
}

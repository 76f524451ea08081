import type { Command } from '../command.ts';
import type { VerifyReport } from '../../check/verify.ts';
import { lockOwner } from '../../emit/out-folder.ts';
import { UserError } from '../../report/problems.ts';
import { say as text } from '../../report/messages.ts';
import { templatesDir } from '../../core/config.ts';

export const verify: Command = {
  name: 'verify',
  summary: 'help-verify',
  usage: '[--out DIR] [--previous FILE] [--rebuild [--content DIR] [--keep DIR]]',
  options: { rebuild: { type: 'boolean' }, keep: { type: 'string' }, previous: { type: 'string' } },
  help: [['--previous FILE', 'help-verify-previous'], ['--rebuild', 'help-verify-rebuild'], ['--keep DIR', 'help-verify-keep']],
  async run({ values }) {
    const { verifyAgainstManifest, verifyByRebuilding, verifyPublishedUrls } = await import('../../check/verify.ts');
    const outDir = String(values.out);
    const quiet = values.quiet === true;
    const say = (line: string) => !quiet && console.log(line);
    const writer = await lockOwner(outDir);
    if (writer) throw new UserError(text('verify-busy', { out: outDir, command: writer.command, pid: writer.pid }));
    const checked = await verifyAgainstManifest(outDir);
    report(checked, `${outDir}/manifest.json`, say);
    let failed = checked.differences.length > 0;
    if (values.previous !== undefined) {
      const urls = await verifyPublishedUrls(outDir, String(values.previous));
      report(urls, `the addresses of ${values.previous}`, say);
      failed ||= urls.differences.length > 0;
    }
    if (values.rebuild) {
      say(text('verify-rebuilding', { content: String(values.content) }));
      const rebuilt = await verifyByRebuilding({
        contentDir: String(values.content),
        outDir,
        templatesDir: templatesDir,
        keep: values.keep === undefined ? undefined : String(values.keep),
        log: values.verbose ? (line) => say(`  ${line}`) : undefined,
      });
      report(rebuilt, text('verify-against-fresh', { keep: values.keep === undefined ? undefined : String(values.keep) }), say);
      failed ||= rebuilt.differences.length > 0;
    }
    if (failed) console.error(text('verify-mismatch', { out: outDir }));
    return failed ? 1 : 0;
  },
};

function report(result: VerifyReport, against: string, say: (line: string) => void): void {
  const { differences } = result;
  if (differences.length === 0) {
    say(text('verify-ok', { n: result.checked, against }));
    return;
  }
  const width = Math.max(...differences.map((d) => d.kind.length));
  for (const d of differences) console.error(`  ${d.kind.padEnd(width)}  ${d.path}${d.detail ? `  (${d.detail})` : ''}`);
  const counts = (['differs', 'missing', 'extra'] as const).map((kind) => [kind, differences.filter((d) => d.kind === kind).length] as const).filter(([, n]) => n);
  console.error(text('verify-differences', { n: differences.length, against, counts: counts.map(([k, n]) => `${n} ${text('verify-kind', { kind: k })}`).join(', '), checked: result.checked }));
}

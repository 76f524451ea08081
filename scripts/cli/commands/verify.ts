import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../command.ts';
import type { VerifyReport } from '../../check/verify.ts';
import { MANIFEST, readManifest } from '../../emit/manifest.ts';
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
    const { verifyAgainstManifest, verifyPublishedUrls } = await import('../../check/verify.ts');
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
      const keep = values.keep === undefined ? undefined : String(values.keep);
      const rebuilt = await rebuildAndCompare({ contentDir: String(values.content), outDir, keep, log: values.verbose ? (line) => say(`  ${line}`) : undefined });
      report(rebuilt, text('verify-against-fresh', { keep }), say);
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

/**
 * `--rebuild`: the same content built again from scratch, with the options out/ was built with,
 * through the one pipeline (build/index.ts), into `keep` or a temporary folder; then compared
 * byte for byte (check/verify.ts compareTrees).
 */
async function rebuildAndCompare(inputs: { contentDir: string; outDir: string; keep?: string; log?: (line: string) => void }): Promise<VerifyReport> {
  const manifest = await readManifest(inputs.outDir);
  if (!manifest) throw new UserError(text('verify-no-manifest', { manifest: MANIFEST, out: inputs.outDir }));
  const options = manifest.options ?? { pdf: manifest.files.some((f) => f.path.endsWith('.pdf')), pdfa: manifest.files.some((f) => f.path.endsWith('.pdfa.pdf')) };
  const work = inputs.keep ? undefined : await mkdtemp(join(tmpdir(), 'daan-verify-'));
  const target = inputs.keep ?? join(work!, 'out');
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (options.sourceDateEpoch) process.env.SOURCE_DATE_EPOCH = options.sourceDateEpoch;
  else delete process.env.SOURCE_DATE_EPOCH;
  try {
    // The rebuild starts from the addresses out/ published, so that it writes the same redirects (emit/redirects.ts).
    if (!(await readdir(target).catch(() => [])).length) {
      await mkdir(target, { recursive: true });
      await copyFile(join(inputs.outDir, MANIFEST), join(target, MANIFEST));
    }
    const [{ build }, { compareTrees }] = await Promise.all([import('../../build/index.ts'), import('../../check/verify.ts')]);
    const { sourceDateEpoch: _epoch, ...settings } = options;
    // Every PDF printed again, none taken from the build cache: what is verified is that the printing gives the same bytes.
    await build({ ...settings, contentDir: inputs.contentDir, outDir: target, templatesDir, force: true, printAgain: true, log: inputs.log });
    return await compareTrees(inputs.outDir, target);
  } finally {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
    if (work) await rm(work, { recursive: true, force: true });
  }
}

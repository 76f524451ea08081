/**
 * The EPUB of the kitchen-sink edition (every content feature: photos of every size, footnotes,
 * plain and data tables, charts of every type, figures side by side) passes epubcheck too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { daan } from '../helpers/cli.ts';
import { kitchenSinkContent, KITCHEN_SINK_EDITION } from '../helpers/kitchen-sink.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const EPUBCHECK = '/usr/share/java/epubcheck.jar';
let book: string;

beforeAll(async () => {
  const dir = temporary(mkdtempSync(join(tmpdir(), 'daan-ks-epub-')));
  const content = await kitchenSinkContent(join(dir, 'content'));
  const built = daan(['build', '--content', content, '--out', join(dir, 'out'), '--no-pdf', '--epub', '--wechat']);
  if (built.code !== 0) throw new Error(`build failed:\n${built.output}`);
  book = join(dir, 'out', KITCHEN_SINK_EDITION, `daan-${KITCHEN_SINK_EDITION}.epub`);
}, 900_000);
afterAll(removeTemporary);

it('passes epubcheck with no error and no warning', () => {
  if (spawnSync('java', ['-version']).error || !existsSync(EPUBCHECK)) throw new Error(`epubcheck is needed: apt-get install epubcheck (expects java and ${EPUBCHECK})`);
  const result = spawnSync('java', ['-jar', EPUBCHECK, book], { encoding: 'utf8' });
  const said = (result.stdout + result.stderr).split('\n').map((line) => line.slice(0, 300)).join('\n');
  expect(said, said).toMatch(/Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
  expect(result.status, said).toBe(0);
});

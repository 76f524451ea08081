/**
 * Makes test/fixtures/outlets/wechat-reference.png, the screenshot the 公众号 test compares with:
 * the sample article's fragment at phone width, with only the bundled fonts. Run it by hand after
 * an intended change of the fragment's look (`npx tsx test/outlets/make-reference.ts`), look at
 * the picture, and commit it; the tests never write it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daan, repoRoot } from '../helpers/cli.ts';
import { launchWithBundledFonts, screenshot } from './wechat-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'daan-wechat-reference-'));
try {
  const built = daan(['build', '--out', join(dir, 'out'), '--no-pdf', '--wechat']);
  if (built.code !== 0) throw new Error(built.output);
  const { browser, close } = await launchWithBundledFonts();
  try {
    const png = await screenshot(browser, join(dir, 'out/2017-09/wechat/dangjian-linghang-tuopin-benkang.html'));
    const target = join(repoRoot, 'test/fixtures/outlets/wechat-reference.png');
    writeFileSync(target, png);
    console.log(`wrote ${target}`);
  } finally {
    await close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Opens a 公众号 fragment as the editor would see it: in Chromium, with no stylesheet of ours,
 * and only the bundled fonts visible to Chromium (a private fontconfig), so the picture is the
 * same on a machine with or without system CJK fonts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { findChromium, CHROMIUM_FLAGS } from '../../scripts/print/browser.ts';
import { bundledFontconfig } from '../../scripts/outlets/pictures.ts';

export const VIEW = { width: 420, height: 1200 };

export async function launchWithBundledFonts(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const executablePath = await findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'daan-wechat-browser-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: executablePath.includes('headless-shell') ? 'shell' : true,
    args: [...CHROMIUM_FLAGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--font-render-hinting=none', '--hide-scrollbars'],
    userDataDir: profile,
    env: { ...process.env, FONTCONFIG_FILE: bundledFontconfig() },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A screenshot of the top of the fragment page at phone width. */
export async function screenshot(browser: Browser, file: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ ...VIEW, deviceScaleFactor: 1 });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...VIEW } });
  } finally {
    await page.close();
  }
}

/**
 * The print browser's life: closed with its profile removed after use, after an error, and when
 * the process is interrupted (exit 130 / 143); a print whose browser crashes is retried in a fresh
 * one. These tests start browsers of their own on purpose (they kill them).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Target } from 'puppeteer';
import { PrintBrowser, withBrowser } from '../../scripts/print/browser.ts';
import { printPdfTimed } from '../../scripts/print/print-page.ts';
import { finishPdf } from '../../scripts/print/postprocess.ts';
import { fixtureDir, makeFixture, type Fixture } from './fixture.ts';
import { requireChromium } from './poppler.ts';
import { eventually, gone } from '../helpers/processes.ts';

let fixture: Fixture;

beforeAll(async () => {
  requireChromium();
  fixture = await makeFixture();
});

afterAll(async () => {
  await fixture?.remove();
});

describe('the print browser', () => {
  it('is closed and its profile removed after use, also when the work throws', async () => {
    let details: PrintBrowser['details'] | undefined;
    await expect(
      withBrowser(async (browser) => {
        details = browser.details;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(details?.pid).toBeGreaterThan(0);
    expect(await eventually(() => gone(details!.pid!), 5000)).toBe(true);
    expect(existsSync(details!.profile!)).toBe(false);
  });

  it('ends once however often close() is called: every call waits for the same end', async () => {
    const browser = await PrintBrowser.launch();
    const details = browser.details;
    expect(details?.pid).toBeGreaterThan(0);
    const first = browser.close();
    const second = browser.close();
    expect(second).toBe(first);
    await Promise.all([first, second, browser.close()]);
    expect(await eventually(() => gone(details!.pid!), 5000)).toBe(true);
    expect(existsSync(details!.profile!)).toBe(false);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`is closed on ${signal}, and the process exits ${code}`, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(fixtureDir, 'hold-browser.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('exit', (status) => reject(new Error(`hold-browser exited ${status} before launching: ${err}`)));
      });
      const details = JSON.parse(line) as { pid: number; profile: string };
      expect(gone(details.pid)).toBe(false);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(await eventually(() => gone(details.pid), 5000)).toBe(true);
      expect(existsSync(details.profile)).toBe(false);
    });
  }

  it('prints its first document in the tab Chromium opened at launch, later ones in pages of their own', async () => {
    const browser = await PrintBrowser.launch();
    try {
      const chromium = (await browser.current()).browser;
      const created: string[] = [];
      chromium.on('targetcreated', (target: Target) => void (target.type() === 'page' && created.push(target.url())));
      const options = { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'first.pdf' };
      const first = await printPdfTimed(browser, options);
      expect(created).toEqual([]);
      const second = await printPdfTimed(browser, options);
      expect(created).toHaveLength(1);
      // Finished (dates fixed, structure names by rank), the two prints are the same bytes.
      const finish = (pdf: Uint8Array) => finishPdf(pdf, { title: 'first', date: new Date(0), checkFonts: false });
      expect(Buffer.from(await finish(second.pdf)).equals(Buffer.from(await finish(first.pdf)))).toBe(true);
      // Neither page is left open.
      expect(await chromium.pages()).toHaveLength(0);
    } finally {
      await browser.close();
    }
  });

  it('keeps nothing of a print once it is done: no listener left on the browser, its PDF free for the collector', async () => {
    const browser = await PrintBrowser.launch();
    try {
      const chromium = (await browser.current()).browser;
      const listening = chromium.listenerCount('disconnected');
      const options = { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'kept.pdf' };
      // Three prints, one in the first tab and two in pages of their own; only a weak reference to each PDF is kept.
      const printed: WeakRef<Uint8Array>[] = [];
      for (let i = 0; i < 3; i++) printed.push(new WeakRef((await printPdfTimed(browser, options)).pdf));
      expect(chromium.listenerCount('disconnected')).toBe(listening);
      await collectGarbage();
      // A hundred editions' PDFs (and their pages) held until the browser closed made most of the build's growth.
      expect(printed.filter((pdf) => pdf.deref() !== undefined), 'PDFs still held after their prints').toHaveLength(0);
    } finally {
      await browser.close();
    }
  });

  it('retries a print in a fresh browser when Chromium crashes during it', async () => {
    const browser = await PrintBrowser.launch();
    try {
      const first = browser.details;
      // Kill Chromium as soon as the print has begun to load its document.
      killWhenLoading((await browser.current()).browser, first.pid!);
      const printing = printPdfTimed(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'crash.pdf' });
      const { pdf, attempts } = await printing;
      expect(attempts).toBe(2);
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      // The shared browser was replaced for the jobs that come after.
      const after = await browser.current();
      expect(after.generation).toBe(2);
      expect(browser.details.pid).not.toBe(first.pid);
      expect(existsSync(first.profile!)).toBe(false);
    } finally {
      await browser.close();
    }
  });

  it('names the document when the retry fails too', async () => {
    const browser = await PrintBrowser.launch();
    try {
      const error = await printPdfTimed(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'doomed.pdf', retries: 0 })
        .then(() => undefined)
        .catch((e) => e);
      // retries: 0 and a healthy browser: it prints.
      expect(error).toBeUndefined();
      const pid = browser.details.pid!;
      killWhenLoading((await browser.current()).browser, pid);
      const printing = printPdfTimed(browser, { htmlPath: fixture.htmlPath, root: fixture.dir, timeoutMs: 30_000, name: 'doomed.pdf', retries: 0 });
      await expect(printing).rejects.toThrow(/^doomed\.pdf: Chromium crashed or quit while printing.*\(no retry\)\. Check that Chromium runs on this machine/);
    } finally {
      await browser.close();
    }
  });
});

/** A full garbage collection, once the objects the current task touched may be collected (WeakRef targets live to its end). */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resume) => setImmediate(resume));
  gc();
}

/** Kills Chromium (SIGKILL) when one of its pages navigates to the fixture's print document. */
function killWhenLoading(chromium: Browser, pid: number): void {
  const listener = (target: Target) => {
    if (!target.url().endsWith('.html')) return;
    chromium.off('targetchanged', listener);
    process.kill(pid, 'SIGKILL');
  };
  chromium.on('targetchanged', listener);
}

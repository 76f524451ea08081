/**
 * Once per `npm test`: build the default edition into a temporary folder with the real CLI,
 * and launch one browser that every test file connects to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'vitest';
import type { TestProject } from 'vitest/node';
import { daan } from '../helpers/cli.ts';
import { PrintBrowser } from '../../scripts/print/browser.ts';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface ProvidedContext {
    builtOut: string;
    browserWSEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'daan-test-'));
  const out = join(work, 'out');
  const started = Date.now();
  const result = daan(['build', '--out', out]);
  if (result.code !== 0) throw new Error(`building the default edition failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  console.log(`[global setup] built the default edition in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Shareable: the test files connect to it over its DevTools WebSocket.
  const browser = await PrintBrowser.launch({ shareable: true });
  project.provide('builtOut', out);
  project.provide('browserWSEndpoint', (await browser.current()).browser.wsEndpoint());
  return async () => {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  };
}

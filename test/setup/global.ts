/**
 * Once per `npm test`, for the test files that drive a browser (the `browser` project of
 * vitest.config.ts): one Chromium that every such test file connects to.
 */
import 'vitest';
import type { TestProject } from 'vitest/node';
import { PrintBrowser } from '../../scripts/print/browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    browserWSEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // Shareable: the test files connect to it over its DevTools WebSocket.
  const browser = await PrintBrowser.launch({ shareable: true });
  project.provide('browserWSEndpoint', (await browser.current()).browser.wsEndpoint());
  return async () => {
    await browser.close();
  };
}

/** Connects a test file to the one browser that the global setup launched. */
import { inject } from 'vitest';
import type { Browser } from 'puppeteer';

export async function connectBrowser(): Promise<Browser> {
  const endpoint = inject('browserWSEndpoint');
  if (!endpoint) throw new Error('No browser: the global setup could not launch Chromium (install it: apt-get install chromium).');
  const puppeteer = await import('puppeteer');
  return puppeteer.connect({ browserWSEndpoint: endpoint });
}

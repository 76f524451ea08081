/**
 * Expected outputs kept as files next to their fixtures. A test run only reads them: a missing
 * file fails. `npm run fixtures:update` (DAAN_UPDATE_FIXTURES=1) writes them instead, on purpose;
 * review the diff before committing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './cli.ts';

export function expectFileContent(actual: string, file: string): void {
  if (process.env.DAAN_UPDATE_FIXTURES === '1') {
    writeFileSync(file, actual);
    return;
  }
  const shown = relative(repoRoot, file);
  if (!existsSync(file)) expect.fail(`${shown} is missing: write it with \`npm run fixtures:update\` and review it`);
  expect(actual, shown).toBe(readFileSync(file, 'utf8'));
}

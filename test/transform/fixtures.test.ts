/** Transform fixtures: Markdown in (input.md), HTML out (expected.html). `npm run fixtures:update` rewrites the expectations. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { transformMarkdown } from '../../scripts/transform/processor.ts';
import { expectFileContent } from '../helpers/expected.ts';

const root = join(import.meta.dirname, '../fixtures/transform');
const noData = { datasets: () => undefined, editionId: 'test' };

describe('transform fixtures', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const input = readFileSync(join(root, name, 'input.md'), 'utf8');
      const { hast, messages } = await transformMarkdown(input, `${name}/input.md`, noData);
      const html = `${toHtml(hast).trim()}\n`;
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expectFileContent(html, join(root, name, 'expected.html'));
    });
  }
});

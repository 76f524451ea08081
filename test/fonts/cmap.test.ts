/**
 * The web fonts read a face's coverage (cmap) and line metrics (head, hhea) from those tables
 * alone, not from the whole 15 MB file: the cut-down font says the same as the whole one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faces } from '../../scripts/fonts/faces.ts';
import { readCodePoints, readFontTables, readVerticalMetrics } from '../../scripts/fonts/cmap.ts';

describe('a font cut down to some of its tables', () => {
  for (const face of faces) {
    it(`${face.id}: has the code points and vertical metrics of the whole file, in a fraction of its bytes`, async () => {
      const whole = readFileSync(face.file);
      const cmap = await readFontTables(face.file, ['cmap']);
      expect(cmap.byteLength).toBeLessThan(whole.byteLength / 10);
      expect([...readCodePoints(cmap)]).toEqual([...readCodePoints(whole)]);
      expect(readVerticalMetrics(await readFontTables(face.file, ['head', 'hhea']))).toEqual(readVerticalMetrics(whole));
    });
  }

  it('has no table it was not asked for', async () => {
    const metrics = await readFontTables(faces[0].file, ['head', 'hhea']);
    expect(() => readCodePoints(metrics)).toThrow(/no cmap/);
  });
});

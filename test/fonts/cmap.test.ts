/** What a face covers, read from its cmap table alone (fonts/cmap.ts), against the whole file read. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCodePoints, readCodePointsOfFile, readVerticalMetrics, readVerticalMetricsOfFile } from '../../scripts/fonts/cmap.ts';
import { faces } from '../../scripts/fonts/faces.ts';

const work = mkdtempSync(join(tmpdir(), 'daan-cmap-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readCodePointsOfFile', () => {
  it.each(faces.map((face) => [face.id, face.file]))('reads the same code points as the whole font file (%s)', async (_, file) => {
    const whole = readCodePoints(await readFile(file));
    const fromTable = await readCodePointsOfFile(file);
    expect(whole.size).toBeGreaterThan(20_000);
    expect(fromTable.size).toBe(whole.size);
    expect([...whole].every((codePoint) => fromTable.has(codePoint))).toBe(true);
  });

  it('refuses a file cut short', async () => {
    const cut = join(work, 'cut.ttf');
    writeFileSync(cut, (await readFile(faces[0].file)).subarray(0, 200));
    await expect(readCodePointsOfFile(cut)).rejects.toThrow(/not a complete font file/);
  });
});

describe('readVerticalMetricsOfFile', () => {
  it.each(faces.map((face) => [face.id, face.file]))('reads the metrics of the whole font file from its head and hhea tables (%s)', async (_, file) => {
    expect(await readVerticalMetricsOfFile(file)).toEqual(readVerticalMetrics(await readFile(file)));
  });
});

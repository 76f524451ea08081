/**
 * The archive with PDFs (two builds of the fixture, kept few: each prints three editions):
 * cover thumbnails and download sizes on the home page, PDF/A copies, `daan verify` failing on one
 * changed byte of a PDF, and `daan verify --rebuild` — two clean builds byte for byte identical.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { requireTool, run } from '../helpers/tools.ts';
import { fileSize } from '../../scripts/render/helpers.ts';
import { pngPixel, readManifest, selectAll, treeFiles, workspace } from './helpers.ts';

const { dir, content } = workspace('daan-archive-pdf-');
const out = join(dir, 'out');
const again = join(dir, 'again');
let rebuild: ReturnType<typeof daan>;

beforeAll(() => {
  // A build cache of its own, empty at first: the second build takes the fonts, the layouts
  // (one print per document) and the cover drawings from it, and must give the same bytes.
  const env = { DAAN_CACHE_DIR: join(dir, 'cache') };
  const result = daan(['build', '--content', content, '--out', out, '--pdfa'], { env });
  expect(result.code, result.output).toBe(0);
  // A second clean build, into another folder, compared byte for byte by verify --rebuild.
  rebuild = daan(['verify', '--rebuild', '--content', content, '--out', out, '--keep', again], { env });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('an archive with PDFs', () => {
  it('shows each edition with its cover thumbnail and its PDF with its size', () => {
    const home = fromHtml(readFileSync(join(out, 'index.html'), 'utf8'));
    const thumbs = selectAll('img.edition-thumb', home);
    expect(thumbs.map((img) => img.properties.src)).toEqual(['2017-09/cover.png', '2017-03/cover.png', '2016-12/cover.png']);
    for (const img of thumbs) {
      expect(img.properties.alt).toBe('');
      const { width, height } = pngSize(join(out, String(img.properties.src)));
      expect(width).toBe(2 * Number(img.properties.width));
      expect(Math.abs(height - 2 * Number(img.properties.height))).toBeLessThanOrEqual(1);
    }
    const manifest = readManifest(out);
    for (const link of selectAll('a.edition-pdf', home)) {
      const entry = manifest.files.find((f) => f.path === link.properties.href)!;
      expect(entry, String(link.properties.href)).toBeDefined();
      expect(toString(link)).toBe(`PDF（${fileSize(entry.size)}）`);
    }
    expect(selectAll('a.edition-pdf', home)).toHaveLength(3);
  });

  it('keeps each cover drawing and each print layout in the build cache, for the next build', () => {
    const entries = (kind: string) => readdirSync(join(dir, 'cache', kind)).filter((name) => !name.endsWith('.tmp'));
    expect(entries('covers').filter((name) => name.endsWith('.png'))).toHaveLength(3);
    // Three issues (their table of contents) and, when the fixture has briefings, theirs.
    expect(entries('layout').length).toBeGreaterThanOrEqual(3);
  });

  it('draws the thumbnail from the print cover, in the cover colour of the edition', () => {
    // 2016-12 is blue (#1b4e9e), the others the default red (#9e1b1b); the top left corner is plain cover.
    expect(pngPixel(readFileSync(join(out, '2016-12/cover.png')), 4, 4)).toEqual([0x1b, 0x4e, 0x9e]);
    expect(pngPixel(readFileSync(join(out, '2017-03/cover.png')), 4, 4)).toEqual([0x9e, 0x1b, 0x1b]);
  });

  it('writes a PDF/A-2b copy of each edition with --pdfa (Ghostscript)', () => {
    requireTool('gs', 'ghostscript');
    const pdfa = join(out, '2017-03/daan-2017-03.pdfa.pdf');
    const bytes = readFileSync(pdfa).toString('latin1');
    expect(bytes).toContain('pdfaid:part');
    expect(bytes).toMatch(/pdfaid:part(>|=['"])2/);
    expect(bytes).toContain('/OutputIntents');
    expect(bytes).toContain('/GTS_PDFA1');
    expect(run('qpdf', ['--check', pdfa], 'qpdf')).toContain('No syntax or stream encoding errors');
    const info = run('pdfinfo', [pdfa]);
    expect(info).toMatch(/Pages:\s+[1-9]/);
    expect(info).toMatch(/CreationDate:\s+Fri Mar 31 00:00:00 2017/);
    // The reading copy's text layer (Ghostscript 10.0 garbles it; print/text-layer.ts carries it over).
    const text = (file: string) => [...run('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/[\s\u2060]/g, '')].sort().join('');
    expect(text(pdfa)).toBe(text(join(out, '2017-03/daan-2017-03.pdf')));
    const edition = fromHtml(readFileSync(join(out, '2017-03/index.html'), 'utf8'));
    expect(selectAll('.download a', edition).map((a) => a.properties.href)).toEqual(['daan-2017-03.pdf', 'daan-2017-03.pdfa.pdf']);
  });

  it('passes verify, and fails it naming the PDF when one byte of it changes', () => {
    expect(daan(['verify', '--out', out]).code).toBe(0);
    const pdf = join(out, '2017-09/daan-2017-09.pdf');
    const original = readFileSync(pdf);
    const changed = Buffer.from(original);
    changed[Math.floor(changed.length / 2)] ^= 0x20;
    writeFileSync(pdf, changed);
    try {
      const result = daan(['verify', '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/differs\s+2017-09\/daan-2017-09\.pdf/);
      expect(result.stderr).toContain('1 file do not match');
    } finally {
      writeFileSync(pdf, original);
    }
  });

  it('builds reproducibly: two clean builds are byte for byte the same (verify --rebuild)', () => {
    expect(rebuild.code, rebuild.output).toBe(0);
    expect(rebuild.stdout).toMatch(/ok: \d+ files match a fresh build/);
    const files = treeFiles(out);
    expect(treeFiles(again)).toEqual(files);
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(6); // three PDFs and three PDF/A copies
    for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
  });

  it('writes no build folder, repository path or machine name into any file, PDFs included', () => {
    const host = hostname();
    for (const file of treeFiles(out)) {
      const text = readFileSync(join(out, file), 'latin1');
      expect(text.includes(dir), file).toBe(false);
      expect(text.includes(repoRoot), file).toBe(false);
      if (host.length > 3) expect(text.includes(host), file).toBe(false);
    }
  });
});

/**
 * The key a document's first print is kept under (print/layout-cache.ts): every file the document
 * may load counts, HTML does not. Regression: two documents printed from one folder at once made
 * the key of one read the other's HTML while write-file-atomic was writing it (`<name>.html.<n>`),
 * and the print failed with ENOENT when that file was renamed into place.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentKey } from '../../scripts/print/layout-cache.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

afterAll(removeTemporary);

describe('documentKey', () => {
  const root = temporary(mkdtempSync(join(tmpdir(), 'daan-layout-key-')));
  writeFileSync(join(root, 'face.ttf'), 'glyphs');
  writeFileSync(join(root, 'doc.html'), '<p>一</p>');
  const key = () => documentKey('Chromium/156', 'layout 1', root, '<p>一</p>');

  it('changes with a file the document may load, not with HTML files or HTML being written', async () => {
    const before = await key();
    writeFileSync(join(root, 'other.html.3141592653'), '<p>二</p>');
    writeFileSync(join(root, 'other.html'), '<p>三</p>');
    expect(await key()).toBe(before);
    renameSync(join(root, 'other.html.3141592653'), join(root, 'other.html'));
    expect(await key()).toBe(before);
    writeFileSync(join(root, 'face.ttf'), 'other glyphs');
    expect(await key()).not.toBe(before);
  });
});

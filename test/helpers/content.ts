/** Writes a small content folder to a temporary directory, with files replaced or added per test. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const minimalContent: Record<string, string> = {
  'site.yaml': 'name: 大安\npublisher: 大安编辑部\n',
  '2020-01/edition.yaml': 'year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns:\n  - 要闻\n',
  '2020-01/articles/a.md': '---\ntitle: 第一篇\ncolumn: 要闻\nslug: di-yi-pian\n---\n\n正文第一段。\n',
};

export function makeContent(files: Record<string, string | Uint8Array | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'daan-content-'));
  for (const [path, text] of Object.entries({ ...minimalContent, ...files })) {
    if (text === null) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

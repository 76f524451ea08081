/**
 * Content for the outlet tests: the default edition plus an article with what a real one has —
 * a phone photo, a footnote, a GFM table, a link — and articles made to break each 公众号 limit.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { repoRoot } from '../helpers/cli.ts';

/** A photo-like JPEG (gradients and noise, not flat colour), as a phone would send. */
export async function photo(width: number, height: number): Promise<Buffer> {
  // sharp's typings want `background` for `create`, which noise does not use.
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 110, sigma: 40 } } }).png().toBuffer();
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#3a7d44"/><stop offset="1" stop-color="#c9b458"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  return sharp(gradient).composite([{ input: noise, blend: 'overlay' }]).jpeg({ quality: 92 }).toBuffer();
}

export const PHOTO_ARTICLE = `---
title: 瓦高村的新变化
column: 脱贫攻坚进行时
author: 李明
source: 永嘉乡
order: 2
slug: wagao-xin-bianhua
---

瓦高村地处永嘉乡东部，全村共有农户四百余户。近年来，村里修通了水泥路，建起了核桃园，村民的日子一天比一天好[^1]。

![瓦高村新修的通村公路](images/wagao.jpg)

| 项目 | 2015年 | 2016年 |
| --- | ---: | ---: |
| 通村公路（公里） | 3.5 | 12.5 |
| 核桃种植（亩） | 200 | 800 |

详情可见[区政府网站](https://example.gov.cn/daan)的报道。

[^1]: 数据来自永嘉乡2016年工作总结。
`;

/** A copy of the default content with the photo article added; `extra` files are written too. */
export async function outletContent(extra: Record<string, string> = {}): Promise<{ dir: string; content: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'daan-outlets-'));
  const content = join(dir, 'content');
  cpSync(join(repoRoot, 'content'), content, { recursive: true });
  mkdirSync(join(content, '2017-09/images'), { recursive: true });
  writeFileSync(join(content, '2017-09/images/wagao.jpg'), await photo(3000, 2000));
  writeFileSync(join(content, '2017-09/articles/wagao.md'), PHOTO_ARTICLE);
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(content, path), text);
  return { dir, content };
}

/** The built default edition, read back from the HTML files the build wrote. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { describe, expect, it } from 'vitest';
import { readable, restoredParagraphs } from '../helpers/seed.ts';
import { builtOut } from '../helpers/built.ts';

const out = await builtOut();
const articlePage = join(out, '2017-09/dangjian-linghang-tuopin-benkang.html');

/** The text of a page as read; flag marks (34人* — unverified) belong to the data notes, not to the prose. */
function pageText(file: string): string {
  const tree = fromHtml(readFileSync(file, 'utf8'));
  visit(tree, 'element', (node: Element, index, parent) => {
    const classes = node.properties.className;
    if (parent && index !== undefined && Array.isArray(classes) && classes.includes('flag-mark')) parent.children.splice(index, 1);
  });
  return readable(toString(tree));
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
}

describe('the default edition as HTML', () => {
  it('writes the home page, the issue page and the article page', () => {
    for (const file of ['index.html', '2017-09/index.html', '2017-09/dangjian-linghang-tuopin-benkang.html', 'manifest.json']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
  });

  it('has every paragraph of the seed article, restored', () => {
    const text = pageText(articlePage);
    const paragraphs = restoredParagraphs();
    expect(paragraphs.length).toBeGreaterThan(15);
    for (const paragraph of paragraphs) expect(text).toContain(readable(paragraph));
  });

  it('has none of the site chrome', () => {
    const text = pageText(articlePage);
    for (const chrome of ['您是第', '设为主页', '加入收藏', '1498559', '站内搜索', '今天是', '点击次数:']) expect(text).not.toContain(chrome);
  });

  it('renders the metadata', () => {
    const text = pageText(articlePage);
    for (const shown of ['党建领航 脱贫奔康', '助力永嘉新农村建设取得新成效', '脱贫攻坚进行时', '作者：陈永刚', '来源：永嘉乡', '2017年10月9日', '（作者：永嘉乡党委书记）', '904', '首页', '《大安》2017年第9期']) {
      expect(text).toContain(shown);
    }
    const issue = pageText(join(out, '2017-09/index.html'));
    expect(issue).toContain('2017年第9期');
    expect(issue).toContain('目录');
    expect(issue).toContain('党建领航 脱贫奔康');
  });

  it('sets run-in headings in bold inside their paragraph and 一、 lines as level-2 headings', () => {
    const tree = fromHtml(readFileSync(articlePage, 'utf8'));
    const h2: string[] = [];
    const runIns: string[] = [];
    visit(tree, 'element', (node: Element, _i, parent) => {
      if (node.tagName === 'h2' && String(node.properties.id ?? '').length) h2.push(toString(node));
      if (node.tagName === 'strong' && parent && (parent as Element).tagName === 'p' && (parent as Element).children[0] === node) runIns.push(toString(node));
    });
    expect(h2.filter((t) => /^[一二三]、/.test(t))).toHaveLength(3);
    expect(runIns).toHaveLength(12);
    expect(runIns.every((t) => /^（[一二三四]）.+。$/.test(t))).toBe(true);
  });

  it('has links that all resolve inside out/', () => {
    for (const file of htmlFiles(out)) {
      const tree = fromHtml(readFileSync(file, 'utf8'));
      visit(tree, 'element', (node: Element) => {
        const url = String(node.properties.href ?? node.properties.src ?? '');
        if (!url || /^[a-z]+:/i.test(url) || url.startsWith('#')) return;
        const target = resolve(dirname(file), url.split('#')[0]);
        expect(existsSync(target), `${file} → ${url}`).toBe(true);
        expect(target.startsWith(out)).toBe(true);
      });
    }
  });
});

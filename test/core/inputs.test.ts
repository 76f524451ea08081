import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputLog } from '../../scripts/core/inputs.ts';

describe('the inputs a build recorded under a folder (the data a directive quotes from another edition)', () => {
  it('are its listing and the files in it or below, in the order first recorded, with their latest hashes; nothing of a sibling folder', () => {
    const log = new InputLog({ content: '/c', templates: '/t' });
    log.add('file:content/2016-12/data/b.csv', 'b1', '2016-12');
    log.add('file:content/2016-12/data2/x.csv', 'x', '2016-12');
    log.add('list:content/2016-12/data', 'listing', '2016-12');
    log.add('file:content/2016-12/articles/a.md', 'a', '2016-12');
    log.add('file:content/2016-12/data/deeper/c.yaml', 'c', '2016-12');
    log.add('list:content/2016-12/data/deeper', 'deeper listing', '2016-12');
    log.add('tree:content/2016-12/data', 'tree', '2016-12');
    log.add('file:content/2016-12/data/b.csv', 'b2', '2017-01');
    expect(log.knownUnder('content/2016-12/data')).toEqual([
      ['file:content/2016-12/data/b.csv', 'b2'],
      ['list:content/2016-12/data', 'listing'],
      ['file:content/2016-12/data/deeper/c.yaml', 'c'],
    ]);
    expect(log.knownUnder('content/2017-01/data')).toEqual([]);
    expect(log.knownUnder('content/2016-12').map(([key]) => key)).toEqual(['file:content/2016-12/data/b.csv', 'file:content/2016-12/data2/x.csv', 'file:content/2016-12/articles/a.md', 'file:content/2016-12/data/deeper/c.yaml']);
  });
});

describe('the key of a path read (InputLog keyOf)', () => {
  it('names a path by its root and its place inside, whatever way the path is written, and nothing outside the roots', () => {
    const log = new InputLog({ content: '/site/content', templates: '/site/content/templates' });
    expect(log.keyOf('file', '/site/content/2017-09/articles/a.md')).toBe('file:content/2017-09/articles/a.md');
    expect(log.keyOf('list', '/site/content')).toBe('list:content');
    expect(log.keyOf('list', '/site/content/2017-09/')).toBe('list:content/2017-09');
    expect(log.keyOf('file', '/site/content/2017-09/../2017-10/a.md')).toBe('file:content/2017-10/a.md');
    expect(log.keyOf('file', '/site/content//2017-09/.hidden')).toBe('file:content/2017-09/.hidden');
    // The first root that holds it names it, as the roots are listed.
    expect(log.keyOf('file', '/site/content/templates/pages/article.hbs')).toBe('file:content/templates/pages/article.hbs');
    expect(log.keyOf('file', '/site/content2/a.md')).toBeUndefined();
    expect(log.keyOf('file', '/site/content/../secret.md')).toBeUndefined();
    expect(log.keyOf('file', '/elsewhere/a.md')).toBeUndefined();
    // A root given relatively is taken from the working folder, as the paths read are.
    const relative = new InputLog({ content: 'content', templates: 'templates' });
    expect(relative.keyOf('file', join(process.cwd(), 'content', '2017-09', 'edition.yaml'))).toBe('file:content/2017-09/edition.yaml');
    expect(relative.keyOf('file', join('templates', 'css', 'web.css'))).toBe('file:templates/css/web.css');
  });
});

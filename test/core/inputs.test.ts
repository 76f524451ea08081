import { describe, expect, it } from 'vitest';
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

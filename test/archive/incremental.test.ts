/**
 * Incremental builds against clean builds. From a built archive of three editions (HTML only,
 * for speed) with a quoted partial, a data set another edition quotes, an image and two briefings that show one image,
 * each case applies one random edit to one input, builds incrementally and compares out/ byte
 * for byte — manifest included — with a clean build of the edited content. 50 cases in `npm test`;
 * DAAN_INCREMENTAL_RUNS=500 runs more. Edits reuse characters the pages already have, so that the
 * font subsets come from the cache and a case costs two short builds.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { readManifest, treeFiles, workspace, type ManifestJson } from './helpers.ts';
import { solidPng } from '../helpers/png.ts';

const RUNS = Number(process.env.DAAN_INCREMENTAL_RUNS ?? 50);

const { dir, content } = workspace('daan-incremental-');
const templates = join(dir, 'templates');
const out = join(dir, 'out');


const run = (outDir: string, force = false, onlyBriefing?: string) => build({ contentDir: content, outDir, templatesDir: templates, pdf: false, force, onlyBriefing });

/** One edit of one input, by kind; `n` varies it. Every edit keeps the content valid. */
const edits: Record<string, (n: number) => void> = {
  'a page template': (n) => appendFileSync(join(templates, 'pages/edition.hbs'), `<p hidden>${n}</p>\n`),
  'the layout': (n) => appendFileSync(join(templates, 'layouts/web.hbs'), `<!-- ${n} -->\n`),
  'the home page template': (n) => appendFileSync(join(templates, 'pages/home.hbs'), `<p hidden>${n}</p>\n`),
  'a quoted partial ({{> "probe"}})': (n) => writeFileSync(join(templates, 'partials/probe.hbs'), `<p class="probe">${n}</p>\n`),
  'an unquoted partial': (n) => appendFileSync(join(templates, 'partials/toc.hbs'), `<span hidden>${n}</span>\n`),
  'the stylesheet': (n) => appendFileSync(join(templates, 'css/web.css'), `.probe-${n} { color: #${String(n % 1000).padStart(3, '0')}; }\n`),
  'site.yaml': (n) => appendFileSync(join(content, 'site.yaml'), `# ${n}\n`),
  'a data set another edition quotes': (n) => {
    const file = join(content, '2017-03/data/visits.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/households: \d+ }/, `households: ${n % 90 + 10} }`));
  },
  'an image': (n) => writeFileSync(join(content, '2017-09/images/probe.png'), solidPng(2, 2, [n % 256, (n >> 8) % 256, 7])),
  'an article': (n) => appendFileSync(join(content, '2016-12/articles/nianzhong.md'), `\n会议${n}。\n`),
  'a briefing': (n) => appendFileSync(join(content, 'briefings/2017-01.md'), `\n会议${n}。\n`),
  'the image two briefings show': (n) => writeFileSync(join(content, 'briefings/images/probe.png'), solidPng(2, 2, [7, n % 256, (n >> 8) % 256])),
  'an article a briefing includes': (n) => appendFileSync(join(content, '2017-03/articles/chunji.md'), `\n走访${n}。\n`),
  'an edition override of a template': (n) => {
    mkdirSync(join(content, '2017-03/templates/partials'), { recursive: true });
    writeFileSync(join(content, '2017-03/templates/partials/probe.hbs'), `<p class="probe">${n}</p>\n`);
  },
};

function expectSameTree(actual: string, expected: string, what: string): void {
  const files = treeFiles(expected);
  expect(treeFiles(actual), what).toEqual(files);
  for (const file of files) expect(readFileSync(join(actual, file)).equals(readFileSync(join(expected, file))), `${what}: ${file}`).toBe(true);
}

beforeAll(async () => {
  cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
  // A partial named in quotes, which a text scan for partial names would miss.
  appendFileSync(join(templates, 'pages/article.hbs'), '{{> "probe"}}\n');
  writeFileSync(join(templates, 'partials/probe.hbs'), '<p class="probe">0</p>\n');
  // 2017-09 quotes a figure of 2017-03's data and shows an image.
  mkdirSync(join(content, '2017-09/images'), { recursive: true });
  writeFileSync(join(content, '2017-09/images/probe.png'), solidPng(2, 2, [0, 0, 0]));
  appendFileSync(join(content, '2017-09/articles/tuopin.md'), '\n瓦高村:value{data=2017-03/visits row=wagao col=households}。\n\n![瓦高村](images/probe.png)\n');
  mkdirSync(join(content, 'briefings'), { recursive: true });
  writeFileSync(
    join(content, 'briefings/2017-01.md'),
    `---\nname: 大安区脱贫攻坚简报\nnumber: 1\nunit: 大安区脱贫攻坚领导小组办公室\ndate: 2017-10-20\ndistribution:\n  报: [区委办公室]\n  送: 各成员单位\n  发: 各乡镇\ncopies: 60\n---\n\n瓦高村走访:value{data=2017-03/visits row=wagao col=households}。\n\n![走访](images/probe.png)\n`,
  );
  // A second briefing shows the same image and includes an article of another edition.
  mkdirSync(join(content, 'briefings/images'), { recursive: true });
  writeFileSync(join(content, 'briefings/images/probe.png'), solidPng(2, 2, [7, 0, 0]));
  writeFileSync(
    join(content, 'briefings/2017-02.md'),
    `---\nname: 大安区脱贫攻坚简报\nnumber: 2\nunit: 大安区脱贫攻坚领导小组办公室\ndate: 2017-11-20\ndistribution:\n  报: [区委办公室]\ncopies: 60\n---\n\n![走访](images/probe.png)\n\n::include{edition=2017-03 article=chunji-zoufang}\n`,
  );
  await run(out);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an incremental build', () => {
  it('rebuilds the edition when a partial it names in quotes changes', async () => {
    writeFileSync(join(templates, 'partials/probe.hbs'), '<p class="probe">新</p>\n');
    const result = await run(out);
    expect(result.rebuilt).toEqual(['2016-12', '2017-03', '2017-09']);
    expect(readFileSync(join(out, '2017-09/dangjian-linghang.html'), 'utf8')).toContain('<p class="probe">新</p>');
  });

  it('rebuilds the edition that quotes a data set when the data set changes, and only the editions that read it', async () => {
    edits['a data set another edition quotes'](57);
    const result = await run(out);
    expect(result.rebuilt).toEqual(['2017-03', '2017-09']);
    expect(readFileSync(join(out, '2017-09/dangjian-linghang.html'), 'utf8')).toContain('67');
  });

  it('rebuilds only the briefing that changed: the other briefing and the editions are reused, and the result is a clean build\'s', async () => {
    edits['a briefing'](3);
    const result = await run(out);
    expect(result.rebuilt).toEqual([]);
    expect(result.briefings).toEqual({ rebuilt: ['2017-01'], skipped: ['2017-02'] });
    const manifest = readManifest(out);
    expect(manifest.files.filter((f) => f.unit === 'briefings/2017-01').map((f) => f.path)).toContain('briefings/2017-01.html');
    expect(Object.keys(manifest.inputs['briefings/2017-01'])).toEqual(expect.arrayContaining(['file:content/briefings/2017-01.md', 'file:content/2017-03/data/visits.yaml', 'file:content/briefings/images/probe.png']));
    // What the included article was read from is the other briefing's input.
    expect(Object.keys(manifest.inputs['briefings/2017-02'])).toEqual(expect.arrayContaining(['file:content/2017-03/articles/chunji.md', 'file:content/briefings/images/probe.png']));
    expect(Object.keys(manifest.inputs['briefings/2017-02'])).not.toContain('file:content/briefings/2017-01.md');
    const fresh = join(dir, 'clean-briefing');
    try {
      await run(fresh, true);
      expectSameTree(out, fresh, 'after editing a briefing');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('builds one briefing alone (daan brief), after which a build has nothing left to do for it', async () => {
    edits['a briefing'](4);
    const before = readManifest(out);
    const briefed = await run(out, false, '2017-01');
    expect(briefed.rebuilt).toEqual([]);
    expect(briefed.briefings).toEqual({ rebuilt: ['2017-01'], skipped: ['2017-02'] });
    // Everything else is carried over as it was, with its manifest entry.
    const after = readManifest(out);
    const others = (m: ManifestJson) => m.files.filter((f) => f.unit !== 'briefings/2017-01');
    expect(others(after)).toEqual(others(before));
    expect(readFileSync(join(out, 'briefings/2017-01.html'), 'utf8')).toContain('会议4');
    const next = await run(out);
    expect(next.rebuilt).toEqual([]);
    expect(next.briefings).toEqual({ rebuilt: [], skipped: ['2017-01', '2017-02'] });
    const fresh = join(dir, 'clean-brief');
    try {
      await run(fresh, true);
      expectSameTree(out, fresh, 'after daan brief and daan build');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('keeps an image a reused briefing shows when the briefing that wrote it stops showing it', async () => {
    const file = join(content, 'briefings/2017-01.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('![走访](images/probe.png)', ''));
    try {
      const result = await run(out);
      expect(result.briefings).toEqual({ rebuilt: ['2017-01'], skipped: ['2017-02'] });
      const fresh = join(dir, 'clean-image');
      try {
        await run(fresh, true);
        expectSameTree(out, fresh, 'after one briefing dropped the shared image');
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    } finally {
      writeFileSync(file, text);
      await run(out);
    }
  });

  it('indexes for search only the year of the edition that changed: the other years\' bundles are taken from out/ as they are', async () => {
    await run(out);
    const entry = (year: string) => statSync(join(out, 'pagefind', year, 'pagefind-entry.json')).ino;
    const before = { 2016: entry('2016'), 2017: entry('2017') };
    expect(JSON.parse(readFileSync(join(out, 'pagefind/bundles.json'), 'utf8'))).toEqual(['2016', '2017', 'site']);
    edits['an article a briefing includes'](7);
    const result = await run(out);
    expect(result.rebuilt).toEqual(['2017-03']);
    // The same file (linked from the previous out/), not one written again.
    expect(entry('2016')).toBe(before[2016]);
    expect(entry('2017')).not.toBe(before[2017]);
    const fresh = join(dir, 'clean-search');
    try {
      await run(fresh, true);
      expectSameTree(out, fresh, 'after editing an article of 2017');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('indexes a year again when a file of its part of the search index was changed in out/ by hand', async () => {
    await run(out);
    writeFileSync(join(out, 'pagefind/2016/pagefind-entry.json'), '{}');
    edits['an article a briefing includes'](9);
    const result = await run(out);
    // 2016's pages are unchanged, but its index is not what the last build wrote.
    expect(result.rebuilt).toEqual(['2017-03']);
    expect(readFileSync(join(out, 'pagefind/2016/pagefind-entry.json'), 'utf8')).not.toBe('{}');
    const fresh = join(dir, 'clean-search-hand');
    try {
      await run(fresh, true);
      expectSameTree(out, fresh, 'after a hand-changed index file');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('never reads a file no stage uses: a stray file in an edition folder is not opened', async () => {
    // A fifo blocks whoever opens it: the planner and the build must not.
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(content, '2017-09/stray.bin')]);
    try {
      const result = await run(out);
      expect(result.skipped).toEqual(['2016-12', '2017-03', '2017-09']);
    } finally {
      rmSync(join(content, '2017-09/stray.bin'));
    }
  });

  it(`gives the same bytes as a clean build after any one edit (${RUNS} cases)`, async () => {
    let clean = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(edits)), fc.integer({ min: 1, max: 1_000_000 }), async (kind, n) => {
        edits[kind](n);
        await run(out);
        const fresh = join(dir, `clean-${clean++}`);
        try {
          await run(fresh, true);
          expectSameTree(out, fresh, `after editing ${kind} (${n})`);
        } finally {
          rmSync(fresh, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
    // A hang guard, not a timing: two builds per case, on a loaded 2-core machine.
  }, 60_000 + RUNS * 30_000);
});

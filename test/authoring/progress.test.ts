/** The progress reporter: a status line on a terminal, plain lines elsewhere, --quiet and --verbose. */
import { describe, expect, it } from 'vitest';
import { createProgress, isCI, verbosityOf, type ProgressOptions } from '../../scripts/report/progress.ts';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (chunk: string) => chunks.push(chunk) }, text: () => chunks.join('') };
}

/** A short build as the pipeline reports it. */
function run(options: ProgressOptions) {
  let now = 1_000;
  const progress = createProgress({ ...options, now: () => now, interval: 60_000 });
  progress.phase('transform');
  progress.count('editions', 2);
  progress.count('articles', 3, { steps: 'verbose' });
  for (const slug of ['a', 'b']) {
    now += 500;
    progress.tick('articles', `transformed 2017-09/${slug}`);
  }
  progress.tick('editions', 'checked 2017-09', '2 article(s)');
  now += 500;
  progress.tick('articles', 'transformed 2017-10/c');
  progress.tick('editions', 'checked 2017-10', '1 article(s)');
  progress.info('loaded 2 edition(s), 3 article(s)');
  progress.phase('print');
  progress.count('documents', 2);
  now += 2_000;
  progress.tick('documents', 'printed daan-2017-09.pdf', '215748 bytes');
  progress.tick('documents', 'printed daan-2017-10.pdf', '198000 bytes');
  progress.debug('rendered 9 web files');
  progress.done('wrote 12 files to out in 3.5 s');
}

describe('progress', () => {
  it('prints plain lines with the elapsed time when not on a terminal: editions and documents, not every article', () => {
    const out = fakeStream(false);
    run({ stream: out.stream });
    expect(out.text().split('\n')).toEqual([
      '[  1.0 s] checked 2017-09 (1/2 editions; 2 article(s))',
      '[  1.5 s] checked 2017-10 (2/2 editions; 1 article(s))',
      '[  1.5 s] loaded 2 edition(s), 3 article(s)',
      '[  3.5 s] printed daan-2017-09.pdf (1/2 documents; 215748 bytes)',
      '[  3.5 s] printed daan-2017-10.pdf (2/2 documents; 198000 bytes)',
      'wrote 12 files to out in 3.5 s',
      '',
    ]);
    expect(out.text()).not.toContain('\r');
  });

  it('--verbose prints every step', () => {
    const out = fakeStream(false);
    run({ stream: out.stream, verbosity: 'verbose' });
    const text = out.text();
    expect(text).toContain('transform…');
    expect(text).toContain('transformed 2017-09/a (1/3 articles)');
    expect(text).toContain('transformed 2017-10/c (3/3 articles)');
    expect(text).toContain('rendered 9 web files');
  });

  it('--quiet prints nothing', () => {
    const out = fakeStream(true);
    run({ stream: out.stream, verbosity: 'quiet' });
    expect(out.text()).toBe('');
  });

  it('on a terminal, redraws one status line with the counts and the elapsed time, and leaves only milestones and the summary', () => {
    const out = fakeStream(true);
    run({ stream: out.stream, env: {} });
    const text = out.text();
    expect(text).toContain('\r\x1b[2K');
    const status = out.chunks.filter((c) => c.startsWith('\r\x1b[2K') && c.length > 5);
    expect(status.some((s) => /1\.0 s {2}transform · editions 0\/2 · articles 2\/3 {2}transformed 2017-09\/b/.test(s))).toBe(true);
    expect(status.some((s) => /print · editions 2\/2 · articles 3\/3 · documents 1\/2/.test(s))).toBe(true);
    // What stays on screen once the status line is cleared:
    const lines = text
      .split('\n')
      .map((line) => line.split('\x1b[2K').at(-1))
      .filter(Boolean);
    expect(lines).toEqual(['loaded 2 edition(s), 3 article(s)', 'wrote 12 files to out in 3.5 s']);
    expect(text.endsWith('wrote 12 files to out in 3.5 s\n')).toBe(true);
  });

  it('uses plain lines under CI even on a terminal', () => {
    const out = fakeStream(true);
    run({ stream: out.stream, env: { CI: 'true' } });
    expect(out.text()).not.toContain('\r');
    expect(out.text()).toContain('[  1.0 s] checked 2017-09');
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({})).toBe(false);
  });

  it('maps --quiet and --verbose', () => {
    expect(verbosityOf({ quiet: true })).toBe('quiet');
    expect(verbosityOf({ verbose: true })).toBe('verbose');
    expect(verbosityOf({})).toBe('normal');
  });
});

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Test files that connect to the one browser the `browser` project's global setup launches. */
const browserTests = ['test/site/browser.test.ts', 'test/site/column.test.ts', 'test/site/phones-and-weight.test.ts', 'test/site/content-features.test.ts', 'test/images/build.test.ts', 'test/pdf/kitchen-sink.test.ts', 'test/archive/search.test.ts', 'test/site/clean-text.test.ts', 'test/serve/serve.test.ts'];

/**
 * Test files that need a process of their own: disk-full.test.ts replaces node:fs/promises
 * (vi.mock), which modules an earlier file loaded would not see; subset.test.ts counts the
 * subsetting processes of its own process and starts from an empty cache.
 */
const isolatedTests = ['test/robustness/disk-full.test.ts', 'test/fonts/subset.test.ts'];

export default defineConfig({
  test: {
    // Shared by the workers of one run (see test/helpers/built.ts); removed by test/setup/run.ts.
    provide: { testRun: join(tmpdir(), `daan-test-${randomUUID()}`) },
    globalSetup: ['test/setup/run.ts'],
    setupFiles: ['test/setup/each-file.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    // isolate: false (node) — the files a worker runs go one after another in one process and share the
    // modules they load (the pipeline, puppeteer, pdf.js …): loaded once per worker instead of
    // once per file. The environment and working folder a file found are put back after it
    // (test/setup/each-file.ts); a file that cannot share the process is in isolatedTests.
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [...browserTests, ...isolatedTests], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolatedTests } },
      { extends: true, test: { name: 'browser', include: browserTests, globalSetup: ['test/setup/global.ts'] } },
    ],
  },
});

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Test files that connect to the one browser the `browser` project's global setup launches. */
const browserTests = ['test/site/browser.test.ts', 'test/site/column.test.ts', 'test/site/content-features.test.ts', 'test/images/build.test.ts', 'test/pdf/kitchen-sink.test.ts', 'test/archive/search.test.ts', 'test/site/clean-text.test.ts', 'test/serve/serve.test.ts'];

export default defineConfig({
  test: {
    // Shared by the workers of one run (see test/helpers/built.ts); removed by test/setup/run.ts.
    provide: { testRun: join(tmpdir(), `daan-test-${randomUUID()}`) },
    globalSetup: ['test/setup/run.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: browserTests } },
      { extends: true, test: { name: 'browser', include: browserTests, globalSetup: ['test/setup/global.ts'] } },
    ],
  },
});

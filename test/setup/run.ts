/**
 * Once per `npm test`, for every test project: the `daan` command is compiled (bin/daan.mjs runs
 * scripts/setup/compile.mjs' bundle) before any test file starts, so that the test files that start
 * `daan` processes at once do not each compile it; and the folder this run shares between its
 * workers (the lazily built default edition, see helpers/built.ts) is removed at the end.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
// @ts-expect-error -- a plain ES module of the setup stage, without type declarations
import { compiledCli } from '../../scripts/setup/compile.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this run, shared by the workers; made on first use. */
    testRun: string;
  }
}

export default async function setup(project: TestProject) {
  await compiledCli();
  const run = project.config.provide.testRun as string;
  return () => rmSync(run, { recursive: true, force: true });
}

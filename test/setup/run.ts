/**
 * Once per `npm test`, for every test project: the folder this run shares between its workers
 * (the lazily built default edition, see helpers/built.ts) is removed at the end. Nothing is built here.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this run, shared by the workers; made on first use. */
    testRun: string;
  }
}

export default function setup(project: TestProject) {
  const run = project.config.provide.testRun as string;
  return () => rmSync(run, { recursive: true, force: true });
}

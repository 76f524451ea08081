/**
 * The default edition built once per `npm test`, on first demand: the first test file that asks
 * builds it with the real CLI (the others wait for it), so that test folders that never ask (pure
 * unit tests) do not wait for a build at all. The folder is shared by every worker of the run
 * (test/setup/run.ts names it and removes it at the end).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { daan } from './cli.ts';

interface Outcome {
  out?: string;
  error?: string;
}

let built: Promise<string> | undefined;

/** out/ of the default edition (with PDFs), built with `daan build --out`. */
export function builtOut(): Promise<string> {
  built ??= (async () => {
    const run = inject('testRun');
    mkdirSync(run, { recursive: true });
    const outcome = join(run, 'built.json');
    let mine = false;
    try {
      mkdirSync(join(run, 'build.lock'));
      mine = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (mine) {
      const out = join(run, 'out');
      const result = daan(['build', '--out', out]);
      const done: Outcome = result.code === 0 ? { out } : { error: `building the default edition failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}` };
      writeFileSync(outcome, JSON.stringify(done));
    }
    // Another worker builds: wait for its outcome (the hook timeout bounds the wait).
    while (!existsSync(outcome)) await new Promise((resume) => setTimeout(resume, 250));
    const done = JSON.parse(readFileSync(outcome, 'utf8')) as Outcome;
    if (!done.out) throw new Error(done.error);
    return done.out;
  })();
  return built;
}

/**
 * Around every test file: the environment variables and the working folder it found are put
 * back when it ends. The files of one worker share their process (isolate: false in
 * vitest.config.ts), so that a variable one file set (DAAN_CACHE_DIR, a locale) never reaches
 * the next. Taken in beforeAll, after the file and its helpers were loaded (test/helpers/cli.ts
 * sets DAAN_LANG once per process when it is loaded).
 */
import { afterAll, beforeAll } from 'vitest';

let env: NodeJS.ProcessEnv = {};
let cwd = '';

beforeAll(() => {
  env = { ...process.env };
  cwd = process.cwd();
});

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  process.chdir(cwd);
});

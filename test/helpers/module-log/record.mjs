// `node --import …/record.mjs`: records every module the process loads (see hooks.mjs and test/cli/lazy-loading.test.ts).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

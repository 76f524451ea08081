#!/usr/bin/env node
// The `daan` command: runs the pipeline compiled to JavaScript (compiled again whenever a source
// changed, see scripts/setup/compile.mjs), or the TypeScript itself through tsx where it cannot be compiled.
import { compiledCli } from '../scripts/setup/compile.mjs';

const entry = await compiledCli();
if (entry) {
  // Stack traces in TypeScript terms on request: reading the source maps costs a tenth of a second.
  if (process.env.DAAN_DEBUG) process.setSourceMapsEnabled(true);
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../scripts/cli/daan.ts');
}

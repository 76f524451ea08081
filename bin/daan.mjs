#!/usr/bin/env node
// The `daan` command: registers tsx so that the TypeScript pipeline runs as it is, then hands over.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/cli/daan.ts');

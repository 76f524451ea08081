import type { Command } from '../command.ts';
import { build } from './build.ts';
import { brief } from './brief.ts';
import { check } from './check.ts';
import { importCommand } from './import.ts';
import { newEdition } from './new.ts';
import { preflight } from './preflight.ts';
import { serve } from './serve.ts';
import { verify } from './verify.ts';

/** Every `daan` command, in the order --help lists them. */
export const commands: Command[] = [build, brief, serve, check, preflight, verify, newEdition, importCommand];

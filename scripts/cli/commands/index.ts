import type { Command } from '../command.ts';
import { build } from './build.ts';
import { check } from './check.ts';
import { importCommand } from './import.ts';

/** Every `daan` command, in the order --help lists them. */
export const commands: Command[] = [build, check, importCommand];

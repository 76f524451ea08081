/**
 * Handlebars templates: layouts, pages and partials under templates/, overridable per edition
 * (content/<edition>/templates/ with the same relative paths). Values are escaped by default;
 * only helpers listed in helpers.ts are allowed, so a misspelt helper fails at compile time with
 * its line; prototype access stays disabled (Handlebars' default).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { VFileMessage } from 'vfile-message';
import { problem, BuildFailure } from '../report/problems.ts';
import { helpers } from './helpers.ts';

export interface Templates {
  render(name: string, context: object): string;
  /** Files the templates were read from, for the input hash of incremental builds. */
  files: string[];
}

const knownHelpers = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));

/** Later folders override earlier ones: [templates/, content/2017-09/templates/]. */
export async function loadTemplates(dirs: string[]): Promise<Templates> {
  const sources = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of await listHbs(dir)) sources.set(relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, ''), file);
  }
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const compiled = new Map<string, { file: string; template: Handlebars.TemplateDelegate }>();
  const problems: VFileMessage[] = [];
  for (const [name, file] of sources) {
    const text = await readFile(file, 'utf8');
    const options = { knownHelpers, knownHelpersOnly: true, preventIndent: true };
    try {
      hb.precompile(text, options);
    } catch (error) {
      problems.push(templateProblem(file, error as Error));
      continue;
    }
    const template = hb.compile(text, options);
    compiled.set(name, { file, template });
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), template);
  }
  if (problems.length) throw new BuildFailure(problems);
  return {
    files: [...sources.values()].sort(),
    render(name, context) {
      const entry = compiled.get(name);
      if (!entry) throw new BuildFailure([problem(join(dirs[0], `${name}.hbs`), undefined, `Missing template ${name}.hbs`, `Create ${name}.hbs under templates/ (or the edition's templates/)`, 'template')]);
      try {
        return entry.template(context);
      } catch (error) {
        throw new BuildFailure([templateProblem(entry.file, error as Error)]);
      }
    },
  };
}

/** Handlebars errors carry their place in the message ("Parse error on line 3:", "- 3:2"). */
function templateProblem(file: string, error: Error): ReturnType<typeof problem> {
  const message = error.message;
  const place = /on line (\d+)/.exec(message) ?? /- (\d+):(\d+)/.exec(message);
  const line = place ? Number(place[1]) : 1;
  const column = place?.[2] ? Number(place[2]) + 1 : 1;
  const helper = /unknown helper (\S+)/.exec(message)?.[1];
  if (helper) return problem(file, { line, column }, `Unknown template helper \`${helper}\``, `Use one of: ${Object.keys(helpers).join(', ')}`, 'template-helper');
  const partial = /The partial (\S+) could not be found/.exec(message)?.[1];
  if (partial) return problem(file, { line, column }, `Missing partial \`${partial}\``, `Create templates/partials/${partial}.hbs or correct the name`, 'template-partial');
  return problem(file, { line, column }, `Template error: ${message.split('\n')[0]}`, 'Correct the Handlebars syntax at this place', 'template');
}

async function listHbs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.hbs')).map((e) => join(e.parentPath, e.name)).sort();
}

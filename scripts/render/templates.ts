/**
 * Handlebars templates: layouts, pages and partials under templates/, overridable per edition
 * (content/<edition>/templates/ with the same relative paths). Values are escaped by default;
 * only helpers listed in helpers.ts are allowed, so a misspelt helper fails at compile time with
 * its line; prototype access stays disabled (Handlebars' default).
 */
import { existsSync, lstatSync } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { VFileMessage } from 'vfile-message';
import { problem, BuildFailure } from '../report/problems.ts';
import { helpers } from './helpers.ts';
import { readContentText } from '../load/read-text.ts';
import { isInside, loopRefusal, realFileInside } from '../load/safe-path.ts';

export interface Templates {
  render(name: string, context: object): string;
  /** Files the templates were read from, for the input hash of incremental builds. */
  files: string[];
}

const knownHelpers = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));
const compileOptions = { knownHelpers, knownHelpersOnly: true, preventIndent: true };

/**
 * Template text → its compiled JavaScript, for every template this process has compiled: a
 * build loads the same templates for the web pages, the print documents, the briefings and the
 * check, and compiling is the expensive part.
 */
const specs = new Map<string, string>();

/** Compiles once (errors at load time, with their line, rather than at first use). */
function compileTemplate(hb: typeof Handlebars, text: string): Handlebars.TemplateDelegate {
  let spec = specs.get(text);
  if (spec === undefined) {
    spec = hb.precompile(text, compileOptions) as string;
    specs.set(text, spec);
  }
  // The same code Handlebars.compile would make and run; templates are compiled, never evaluated from content.
  return hb.template(new Function(`return ${spec}`)());
}

/**
 * Later folders override earlier ones: [templates/, content/2017-09/templates/]. A template that
 * lies outside its folder (a symlink out of it), or is too large, is refused before it is read.
 */
export async function loadTemplates(dirs: string[]): Promise<Templates> {
  const sources = new Map<string, string>();
  const problems: VFileMessage[] = [];
  for (const [index, dir] of dirs.entries()) {
    if (!present(dir)) continue;
    const listed = await listHbs(dir, index > 0);
    problems.push(...listed.problems);
    for (const file of listed.files) sources.set(relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, ''), file);
  }
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const compiled = new Map<string, { file: string; template: Handlebars.TemplateDelegate }>();
  const texts = new Map<string, string>();
  for (const [name, file] of sources) {
    const read = await readContentText(file);
    if ('error' in read) {
      problems.push(read.error);
      continue;
    }
    const text = read.text;
    texts.set(file, text);
    let template: Handlebars.TemplateDelegate;
    try {
      template = compileTemplate(hb, text);
    } catch (error) {
      problems.push(templateProblem(file, error as Error, text));
      continue;
    }
    compiled.set(name, { file, template });
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), template);
  }
  problems.push(...missingPartials(hb, sources, texts));
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

interface PartialUses {
  inline: Set<string>;
  used: { name: string; line: number; column: number }[];
}
/** Template text → the partials it uses and defines inline (undefined: it does not parse). */
const partialUsesByText = new Map<string, PartialUses | undefined>();

function partialUses(hb: typeof Handlebars, text: string): PartialUses | undefined {
  if (partialUsesByText.has(text)) return partialUsesByText.get(text);
  let uses: PartialUses | undefined;
  try {
    uses = findPartialUses(hb.parse(text));
  } catch {
    uses = undefined;
  }
  partialUsesByText.set(text, uses);
  return uses;
}

function findPartialUses(ast: hbs.AST.Program): PartialUses {
  const inline = new Set<string>();
  const used: PartialUses['used'] = [];
  walk(ast, (node) => {
    if (node.type === 'DecoratorBlock' || node.type === 'Decorator') {
      const decorator = node as hbs.AST.DecoratorBlock;
      const param = decorator.params?.[0];
      if ((decorator.path as hbs.AST.PathExpression).original === 'inline' && param?.type === 'StringLiteral') inline.add((param as hbs.AST.StringLiteral).value);
    }
    if (node.type === 'PartialStatement') {
      const partial = node as hbs.AST.PartialStatement;
      const path = partial.name as hbs.AST.PathExpression | hbs.AST.StringLiteral;
      const partialName = path.type === 'PathExpression' ? path.original : path.type === 'StringLiteral' ? path.value : undefined;
      if (partialName && !partialName.startsWith('@')) used.push({ name: partialName, line: partial.loc.start.line, column: partial.loc.start.column + 1 });
    }
  });
  return { inline, used };
}

/**
 * Partials that no template file defines, found before rendering so that the message names the
 * template and the line of `{{> name}}` (at run time Handlebars only says the name). Partial
 * blocks (`{{#> name}}…{{/name}}`, which have a fallback), inline partials and dynamic names pass.
 */
function missingPartials(hb: typeof Handlebars, sources: Map<string, string>, texts: Map<string, string>): VFileMessage[] {
  const defined = new Set([...sources.keys()].filter((name) => name.startsWith('partials/')).map((name) => name.slice('partials/'.length)));
  const problems: VFileMessage[] = [];
  for (const [name, file] of sources) {
    const text = texts.get(file);
    if (text === undefined) continue;
    const uses = partialUses(hb, text);
    if (!uses) continue;
    const { inline, used } = uses;
    for (const use of used) {
      if (defined.has(use.name) || inline.has(use.name)) continue;
      problems.push(problem(file, { line: use.line, column: use.column }, `Missing partial \`${use.name}\` (used by ${name}.hbs)`, `Create templates/partials/${use.name}.hbs (or the edition's templates/partials/${use.name}.hbs), or correct the name; partials: ${[...defined].sort().join(', ') || 'none'}`, 'template-partial'));
    }
  }
  return problems;
}

/** Visits every node of a Handlebars AST. */
function walk(node: unknown, visit: (node: hbs.AST.Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((child) => walk(child, visit));
  const record = node as Record<string, unknown>;
  if (typeof record.type === 'string') visit(node as hbs.AST.Node);
  for (const key of ['body', 'program', 'inverse', 'params', 'hash', 'pairs', 'value', 'path', 'name']) {
    if (key in record && record[key] && typeof record[key] === 'object') walk(record[key], visit);
  }
}

/** Handlebars errors carry their place in the message ("Parse error on line 3:", "- 3:2"). */
function templateProblem(file: string, error: Error, text?: string): ReturnType<typeof problem> {
  const message = error.message;
  // A block left open is noticed at the end of the template: point at where it opens instead.
  const open = text !== undefined && /got 'EOF'/.test(message) ? unclosedBlock(text) : undefined;
  if (open) return problem(file, open, `Template error: \`{{${open.sigil}${open.name}}}\` is opened here and never closed`, `Add \`{{/${open.name}}}\` where the block ends`, 'template');
  const place = /on line (\d+)/.exec(message) ?? /- (\d+):(\d+)/.exec(message);
  const line = place ? Number(place[1]) : 1;
  // Handlebars' column is that of the block's name (0-based): point at the `{{` that opens it.
  const named = place?.[2] ? Number(place[2]) : undefined;
  const opening = named !== undefined && text !== undefined ? (text.split('\n')[line - 1] ?? '').lastIndexOf('{{', named) : -1;
  const column = opening >= 0 ? opening + 1 : named !== undefined ? named + 1 : 1;
  const helper = /unknown helper (\S+)/.exec(message)?.[1];
  if (helper) return problem(file, { line, column }, `Unknown template helper \`${helper}\``, `Use one of: ${Object.keys(helpers).join(', ')}`, 'template-helper');
  const partial = /The partial (\S+) could not be found/.exec(message)?.[1];
  if (partial) return problem(file, { line, column }, `Missing partial \`${partial}\``, `Create templates/partials/${partial}.hbs or correct the name`, 'template-partial');
  return problem(file, { line, column }, `Template error: ${message.split('\n')[0]}`, 'Correct the Handlebars syntax at this place', 'template');
}

/** The innermost block (`{{#each …}}`, `{{^if …}}`, `{{#> …}}`) that a template opens and never closes, with its place. */
export function unclosedBlock(text: string): { name: string; sigil: string; line: number; column: number } | undefined {
  const stack: { name: string; sigil: string; offset: number }[] = [];
  // Comments first (they may hold braces), then every block opening and closing.
  for (const match of text.matchAll(/\{\{!--[\s\S]*?--~?\}\}|\{\{!(?!--)[\s\S]*?\}\}|\{\{~?\s*([#^/])\s*(\*?>?\s*)([^\s}~()]+)/g)) {
    const [, sigil, extra, name] = match;
    if (!sigil) continue;
    if (sigil === '/') {
      const at = stack.findLastIndex((block) => block.name === name);
      if (at >= 0) stack.length = at;
    } else stack.push({ name, sigil: sigil + extra.trim(), offset: match.index });
  }
  const open = stack.at(-1);
  if (!open) return undefined;
  const before = text.slice(0, open.offset).split('\n');
  return { name: open.name, sigil: open.sigil, line: before.length, column: before.at(-1)!.length + 1 };
}

/** A folder that is there, or a link named like one (a loop, or a link to nothing, is then refused with its path). */
function present(dir: string): boolean {
  return existsSync(dir) || Boolean(lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink());
}

/**
 * The .hbs files under a templates folder. A symlink is followed only when it stays inside the
 * folder; one that leads out (or loops, or is a linked folder) is a problem naming it, never read.
 */
async function listHbs(dir: string, contentFolder: boolean): Promise<{ files: string[]; problems: VFileMessage[] }> {
  const refusedFolder = contentFolder ? await folderOutside(dir) : undefined;
  if (refusedFolder) return { files: [], problems: [refusedFolder] };
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files: string[] = [];
  const problems: VFileMessage[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith('.hbs')) files.push(path);
    if (!entry.isSymbolicLink()) continue;
    const found = contentFolder ? await realFileInside(path, dirname(dirname(dir)), 'Template') : await realFileInside(path, dir, 'Template', undefined, 'the templates folder');
    if (!('refusal' in found)) {
      if (entry.name.endsWith('.hbs')) files.push(path);
    } else if (found.refusal.kind !== 'missing' || entry.name.endsWith('.hbs')) {
      const refusal = found.refusal.kind === 'not-file' ? { reason: `Template folder ${path} is a symlink: linked folders are not read`, fix: 'Copy the templates into the folder instead of linking to them' } : found.refusal;
      problems.push(problem(path, { line: 1, column: 1 }, refusal.reason, refusal.fix, 'outside-templates'));
    }
  }
  return { files: files.sort(), problems };
}

/** An edition's templates/ folder that is itself a symlink out of its edition folder (or a loop). */
async function folderOutside(dir: string): Promise<VFileMessage | undefined> {
  const info = await lstat(dir);
  if (!info.isSymbolicLink()) return undefined;
  const real = await realpath(dir).catch((error: NodeJS.ErrnoException) => error);
  if (real instanceof Error) {
    const refusal = real.code === 'ELOOP' ? loopRefusal(dir, 'Template folder') : { reason: `Template folder ${dir} is a symlink to nothing`, fix: 'Delete the link' };
    return problem(dir, { line: 1, column: 1 }, refusal.reason, refusal.fix, 'outside-templates');
  }
  const parent = await realpath(dirname(dir));
  if (isInside(real, parent)) return undefined;
  return problem(dir, { line: 1, column: 1 }, `Template folder ${dir} is a symlink to ${real}, outside its own folder`, 'Copy the templates into the folder instead of linking to them', 'outside-templates');
}

/**
 * A loader that reads and compiles each set of template folders once: editions without their own
 * templates/ folder share the templates of templates/. One per build (templates may change between builds).
 */
export function templateLoader(): (dirs: string[]) => Promise<Templates> {
  const cache = new Map<string, Promise<Templates>>();
  return (dirs) => {
    const used = dirs.filter((dir, i) => i === 0 || present(dir));
    const key = used.join('\0');
    if (!cache.has(key)) cache.set(key, loadTemplates(used));
    return cache.get(key)!;
  };
}

/**
 * The problems of the templates every edition renders with (templates/ plus the edition's
 * overrides), each reported once: `daan check` and the build report them with the content's.
 */
export async function templateProblems(templatesDir: string, editionDirs: string[]): Promise<VFileMessage[]> {
  const sets = [[templatesDir], ...editionDirs.map((dir) => [templatesDir, join(dir, 'templates')]).filter(([, own]) => present(own))];
  const seen = new Map<string, VFileMessage>();
  for (const dirs of sets) {
    try {
      await loadTemplates(dirs);
    } catch (error) {
      if (!(error instanceof BuildFailure)) throw error;
      for (const p of error.problems) seen.set(`${p.file}:${p.line}:${p.column}:${p.reason}`, p);
    }
  }
  return [...seen.values()];
}

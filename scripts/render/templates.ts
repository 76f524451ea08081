/**
 * Handlebars templates: layouts, pages and partials under templates/, overridable per edition
 * (content/<edition>/templates/ with the same relative paths). Values are escaped by default;
 * only helpers listed in helpers.ts are allowed, so a misspelt helper fails at compile time with
 * its line; prototype access stays disabled (Handlebars' default).
 */
import { existsSync, lstatSync } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { readCached, writeCached } from '../core/cache.ts';
import type { VFileMessage } from 'vfile-message';
import { recordFile, recordTree } from '../core/inputs.ts';
import { problem, BuildFailure, UserError } from '../report/problems.ts';
import { reasonAndFix, say, sayProblem } from '../report/messages.ts';
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
 * check, and compiling is the expensive part. Kept in the build cache too, by the text and
 * Handlebars' version: a build whose templates did not change compiles none.
 */
const specs = new Map<string, Promise<string>>();

/** Compiles once (errors at load time, with their line, rather than at first use). */
async function compileTemplate(hb: typeof Handlebars, text: string): Promise<Handlebars.TemplateDelegate> {
  let spec = specs.get(text);
  if (spec === undefined) {
    spec = cachedSpec(hb, text);
    specs.set(text, spec);
    // A template that does not compile is compiled again next time, to give its error.
    spec.catch(() => specs.delete(text));
  }
  // The same code Handlebars.compile would make and run; templates are compiled, never evaluated from content.
  return hb.template(new Function(`return ${await spec}`)());
}

async function cachedSpec(hb: typeof Handlebars, text: string): Promise<string> {
  const key = createHash('sha256').update(`${Handlebars.VERSION}\0${JSON.stringify(compileOptions)}\0${text}`).digest('hex');
  const kept = await readCached(TEMPLATE_KIND, key);
  if (kept) return new TextDecoder().decode(kept);
  const spec = hb.precompile(text, compileOptions) as string;
  await writeCached(TEMPLATE_KIND, key, new TextEncoder().encode(spec), 500);
  return spec;
}

const TEMPLATE_KIND = 'templates';

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
    await rememberPartialUses(hb, text);
    let template: Handlebars.TemplateDelegate;
    try {
      template = await compileTemplate(hb, text);
    } catch (error) {
      problems.push(templateProblem(file, error as Error, text));
      continue;
    }
    compiled.set(name, { file, template });
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), template);
  }
  problems.push(...missingPartials(hb, sources, texts));
  if (problems.length) throw new BuildFailure(problems);
  const reached = new Map<string, string[]>();
  return {
    files: [...sources.values()].sort(),
    render(name, context) {
      const entry = compiled.get(name);
      if (!entry) throw new BuildFailure([problem(join(dirs[0], `${name}.hbs`), undefined, ...sayProblem('template-missing', { name }))]);
      // What this render reads: the template and the partials its syntax tree reaches.
      if (!reached.has(name)) reached.set(name, templatesReached(hb, name, sources, texts));
      for (const file of reached.get(name)!) recordFile(file, texts.get(file)!);
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
  used: { name: string; line: number; column: number; block?: boolean }[];
  /** `{{> (expression)}}`: the name is known only when rendering, so any partial may be used. */
  dynamic: boolean;
}

/**
 * The files a template reads when it renders: its own and, through the syntax tree, every partial
 * it names (`{{> name}}`, `{{> "name"}}`, `{{#> name}}`), transitively; a dynamic name reaches them all.
 */
function templatesReached(hb: typeof Handlebars, root: string, sources: Map<string, string>, texts: Map<string, string>): string[] {
  const partials = [...sources.keys()].filter((name) => name.startsWith('partials/'));
  const seen = new Set<string>();
  const queue = [root];
  while (queue.length) {
    const name = queue.shift()!;
    const file = sources.get(name);
    if (file === undefined || seen.has(name)) continue;
    seen.add(name);
    const uses = partialUses(hb, texts.get(file)!);
    if (!uses || uses.dynamic) queue.push(...partials);
    else queue.push(...uses.used.map((use) => `partials/${use.name}`));
  }
  return [...seen].map((name) => sources.get(name)!).sort();
}
/** Template text → the partials it uses and defines inline (undefined: it does not parse). */
const partialUsesByText = new Map<string, PartialUses | undefined>();

/**
 * What partialUses(text) will give, taken from the build cache when kept there (by the text and
 * Handlebars' version): parsing every template to find its partials costs a build some 100 ms
 * when none changed.
 */
async function rememberPartialUses(hb: typeof Handlebars, text: string): Promise<void> {
  if (partialUsesByText.has(text)) return;
  const key = `${createHash('sha256').update(`${Handlebars.VERSION}\0partial uses\0${text}`).digest('hex')}.json`;
  const kept = await readCached(TEMPLATE_KIND, key);
  const uses = kept && keptPartialUses(kept);
  if (uses !== undefined) {
    partialUsesByText.set(text, uses ?? undefined);
    return;
  }
  const found = partialUses(hb, text);
  await writeCached(TEMPLATE_KIND, key, new TextEncoder().encode(JSON.stringify(found ? { ...found, inline: [...found.inline] } : null)), 500);
}

/** A kept entry read back (null: the template does not parse), or undefined when it cannot be read. */
function keptPartialUses(bytes: Uint8Array): PartialUses | null | undefined {
  try {
    const uses = JSON.parse(new TextDecoder().decode(bytes)) as (Omit<PartialUses, 'inline'> & { inline: string[] }) | null;
    return uses && { ...uses, inline: new Set(uses.inline) };
  } catch {
    return undefined;
  }
}

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
  let dynamic = false;
  walk(ast, (node) => {
    if (node.type === 'DecoratorBlock' || node.type === 'Decorator') {
      const decorator = node as hbs.AST.DecoratorBlock;
      const param = decorator.params?.[0];
      if ((decorator.path as hbs.AST.PathExpression).original === 'inline' && param?.type === 'StringLiteral') inline.add((param as hbs.AST.StringLiteral).value);
    }
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const partial = node as hbs.AST.PartialStatement;
      const path = partial.name as hbs.AST.PathExpression | hbs.AST.StringLiteral | hbs.AST.SubExpression;
      if (path.type === 'SubExpression') dynamic = true;
      const partialName = path.type === 'PathExpression' ? path.original : path.type === 'StringLiteral' ? path.value : undefined;
      // A partial block has a fallback: a missing name is no problem, but a present one is read.
      if (partialName && !partialName.startsWith('@')) used.push({ name: partialName, line: partial.loc.start.line, column: partial.loc.start.column + 1, ...(node.type === 'PartialBlockStatement' ? { block: true } : {}) });
    }
  });
  return { inline, used, dynamic };
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
      if (use.block || defined.has(use.name) || inline.has(use.name)) continue;
      problems.push(problem(file, { line: use.line, column: use.column }, ...sayProblem('template-partial-used', { partial: use.name, template: name, known: [...defined].sort().join(', ') })));
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
  if (open) return problem(file, open, ...sayProblem('template-unclosed', { open: `${open.sigil}${open.name}`, name: open.name }));
  const place = /on line (\d+)/.exec(message) ?? /- (\d+):(\d+)/.exec(message);
  const line = place ? Number(place[1]) : 1;
  // Handlebars' column is that of the block's name (0-based): point at the `{{` that opens it.
  const named = place?.[2] ? Number(place[2]) : undefined;
  const opening = named !== undefined && text !== undefined ? (text.split('\n')[line - 1] ?? '').lastIndexOf('{{', named) : -1;
  const column = opening >= 0 ? opening + 1 : named !== undefined ? named + 1 : 1;
  const helper = /unknown helper (\S+)/.exec(message)?.[1];
  if (helper) return problem(file, { line, column }, ...sayProblem('template-helper', { helper, known: Object.keys(helpers).join(', ') }));
  const partial = /The partial (\S+) could not be found/.exec(message)?.[1];
  if (partial) return problem(file, { line, column }, ...sayProblem('template-partial', { partial }));
  return problem(file, { line, column }, ...sayProblem('template', { detail: message.split('\n')[0] }));
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
    const found = contentFolder ? await realFileInside(path, dirname(dirname(dir)), say('noun-template')) : await realFileInside(path, dir, say('noun-template'), undefined, say('noun-templates-folder'));
    if (!('refusal' in found)) {
      if (entry.name.endsWith('.hbs')) files.push(path);
    } else if (found.refusal.kind !== 'missing' || entry.name.endsWith('.hbs')) {
      const refusal = found.refusal.kind === 'not-file' ? reasonAndFix(sayProblem('template-folder-linked', { path })) : found.refusal;
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
    const refusal = real.code === 'ELOOP' ? loopRefusal(dir, say('noun-template-folder')) : reasonAndFix(sayProblem('template-folder-dangling', { path: dir }));
    return problem(dir, { line: 1, column: 1 }, refusal.reason, refusal.fix, 'outside-templates');
  }
  const parent = await realpath(dirname(dir));
  if (isInside(real, parent)) return undefined;
  return problem(dir, { line: 1, column: 1 }, ...sayProblem('outside-templates', { path: dir, real }));
}

/**
 * A file of the templates folder that a render reads as it is (a stylesheet): recorded as an input;
 * a missing one is an error that names it, never an empty stylesheet.
 */
export async function readTemplateAsset(templatesDir: string, name: string): Promise<string> {
  const path = join(templatesDir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(say('template-asset', { path, code: (error as NodeJS.ErrnoException).code ?? 'error', name }), { cause: error });
  }
  recordFile(path, text);
  return text;
}

/**
 * A loader that reads and compiles each set of template folders once: editions without their own
 * templates/ folder share the templates of templates/. One per build (templates may change between builds).
 */
export function templateLoader(): (dirs: string[]) => Promise<Templates> {
  const cache = new Map<string, Promise<Templates>>();
  return async (dirs) => {
    const used = dirs.filter((dir, i) => i === 0 || present(dir));
    const key = used.join('\0');
    if (!cache.has(key)) cache.set(key, loadTemplates(used));
    // Whether an edition overrides a template, and which, is an input of what it renders.
    await Promise.all(dirs.slice(1).map((dir) => recordTree(dir)));
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

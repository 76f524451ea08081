/**
 * Recorded inputs. A build is a set of output units (each edition, each briefing, the site pages,
 * the search index); while a unit is built, the stages record here what they actually read: a file's bytes
 * (content, templates reached through the Handlebars syntax tree, CSS, images, the data of quoted
 * editions), a folder's listing, a value (options, the pipeline's own version). The manifest keeps
 * each unit's inputs with their hashes; the planner re-hashes exactly those (see rehashInputs) and
 * rebuilds the units where one changed. Nothing is found by scanning text.
 *
 * Which unit reads is carried by the async context (asUnit): a read made outside any unit counts
 * for every unit of the build, which can only make a unit rebuild more often, never go stale.
 *
 * Keys never hold a machine's paths: `file:content/2017-09/articles/a.md`, `list:content/2017-09/data`,
 * `tree:templates/…`, `value:options`. Files outside content/ and templates/ are not recorded: the
 * pipeline's own code and the npm packages (fonts included) are the `value:generator` input.
 *
 * Only node built-ins and the build cache here: the planner loads this without the rest of the pipeline.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileSha256, MISSING, regularFileSha256 } from './file-hashes.ts';

export { fileSha256, MISSING };

/**
 * The unit of the briefing `id` (content/briefings/<id>.md): named after its place in out/, so
 * that it can never be taken for an edition (whose ids have no slash).
 */
export function briefingUnit(id: string): string {
  return `briefings/${id}`;
}

/** Input key → sha256 of what was read. */
export type UnitInputs = Record<string, string>;

/** The folders whose files are recorded, by the name keys use. */
export interface InputRoots {
  content: string;
  templates: string;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One hash for a unit's inputs, the same whatever order they were read in. */
export function unitDigest(inputs: UnitInputs): string {
  return sha256(
    Object.keys(inputs)
      .sort()
      .map((key) => `${key}\0${inputs[key]}`)
      .join('\n'),
  );
}

/** Everything one build read, by unit. */
export class InputLog {
  /** Reads made outside any unit: they count for every unit. */
  readonly shared = new Map<string, string>();
  readonly units = new Map<string, Map<string, string>>();
  /** Every input recorded so far, by key: a unit that uses what another unit loaded records it from here. */
  private readonly seen = new Map<string, string>();
  /**
   * The keys of `seen` by folder (`content/2016-12/data`): its listing and the files read in it or
   * below. knownUnder is asked at every data directive, and filtering every key each time cost an
   * archive of 1,200 articles over half a second.
   */
  private readonly under = new Map<string, Set<string>>();

  /** The roots as absolute paths, for keyOf's quick way. */
  private readonly resolvedRoots: [string, string][];

  constructor(readonly roots: InputRoots) {
    this.resolvedRoots = Object.entries(roots).map(([name, root]) => [name, resolve(root)]);
  }

  /** The key of a path under one of the roots, or undefined for a path outside them. */
  keyOf(kind: 'file' | 'list' | 'tree', path: string): string | undefined {
    // A plain absolute path inside a root (the usual read) is named by cutting the root off: path.relative costs
    // more than the rest of recording a read, and a kept edition records thousands of them.
    const plain = isAbsolute(path) && !path.includes(`${sep}.`) && !path.includes(`${sep}${sep}`) && !path.endsWith(sep);
    for (const [name, root] of this.resolvedRoots) {
      if (plain && path.startsWith(root) && path[root.length] === sep) return `${kind}:${name}/${path.slice(root.length + 1).split(sep).join('/')}`;
    }
    for (const [name, root] of Object.entries(this.roots)) {
      const rel = relative(root, path);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return `${kind}:${[name, ...(rel ? rel.split(sep) : [])].join('/')}`;
    }
    return undefined;
  }

  add(key: string, hash: string, unit: string | string[] | undefined): void {
    if (!this.seen.has(key)) this.index(key);
    this.seen.set(key, hash);
    if (unit === undefined) {
      this.shared.set(key, hash);
      return;
    }
    for (const name of typeof unit === 'string' ? [unit] : unit) {
      const into = this.units.get(name) ?? new Map<string, string>();
      this.units.set(name, into);
      into.set(key, hash);
    }
  }

  /** What this build already recorded of the folder `rel` (`content/2016-12/data`): its listing and the files read in it, in the order they were first recorded. */
  knownUnder(rel: string): [string, string][] {
    return [...(this.under.get(rel) ?? [])].map((key) => [key, this.seen.get(key)!]);
  }

  /** Files under each of their folders; a listing under its own folder. */
  private index(key: string): void {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    const path = key.slice(colon + 1);
    const folders = kind === 'list' ? [path] : kind === 'file' ? ancestors(path) : [];
    for (const folder of folders) {
      const keys = this.under.get(folder) ?? new Set<string>();
      this.under.set(folder, keys);
      keys.add(key);
    }
  }

  /** What this build recorded under `key`, whoever read it. */
  known(key: string): string | undefined {
    return this.seen.get(key);
  }

  /** A unit's inputs: its own reads and the shared ones, plus `values`. */
  inputsOf(unit: string, values: UnitInputs): UnitInputs {
    return sorted({ ...Object.fromEntries(this.shared), ...Object.fromEntries(this.units.get(unit) ?? []), ...values });
  }

  /** Everything read by anyone: the inputs of a unit built from all the others (the site pages). */
  everything(values: UnitInputs): UnitInputs {
    const all: UnitInputs = Object.fromEntries(this.shared);
    for (const inputs of this.units.values()) Object.assign(all, Object.fromEntries(inputs));
    return sorted({ ...all, ...values });
  }
}

/** `content/a/b/c.csv` → `content/a/b`, `content/a`, `content`. */
function ancestors(path: string): string[] {
  const folders: string[] = [];
  for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) folders.push(path.slice(0, end));
  return folders;
}

function sorted(inputs: UnitInputs): UnitInputs {
  return Object.fromEntries(Object.keys(inputs).sort().map((key) => [key, inputs[key]]));
}

interface Context {
  /** Absent while reads are only collected (withReads outside a recorded build). */
  log?: InputLog;
  /** The unit reading, or the units a read made once for several of them counts for. */
  unit?: string | string[];
  /** withReads: every read made meanwhile, also collected here. */
  reads?: Read[];
}

/** One read, by absolute path, as withReads collects it. */
export interface Read {
  kind: 'file' | 'list' | 'tree';
  path: string;
  hash: string;
}

const context = new AsyncLocalStorage<Context>();

/** Runs a build with `log` recording what its stages read. */
export function recordingInto<T>(log: InputLog, run: () => Promise<T>): Promise<T> {
  return context.run({ log }, run);
}

/** Runs part of a build as the unit `unit`: what it reads is that unit's input. */
export function asUnit<T>(unit: string, run: () => Promise<T>): Promise<T> {
  const current = context.getStore();
  return current ? context.run({ ...current, unit }, run) : run();
}

/** Runs what several units share (the templates and office fonts every briefing prints with, read once): what it reads is the input of each. */
export function asUnits<T>(units: string[], run: () => Promise<T>): Promise<T> {
  const current = context.getStore();
  return current ? context.run({ ...current, unit: [...units] }, run) : run();
}

/**
 * Runs `run` and returns what it read besides its result (a stage's own cache keeps them to know
 * when its result is still current: see currentHashOf). The reads count as they would without.
 */
export async function withReads<T>(run: () => Promise<T>): Promise<{ value: T; reads: Read[] }> {
  const reads: Read[] = [];
  const value = await context.run({ ...context.getStore(), reads }, run);
  return { value, reads };
}

/** Records again, for the current unit, what a result taken from a stage's cache was made from (as withReads returned it). */
export function recordReads(reads: Read[]): void {
  for (const read of reads) note(read.kind, read.path, () => read.hash);
}

/** The current hash of what a read read (a file's hash, a folder's listing), as withReads would record it now. */
export async function currentHashOf(read: Pick<Read, 'kind' | 'path'>): Promise<string> {
  if (read.kind === 'file') return fileSha256(read.path);
  if (read.kind === 'list') return readdir(read.path).then(listingHash, () => MISSING);
  return treeHash(read.path);
}

function note(kind: Read['kind'], path: string, hash: () => string): void {
  const current = context.getStore();
  if (!current) return;
  const key = current.log?.keyOf(kind, path);
  if (!key && !current.reads) return;
  const value = hash();
  current.reads?.push({ kind, path, hash: value });
  if (key) current.log!.add(key, value, current.unit);
}

/** The stages call these after reading; outside a recorded build they do nothing. */
export function recordFile(path: string, bytes: string | Uint8Array): void {
  note('file', path, () => sha256(bytes));
}

/** Records a file the stage uses without reading it whole (an image it copies): hashed as a stream. */
export async function recordFileUnread(path: string): Promise<void> {
  const current = context.getStore();
  if (!current || (!current.reads && !current.log?.keyOf('file', path))) return;
  const hash = await fileSha256(path);
  context.run(current, () => note('file', path, () => hash));
}

/** A folder's names as readdir gave them (the stage filters them itself): adding or removing a file is a change. */
export function recordListing(dir: string, names: string[] | undefined): void {
  note('list', dir, () => (names ? listingHash(names) : MISSING));
}

/** A folder's files, recursively (a template folder): their relative paths. */
export async function recordTree(dir: string): Promise<void> {
  const current = context.getStore();
  if (!current || (!current.reads && !current.log?.keyOf('tree', dir))) return;
  const hash = await treeHash(dir);
  context.run(current, () => note('tree', dir, () => hash));
}

/** Records, for the current unit, the files this build already read under `dir` (the data of a quoted edition). */
export function recordKnownUnder(dir: string): void {
  const current = context.getStore();
  const key = current?.log?.keyOf('file', dir);
  if (!current?.log || !key || current.unit === undefined) return;
  for (const [known, hash] of current.log.knownUnder(key.slice('file:'.length))) current.log.add(known, hash, current.unit);
}

/**
 * Records, for the current unit, a file or folder listing another unit already read (a briefing
 * that includes an article uses the article as the load stage read it, from memory).
 */
export function recordKnown(kind: 'file' | 'list', path: string): void {
  const current = context.getStore();
  const key = current?.log?.keyOf(kind, path);
  const hash = key === undefined ? undefined : current?.log?.known(key);
  if (current?.log && key && hash !== undefined && current.unit !== undefined) current.log.add(key, hash, current.unit);
}

function listingHash(names: string[]): string {
  return sha256([...names].sort().join('\n'));
}

async function treeHash(dir: string): Promise<string> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return listingHash(entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')));
  } catch {
    return MISSING;
  }
}

/**
 * The current hash of every recorded input (files streamed, each once across units), for the
 * planner: `values` are the current values (options, generator). Returns the first key that
 * changed, or undefined when every input is as recorded.
 */
export async function firstChange(inputs: UnitInputs, roots: InputRoots, values: UnitInputs, cache: Map<string, Promise<string>>, checked?: CheckedReads): Promise<string | undefined> {
  for (const [key, hash] of Object.entries(inputs)) {
    let now = cache.get(key);
    if (!now) {
      now = currentHash(key, roots, values, checked);
      cache.set(key, now);
    }
    if ((await now) !== hash) return key;
  }
  for (const key of Object.keys(values)) if (!(key in inputs)) return key;
  return undefined;
}

/**
 * What the planner found the files (regular files only: a symbolic link is always looked at again)
 * and folder listings it hashed to be, by `checkedKey`: the load stage takes an edition from its
 * cache on these without hashing them again (load/edition-cache.ts).
 */
export type CheckedReads = Map<string, string>;

export function checkedKey(read: Pick<Read, 'kind' | 'path'>): string {
  return `${read.kind}:${resolve(read.path)}`;
}

async function currentHash(key: string, roots: InputRoots, values: UnitInputs, checked?: CheckedReads): Promise<string> {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  if (kind === 'value') return values[key] ?? MISSING;
  const [root, ...rest] = key.slice(colon + 1).split('/');
  const base = roots[root as keyof InputRoots];
  if (base === undefined) return MISSING;
  const path = join(base, ...rest);
  if (kind === 'file') {
    const regular = await regularFileSha256(path);
    if (regular !== undefined) checked?.set(checkedKey({ kind, path }), regular);
    return regular ?? fileSha256(path);
  }
  if (kind === 'list') {
    const hash = await readdir(path).then(listingHash, () => MISSING);
    checked?.set(checkedKey({ kind, path }), hash);
    return hash;
  }
  if (kind === 'tree') return treeHash(path);
  return MISSING;
}

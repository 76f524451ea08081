/**
 * Finds the places in scripts/ where text meant for the user is written inline instead of coming
 * from the message catalogue (scripts/report/messages.ts): a string or template literal with words
 * in it, handed to something that shows it — problem(), Problems.add, a warning builder, vfile's
 * file.message, new UserError (or another error a user reads), a progress line (info/debug/tick/done),
 * a log callback, what the CLI and the preview server write to the terminal — or given to a property named reason or fix (a refusal).
 * It walks the syntax tree (@babel/parser), so prose in comments, in HTML templates or in
 * internal errors does not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@babel/parser';

/** Called functions whose arguments are shown to the user, by the name they are called with. */
const messageCalls = new Set(['problem', 'note', 'warning', 'lint', 'refusal', 'info', 'debug', 'tick', 'done', 'log', 'say', 'message']);
const messageProperties = new Set(['reason', 'fix']);

export interface InlineMessage {
  file: string;
  line: number;
  text: string;
}

// Babel's nodes, as far as this walk needs them.
interface Node {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number } };
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function children(node: Node): Node[] {
  const list: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
    if (Array.isArray(value)) list.push(...value.filter(isNode));
    else if (isNode(value)) list.push(value);
  }
  return list;
}

const words = /[A-Za-z]{2}|\p{Script=Han}/u;

/** True when the expression writes words of its own: a literal with letters, outside any call. */
function hasProse(node: Node): boolean {
  // A key (a rule id, a counter's name: `data-csv`, `documents`) is no prose.
  if (node.type === 'StringLiteral') return words.test(node.value as string) && !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(node.value as string);
  if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis as Node[];
    // A rule id built from parts (`figure-${rule}`) is no prose either.
    return quasis.some((q) => words.test((q.value as { cooked: string }).cooked) && !/^[a-z-]*$/.test((q.value as { cooked: string }).cooked)) || (node.expressions as Node[]).some(hasProse);
  }
  // What a call returns is that call's business (a catalogue lookup, a formatter); so is a function's body.
  if (['CallExpression', 'NewExpression', 'ArrowFunctionExpression', 'FunctionExpression', 'TaggedTemplateExpression'].includes(node.type)) return false;
  return children(node).some(hasProse);
}

function calleeName(node: Node): string {
  const callee = node.callee as Node;
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression' && (callee.property as Node).type === 'Identifier') return ((callee.property as Node).name as string);
  return '';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Inline messages in one TypeScript source text. */
export function inlineMessagesIn(text: string, file: string, options: { console?: boolean } = {}): InlineMessage[] {
  const found: InlineMessage[] = [];
  const ast = parse(text, { sourceType: 'module', plugins: ['typescript'] }) as unknown as Node;
  const report = (node: Node) => found.push({ file, line: node.loc.start.line, text: text.slice(node.start, node.end).replace(/\s+/g, ' ').slice(0, 120) });
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const name = calleeName(node);
      const callee = text.slice((node.callee as Node).start, (node.callee as Node).end);
      const shown =
        messageCalls.has(name) ||
        (name === 'add' && /problems\.add$/i.test(callee)) ||
        // An error the user reads (UserError, the IncludeError of a directive …); a plain Error is a bug report.
        (node.type === 'NewExpression' && /^[A-Z]\w*(Error|Failure)$/.test(name) && !['Error', 'TypeError', 'RangeError'].includes(name)) ||
        (options.console && (/^console\.(log|error)$/.test(callee) || /^(process\.)?(stdout|stderr)\.write$/.test(callee)));
      // A catalogue lookup (`say('key', { file: `${dir}/edition.yaml` })`) passes values, not prose.
      const lookup = (name === 'say' || name === 'sayProblem') && (node.arguments as Node[])[0]?.type === 'StringLiteral';
      if (shown && !lookup) for (const arg of node.arguments as Node[]) if (hasProse(arg)) report(arg);
    }
    if ((node.type === 'ObjectProperty') && messageProperties.has(((node.key as Node).name ?? (node.key as Node).value) as string) && hasProse(node.value as Node)) report(node.value as Node);
    for (const child of children(node)) visit(child);
  };
  visit(ast);
  return found;
}

/** Inline messages in every source file under scripts/ (of the repository at root). */
export function inlineMessages(root: string): InlineMessage[] {
  return sourceFiles(join(root, 'scripts')).flatMap((path) => {
    const file = relative(root, path);
    return inlineMessagesIn(readFileSync(path, 'utf8'), file, { console: /^scripts\/(cli|serve)\//.test(file) });
  });
}

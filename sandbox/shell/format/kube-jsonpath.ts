/**
 * The common subset of kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath):
 * text and `{...}` actions; `.field`, `['field']`, `[n]`, `[a:b]`, `[*]`, `..field`,
 * `[?(@.a.b=="x")]` filters (==, !=, <, >, <=, >=; bare `@.x` for existence),
 * `{range ...}...{end}`, quoted literals `{"\n"}`. Missing keys print nothing
 * (kubectl's --allow-missing-template-keys defaults to true). Several results of
 * one action are joined by spaces; maps and lists print as compact JSON.
 * Also custom-columns (printers/customcolumn.go) on top of it.
 */
import { tabulate } from './tabwriter';
import { goEscape } from './kube-yaml';

type V = unknown;

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; start?: number; end?: number; single: boolean }
  | { kind: 'all' }
  | { kind: 'filter'; path: Step[]; op?: string; value?: string | number | boolean };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; steps: Step[] }
  | { kind: 'range'; steps: Step[]; body: Node[] };

export class JsonPathError extends Error {}

function parsePath(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  let s = src.trim();
  if (s.startsWith('$')) s = s.slice(1);
  if (s === '' || s === '@') return steps;
  if (s.startsWith('@')) s = s.slice(1);
  if (s[0] !== '.' && s[0] !== '[') s = `.${s}`;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      const recursive = s[i + 1] === '.';
      i += recursive ? 2 : 1;
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) i += 1;
        name += s[i];
        i += 1;
      }
      if (name === '*') steps.push({ kind: 'all' });
      else if (recursive) steps.push({ kind: 'recursive', name });
      else if (name !== '') steps.push({ kind: 'field', name });
    } else if (c === '[') {
      const close = findClose(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'all' });
      else if (inner.startsWith('?(') && inner.endsWith(')')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', start: Number(inner), single: true });
      else if (/^(-?\d*):(-?\d*)(:\d*)?$/.test(inner)) {
        const [a, b] = inner.split(':');
        steps.push({ kind: 'index', start: a ? Number(a) : undefined, end: b ? Number(b) : undefined, single: false });
      } else throw new JsonPathError(`invalid array index ${inner}`);
    } else throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(c)}`);
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let j = open; j < s.length; j += 1) {
    const ch = s[j];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth += 1;
    else if (ch === ']') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  throw new JsonPathError('unterminated array');
}

function parseFilter(expr: string): Step {
  const m = /^\s*(@[^=!<>\s]*)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/.exec(expr);
  if (!m) return { kind: 'filter', path: parsePath(expr.trim()) };
  const raw = m[3] as string;
  let value: string | number | boolean;
  if (/^'.*'$|^".*"$/.test(raw)) value = raw.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else throw new JsonPathError(`unrecognized filter value ${raw}`);
  return { kind: 'filter', path: parsePath(m[1] as string), op: m[2], value };
}

function parseQuoted(s: string): string {
  try {
    return JSON.parse(s.startsWith("'") ? `"${s.slice(1, -1).replace(/"/g, '\\"')}"` : s) as string;
  } catch {
    throw new JsonPathError(`invalid quoted string ${s}`);
  }
}

export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ body: Node[] }> = [{ body: root }];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      (stack[stack.length - 1] as { body: Node[] }).body.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) (stack[stack.length - 1] as { body: Node[] }).body.push({ kind: 'text', text: template.slice(i, open) });
    let close = -1;
    let quote = '';
    for (let j = open + 1; j < template.length; j += 1) {
      const ch = template[j];
      if (quote) {
        if (ch === '\\') j += 1;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch as string;
      else if (ch === '}') {
        close = j;
        break;
      }
    }
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    const top = stack[stack.length - 1] as { body: Node[] };
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('range ')) {
      const node: Node = { kind: 'range', steps: parsePath(action.slice(6)), body: [] };
      top.body.push(node);
      stack.push(node);
    } else if (/^".*"$|^'.*'$/s.test(action)) top.body.push({ kind: 'text', text: parseQuoted(action) });
    else top.body.push({ kind: 'path', steps: parsePath(action) });
    i = close + 1;
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

function isObj(v: V): v is Record<string, V> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function recursiveFind(v: V, name: string, out: V[]): void {
  if (isObj(v)) {
    if (name in v) out.push(v[name]);
    for (const x of Object.values(v)) recursiveFind(x, name, out);
  } else if (Array.isArray(v)) for (const x of v) recursiveFind(x, name, out);
}

function compare(a: V, op: string, b: string | number | boolean): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return typeof a === typeof b && (a as number) < (b as number);
    case '>': return typeof a === typeof b && (a as number) > (b as number);
    case '<=': return typeof a === typeof b && (a as number) <= (b as number);
    default: return typeof a === typeof b && (a as number) >= (b as number);
  }
}

export function evaluate(steps: Step[], root: V): V[] {
  let cur: V[] = [root];
  for (const step of steps) {
    const next: V[] = [];
    for (const v of cur) {
      if (step.kind === 'field') {
        if (isObj(v) && step.name in v) next.push(v[step.name]);
      } else if (step.kind === 'recursive') recursiveFind(v, step.name, next);
      else if (step.kind === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (isObj(v)) next.push(...Object.keys(v).sort().map((k) => v[k]));
      } else if (step.kind === 'index') {
        if (!Array.isArray(v)) continue;
        const norm = (n: number) => (n < 0 ? v.length + n : n);
        if (step.single) {
          const k = norm(step.start ?? 0);
          if (k < 0 || k >= v.length) throw new JsonPathError(`array index out of bounds: index ${step.start}, length ${v.length}`);
          next.push(v[k]);
        } else next.push(...v.slice(Math.max(0, norm(step.start ?? 0)), step.end === undefined ? v.length : Math.max(0, norm(step.end))));
      } else {
        const items = Array.isArray(v) ? v : [v];
        for (const item of items) {
          const found = evaluate(step.path, item);
          if (step.op === undefined ? found.length > 0 : found.some((f) => compare(f, step.op as string, step.value as string))) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}

function text(v: V): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return goEscape(JSON.stringify(v));
  return String(v);
}

function run(nodes: Node[], data: V): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'path') out += evaluate(n.steps, data).map(text).join(' ');
    else for (const item of evaluate(n.steps, data).flatMap((x) => (Array.isArray(x) ? x : [x]))) out += run(n.body, item);
  }
  return out;
}

/** Runs a JSONPath template; throws JsonPathError on a bad template. */
export function jsonPath(template: string, data: V): string {
  return run(parseTemplate(template), data);
}

/** printers.RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`. */
export function relaxed(expr: string): string {
  const e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) return e;
  if (e.startsWith('.')) return `{${e}}`;
  return `{.${e}}`;
}

/** Go's %v of a decoded JSON value (custom-columns prints cells this way). */
export function goValue(v: V): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  return String(v);
}

export interface CustomColumn {
  header: string;
  nodes: Node[];
}

/** Parses `-o custom-columns=H1:.path,H2:.path`; returns an error text kubectl would print. */
export function parseCustomColumns(spec: string): CustomColumn[] | string {
  if (spec.length === 0) return 'custom-columns format specified but no custom columns given';
  const cols: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1) return `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`;
    try {
      cols.push({ header: part.slice(0, colon), nodes: parseTemplate(relaxed(part.slice(colon + 1))) });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  return cols;
}

export function customColumnsTable(cols: CustomColumn[], objects: V[], headers: boolean): string {
  const rows: string[][] = headers ? [cols.map((c) => c.header)] : [];
  for (const o of objects) {
    rows.push(cols.map((c) => {
      const vals: V[] = [];
      for (const n of c.nodes) if (n.kind === 'path') vals.push(...evaluate(n.steps, o));
      return vals.length === 0 ? '<none>' : vals.map(goValue).join(',');
    }));
  }
  return tabulate(rows);
}

/**
 * What every kubectl subcommand shares: the global flags, flag-error
 * printing (cmd.go's FlagErrorFunc: the error, then "See 'kubectl X --help'
 * for usage."), the refused connection without a cluster, namespaces and
 * label selectors.
 */
import type { Engine } from '../../../engine';
import { parseFlags, flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import type { CommandContext } from '../../types';

/** kubectl's persistent flags (the ones `kubectl options` lists) that the lab accepts. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'v', short: 'v', type: 'int' },
  { name: 'help', short: 'h', type: 'bool' },
];

export interface Kctx {
  ctx: CommandContext;
  /** Words of the command path, e.g. "kubectl get". */
  path: string;
}

export function out(ctx: CommandContext, text: string): void {
  ctx.io.out(text);
}

export function fail(ctx: CommandContext, text: string, code = 1): number {
  ctx.io.err(text.endsWith('\n') ? text : `${text}\n`);
  return code;
}

/** Parses a subcommand's flags plus the global ones; prints kubectl's error on failure. */
export function parseOrFail(ctx: CommandContext, path: string, args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags | null {
  const p = parseFlags(args, [...specs, ...GLOBAL_FLAGS]);
  if (!p.ok) {
    fail(ctx, `error: ${p.message}\nSee '${path} --help' for usage.`);
    return null;
  }
  return p;
}

export function connectionRefused(ctx: CommandContext): number {
  return fail(ctx, 'The connection to the server localhost:8080 was refused - did you specify the right host or port?');
}

/** The request's namespace: -n, else the context's (always "default" here). */
export function namespaceOf(p: ParsedFlags): string {
  return flagString(p, 'namespace', 'default') || 'default';
}

/**
 * RFC 1123 subdomain check as the API server applies it to object names. The
 * result is the Status message (`Pod "x" is invalid: ...`); kubectl prints it
 * as `The Pod "x" is invalid: ...` when the error reaches it unwrapped, and
 * after its own prefix when a command wraps it (create deployment).
 */
export function invalidNameMessage(kindPlural: string, name: string): string | null {
  if (name.length > 253) return `${kindPlural} "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 253 characters`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    return `${kindPlural} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  }
  return null;
}

export function namespaceExists(engine: Engine, ns: string): boolean {
  return engine.namespaces().some((n) => n.name === ns);
}

// ---- label selectors (apimachinery labels.Parse) ----------------------------

export type Requirement =
  | { key: string; op: '=' | '!='; values: [string] }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' };

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** Parses a selector; a string is kubectl's error text. */
export function parseSelector(s: string): Requirement[] | string {
  if (s.trim() === '') return [];
  const reqs: Requirement[] = [];
  for (const raw of splitTopLevel(s)) {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    let req: Requirement;
    if ((m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part))) {
      req = { key: m[1] as string, op: m[2] as 'in' | 'notin', values: (m[3] as string).split(',').map((v) => v.trim()) };
    } else if ((m = /^(.*?)\s*(==|!=|=)\s*(.*)$/.exec(part))) {
      req = { key: (m[1] as string).trim(), op: m[2] === '!=' ? '!=' : '=', values: [(m[3] as string).trim()] };
    } else if (part.startsWith('!')) req = { key: part.slice(1).trim(), op: '!' };
    else req = { key: part, op: 'exists' };
    if (!KEY.test(req.key)) {
      return `unable to parse requirement: <nil>: Invalid value: "${req.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
    }
    if ('values' in req) {
      for (const v of req.values) {
        if (!VALUE.test(v) || v.length > 63) {
          return `unable to parse requirement: values[0][${req.key}]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
        }
      }
    }
    reqs.push(req);
  }
  return reqs;
}

export function matches(reqs: readonly Requirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case '=': return has && v === r.values[0];
      case '!=': return !has || v !== r.values[0];
      case 'in': return has && r.values.includes(v as string);
      case 'notin': return !has || !r.values.includes(v as string);
      case 'exists': return has;
      default: return !has;
    }
  });
}

export function formatLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels[k]}`).join(',');
}

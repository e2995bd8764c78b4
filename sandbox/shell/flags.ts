/**
 * A pflag-like command-line parser (github.com/spf13/pflag as cobra drives
 * it), shared by kubectl and minikube: long and short flags, `--flag=value`,
 * `-ovalue`, `-o=value`, grouped bool shorthands (`-it`), flags anywhere among
 * the positionals, and `--` ending the flags. Errors carry pflag's own words
 * (flag.go: "unknown flag", "unknown shorthand flag", "flag needs an
 * argument", "invalid argument ... for ... flag") without the "error: "
 * prefix the caller's printer adds.
 */

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** int flags: Go's bit size of the value (int32 flags reject larger numbers). */
  bits?: 32 | 64;
  /** For help output. */
  usage?: string;
  default?: string;
}

export type FlagValue = string | number | boolean | string[];

export interface ParsedFlags {
  ok: true;
  /** Values of the flags that were given, by long name. */
  values: Map<string, FlagValue>;
  positionals: string[];
  /** Number of positionals before `--`, or -1 when there was none (cobra's ArgsLenAtDash). */
  argsLenAtDash: number;
}

export interface FlagError {
  ok: false;
  message: string;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Go's strconv.ParseInt(s, 0, bits): the value or the error text. */
export function parseGoInt(s: string, bits: 32 | 64 = 64): number | string {
  const m = /^([+-]?)(0[xX][0-9a-fA-F](_?[0-9a-fA-F])*|0[bB][01](_?[01])*|0[oO]?[0-7](_?[0-7])*|0|[1-9](_?[0-9])*)$/.exec(s);
  if (!m) return `strconv.ParseInt: parsing "${s}": invalid syntax`;
  const body = (m[2] as string).replace(/_/g, '');
  let big: bigint;
  if (/^0[xX]/.test(body)) big = BigInt(body);
  else if (/^0[bB]/.test(body)) big = BigInt(body);
  else if (/^0[oO]/.test(body)) big = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) big = BigInt(`0o${body.slice(1)}`);
  else big = BigInt(body);
  if (m[1] === '-') big = -big;
  const limit = bits === 32 ? 2n ** 31n : 2n ** 63n;
  if (big >= limit || big < -limit) return `strconv.ParseInt: parsing "${s}": value out of range`;
  return Number(big);
}

function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function setValue(values: Map<string, FlagValue>, spec: FlagSpec, raw: string): string | null {
  switch (spec.type) {
    case 'bool': {
      const b = parseGoBool(raw);
      if (b === undefined) return `invalid argument "${raw}" for "${flagLabel(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
      values.set(spec.name, b);
      return null;
    }
    case 'int': {
      const n = parseGoInt(raw, spec.bits ?? 64);
      if (typeof n === 'string') return `invalid argument "${raw}" for "${flagLabel(spec)}" flag: ${n}`;
      values.set(spec.name, n);
      return null;
    }
    case 'stringArray': {
      const prev = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(prev) ? prev : []), raw]);
      return null;
    }
    default:
      values.set(spec.name, raw);
      return null;
  }
}

export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags | FlagError {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const values = new Map<string, FlagValue>();
  const positionals: string[] = [];
  let argsLenAtDash = -1;
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (a === '--') {
      argsLenAtDash = positionals.length;
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.length < 2 || a[0] !== '-') {
      positionals.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      if (body.length === 0 || body[0] === '-' || body[0] === '=') return { ok: false, message: `bad flag syntax: ${a}` };
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = byName.get(name);
      if (!spec) return { ok: false, message: `unknown flag: --${name}` };
      let raw: string;
      if (eq >= 0) raw = body.slice(eq + 1);
      else if (spec.type === 'bool') raw = 'true';
      else if (i + 1 < args.length) {
        i += 1;
        raw = args[i] as string;
      } else return { ok: false, message: `flag needs an argument: --${name}` };
      const err = setValue(values, spec, raw);
      if (err) return { ok: false, message: err };
      continue;
    }
    // One or more shorthands: -it, -ojson, -o=json, -o json.
    let rest = a.slice(1);
    while (rest.length > 0) {
      const c = rest[0] as string;
      const spec = byShort.get(c);
      if (!spec) return { ok: false, message: `unknown shorthand flag: '${c}' in ${a}` };
      let raw: string;
      if (rest.length > 2 && rest[1] === '=') {
        raw = rest.slice(2);
        rest = '';
      } else if (spec.type === 'bool') {
        raw = 'true';
        rest = rest.slice(1);
      } else if (rest.length > 1) {
        raw = rest.slice(1);
        rest = '';
      } else if (i + 1 < args.length) {
        i += 1;
        raw = args[i] as string;
        rest = '';
      } else return { ok: false, message: `flag needs an argument: '${c}' in -${c}` };
      const err = setValue(values, spec, raw);
      if (err) return { ok: false, message: err };
    }
  }
  return { ok: true, values, positionals, argsLenAtDash };
}

/** Typed accessors over parsed values. */
export function flagString(p: ParsedFlags, name: string, fallback = ''): string {
  const v = p.values.get(name);
  return typeof v === 'string' ? v : fallback;
}

export function flagBool(p: ParsedFlags, name: string): boolean {
  return p.values.get(name) === true;
}

export function flagInt(p: ParsedFlags, name: string): number | undefined {
  const v = p.values.get(name);
  return typeof v === 'number' ? v : undefined;
}

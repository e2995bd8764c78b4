import type { CommandContext, CommandSpec } from '../types';
import { readPlaceFile } from './files';

/**
 * The text filters people pipe kubectl and ip output into: grep, head, tail,
 * wc, sort, uniq. They read the pipe (a terminal stdin counts as empty: the
 * lab cannot wait for typed input). GNU and busybox flavours differ only
 * where their output or errors differ.
 */

function lines(text: string | null): string[] {
  if (!text) return [];
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

/** Bytes the text takes in UTF-8, as wc -c counts them. */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** How each tool says a file is not there (GNU coreutils/grep; busybox words it like GNU grep for all of them). */
function missingFile(ctx: CommandContext, tool: string, name: string, dir: boolean): string {
  const why = dir ? 'Is a directory' : 'No such file or directory';
  if (ctx.flavor !== 'busybox' && (tool === 'head' || tool === 'tail') && !dir) return `${tool}: cannot open '${name}' for reading: ${why}\n`;
  if (ctx.flavor !== 'busybox' && (tool === 'head' || tool === 'tail')) return `${tool}: error reading '${name}': ${why}\n`;
  if (ctx.flavor !== 'busybox' && tool === 'wc' && dir) return `wc: ${name}: read: ${why}\n`;
  return `${tool}: ${name}: ${why}\n`;
}

/**
 * What a filter reads: the pipe, or the one file it names in this place
 * (`grep nameserver /etc/resolv.conf`, `head -3 /etc/cni/net.d/10-kindnet.conflist`).
 * Several files would need each tool's own way of labelling them, which the
 * lab leaves out: they get a pointer to the form that works.
 */
function input(ctx: CommandContext, tool: string, files: string[], status: number): string | null | number {
  if (files.length === 0 || (files.length === 1 && files[0] === '-')) return ctx.stdin;
  if (files.length > 1) {
    ctx.io.err(`podlab: ${tool} reads one file at a time here; try: cat ${files.join(' ')} | ${tool}${tool === 'grep' ? ' ...' : ''}\n`);
    return status;
  }
  const name = files[0] as string;
  const file = readPlaceFile(ctx, name);
  if (typeof file === 'string') return file;
  ctx.io.err(missingFile(ctx, tool, name, file.dir));
  return status;
}

const joined = (rows: string[]) => rows.map((r) => `${r}\n`).join('');

/** GNU's complaint about an unknown option, or busybox's. */
function badOption(ctx: CommandContext, tool: string, option: string, usage: string): number {
  if (ctx.flavor === 'busybox') ctx.io.err(`${tool}: unrecognized option: ${option}\nBusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: ${usage}\n`);
  else ctx.io.err(`${tool}: invalid option -- '${option}'\nTry '${tool} --help' for more information.\n`);
  return ctx.flavor === 'busybox' ? 1 : 2;
}

/** Short options with an optional attached or following value, e.g. -n5, -n 5, -iv. */
function shortOptions(args: string[], withValue: string, allowed: string): { flags: Map<string, string>; rest: string[]; bad?: string } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-' || /^-\d+$/.test(a)) {
      rest.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split('=', 2) as [string, string | undefined];
      flags.set(`--${name}`, value ?? 'true');
      continue;
    }
    for (let j = 1; j < a.length; j += 1) {
      const f = a[j] as string;
      if (!allowed.includes(f)) return { flags, rest, bad: f };
      if (withValue.includes(f)) {
        const value = a.length > j + 1 ? a.slice(j + 1) : args[++i];
        flags.set(f, value ?? '');
        break;
      }
      flags.set(f, 'true');
    }
  }
  return { flags, rest };
}

/** A POSIX basic regular expression as a JavaScript one: \( \) \{ \} \| \+ \? are the operators, the bare ones are literal. */
function breToJs(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[i + 1] as string;
      out += '(){}|+?'.includes(n) ? n : `\\${n}`;
      i += 1;
    } else out += '(){}|+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

const GREP_USAGE = 'grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...';

export const grep: CommandSpec = {
  name: 'grep',
  summary: 'print lines that match a pattern',
  usage: 'grep [OPTION]... PATTERNS [FILE]...',
  run(ctx) {
    const { flags, rest, bad } = shortOptions(ctx.args, 'em', 'ivEFcnwoqe m');
    if (bad) return badOption(ctx, 'grep', bad, GREP_USAGE);
    const patterns = flags.has('e') ? [flags.get('e') as string] : rest.splice(0, 1);
    if (patterns.length === 0 || patterns[0] === undefined) {
      if (ctx.flavor === 'busybox') ctx.io.err(`BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: ${GREP_USAGE}\n`);
      else ctx.io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
      return ctx.flavor === 'busybox' ? 1 : 2;
    }
    const text = input(ctx, 'grep', rest, 2);
    if (typeof text === 'number') return text;
    const ignoreCase = flags.has('i');
    let source = patterns[0];
    if (flags.has('F')) source = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (!flags.has('E')) source = breToJs(source);
    if (flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
    let re: RegExp;
    try {
      re = new RegExp(source, ignoreCase ? 'gi' : 'g');
    } catch {
      ctx.io.err(ctx.flavor === 'busybox' ? `grep: bad regex '${patterns[0]}'\n` : 'grep: Unmatched ( or \\(\n');
      return 2;
    }
    const invert = flags.has('v');
    const matches = (line: string) => {
      re.lastIndex = 0;
      return re.test(line) !== invert;
    };
    const hits = lines(text)
      .map((line, i) => ({ line, n: i + 1 }))
      .filter((x) => matches(x.line));
    const max = flags.has('m') ? Number(flags.get('m')) : Infinity;
    const shown = hits.slice(0, Number.isFinite(max) ? max : undefined);
    if (flags.has('q')) return shown.length > 0 ? 0 : 1;
    if (flags.has('c')) {
      ctx.io.out(`${shown.length}\n`);
      return shown.length > 0 ? 0 : 1;
    }
    const colour = flags.get('--color') ?? flags.get('--colour') ?? (ctx.place.colorPrompt ? 'auto' : 'never');
    const paint = !invert && (colour === 'always' || (colour === 'auto' && ctx.tty));
    for (const { line, n } of shown) {
      const prefix = flags.has('n') ? (paint ? `\x1b[32m\x1b[K${n}\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K` : `${n}:`) : '';
      if (flags.has('o')) {
        // matchAll starts where the last test() left the shared regex.
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== '') ctx.io.out(`${prefix}${paint ? `\x1b[01;31m\x1b[K${m[0]}\x1b[m\x1b[K` : m[0]}\n`);
        continue;
      }
      const body = paint ? line.replace(re, (m) => (m === '' ? m : `\x1b[01;31m\x1b[K${m}\x1b[m\x1b[K`)) : line;
      ctx.io.out(`${prefix}${body}\n`);
    }
    return shown.length > 0 ? 0 : 1;
  },
};

/** `-n N`, `-N` and `-n +N` (tail) line counts. */
function lineCount(ctx: CommandContext, tool: string): { count: number; fromStart: boolean; text: string | null } | number {
  const { flags, rest, bad } = shortOptions(ctx.args, 'n', 'n');
  if (bad) return badOption(ctx, tool, bad, `${tool} [OPTIONS] [FILE]...`);
  const numeric = rest.find((a) => /^-\d+$/.test(a));
  const files = rest.filter((a) => a !== numeric);
  const text = flags.get('n') ?? (numeric ? numeric.slice(1) : '10');
  if (!/^[+-]?\d+$/.test(text)) {
    ctx.io.err(ctx.flavor === 'busybox' ? `${tool}: invalid number '${text}'\n` : `${tool}: invalid number of lines: '${text}'\n`);
    return 1;
  }
  const read = input(ctx, tool, files, 1);
  if (typeof read === 'number') return read;
  return { count: Math.abs(Number(text)), fromStart: text.startsWith('+'), text: read };
}

export const head: CommandSpec = {
  name: 'head',
  summary: 'print the first lines',
  usage: 'head [-n N] [FILE]...',
  run(ctx) {
    const n = lineCount(ctx, 'head');
    if (typeof n === 'number') return n;
    ctx.io.out(joined(lines(n.text).slice(0, n.count)));
    return 0;
  },
};

export const tail: CommandSpec = {
  name: 'tail',
  summary: 'print the last lines',
  usage: 'tail [-n N] [FILE]...',
  run(ctx) {
    const n = lineCount(ctx, 'tail');
    if (typeof n === 'number') return n;
    const all = lines(n.text);
    ctx.io.out(joined(n.fromStart ? all.slice(Math.max(0, n.count - 1)) : n.count === 0 ? [] : all.slice(-n.count)));
    return 0;
  },
};

export const wc: CommandSpec = {
  name: 'wc',
  summary: 'count lines, words and bytes',
  usage: 'wc [-lwc] [FILE]...',
  run(ctx) {
    const { flags, rest, bad } = shortOptions(ctx.args, '', 'lwcm');
    if (bad) return badOption(ctx, 'wc', bad, 'wc [-cmlwL] [FILE]...');
    // wc labels a file's counts with its name and sizes its columns to the file: the lab counts piped text only.
    if (rest.length > 0) {
      ctx.io.err(`podlab: wc counts piped text here; try: cat ${rest[0]} | wc${ctx.args.filter((a) => a.startsWith('-')).map((a) => ` ${a}`).join('')}\n`);
      return 1;
    }
    const text = ctx.stdin ?? '';
    const counts = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: utf8Length(text),
    };
    const chosen = (['l', 'w', 'c'] as const).filter((k) => flags.has(k) || (k === 'c' && flags.has('m')));
    const shown = chosen.length > 0 ? chosen : (['l', 'w', 'c'] as const);
    // Alone, a count prints bare; together GNU pads stdin counts to 7 columns, busybox to 9 with a space.
    if (shown.length === 1) ctx.io.out(`${counts[shown[0] as 'l']}\n`);
    else ctx.io.out(`${shown.map((k) => (ctx.flavor === 'busybox' ? String(counts[k]).padStart(9) : String(counts[k]).padStart(7))).join(ctx.flavor === 'busybox' ? ' ' : ' ')}\n`);
    return 0;
  },
};

export const sort: CommandSpec = {
  name: 'sort',
  summary: 'sort lines',
  usage: 'sort [-nruk] [FILE]...',
  run(ctx) {
    const { flags, rest, bad } = shortOptions(ctx.args, 'kt', 'nrukt');
    if (bad) return badOption(ctx, 'sort', bad, 'sort [-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...');
    const text = input(ctx, 'sort', rest, 2);
    if (typeof text === 'number') return text;
    const field = flags.has('k') ? Number.parseInt(flags.get('k') as string, 10) : 0;
    const sep = flags.get('t');
    const key = (line: string) => {
      if (!field) return line;
      const parts = sep ? line.split(sep) : line.trim().split(/\s+/);
      return parts.slice(field - 1).join(sep ?? ' ');
    };
    const numeric = flags.has('n');
    let rows = lines(text).sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (numeric) return (Number.parseFloat(ka) || 0) - (Number.parseFloat(kb) || 0) || (ka < kb ? -1 : ka > kb ? 1 : 0);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    if (flags.has('r')) rows.reverse();
    if (flags.has('u')) rows = rows.filter((r, i) => i === 0 || key(r) !== key(rows[i - 1] as string));
    ctx.io.out(joined(rows));
    return 0;
  },
};

export const uniq: CommandSpec = {
  name: 'uniq',
  summary: 'drop repeated adjacent lines',
  usage: 'uniq [-cdu]',
  run(ctx) {
    const { flags, rest, bad } = shortOptions(ctx.args, '', 'cdu');
    if (bad) return badOption(ctx, 'uniq', bad, 'uniq [-cdu][-f,s,w N] [INPUT [OUTPUT]]');
    // uniq's second name is an output file, which the lab does not write.
    if (rest.length > 1) {
      ctx.io.err(`podlab: this lab keeps no files, so output cannot go to "${rest[1]}"\n`);
      return 1;
    }
    const text = input(ctx, 'uniq', rest, 1);
    if (typeof text === 'number') return text;
    const groups: Array<{ line: string; count: number }> = [];
    for (const line of lines(text)) {
      const last = groups[groups.length - 1];
      if (last && last.line === line) last.count += 1;
      else groups.push({ line, count: 1 });
    }
    const kept = groups.filter((g) => (flags.has('d') ? g.count > 1 : flags.has('u') ? g.count === 1 : true));
    ctx.io.out(joined(kept.map((g) => (flags.has('c') ? `${String(g.count).padStart(7)} ${g.line}` : g.line))));
    return 0;
  },
};

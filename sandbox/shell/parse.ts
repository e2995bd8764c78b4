/**
 * The subset of the POSIX shell grammar the lab needs, parsed the way bash
 * does: lists joined by `;`, `&&` and `||`, pipelines joined by `|`, words
 * with single quotes, double quotes and backslash escapes, `$NAME`, `${NAME}`
 * and `$?` (expanded when the command runs, so `false; echo $?` prints 1), a
 * leading `~`, comments, and the redirections people paste (`2>&1`,
 * `>/dev/null`, `2>/dev/null`, `> file`, `< file`).
 */

/** A piece of a word: literal text, or a parameter to expand when the command runs. */
export type Part = { text: string } | { param: string; quoted?: boolean } | { tilde: true };
export type Word = Part[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  /** A file name, or for `>&` the target descriptor. */
  target: Word;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}

export type Pipeline = SimpleCommand[];

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
}

export type ParseResult =
  | { ok: true; lists: AndOr[] }
  | { ok: false; error: string; /** The lab, not the shell, refuses this line. */ lab?: boolean };

type Token = { kind: 'word'; word: Word; raw: string } | { kind: 'op'; op: string };

const OPERATORS = ['&&', '||', '>>', '>&', '<&', '&>', ';;', '|', ';', '&', '>', '<', '(', ')'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

class SyntaxError_ {
  constructor(readonly message: string, readonly lab = false) {}
}

function lex(line: string, flavour: 'bash' | 'sh'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    if (c === '#') break;
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    // A word runs until an unquoted blank or operator.
    const parts: Part[] = [];
    let raw = '';
    const lit = (text: string) => {
      const last = parts[parts.length - 1];
      if (last && 'text' in last) last.text += text;
      else parts.push({ text });
    };
    const dollar = (at: number, quoted = false): number => {
      const rest = line.slice(at + 1);
      if (rest.startsWith('{')) {
        const end = rest.indexOf('}');
        const name = end > 0 ? rest.slice(1, end) : '';
        if (end < 0 || !(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === "?")) throw new SyntaxError_(`\${${rest.slice(1, end < 0 ? undefined : end)}}: bad substitution`);
        parts.push({ param: name, quoted });
        return at + end + 2;
      }
      if (rest.startsWith('?') || rest.startsWith('$') || rest.startsWith('#') || /^[0-9]/.test(rest)) {
        parts.push({ param: rest[0] as string, quoted });
        return at + 2;
      }
      const m = NAME.exec(rest);
      if (m) {
        parts.push({ param: m[0], quoted });
        return at + 1 + m[0].length;
      }
      lit('$');
      return at + 1;
    };
    const start = i;
    if (line[i] === '~' && (i + 1 === line.length || /[\s/;|&<>]/.test(line[i + 1] as string))) {
      parts.push({ tilde: true });
      i += 1;
    }
    while (i < line.length) {
      const d = line[i] as string;
      if (/[ \t\r\n]/.test(d) || OPERATORS.some((o) => line.startsWith(o, i))) break;
      if (d === '\\') {
        if (i + 1 < line.length) lit(line[i + 1] as string);
        i += 2;
      } else if (d === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new SyntaxError_(flavour === 'bash' ? "unexpected EOF while looking for matching `''" : 'syntax error: unterminated quoted string');
        lit(line.slice(i + 1, end));
        i = end + 1;
      } else if (d === '"') {
        i += 1;
        let closed = false;
        lit('');
        while (i < line.length) {
          const e = line[i] as string;
          if (e === '"') {
            closed = true;
            i += 1;
            break;
          }
          if (e === '\\' && i + 1 < line.length && '\\"$`'.includes(line[i + 1] as string)) {
            lit(line[i + 1] as string);
            i += 2;
          } else if (e === '$') {
            i = dollar(i, true);
          } else {
            lit(e);
            i += 1;
          }
        }
        if (!closed) throw new SyntaxError_(flavour === 'bash' ? 'unexpected EOF while looking for matching `"\'' : 'syntax error: unterminated quoted string');
      } else if (d === '$') {
        i = dollar(i);
      } else {
        lit(d);
        i += 1;
      }
    }
    raw = line.slice(start, i);
    tokens.push({ kind: 'word', word: parts, raw });
  }
  return tokens;
}

function unexpected(token: Token | undefined, flavour: 'bash' | 'sh'): SyntaxError_ {
  const text = token === undefined ? 'newline' : token.kind === 'op' ? token.op : token.raw;
  if (token === undefined && flavour === 'bash') return new SyntaxError_('syntax error: unexpected end of file');
  return new SyntaxError_(flavour === 'bash' ? `syntax error near unexpected token \`${text}'` : `syntax error: unexpected ${token === undefined ? 'end of file' : `"${text}"`}`);
}

export function parse(line: string, flavour: 'bash' | 'sh' = 'bash'): ParseResult {
  try {
    const tokens = lex(line, flavour);
    let pos = 0;
    const peek = () => tokens[pos];
    const isOp = (t: Token | undefined, ...ops: string[]): t is { kind: 'op'; op: string } => t?.kind === 'op' && ops.includes(t.op);

    const command = (): SimpleCommand => {
      const cmd: SimpleCommand = { words: [], redirects: [] };
      for (;;) {
        const t = peek();
        if (t === undefined) break;
        if (t.kind === 'word') {
          const next = tokens[pos + 1];
          // "2>" and "2>&1": a descriptor number written right before the operator.
          if (/^[0-9]$/.test(t.raw) && isOp(next, '>', '>>', '<', '>&') && line.includes(`${t.raw}${next.op}`)) {
            pos += 1;
            cmd.redirects.push(redirect(Number(t.raw)));
            continue;
          }
          cmd.words.push(t.word);
          pos += 1;
          continue;
        }
        if (isOp(t, '>', '>>', '<', '>&', '&>')) {
          cmd.redirects.push(redirect(t.op === '<' ? 0 : 1));
          continue;
        }
        break;
      }
      if (cmd.words.length === 0 && cmd.redirects.length === 0) throw unexpected(peek(), flavour);
      return cmd;
    };

    const redirect = (fd: number): Redirect => {
      const t = tokens[pos] as { kind: 'op'; op: string };
      pos += 1;
      const target = peek();
      if (target === undefined) throw new SyntaxError_(flavour === 'bash' ? "syntax error near unexpected token `newline'" : 'syntax error: unexpected newline');
      if (target.kind !== 'word') throw unexpected(target, flavour);
      pos += 1;
      if (t.op === '&>') return { fd: -1, op: '>', target: target.word };
      return { fd, op: t.op as Redirect['op'], target: target.word };
    };

    const pipeline = (): Pipeline => {
      const cmds = [command()];
      while (isOp(peek(), '|')) {
        pos += 1;
        cmds.push(command());
      }
      return cmds;
    };

    const lists: AndOr[] = [];
    while (pos < tokens.length) {
      const t = peek();
      if (isOp(t, ';', '&', ';;', '(', ')', '|', '&&', '||')) throw unexpected(t, flavour);
      const andOr: AndOr = { first: pipeline(), rest: [] };
      while (isOp(peek(), '&&', '||')) {
        const op = (peek() as { op: '&&' | '||' }).op;
        pos += 1;
        andOr.rest.push({ op, pipeline: pipeline() });
      }
      lists.push(andOr);
      const sep = peek();
      if (sep === undefined) break;
      if (isOp(sep, '&')) throw new SyntaxError_('background jobs (&) are not part of this lab; run the command without the trailing &', true);
      if (!isOp(sep, ';')) throw unexpected(sep, flavour);
      pos += 1;
    }
    return { ok: true, lists };
  } catch (error) {
    if (error instanceof SyntaxError_) return { ok: false, error: error.message, ...(error.lab ? { lab: true } : {}) };
    throw error;
  }
}

/** A word's text once its parameters are known. */
export function expandWord(word: Word, lookup: (name: string) => string, home: string): string {
  return word.map((p) => ('text' in p ? p.text : 'param' in p ? lookup(p.param) : home)).join('');
}

/**
 * The argument list of a command: like bash, an unquoted expansion that
 * comes out empty leaves no argument behind (`echo $UNSET x` prints "x").
 */
export function expandWords(words: Word[], lookup: (name: string) => string, home: string): string[] {
  const out: string[] = [];
  for (const word of words) {
    const text = expandWord(word, lookup, home);
    const onlyUnquoted = word.every((p) => 'param' in p && !p.quoted);
    if (text === '' && onlyUnquoted) continue;
    out.push(text);
  }
  return out;
}

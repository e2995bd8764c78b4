import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';
import { expandWords, parse } from '../../../sandbox/shell/parse';
import { CLEAR_SCREEN } from '../../../sandbox/shell/commands/builtins';
import { COMMANDS } from '../../../sandbox/shell/commands';
import { Shell } from '../../../sandbox/shell/shell';
import { laptopPlace } from '../../../sandbox/shell/places';
import { History } from '../../../sandbox/tty/history';

/** The words of each simple command, for lines without parameters. */
function words(line: string): string[][] | string {
  const result = parse(line);
  if (!result.ok) return result.error;
  return result.lists.flatMap((l) => [l.first, ...l.rest.map((r) => r.pipeline)]).flat().map((c) => expandWords(c.words, () => '', '/home/x'));
}

describe('parse splits words like a POSIX shell', () => {
  it.each([
    ['echo a  b', [['echo', 'a', 'b']]],
    ["echo 'a  b' c", [['echo', 'a  b', 'c']]],
    ['echo "a \\"q\\" x"', [['echo', 'a "q" x']]],
    ['echo a\\ b', [['echo', 'a b']]],
    ["echo ''", [['echo', '']]],
    ['echo a; echo b;', [['echo', 'a'], ['echo', 'b']]],
    ['echo a # comment', [['echo', 'a']]],
    ['echo a#b', [['echo', 'a#b']]],
    ['a | b && c || d', [['a'], ['b'], ['c'], ['d']]],
    ['echo ~ ~/x a~', [['echo', '/home/x', '/home/x/x', 'a~']]],
    ['echo $UNSET x "$UNSET"', [['echo', 'x', '']]],
    ['   ', []],
  ])('%j', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it.each([
    ["echo 'a", "unexpected EOF while looking for matching `''"],
    ['echo "a', 'unexpected EOF while looking for matching `"\''],
    ['| grep x', "syntax error near unexpected token `|'"],
    ['echo a ;; echo b', "syntax error near unexpected token `;;'"],
    ['echo a |', 'syntax error: unexpected end of file'],
    ['echo >', "syntax error near unexpected token `newline'"],
    ['echo ${a b}', '${a b}: bad substitution'],
  ])('rejects %j like bash', (line, error) => {
    expect(words(line)).toBe(error);
  });

  it('busybox sh words its errors its own way', () => {
    expect(parse('| x', 'sh')).toEqual({ ok: false, error: 'syntax error: unexpected "|"' });
    expect(parse("echo 'a", 'sh')).toEqual({ ok: false, error: 'syntax error: unterminated quoted string' });
  });
});

describe('the laptop shell', () => {
  const lab = () => createLab({ scenario: 'multinode-demo' });

  it.each([
    ['echo hello   world', 'hello world\n', 0],
    ['echo -n hi', 'hi', 0],
    ['echo -e "a\\tb"', 'a\tb\n', 0],
    ['echo -e "x\\cy"', 'x', 0],
    ['echo -x', '-x\n', 0],
    ['foo', 'bash: foo: command not found\n', 127],
    ["echo 'open", "bash: unexpected EOF while looking for matching `''\n", 2],
    ['clear', CLEAR_SCREEN, 0],
    ['echo a; nope; echo b', 'a\nbash: nope: command not found\nb\n', 0],
    ['nope; echo b; nope', 'bash: nope: command not found\nb\nbash: nope: command not found\n', 127],
    ['false; echo $?', '1\n', 0],
    ['nope 2>/dev/null; echo $?', '127\n', 0],
    ['true && echo yes || echo no', 'yes\n', 0],
    ['false && echo yes || echo no', 'no\n', 0],
    ['echo a > out.txt', 'podlab: this lab keeps no files, so output cannot go to "out.txt"\n', 1],
    ['echo $HOME $USER', '/home/learner learner\n', 0],
    ['echo hi >/dev/null', '', 0],
    ['echo a &', 'podlab: background jobs (&) are not part of this lab; run the command without the trailing &\n', 2],
  ])('%j', (line, output, exitCode) => {
    expect(lab().exec(line)).toEqual({ output, exitCode });
  });

  it('help lists every command of the table', () => {
    const { output } = lab().exec('help');
    for (const name of ['clear', 'echo', 'exit', 'help', 'history', 'kubectl']) expect(output).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('history numbers lines like bash and includes itself', () => {
    const l = lab();
    const seen: string[] = [];
    l.pty.onData((d) => seen.push(d));
    l.type('echo one');
    l.type('echo two');
    l.type('history');
    expect(seen.join('')).toContain('    1  echo one\r\n    2  echo two\r\n    3  history\r\n');
    expect(l.exec('history 1').output).toBe('    3  history\n');
    expect(l.exec('history x')).toEqual({ output: 'bash: history: x: numeric argument required\n', exitCode: 1 });
  });

  it.each([
    ['ku', 0, ['kubectl']],
    ['kubectl g', 8, ['get']],
    ['kubectl get n', 12, ['namespaces', 'nodes']],
    ['zz', 0, []],
  ])('completes %j', (line, start, candidates) => {
    const shell = new Shell({ place: laptopPlace(), history: new History(), commands: COMMANDS, cluster: null, seed: 0, now: () => 0 });
    expect(shell.complete(line, line.length)).toEqual({ start, candidates });
  });
});

import { describe, expect, it } from 'vitest';
import { KeyDecoder, type Token } from '../../../sandbox/tty/keys';

const key = (name: string): Token => ({ kind: 'key', name });
const text = (t: string): Token => ({ kind: 'text', text: t });

function decode(...chunks: string[]): Token[] {
  const decoder = new KeyDecoder();
  return chunks.flatMap((c) => decoder.feed(c));
}

describe('KeyDecoder names the keys xterm.js sends', () => {
  it.each([
    ['\r', 'return'],
    ['\n', 'C-j'],
    ['\t', 'tab'],
    ['\x7f', 'backspace'],
    ['\b', 'C-h'],
    ['\x01', 'C-a'],
    ['\x1a', 'C-z'],
    ['\x1f', 'C-_'],
    ['\x00', 'C-@'],
    ['\x1b[A', 'up'],
    ['\x1bOA', 'up'],
    ['\x1b[B', 'down'],
    ['\x1bOB', 'down'],
    ['\x1b[C', 'right'],
    ['\x1bOC', 'right'],
    ['\x1b[D', 'left'],
    ['\x1bOD', 'left'],
    ['\x1b[H', 'home'],
    ['\x1bOH', 'home'],
    ['\x1b[1~', 'home'],
    ['\x1b[7~', 'home'],
    ['\x1b[F', 'end'],
    ['\x1bOF', 'end'],
    ['\x1b[4~', 'end'],
    ['\x1b[8~', 'end'],
    ['\x1b[3~', 'delete'],
    ['\x1b[3;5~', 'C-delete'],
    ['\x1b[1;5D', 'C-left'],
    ['\x1b[1;5C', 'C-right'],
    ['\x1b[1;3D', 'M-left'],
    ['\x1b[1;2D', 'left'],
    ['\x1bb', 'M-b'],
    ['\x1bf', 'M-f'],
    ['\x1bd', 'M-d'],
    ['\x1b\x7f', 'M-backspace'],
    ['\x1b\b', 'M-backspace'],
    ['\x1b\x1b[A', 'up'],
  ])('%j is %s', (input, name) => {
    expect(decode(input)).toEqual([key(name)]);
  });
});

describe('KeyDecoder swallows what it has no name for', () => {
  it.each([
    ['focus in', '\x1b[I'],
    ['focus out', '\x1b[O'],
    ['SGR mouse', '\x1b[<0;12;5M'],
    ['X10 mouse with raw bytes', '\x1b[M !!'],
    ['urxvt mouse', '\x1b[32;12;5M'],
    ['F1 (SS3)', '\x1bOP'],
    ['F5', '\x1b[15~'],
    ['shift-tab', '\x1b[Z'],
    ['OSC with BEL', '\x1b]0;title\x07'],
    ['OSC with ST', '\x1b]11;rgb:0000/0000/0000\x1b\\'],
    ['DCS', '\x1bP1$r0m\x1b\\'],
    ['device attributes reply', '\x1b[?1;2c'],
    ['CSI cancelled by CAN', '\x1b[12\x18'],
    ['C1 controls', '\x85\x9b'],
  ])('%s', (_name, input) => {
    // Nothing of the sequence survives: the text on both sides joins up.
    expect(decode('a' + input + 'b')).toEqual([text('ab')]);
  });
});

describe('KeyDecoder keeps state across chunks', () => {
  it.each([
    ['ESC | [D', ['\x1b', '[D'], [key('left')]],
    ['ESC [ | D', ['\x1b[', 'D'], [key('left')]],
    ['ESC [1;5 | D', ['\x1b[1;', '5D'], [key('C-left')]],
    ['ESC | O | A', ['\x1b', 'O', 'A'], [key('up')]],
    ['ESC | b (Meta-b, as readline)', ['\x1b', 'b'], [key('M-b')]],
    ['OSC split', ['\x1b]0;ti', 'tle\x07x'], [text('x')]],
    ['surrogate pair split', ['\ud83d', '\ude00'], [text('😀')]],
    ['CR | LF is one Enter', ['a\r', '\nb'], [text('a'), key('return'), text('b')]],
  ])('%s', (_name, chunks, tokens) => {
    expect(decode(...chunks)).toEqual(tokens);
  });
});

describe('KeyDecoder and pasted text', () => {
  it('keeps a printable run as one token', () => {
    expect(decode('kubectl get pods -A')).toEqual([text('kubectl get pods -A')]);
  });

  it('turns CR, LF and CR LF into one Enter each', () => {
    expect(decode('a\rb\nc\r\nd')).toEqual([text('a'), key('return'), text('b'), key('C-j'), text('c'), key('return'), text('d')]);
  });

  it('reads a tab inside pasted text as a space, a trailing tab as the Tab key', () => {
    expect(decode('a\tb')).toEqual([text('a b')]);
    expect(decode('ku\t')).toEqual([text('ku'), key('tab')]);
    expect(decode('\t\t')).toEqual([key('tab'), key('tab')]);
  });

  it('takes a bracketed paste as text, lines and all', () => {
    expect(decode('\x1b[200~ls\t-l\x1b\x03\r\npwd\x1b[201~\r')).toEqual([text('ls -l'), key('return'), text('pwd'), key('return')]);
  });

  it('finds the end of a bracketed paste split across chunks', () => {
    expect(decode('\x1b[200~ab\x1b[2', '01~\x1b[D')).toEqual([text('ab'), key('left')]);
  });

  it('keeps a false start of the paste terminator as text', () => {
    expect(decode('\x1b[200~a\x1b[20x\x1b[201~')).toEqual([text('a[20x')]);
  });

  it('drops lone surrogates', () => {
    expect(decode('a\udc00b\ud800c')).toEqual([text('abc')]);
  });
});

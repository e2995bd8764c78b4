import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../../sandbox/tty/width';
import { createLab, KEY, PROMPT } from './harness';

const { ctrl, alt } = KEY;

/** Each row: keys typed after "echo alpha beta" (cursor at the end), then the line and cursor (as `|`) expected. */
const BINDINGS: Array<[string, string[], string]> = [
  ['Left', [KEY.left], 'echo alpha bet|a'],
  ['Left (SS3)', ['\x1bOD'], 'echo alpha bet|a'],
  ['Ctrl-B', [ctrl('b')], 'echo alpha bet|a'],
  ['Right', [ctrl('a'), KEY.right], 'e|cho alpha beta'],
  ['Right (SS3)', [ctrl('a'), '\x1bOC'], 'e|cho alpha beta'],
  ['Ctrl-F', [ctrl('a'), ctrl('f')], 'e|cho alpha beta'],
  ['Home', [KEY.home], '|echo alpha beta'],
  ['Home (SS3)', ['\x1bOH'], '|echo alpha beta'],
  ['Home (ESC [1~)', ['\x1b[1~'], '|echo alpha beta'],
  ['Home (ESC [7~)', ['\x1b[7~'], '|echo alpha beta'],
  ['Ctrl-A', [ctrl('a')], '|echo alpha beta'],
  ['End', [KEY.home, KEY.end], 'echo alpha beta|'],
  ['End (SS3)', [KEY.home, '\x1bOF'], 'echo alpha beta|'],
  ['End (ESC [4~)', [KEY.home, '\x1b[4~'], 'echo alpha beta|'],
  ['End (ESC [8~)', [KEY.home, '\x1b[8~'], 'echo alpha beta|'],
  ['Ctrl-E', [KEY.home, ctrl('e')], 'echo alpha beta|'],
  ['Backspace', [KEY.backspace], 'echo alpha bet|'],
  ['Backspace (^H)', ['\b'], 'echo alpha bet|'],
  ['Backspace mid-line', [KEY.left, KEY.left, KEY.backspace], 'echo alpha b|ta'],
  ['Delete', [KEY.home, KEY.delete], '|cho alpha beta'],
  ['Ctrl-D on a non-empty line deletes', [KEY.home, ctrl('d')], '|cho alpha beta'],
  ['Ctrl-U kills to the start', [ctrl('b'), ctrl('b'), ctrl('u')], '|ta'],
  ['Ctrl-K kills to the end', [ctrl('a'), alt('f'), ctrl('k')], 'echo|'],
  ['Ctrl-W kills a whitespace word', [ctrl('w')], 'echo alpha |'],
  ['Ctrl-W twice', [ctrl('w'), ctrl('w')], 'echo |'],
  ['Ctrl-W then Ctrl-Y puts it back', [ctrl('w'), ctrl('y')], 'echo alpha beta|'],
  ['consecutive kills yank as one', [ctrl('w'), ctrl('w'), ctrl('a'), ctrl('y')], 'alpha beta|echo '],
  ['Ctrl-K then Ctrl-Y elsewhere', [ctrl('a'), ctrl('k'), ctrl('y'), ctrl('y')], 'echo alpha betaecho alpha beta|'],
  ['Alt-B', [alt('b')], 'echo alpha |beta'],
  ['Alt-B twice', [alt('b'), alt('b')], 'echo |alpha beta'],
  ['Alt-F', [ctrl('a'), alt('f')], 'echo| alpha beta'],
  ['Ctrl-Left', ['\x1b[1;5D'], 'echo alpha |beta'],
  ['Ctrl-Right', [ctrl('a'), '\x1b[1;5C', '\x1b[1;5C'], 'echo alpha| beta'],
  ['Alt-Backspace', ['\x1b\x7f'], 'echo alpha |'],
  ['Alt-D', [ctrl('a'), alt('d')], '| alpha beta'],
  ['text inserts at the cursor', [alt('b'), 'big '], 'echo alpha big |beta'],
  ['focus events are swallowed', ['\x1b[I', '\x1b[O'], 'echo alpha beta|'],
  ['mouse reports are swallowed', ['\x1b[<0;3;1M', '\x1b[M !!'], 'echo alpha beta|'],
  ['OSC and function keys are swallowed', ['\x1b]0;t\x07', '\x1bOP', '\x1b[15~'], 'echo alpha beta|'],
  ['other control characters are ignored', ['\x00\x1c\x1d\x1e\x0e\x0f\x16'], 'echo alpha beta|'],
  ['a split escape sequence', ['\x1b', '[', 'D'], 'echo alpha bet|a'],
  ['a split Ctrl-Left', ['\x1b[1;', '5D'], 'echo alpha |beta'],
];

describe.each(BINDINGS)('%s', (_name, keys, expected) => {
  it('edits the line and puts the cursor on the right cell', async () => {
    const lab = await createLab({ cols: 60 });
    await lab.type('echo alpha beta', ...keys);
    const cursor = expected.indexOf('|');
    const line = expected.replace('|', '');
    expect(lab.session.line).toBe(line);
    expect(lab.session.cursor).toBe(cursor);
    expect(lab.screen()[0]).toBe((PROMPT + line).trimEnd());
    expect(lab.cursor()).toEqual({ x: stringWidth(PROMPT + line.slice(0, cursor)), y: 0 });
  });
});

describe('the bell', () => {
  it.each([
    ['Left at the start', [KEY.home, KEY.left]],
    ['Right at the end', [KEY.right]],
    ['Backspace at the start', [KEY.home, KEY.backspace]],
    ['Delete at the end', [KEY.delete]],
    ['Ctrl-Y with nothing killed', [ctrl('y')]],
  ])('rings for %s', async (_name, keys) => {
    const lab = await createLab();
    await lab.type('ab');
    const before = lab.transcript().length;
    await lab.type(...keys);
    expect(lab.transcript().slice(before)).toContain('\x07');
    expect(lab.session.line).toBe('ab');
  });
});

describe('wide and combining characters', () => {
  it('moves over a character with its combining marks as one', async () => {
    const lab = await createLab();
    await lab.type('ae\u0301\u0302b', KEY.left, KEY.left);
    expect(lab.session.cursor).toBe(1);
    expect(lab.cursor().x).toBe(3);
    await lab.type(KEY.delete);
    expect(lab.session.line).toBe('ab');
  });

  it('never splits an emoji', async () => {
    const lab = await createLab();
    await lab.type('x😀y', KEY.left, KEY.left, KEY.backspace);
    expect(lab.session.line).toBe('😀y');
    await lab.type(KEY.right, KEY.backspace);
    expect(lab.session.line).toBe('y');
  });

  it.each([
    // cols 20, prompt "$ " (2 cells): 17 narrow characters end in column 18.
    ['a wide character that does not fit in the last column wraps', 'a'.repeat(17) + '界', ['$ ' + 'a'.repeat(17), '界'], { x: 2, y: 1 }],
    ['an emoji landing exactly at the margin puts the cursor on the next row', 'a'.repeat(16) + '😀', ['$ ' + 'a'.repeat(16) + '😀', ''], { x: 0, y: 1 }],
    ['CJK over three rows', '漢字'.repeat(10), ['$ ' + '漢字'.repeat(4) + '漢', '字' + '漢字'.repeat(4) + '漢', '字'], { x: 2, y: 2 }],
  ])('%s', async (_name, typed, rows, cursor) => {
    const lab = await createLab({ cols: 20 });
    await lab.type(typed);
    expect(lab.screen().slice(0, rows.length)).toEqual(rows);
    expect(lab.cursor()).toEqual(cursor);
  });

  it('puts the cursor on the cell of a wrapped wide character when moving onto it', async () => {
    const lab = await createLab({ cols: 20 });
    await lab.type('a'.repeat(17) + '界b', KEY.left);
    expect(lab.cursor()).toEqual({ x: 2, y: 1 });
    await lab.type(KEY.left);
    expect(lab.cursor()).toEqual({ x: 0, y: 1 });
    await lab.type(KEY.left);
    expect(lab.cursor()).toEqual({ x: 18, y: 0 });
  });

  it('reflows the line when an insertion pushes a wide character over the margin', async () => {
    const lab = await createLab({ cols: 20 });
    await lab.type('a'.repeat(16) + '界b', KEY.home, 'xy');
    // "$ xy" and 16 a's fill row 0 exactly, so 界 no longer fits there.
    expect(lab.screen().slice(0, 2)).toEqual(['$ xy' + 'a'.repeat(16), '界b']);
    expect(lab.cursor()).toEqual({ x: 4, y: 0 });
    await lab.type(KEY.end);
    expect(lab.cursor()).toEqual({ x: 3, y: 1 });
    await lab.type(KEY.home, KEY.delete, KEY.delete);
    expect(lab.screen().slice(0, 2)).toEqual(['$ ' + 'a'.repeat(16) + '界', 'b']);
    expect(lab.cursor()).toEqual({ x: 2, y: 0 });
  });

  it('keeps a row that the line filled exactly joined to the next one', async () => {
    const lab = await createLab({ cols: 20 });
    await lab.type('x'.repeat(18));
    expect(lab.cursor()).toEqual({ x: 0, y: 1 });
    await lab.type('y');
    expect(lab.term.buffer.active.getLine(1)?.isWrapped).toBe(true);
    expect(lab.cursorLogicalLine()).toBe('$ ' + 'x'.repeat(18) + 'y');
  });

  it('never starts the line with a combining mark, which would have nothing to join', async () => {
    const lab = await createLab();
    await lab.type('\u0301a\u0301', KEY.home, '\u200d');
    expect(lab.session.line).toBe('a\u0301');
    expect(lab.cursor()).toEqual({ x: 2, y: 0 });
  });

  it('redraws a shrinking line without leftovers', async () => {
    const lab = await createLab({ cols: 20 });
    await lab.type('界'.repeat(15), ctrl('a'), ctrl('k'), 'ok');
    expect(lab.screen().slice(0, 3)).toEqual(['$ ok', '', '']);
  });
});

describe('prompts', () => {
  it('lays out a coloured prompt by what it shows', async () => {
    const lab = await createLab({ cols: 20 });
    lab.interpreter.promptText = '\x1b[01;32mme@box\x1b[00m:\x1b[01;34m~\x1b[00m$ ';
    await lab.type('\r', 'a'.repeat(12), KEY.left);
    const screen = lab.tail(2);
    expect(screen).toEqual(['me@box:~$ aaaaaaaaaa', 'aa']);
    expect(lab.cursor().x).toBe(1);
  });

  it('supports a two-line prompt', async () => {
    const lab = await createLab({ cols: 20 });
    lab.interpreter.promptText = '[ctx]\n$ ';
    await lab.type('\r', 'abc', KEY.left);
    expect(lab.tail(2)).toEqual(['[ctx]', '$ abc']);
    expect(lab.cursor().x).toBe(4);
  });
});

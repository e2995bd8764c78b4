import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { advance, advanceTerminalText, cursorCell } from '../../../sandbox/tty/layout';
import { stringWidth, stripEscapes, wcwidth, xtermUnicodeProvider } from '../../../sandbox/tty/width';

const { Terminal } = xtermHeadless;

describe('wcwidth', () => {
  it.each([
    ['a', 1],
    ['~', 1],
    ['é', 1],
    ['\u0301 (combining acute)', 0],
    ['\u200d (ZWJ)', 0],
    ['\ufe0f (VS16)', 0],
    ['\u00ad (soft hyphen)', 0],
    ['\u1161 (Hangul vowel jamo)', 0],
    ['界', 2],
    ['한', 2],
    ['Ａ (fullwidth A)', 2],
    ['😀', 2],
    ['🫠 (Unicode 14 emoji)', 2],
    ['→ (ambiguous)', 1],
    ['\x07', 0],
    ['\x9b', 0],
  ])('%s is %i cells', (label, width) => {
    expect(wcwidth(label.codePointAt(0) as number)).toBe(width);
  });

  it('adds up over a string', () => {
    expect(stringWidth('ab界😀e\u0301')).toBe(7);
  });
});

describe('stripEscapes', () => {
  it.each([
    ['\x1b[01;32mlearner@laptop\x1b[00m:\x1b[01;34m~\x1b[00m$ ', 'learner@laptop:~$ '],
    ['\x1b]0;title\x07$ ', '$ '],
    ['\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['\x1b(B\x1b7x\x1b8', 'x'],
  ])('%j shows as %j', (input, visible) => {
    expect(stripEscapes(input)).toBe(visible);
  });
});

describe('layout', () => {
  it.each([
    ['plain text wraps at the margin', { row: 0, col: 0 }, 'abcde', 4, { row: 1, col: 1 }],
    ['filling the last column leaves a pending wrap', { row: 0, col: 0 }, 'abcd', 4, { row: 0, col: 4 }],
    ['a wide character that does not fit moves to the next row', { row: 0, col: 3 }, '界', 4, { row: 1, col: 2 }],
    ['zero-width characters take no room', { row: 0, col: 3 }, 'e\u0301\u0301', 4, { row: 0, col: 4 }],
  ])('%s', (_name, from, text, cols, to) => {
    expect(advance(from, text, cols)).toEqual(to);
  });

  it('skips colours and follows CR, LF and TAB in prompts', () => {
    expect(advanceTerminalText({ row: 0, col: 0 }, '\x1b[1mab\x1b[0m\r\n\tx', 20)).toEqual({ row: 1, col: 9 });
  });

  it.each([
    ['in front of a narrow character', { row: 0, col: 3 }, 1, { row: 0, col: 3 }],
    ['in front of a wide character that wraps', { row: 0, col: 3 }, 2, { row: 1, col: 0 }],
    ['after a full row', { row: 0, col: 4 }, 0, { row: 1, col: 0 }],
  ])('the cursor shows %s', (_name, pos, nextWidth, cell) => {
    expect(cursorCell(pos, nextWidth, 4)).toEqual(cell);
  });
});

describe('xtermUnicodeProvider', () => {
  it('makes xterm.js give every code point the width the line editor assumes', async () => {
    const term = new Terminal({ cols: 10, rows: 5, scrollback: 40000, allowProposedApi: true });
    term.unicode.register(xtermUnicodeProvider);
    term.unicode.activeVersion = xtermUnicodeProvider.version;
    // Every emoji and CJK block in full, the rest of planes 0-1 sampled.
    const sample: number[] = [];
    for (let cp = 0xa0; cp < 0x20000; cp += cp >= 0x1f000 && cp < 0x1fb00 ? 1 : cp >= 0x3000 && cp < 0x3100 ? 1 : 17) {
      if (cp < 0xd800 || cp > 0xdfff) sample.push(cp);
    }
    sample.push(0x20000, 0x2a6d6, 0x30000);
    await new Promise<void>((resolve) => term.write(sample.map((cp) => `X${String.fromCodePoint(cp)}Y\r\n`).join(''), resolve));
    const buffer = term.buffer.active;
    const mismatches: string[] = [];
    sample.forEach((cp, i) => {
      const line = buffer.getLine(i)!; // the scrollback is large enough that line i is sample i
      // Where "Y" landed tells how many cells the code point took.
      let y = 0;
      while (y < 10 && line.getCell(y)?.getChars() !== 'Y') y++;
      const drawn = y - 1;
      if (drawn !== wcwidth(cp)) mismatches.push(`U+${cp.toString(16)}: xterm ${drawn}, ours ${wcwidth(cp)}`);
    });
    expect(sample.length).toBeGreaterThan(5000);
    expect(mismatches).toEqual([]);
  });
});

import { eastAsianWidth } from 'get-east-asian-width';

/**
 * How many terminal cells a code point takes. The line editor lays out the
 * prompt and the line with this, so it must agree with the terminal that
 * draws them: `xtermUnicodeProvider` below hands the very same function to
 * xterm.js. Without it xterm falls back to Unicode 6 tables, where most
 * emoji are one cell wide and the cursor would land on the wrong cell.
 *
 * Rules, per code point like wcwidth(3) and xterm (grapheme clusters are not
 * merged): controls 0; combining and format characters (Mn, Me, Cf) 0, as
 * are conjoining Hangul vowels and finals, which fuse with the syllable's
 * leading consonant; East Asian Wide and Fullwidth 2; everything else,
 * Ambiguous included, 1.
 */
export function wcwidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x10000) return bmpPage(codePoint >> 8)[codePoint & 0xff] as 0 | 1 | 2;
  return computeWidth(codePoint);
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

function computeWidth(cp: number): 0 | 1 | 2 {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300 && cp !== 0xad) return 1;
  if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff)) return 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 1; // lone surrogates never reach the screen; keep them harmless
  if (ZERO_WIDTH.test(String.fromCodePoint(cp))) return 0;
  return eastAsianWidth(cp, { ambiguousAsWide: false });
}

// A 1 MB paste is a million lookups; the Basic Multilingual Plane gets a
// table, so each lookup is two array reads. It is filled 256 code points at
// a time, on first use of each block: filling all 64 Ki at once cost 30 to
// 90 ms in the browser, on the way to the lab's first (ASCII) prompt.
const bmp: (Uint8Array | undefined)[] = new Array(0x100);
function bmpPage(page: number): Uint8Array {
  let table = bmp[page];
  if (table === undefined) {
    table = new Uint8Array(0x100);
    for (let i = 0; i < 0x100; i++) table[i] = computeWidth((page << 8) | i);
    bmp[page] = table;
  }
  return table;
}

/** Cells taken by plain text (no escape sequences, no controls). */
export function stringWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += wcwidth(ch.codePointAt(0) as number);
  return width;
}

// CSI, OSC/DCS/SOS/PM/APC strings (ended by BEL or ST), and two-byte ESC sequences.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;

/** `text` without its ANSI escape sequences, e.g. a coloured prompt as the eye sees it. */
export function stripEscapes(text: string): string {
  return text.includes('\x1b') ? text.replace(ESCAPES, '') : text;
}

/**
 * The shape of xterm.js's (experimental) IUnicodeVersionProvider, written out
 * here because the engine may not import xterm. Register it with
 * `term.unicode.register(xtermUnicodeProvider)` and activate it with
 * `term.unicode.activeVersion = xtermUnicodeProvider.version` (needs
 * `allowProposedApi: true`).
 */
export interface UnicodeVersionProvider {
  readonly version: string;
  wcwidth(codePoint: number): 0 | 1 | 2;
  charProperties(codePoint: number, preceding: number): number;
}

export const xtermUnicodeProvider: UnicodeVersionProvider = {
  version: 'podlab',
  wcwidth,
  /**
   * Mirrors xterm's own Unicode 11 provider: a zero-width code point after a
   * visible one joins that cell. The packing (width in bits 1-2, join flag in
   * bit 0, no grapheme state) is xterm 6's UnicodeService.createPropertyValue.
   */
  charProperties(codePoint: number, preceding: number): number {
    let width: number = wcwidth(codePoint);
    let join = width === 0 && preceding !== 0;
    if (join) {
      const before = (preceding >> 1) & 3;
      if (before === 0) join = false;
      else if (before > width) width = before;
    }
    return ((width & 3) << 1) | (join ? 1 : 0);
  },
};

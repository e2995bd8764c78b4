import { wcwidth } from './width';

/**
 * The line being edited and the cursor in it, with readline's (emacs mode)
 * editing commands. Pure state, no I/O: the session decides what to draw.
 *
 * The cursor is a UTF-16 index that always sits on a character boundary: a
 * surrogate pair is never split and a combining mark travels with the
 * character before it, as readline moves over multibyte characters.
 */
export class LineEditor {
  private buffer = '';
  private point = 0;
  /** Readline's kill ring, one entry deep: what Ctrl-Y yanks. */
  private killed = '';
  /** The previous command killed text, so this kill joins it (readline does the same). */
  private killChain = false;

  /**
   * Bash has no limit; we cap the line (in UTF-16 code units) so a runaway
   * paste keeps memory and redraws bounded. Input beyond it is dropped.
   */
  constructor(readonly maxLength = 1 << 20) {}

  get text(): string {
    return this.buffer;
  }

  get cursor(): number {
    return this.point;
  }

  /** Replaces the whole line; the cursor goes to the end unless given. */
  set(text: string, cursor = text.length): void {
    this.buffer = text.length > this.maxLength ? truncate(text, this.maxLength) : text;
    this.point = Math.max(0, Math.min(cursor, this.buffer.length));
    this.dropLeadingZeroWidth();
  }

  /** Inserts at the cursor; returns false if some of `text` did not fit. */
  insert(text: string): boolean {
    return this.replace(this.point, this.point, text);
  }

  /** Replaces [start, end) with `text` and leaves the cursor after it. */
  replace(start: number, end: number, text: string): boolean {
    const room = this.maxLength - (this.buffer.length - (end - start));
    const fits = text.length <= room;
    const piece = fits ? text : truncate(text, Math.max(0, room));
    this.buffer = this.buffer.slice(0, start) + piece + this.buffer.slice(end);
    this.point = start + piece.length;
    if (start === 0) this.dropLeadingZeroWidth();
    return fits;
  }

  // Motions return false when there is nowhere to go, so the caller can ring the bell.

  left(): boolean {
    return this.moveTo(previousBoundary(this.buffer, this.point));
  }

  right(): boolean {
    return this.moveTo(nextBoundary(this.buffer, this.point));
  }

  home(): boolean {
    return this.moveTo(0);
  }

  end(): boolean {
    return this.moveTo(this.buffer.length);
  }

  wordLeft(): boolean {
    return this.moveTo(wordStartBefore(this.buffer, this.point));
  }

  wordRight(): boolean {
    return this.moveTo(wordEndAfter(this.buffer, this.point));
  }

  deleteBackward(): boolean {
    return this.remove(previousBoundary(this.buffer, this.point), this.point);
  }

  deleteForward(): boolean {
    return this.remove(this.point, nextBoundary(this.buffer, this.point));
  }

  /** Ctrl-U (unix-line-discard). */
  killToStart(): boolean {
    return this.kill(0, this.point, 'backward');
  }

  /** Ctrl-K (kill-line). */
  killToEnd(): boolean {
    return this.kill(this.point, this.buffer.length, 'forward');
  }

  /** Ctrl-W (unix-word-rubout): words are delimited by whitespace. */
  killWhitespaceWordBackward(): boolean {
    let start = this.point;
    while (start > 0 && isSpace(this.buffer.charCodeAt(start - 1))) start--;
    while (start > 0 && !isSpace(this.buffer.charCodeAt(start - 1))) start--;
    return this.kill(start, this.point, 'backward');
  }

  /** Alt-Backspace (backward-kill-word): words are letters and digits. */
  killWordBackward(): boolean {
    return this.kill(wordStartBefore(this.buffer, this.point), this.point, 'backward');
  }

  /** Alt-D (kill-word). */
  killWordForward(): boolean {
    return this.kill(this.point, wordEndAfter(this.buffer, this.point), 'forward');
  }

  /** Ctrl-Y (yank). */
  yank(): boolean {
    if (this.killed === '') return false;
    return this.insert(this.killed);
  }

  /** Any command that is not a kill ends a run of kills that accumulate into one. */
  endKillChain(): void {
    this.killChain = false;
  }

  private moveTo(point: number): boolean {
    if (point === this.point) return false;
    this.point = point;
    return true;
  }

  private remove(start: number, end: number): boolean {
    if (start === end) return false;
    this.buffer = this.buffer.slice(0, start) + this.buffer.slice(end);
    this.point = start;
    if (start === 0) this.dropLeadingZeroWidth();
    return true;
  }

  /**
   * A combining mark (or other zero-width character) at the very start has
   * nothing to combine with, and terminals then disagree about how many
   * cells it takes (xterm gives it one). The line never starts with one.
   */
  private dropLeadingZeroWidth(): void {
    let n = 0;
    while (n < this.buffer.length) {
      const cp = this.buffer.codePointAt(n) as number;
      if (wcwidth(cp) !== 0) break;
      n += cp > 0xffff ? 2 : 1;
    }
    if (n === 0) return;
    this.buffer = this.buffer.slice(n);
    this.point = Math.max(0, this.point - n);
  }

  private kill(start: number, end: number, direction: 'forward' | 'backward'): boolean {
    if (start === end) return false;
    const text = this.buffer.slice(start, end);
    if (!this.killChain) this.killed = text;
    else this.killed = direction === 'backward' ? text + this.killed : this.killed + text;
    this.killChain = true;
    return this.remove(start, end);
  }
}

function codePointBefore(s: string, i: number): { cp: number; size: number } {
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return { cp: 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00), size: 2 };
  }
  return { cp: low, size: 1 };
}

/** Start of the character (with its combining marks) that ends at `i`. */
export function previousBoundary(s: string, i: number): number {
  while (i > 0) {
    const { cp, size } = codePointBefore(s, i);
    i -= size;
    if (wcwidth(cp) !== 0) break;
  }
  return i;
}

/** End of the character (with its combining marks) that starts at `i`. */
export function nextBoundary(s: string, i: number): number {
  if (i >= s.length) return s.length;
  i += (s.codePointAt(i) as number) > 0xffff ? 2 : 1;
  while (i < s.length) {
    const cp = s.codePointAt(i) as number;
    if (wcwidth(cp) !== 0) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

const WORD = /[\p{L}\p{N}]/u;
function isWordAt(s: string, i: number): boolean {
  return WORD.test(String.fromCodePoint(s.codePointAt(i) as number));
}

/** readline's backward-word: skip non-word characters, then the word. */
function wordStartBefore(s: string, i: number): number {
  while (i > 0 && !isWordAt(s, previousBoundary(s, i))) i = previousBoundary(s, i);
  while (i > 0 && isWordAt(s, previousBoundary(s, i))) i = previousBoundary(s, i);
  return i;
}

/** readline's forward-word: skip non-word characters, then the word. */
function wordEndAfter(s: string, i: number): number {
  while (i < s.length && !isWordAt(s, i)) i = nextBoundary(s, i);
  while (i < s.length && isWordAt(s, i)) i = nextBoundary(s, i);
  return i;
}

/** The first `max` code units of `s`, without splitting a surrogate pair. */
function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  const high = s.charCodeAt(max - 1);
  return s.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

import { advance, advanceTerminalText, cursorCell, type Pos } from './layout';
import { wcwidth } from './width';

/** What of ours is on the screen now. */
interface Drawn {
  prompt: string;
  /** Where the prompt ends (and the line starts). */
  lineStart: Pos;
  text: string;
  cursor: number;
  /** Where the terminal cursor rests after the last character of the line. */
  end: Pos;
  /** The line filled its last row exactly, so `end` is at the start of an otherwise empty row. */
  settled: boolean;
}

// Printing into the last column leaves a terminal in "pending wrap": the
// cursor stays on that row until the next character arrives. We want it on
// the next row, where the next character will go, so we print a space (which
// wraps and marks the new row as a continuation of the line), return and
// erase that one cell. ECH, unlike EL, leaves the row's wrap flag alone.
const SETTLE_WRAP = ' \r\x1b[X';

/**
 * Draws the prompt and the line being edited on a terminal `cols` wide and
 * keeps track of where the terminal cursor is, so each update can go back
 * to the start of the input area (however many rows it wraps over), erase
 * below and draw again. Typing at the end of the line and moving the cursor
 * are cheap special cases, so neither a long line nor a chunked paste costs
 * a full redraw per keystroke.
 *
 * Rows are counted from the row where the current output line began; all
 * cursor movement is relative, so scrolling does not disturb it. Limitation:
 * an input area taller than the screen cannot be redrawn in place, since the
 * cursor cannot move above the top row.
 */
export class LineView {
  private origin: Pos = { row: 0, col: 0 };
  private term: Pos = { row: 0, col: 0 };
  private drawn: Drawn | null = null;

  constructor(private cols: number) {}

  get width(): number {
    return this.cols;
  }

  /**
   * A new input area starts where the terminal cursor is now; `tail` is what
   * the current row already shows (output that did not end in a newline).
   */
  begin(tail: string): string {
    this.drawn = null;
    let pos = advanceTerminalText({ row: 0, col: 0 }, tail, this.cols);
    let out = '';
    if (pos.col >= this.cols) {
      out = SETTLE_WRAP;
      pos = { row: pos.row + 1, col: 0 };
    }
    this.origin = pos;
    this.term = pos;
    return out;
  }

  /** Bytes that make the screen show `prompt` + `text` with the cursor at `cursor`. */
  show(prompt: string, text: string, cursor: number): string {
    const d = this.drawn;
    if (d !== null && d.prompt === prompt) {
      if (d.text === text) return d.cursor === cursor ? '' : this.moveCursor(d, cursor);
      const wasAtEnd = d.cursor === d.text.length && this.samePos(this.term, d.end);
      // A zero-width character must be printed right after the one it joins, with no
      // cursor movement in between, or xterm gives it a cell of its own: redraw then.
      const appendable = text.length > d.text.length && cursor === text.length && widthAt(text, d.text.length) > 0;
      if (wasAtEnd && appendable && text.startsWith(d.text)) return this.append(d, text);
    }
    return this.redraw(prompt, text, cursor);
  }

  /**
   * Bytes that leave the input area: the cursor goes past the end of the
   * line, prints `suffix` (such as `^C`) and moves to the start of a fresh
   * row, so output can follow. Nothing is drawn afterwards until `begin`.
   */
  leave(suffix = ''): string {
    const d = this.drawn;
    this.drawn = null;
    if (d === null) return suffix + '\r\n';
    const out = this.moveTo(d.end) + suffix;
    // A line that filled its last row exactly already has the cursor on a
    // fresh row; erasing from column 0 there also clears the row's wrap flag.
    return d.settled && suffix === '' ? out + '\x1b[J' : out + '\r\n';
  }

  /** Forget the input area without moving (something else took over the screen). */
  detach(): void {
    this.drawn = null;
  }

  /** Ctrl-L: clear the screen; the caller shows the line again. */
  clearScreen(): string {
    this.origin = { row: 0, col: 0 };
    this.term = { row: 0, col: 0 };
    this.drawn = null;
    return '\x1b[H\x1b[2J';
  }

  /**
   * The terminal is now `cols` wide. xterm.js reflows every line except the
   * one holding the cursor, which it leaves to the application: that line
   * keeps its rows (cut short if narrower) and the cursor its row and
   * column (clamped). So our positions stay put; we redraw from the prompt
   * at the new width. Terminals that also reflow the cursor's line (VTE,
   * iTerm2) will show a stale row or two after a resize.
   */
  resize(cols: number): string {
    this.cols = cols;
    const clamp = (p: Pos): Pos => ({ row: p.row, col: Math.min(p.col, cols - 1) });
    this.origin = clamp(this.origin);
    this.term = clamp(this.term);
    const d = this.drawn;
    return d === null ? '' : this.redraw(d.prompt, d.text, d.cursor);
  }

  private redraw(prompt: string, text: string, cursor: number): string {
    const bytes = promptBytes(prompt);
    let out = this.moveTo(this.origin) + '\x1b[J' + bytes + text;
    const lineStart = advanceTerminalText(this.origin, bytes, this.cols);
    let end = advance(lineStart, text, this.cols);
    if (end.col >= this.cols) {
      out += SETTLE_WRAP;
      end = { row: end.row + 1, col: 0 };
    }
    this.term = end;
    const d: Drawn = { prompt, lineStart, text, cursor: text.length, end, settled: isSettled(lineStart, end) };
    this.drawn = d;
    return cursor === text.length ? out : out + this.moveCursor(d, cursor);
  }

  private append(d: Drawn, text: string): string {
    let out = text.slice(d.text.length);
    let end = advance(d.end, text, this.cols, d.text.length);
    if (end.col >= this.cols) {
      out += SETTLE_WRAP;
      end = { row: end.row + 1, col: 0 };
    }
    this.term = end;
    this.drawn = { ...d, text, cursor: text.length, end, settled: isSettled(d.lineStart, end) };
    return out;
  }

  private moveCursor(d: Drawn, cursor: number): string {
    d.cursor = cursor;
    const at = cursor === d.text.length ? d.end : advance(d.lineStart, d.text, this.cols, 0, cursor);
    return this.moveTo(cursorCell(at, widthAt(d.text, cursor), this.cols));
  }

  /** Relative moves only: up/down, then CR and right. */
  private moveTo(to: Pos): string {
    const from = this.term;
    this.term = to;
    let out = '';
    if (to.row < from.row) out += `\x1b[${from.row - to.row}A`;
    else if (to.row > from.row) out += `\x1b[${to.row - from.row}B`;
    if (to.col !== from.col) out += to.col === 0 ? '\r' : `\r\x1b[${to.col}C`;
    return out;
  }

  private samePos(a: Pos, b: Pos): boolean {
    return a.row === b.row && a.col === b.col;
  }
}

/** Only a wrap puts the end of a line at column 0 of a later row than where the line started. */
function isSettled(lineStart: Pos, end: Pos): boolean {
  return end.col === 0 && end.row > lineStart.row;
}

/** Width of the character at `i` in `text`, 0 at the end. */
function widthAt(text: string, i: number): number {
  return i < text.length ? wcwidth(text.codePointAt(i) as number) : 0;
}

/** Prompts may use bare LF and readline's \001/\002 markers; the terminal needs CR LF and no markers. */
function promptBytes(prompt: string): string {
  return prompt.replace(/[\x01\x02]/g, '').replace(/\r?\n/g, '\r\n');
}

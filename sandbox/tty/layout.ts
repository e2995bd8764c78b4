import { stripEscapes, wcwidth } from './width';

/**
 * A cell position relative to the first row of the current input area.
 * `col === cols` is the terminal's "pending wrap" state: the last column was
 * just written and the next visible character goes to the next row.
 */
export interface Pos {
  row: number;
  col: number;
}

/**
 * Where the cursor ends up after printing plain `text` (no controls) from
 * `pos` on a terminal `cols` wide with auto-wrap, exactly as xterm does it:
 * a character that does not fit (a wide one in the last column included)
 * moves to the next row first; zero-width ones stay in the cell before.
 */
export function advance(pos: Pos, text: string, cols: number, from = 0, to = text.length): Pos {
  let { row, col } = pos;
  for (let i = from; i < to; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < to) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    const w = wcwidth(cp);
    if (w === 0) continue;
    if (col + w > cols) {
      row++;
      col = 0;
    }
    col += w;
  }
  return { row, col };
}

/**
 * Like `advance`, for text the terminal interprets: a prompt or the tail of
 * a command's output. Escape sequences take no room; CR, LF, TAB and BS move
 * the cursor as a VT100 does.
 */
export function advanceTerminalText(pos: Pos, raw: string, cols: number): Pos {
  const text = stripEscapes(raw);
  let cur = { ...pos };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0)) continue;
    cur = advance(cur, text, cols, start, i);
    start = i + 1;
    if (c === 0x0d) cur.col = 0;
    else if (c === 0x0a) cur = { row: cur.row + 1, col: cur.col >= cols ? cols - 1 : cur.col };
    else if (c === 0x09) cur.col = Math.min(cols - 1, (Math.floor(cur.col / 8) + 1) * 8);
    else if (c === 0x08) cur.col = Math.max(0, Math.min(cur.col, cols - 1) - 1);
  }
  return advance(cur, text, cols, start, text.length);
}

/**
 * Where the terminal shows the cursor when it sits at `pos` in front of a
 * character of width `nextWidth` (0 at the end of the line): on the next row
 * if the last column is full or that character would not fit.
 */
export function cursorCell(pos: Pos, nextWidth: number, cols: number): Pos {
  if (pos.col >= cols || pos.col + Math.max(1, nextWidth) > cols) return { row: pos.row + 1, col: 0 };
  return pos;
}

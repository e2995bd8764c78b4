/**
 * Turns the raw input a terminal sends (xterm.js onData: keys, escape
 * sequences, pasted text) into printable text runs and named keys.
 *
 * It is a state machine fed chunk by chunk, so an escape sequence split
 * across two writes is still recognised. Sequences it has no name for (other
 * CSI and SS3 keys, OSC/DCS strings, mouse reports, focus events) are
 * swallowed whole. A lone ESC at the end of a chunk waits for the next
 * chunk: ESC then `b` is Meta-b, as in readline. There are no timers here,
 * so an Escape key press on its own only takes effect with the next key.
 */

/**
 * Printable text, or a key named as readline would: `return`, `tab`,
 * `backspace`, `delete`, `up`, `home`, `C-left`, `C-a`, `M-b`, `M-backspace`...
 */
export type Token = { kind: 'text'; text: string } | { kind: 'key'; name: string };

type State = 'ground' | 'escape' | 'csi' | 'ss3' | 'string' | 'string-escape' | 'mouse' | 'paste';

const PASTE_END = '\x1b[201~';
/** Longest CSI parameter string kept; longer ones are junk and are dropped. */
const MAX_CSI = 32;
/** An OSC/DCS string that long without its terminator is junk: give up on it. */
const MAX_STRING = 4096;

const CSI_LETTER_KEYS: Record<string, string> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE_KEYS: Record<string, string> = {
  '1': 'home',
  '2': 'insert',
  '3': 'delete',
  '4': 'end',
  '5': 'pageup',
  '6': 'pagedown',
  '7': 'home',
  '8': 'end',
};
const SS3_KEYS: Record<string, string> = { ...CSI_LETTER_KEYS, M: 'return' };

export class KeyDecoder {
  private state: State = 'ground';
  private csi = '';
  private stringLength = 0;
  private mouseLeft = 0;
  /** How many characters of PASTE_END have matched so far inside a bracketed paste. */
  private pasteMatch = 0;
  /** A high surrogate that ended the previous chunk, waiting for its other half. */
  private highSurrogate = '';
  /** The last character was a CR, so an LF right after it is the same line end. */
  private afterCR = false;

  feed(data: string): Token[] {
    const out: Token[] = [];
    let input = this.highSurrogate + data;
    this.highSurrogate = '';
    const last = input.charCodeAt(input.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = input.slice(-1);
      input = input.slice(0, -1);
    }

    let text = '';
    const flushText = () => {
      if (text !== '') out.push({ kind: 'text', text });
      text = '';
    };
    const key = (name: string) => {
      flushText();
      out.push({ kind: 'key', name });
    };

    let trailingTabs = input.length;
    while (trailingTabs > 0 && input.charCodeAt(trailingTabs - 1) === 0x09) trailingTabs--;

    let i = 0;
    while (i < input.length) {
      const c = input.charCodeAt(i);
      // CR LF is one Enter, even when a chunk boundary falls between them.
      if (c !== 0x0a && c !== 0x0d) this.afterCR = false;
      switch (this.state) {
        case 'ground': {
          // Fast path: a run of printable characters goes into one slice.
          let j = i;
          while (j < input.length && isPrintable(input.charCodeAt(j))) j++;
          if (j > i) {
            text += cleanSurrogates(input.slice(i, j));
            i = j;
            continue;
          }
          if (c === 0x1b) this.state = 'escape';
          else if (c === 0x09) {
            // A tab ending the chunk is the Tab key; one inside pasted text
            // is taken as a space, so pasting never triggers completion.
            if (i >= trailingTabs) key('tab');
            else text += ' ';
          } else if (c === 0x0d) key('return');
          else if (c === 0x0a) {
            if (!this.afterCR) key('C-j');
          } else if (c === 0x7f) key('backspace');
          else if (c < 0x20) key(controlName(c));
          // C1 controls (0x80-0x9f) are dropped.
          this.afterCR = c === 0x0d;
          i++;
          continue;
        }
        case 'escape': {
          i++;
          if (c === 0x5b) {
            this.state = 'csi';
            this.csi = '';
          } else if (c === 0x4f) this.state = 'ss3';
          else if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) {
            this.state = 'string';
            this.stringLength = 0;
          } else if (c === 0x1b) {
            // ESC ESC: drop the first (some terminals send ESC ESC [ A for Alt-Up).
          } else if (c === 0x7f || c === 0x08) {
            this.state = 'ground';
            key('M-backspace');
          } else if (c >= 0x20 && c < 0x7f) {
            this.state = 'ground';
            key('M-' + String.fromCharCode(c));
          } else {
            // ESC before a control or a non-ASCII character: forget the ESC.
            this.state = 'ground';
            i--;
          }
          continue;
        }
        case 'csi': {
          i++;
          if (c >= 0x40 && c <= 0x7e) {
            this.state = 'ground';
            this.finishCsi(String.fromCharCode(c), key);
          } else if (c >= 0x20 && c <= 0x3f) {
            if (this.csi.length < MAX_CSI) this.csi += String.fromCharCode(c);
          } else if (c === 0x1b) {
            this.state = 'escape';
          } else {
            // CAN, SUB or anything else that cannot be in a CSI: abandon it.
            this.state = 'ground';
            if (c !== 0x18 && c !== 0x1a) i--;
          }
          continue;
        }
        case 'ss3': {
          i++;
          this.state = 'ground';
          if (c === 0x1b) this.state = 'escape';
          else {
            const name = SS3_KEYS[String.fromCharCode(c)];
            if (name !== undefined) key(name);
          }
          continue;
        }
        case 'string': {
          i++;
          this.stringLength++;
          if (c === 0x07 || c === 0x18 || c === 0x1a || this.stringLength > MAX_STRING) this.state = 'ground';
          else if (c === 0x1b) this.state = 'string-escape';
          continue;
        }
        case 'string-escape': {
          // ESC \ ends the string; ESC anything-else ends it and starts a new sequence.
          if (c === 0x5c) {
            i++;
            this.state = 'ground';
          } else this.state = 'escape';
          continue;
        }
        case 'mouse': {
          i++;
          if (--this.mouseLeft === 0) this.state = 'ground';
          continue;
        }
        case 'paste': {
          i = this.feedPaste(input, i, (t) => (text += t), key);
          continue;
        }
      }
    }
    flushText();
    return out;
  }

  private finishCsi(final: string, key: (name: string) => void): void {
    const params = this.csi;
    // X10 mouse report: ESC [ M and three raw bytes.
    if (final === 'M' && params === '') {
      this.state = 'mouse';
      this.mouseLeft = 3;
      return;
    }
    if (!/^[0-9;]*$/.test(params)) return; // private (<, ?, >, =) or intermediates: mouse, replies
    const [first = '', modifier = ''] = params.split(';');
    let name: string | undefined;
    if (final === '~') {
      if (first === '200') {
        this.state = 'paste';
        this.pasteMatch = 0;
        return;
      }
      name = CSI_TILDE_KEYS[first];
    } else name = CSI_LETTER_KEYS[final];
    if (name === undefined) return;
    const bits = Math.max(0, (Number(modifier) || 1) - 1);
    const prefix = (bits & 4 ? 'C-' : '') + (bits & 10 ? 'M-' : '');
    key(prefix + name);
  }

  /**
   * Inside a bracketed paste everything is text up to ESC [201~, which may
   * arrive split across chunks. CR and LF still act as Enter (documented
   * choice: pasted lines run one by one), a tab is a space, other controls
   * are dropped.
   */
  private feedPaste(input: string, i: number, addText: (t: string) => void, key: (name: string) => void): number {
    const c = input.charCodeAt(i);
    if (c === PASTE_END.charCodeAt(this.pasteMatch)) {
      this.pasteMatch++;
      if (this.pasteMatch === PASTE_END.length) {
        this.state = 'ground';
        this.pasteMatch = 0;
      }
      return i + 1;
    }
    if (this.pasteMatch > 0) {
      // A false start: what matched was text after all (minus the ESC, a control).
      addText(PASTE_END.slice(1, this.pasteMatch));
      this.pasteMatch = 0;
      return i; // look at this character again from a clean state
    }
    if (isPrintable(c)) {
      let j = i + 1;
      while (j < input.length && isPrintable(input.charCodeAt(j))) j++;
      addText(cleanSurrogates(input.slice(i, j)));
      return j;
    }
    if (c === 0x0d) key('return');
    else if (c === 0x0a && !this.afterCR) key('C-j');
    else if (c === 0x09) addText(' ');
    this.afterCR = c === 0x0d;
    return i + 1;
  }
}

function isPrintable(c: number): boolean {
  return c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0);
}

/** `C-a` for 0x01 ... `C-z`, then `C-[`, `C-\`, `C-]`, `C-^`, `C-_`; 0 is `C-@`. */
function controlName(c: number): string {
  if (c === 0) return 'C-@';
  return 'C-' + String.fromCharCode(c <= 0x1a ? c + 0x60 : c + 0x40);
}

/** Lone surrogates are not text; a terminal would draw them as garbage. */
function cleanSurrogates(s: string): string {
  return /[\ud800-\udfff]/.test(s) ? s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '') : s;
}

import { commonPrefix, formatColumns, QUERY_ITEMS } from './completion-list';
import type { History } from './history';
import { HistoryWalk } from './history-walk';
import type { Interpreter } from './interpreter';
import { KeyDecoder, type Token } from './keys';
import { LineEditor } from './line-editor';
import { LineView } from './line-view';
import type { Disposable, Pty } from './pty';

/*
 * The terminal session: a bash/readline-like line editor between a Pty
 * (what xterm.js, the CLI or a test talks to) and an Interpreter (the shell).
 *
 * Where we knowingly differ from bash, and why:
 * - Pasted text runs line by line as if typed, bracketed or not (like bash
 *   without bracketed-paste mode): the labs are built on pasting commands.
 *   A tab inside pasted text is a space, so pasting never completes; only a
 *   tab that ends a chunk is the Tab key.
 * - The line is capped (maxLineLength, 1 MiB by default); extra input is
 *   dropped with a bell. It never starts with a combining mark.
 * - Ctrl-C prints ^C after the end of the line rather than over the cursor.
 * - Ctrl-D on an empty line echoes and runs `exit` but, as in bash, does not
 *   add it to history. A blank line runs nothing.
 * - "Display all N possibilities?" lists everything at once (no --More--).
 * - No timers: a lone Escape key press waits for the next key (it then acts
 *   as Meta, as readline's ESC prefix does).
 * - A line whose command is still loading (waitBefore) is held as a running
 *   command would be: what is typed meanwhile is kept and handled once the
 *   line has run; Ctrl-C abandons the held line and what was kept.
 */

export interface SessionOptions {
  interpreter: Interpreter;
  history: History;
  /** Terminal size in cells; 80x24 unless given. `resize` updates it. */
  cols?: number;
  rows?: number;
  /** Printed once, before the first prompt ("\n" line ends are fine). */
  banner?: string;
  /** Ctrl-C abandoned a line: bash sets $? to 130 at this point. */
  onInterrupt?: () => void;
  /** Longest line, in UTF-16 code units; more typed or pasted text is dropped with a bell. Default 1 MiB. */
  maxLineLength?: number;
  /**
   * Asked before an entered line runs: a promise to wait for (its command is
   * still loading) or null to run it now. While it waits, later input is
   * kept, in order, for after the line.
   */
  waitBefore?: (line: string) => Promise<unknown> | null;
}

/** A Pty with a bash-like line editor in front of an Interpreter. */
export interface Session extends Pty {
  /**
   * Runs `line` as if it were typed at an empty prompt and Enter pressed:
   * echoed, added to history, run. Several lines run one after the other.
   * Whatever was half-typed is put back afterwards. For "try this" buttons.
   */
  runLine(line: string): void;
  /** The line being edited, as the session sees it. */
  readonly line: string;
  /** Cursor position in `line` (UTF-16 index). */
  readonly cursor: number;
}

/** Output kept for a listener that has not subscribed yet, in UTF-16 code units. */
export const MAX_BACKLOG = 512 * 1024;

export function createSession(options: SessionOptions): Session {
  return new TerminalSession(options);
}

/** Readline command names (emacs mode) for the keys we bind. */
type Command =
  | 'accept-line'
  | 'beginning-of-line'
  | 'end-of-line'
  | 'backward-char'
  | 'forward-char'
  | 'backward-word'
  | 'forward-word'
  | 'backward-delete-char'
  | 'delete-char'
  | 'delete-char-or-eof'
  | 'unix-line-discard'
  | 'kill-line'
  | 'unix-word-rubout'
  | 'backward-kill-word'
  | 'kill-word'
  | 'yank'
  | 'previous-history'
  | 'next-history'
  | 'complete'
  | 'interrupt'
  | 'clear-screen'
  | 'abort';

const BINDINGS: Readonly<Record<string, Command>> = {
  return: 'accept-line',
  'C-j': 'accept-line',
  'C-a': 'beginning-of-line',
  home: 'beginning-of-line',
  'C-e': 'end-of-line',
  end: 'end-of-line',
  'C-b': 'backward-char',
  left: 'backward-char',
  'C-f': 'forward-char',
  right: 'forward-char',
  'M-b': 'backward-word',
  'M-B': 'backward-word',
  'C-left': 'backward-word',
  'M-left': 'backward-word',
  'M-f': 'forward-word',
  'M-F': 'forward-word',
  'C-right': 'forward-word',
  'M-right': 'forward-word',
  backspace: 'backward-delete-char',
  'C-h': 'backward-delete-char',
  delete: 'delete-char',
  'C-d': 'delete-char-or-eof',
  'C-u': 'unix-line-discard',
  'C-k': 'kill-line',
  'C-w': 'unix-word-rubout',
  'M-backspace': 'backward-kill-word',
  'M-d': 'kill-word',
  'M-D': 'kill-word',
  'C-delete': 'kill-word',
  'C-y': 'yank',
  up: 'previous-history',
  'C-p': 'previous-history',
  down: 'next-history',
  'C-n': 'next-history',
  tab: 'complete',
  'C-c': 'interrupt',
  'C-l': 'clear-screen',
  'C-g': 'abort',
};

const KILLS: ReadonlySet<Command> = new Set(['unix-line-discard', 'kill-line', 'unix-word-rubout', 'backward-kill-word', 'kill-word']);

const BELL = '\x07';

class TerminalSession implements Session {
  private readonly interpreter: Interpreter;
  private readonly history: History;
  private readonly onInterrupt: (() => void) | undefined;
  private readonly decoder = new KeyDecoder();
  private readonly editor: LineEditor;
  private readonly walk: HistoryWalk;
  private readonly view: LineView;
  private readonly listeners = new Set<(data: string) => void>();
  /** Output nobody has seen yet, replayed to the next listener. */
  private backlog: string[] = [];
  private backlogSize = 0;
  /** Output of the current call, emitted in one piece at its end. */
  private out = '';
  private prompt = '';
  /** Candidates waiting for the answer to "Display all N possibilities? (y or n)". */
  private query: string[] | null = null;
  private lastWasTab = false;
  private disposed = false;
  private readonly waitBefore: ((line: string) => Promise<unknown> | null) | undefined;
  /** A line waiting for waitBefore's promise, and the input that came after it. */
  private held: { line: string; later: (() => void)[] } | null = null;

  constructor(options: SessionOptions) {
    this.interpreter = options.interpreter;
    this.history = options.history;
    this.onInterrupt = options.onInterrupt;
    this.waitBefore = options.waitBefore;
    this.editor = new LineEditor(options.maxLineLength);
    this.walk = new HistoryWalk(options.history);
    this.view = new LineView(clampCols(options.cols ?? 80));
    this.guarded(() => {
      const banner = options.banner ?? '';
      this.newPrompt(this.print(banner));
    });
    this.emit();
  }

  get line(): string {
    return this.editor.text;
  }

  get cursor(): number {
    return this.editor.cursor;
  }

  write(data: string): void {
    if (this.disposed || typeof data !== 'string') return;
    this.guarded(() => {
      for (const token of this.decoder.feed(data)) {
        if (this.held === null) this.handle(token);
        else if (token.kind === 'key' && token.name === 'C-c') this.dropHeld();
        else this.held.later.push(() => this.handle(token));
      }
    });
    this.emit();
  }

  runLine(line: string): void {
    if (this.disposed) return;
    this.guarded(() => {
      const lines = String(line).split(/\r\n|\r|\n/);
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      if (this.held !== null) this.held.later.push(() => this.runLines(lines));
      else this.runLines(lines);
    });
    this.emit();
  }

  /** Enters `lines` one by one; what was half-typed comes back after the last (which may have to wait, see accept). */
  private runLines(lines: string[], draft = { text: this.editor.text, cursor: this.editor.cursor }): void {
    if (this.query !== null) this.answerQuery(false);
    for (let i = 0; i < lines.length; i += 1) {
      this.editor.set(toPlainText(lines[i] as string));
      this.accept(true);
      if (this.held !== null) {
        this.held.later.push(() => this.runLines(lines.slice(i + 1), draft));
        return;
      }
    }
    this.editor.set(draft.text, draft.cursor);
    this.lastWasTab = false;
    this.editor.endKillChain();
  }

  onData(listener: (data: string) => void): Disposable {
    if (this.disposed) return { dispose() {} };
    this.listeners.add(listener);
    if (this.backlog.length > 0) {
      const replay = this.backlog.join('');
      this.backlog = [];
      this.backlogSize = 0;
      callQuietly(listener, replay);
    }
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Only the width matters to the editor; the Pty's rows argument is not needed. */
  resize(cols: number): void {
    if (this.disposed || !Number.isFinite(cols) || cols < 1) return;
    const width = clampCols(cols);
    if (width === this.view.width) return;
    this.guarded(() => {
      this.out += this.view.resize(width);
    });
    this.emit();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.backlog = [];
  }

  private handle(token: Token): void {
    if (this.query !== null) {
      this.handleQueryAnswer(token);
      return;
    }
    if (token.kind === 'text') {
      this.lastWasTab = false;
      this.editor.endKillChain();
      if (!this.editor.insert(token.text)) this.out += BELL;
      return;
    }
    const command = BINDINGS[token.name];
    if (command === undefined) return; // unbound keys do nothing
    if (!KILLS.has(command)) this.editor.endKillChain();
    const wasTab = this.lastWasTab;
    this.lastWasTab = command === 'complete';
    this.run(command, wasTab);
  }

  private run(command: Command, secondTab: boolean): void {
    const e = this.editor;
    const bellUnless = (ok: boolean) => {
      if (!ok) this.out += BELL;
    };
    switch (command) {
      case 'accept-line':
        return this.accept(true);
      case 'beginning-of-line':
        return void e.home();
      case 'end-of-line':
        return void e.end();
      case 'backward-char':
        return bellUnless(e.left());
      case 'forward-char':
        return bellUnless(e.right());
      case 'backward-word':
        return void e.wordLeft();
      case 'forward-word':
        return void e.wordRight();
      case 'backward-delete-char':
        return bellUnless(e.deleteBackward());
      case 'delete-char':
        return bellUnless(e.deleteForward());
      case 'delete-char-or-eof':
        if (e.text !== '') return bellUnless(e.deleteForward());
        // Bash at EOF echoes "exit" and runs it; it is not added to history.
        e.set('exit');
        return this.accept(false);
      case 'unix-line-discard':
        return void e.killToStart();
      case 'kill-line':
        return void e.killToEnd();
      case 'unix-word-rubout':
        return void e.killWhitespaceWordBackward();
      case 'backward-kill-word':
        return void e.killWordBackward();
      case 'kill-word':
        return void e.killWordForward();
      case 'yank':
        return bellUnless(e.yank());
      case 'previous-history':
      case 'next-history': {
        const line = command === 'previous-history' ? this.walk.previous(e.text) : this.walk.next(e.text);
        if (line === null) return bellUnless(false);
        return e.set(line);
      }
      case 'complete':
        return this.complete(secondTab);
      case 'interrupt':
        return this.interrupt();
      case 'clear-screen':
        this.out += this.view.clearScreen();
        return;
      case 'abort':
        return bellUnless(false);
    }
  }

  /** Enter: the line goes to history (before it runs, as in bash) and to the interpreter. */
  private accept(remember: boolean): void {
    this.render();
    this.out += this.view.leave();
    const line = this.editor.text;
    this.editor.set('');
    this.walk.reset();
    if (remember) this.history.add(line);
    // Like bash, a blank line runs nothing and leaves $? alone.
    if (line.trim() === '') return this.newPrompt('');
    let wait: Promise<unknown> | null = null;
    try {
      wait = this.waitBefore?.(line) ?? null;
    } catch {
      wait = null;
    }
    if (wait === null) return this.finish(line);
    const held = { line, later: [] as (() => void)[] };
    this.held = held;
    const resume = () => {
      if (this.held !== held || this.disposed) return;
      this.held = null;
      this.guarded(() => {
        this.finish(line);
        // What came in meanwhile, in order, until a line has to wait again.
        while (held.later.length > 0) {
          const next = held.later.shift() as () => void;
          if (this.held === null) next();
          else this.held.later.push(next);
        }
      });
      this.emit();
    };
    void wait.then(resume, resume);
  }

  /** Runs an entered line and shows its output and the next prompt. */
  private finish(line: string): void {
    let output = '';
    try {
      output = String(this.interpreter.run(line).output ?? '');
    } catch (error) {
      output = internalError(error);
    }
    this.newPrompt(this.print(output));
  }

  /** Ctrl-C while a line waits: like interrupting a running command, the line and what was typed after it are dropped. */
  private dropHeld(): void {
    this.held = null;
    this.out += '^C\r\n';
    try {
      this.onInterrupt?.();
    } catch {
      /* the host's problem; the terminal carries on */
    }
    this.newPrompt('');
  }

  /** Ctrl-C: `^C` after the line, which is abandoned. */
  private interrupt(): void {
    this.render();
    this.out += this.view.leave('^C');
    this.editor.set('');
    this.walk.reset();
    try {
      this.onInterrupt?.();
    } catch {
      /* the host's problem; the terminal carries on */
    }
    this.newPrompt('');
  }

  /**
   * Tab, as readline's `complete`: one candidate replaces the word (plus a
   * space unless it names a directory); several insert what they share,
   * and a second Tab in a row lists them.
   */
  private complete(secondTab: boolean): void {
    const e = this.editor;
    let start: number;
    let candidates: string[];
    try {
      const result = this.interpreter.complete(e.text, e.cursor);
      start = Math.max(0, Math.min(e.cursor, Math.trunc(Number(result.start)) || 0));
      candidates = [...new Set(result.candidates.filter((c) => typeof c === 'string').map(toPlainText))].filter((c) => c !== '');
    } catch {
      candidates = [];
      start = e.cursor;
    }
    const word = e.text.slice(start, e.cursor);
    if (candidates.length === 0) {
      this.out += BELL;
    } else if (candidates.length === 1) {
      const only = candidates[0] as string;
      const directory = only.endsWith('/');
      const spaceFollows = e.text.charCodeAt(e.cursor) === 0x20;
      if (!e.replace(start, e.cursor, directory || spaceFollows ? only : only + ' ')) this.out += BELL;
      else if (!directory && spaceFollows) e.right();
    } else {
      const prefix = commonPrefix(candidates);
      if (prefix !== word && prefix.length >= word.length) {
        if (!e.replace(start, e.cursor, prefix)) this.out += BELL;
      } else if (secondTab) this.listCandidates(candidates);
      else this.out += BELL;
    }
  }

  private listCandidates(candidates: string[]): void {
    this.render();
    this.out += this.view.leave();
    if (candidates.length >= QUERY_ITEMS) {
      this.out += `Display all ${candidates.length} possibilities? (y or n)`;
      this.query = candidates;
      return;
    }
    this.printColumns(candidates);
  }

  private printColumns(candidates: string[]): void {
    this.out += formatColumns(candidates, this.view.width).join('\r\n') + '\r\n';
    this.newPrompt('');
  }

  /** Readline's get_y_or_n: y, Y or space list; n, N or Backspace decline; other keys ring the bell. */
  private handleQueryAnswer(token: Token): void {
    if (token.kind === 'key') {
      if (token.name === 'C-c') {
        this.query = null;
        this.interrupt();
      } else if (token.name === 'backspace' || token.name === 'C-g') this.answerQuery(false);
      else this.out += BELL;
      return;
    }
    const first = String.fromCodePoint(token.text.codePointAt(0) as number);
    const rest = token.text.slice(first.length);
    if (first === 'y' || first === 'Y' || first === ' ') this.answerQuery(true);
    else if (first === 'n' || first === 'N') this.answerQuery(false);
    else this.out += BELL;
    if (rest !== '') this.handle({ kind: 'text', text: rest });
  }

  private answerQuery(yes: boolean): void {
    const candidates = this.query ?? [];
    this.query = null;
    this.out += '\r\n';
    if (yes) this.printColumns(candidates);
    else this.newPrompt('');
  }

  /** Writes interpreter or banner output; returns what follows its last newline (the row the prompt shares). */
  private print(output: string): string {
    this.out += output.replace(/\r?\n/g, '\r\n');
    return output.slice(output.lastIndexOf('\n') + 1);
  }

  private newPrompt(tail: string): void {
    this.out += this.view.begin(tail);
    try {
      this.prompt = String(this.interpreter.prompt());
    } catch {
      this.prompt = '$ ';
    }
  }

  /** Brings the screen up to date with the line; once per input chunk, and before anything prints below it. */
  private render(): void {
    if (this.query === null && this.held === null) this.out += this.view.show(this.prompt, this.editor.text, this.editor.cursor);
  }

  /** Runs `work` and draws the result; nothing escapes to the caller of write(). */
  private guarded(work: () => void): void {
    try {
      work();
      this.render();
    } catch (error) {
      try {
        this.query = null;
        this.editor.set('');
        this.walk.reset();
        this.view.detach();
        this.out += '\r\n' + internalError(error).replace('\n', '\r\n');
        this.newPrompt('');
        this.render();
      } catch {
        /* give up on this chunk, never on the caller */
      }
    }
  }

  private emit(): void {
    const data = this.out;
    this.out = '';
    if (data === '' || this.disposed) return;
    if (this.listeners.size === 0) {
      this.backlog.push(data);
      this.backlogSize += data.length;
      // Nobody is watching: keep only the newest output, as a terminal's scrollback would.
      while (this.backlogSize > MAX_BACKLOG && this.backlog.length > 1) this.backlogSize -= (this.backlog.shift() as string).length;
      return;
    }
    for (const listener of [...this.listeners]) callQuietly(listener, data);
  }
}

function internalError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `podlab: internal error: ${message.split('\n')[0]}\n`;
}

/** xterm.js never goes below two columns. */
function clampCols(cols: number): number {
  return Math.max(2, Math.floor(cols));
}

/** Text for the line buffer: tabs become spaces, other controls and lone surrogates go. */
function toPlainText(s: string): string {
  return s
    .replace(/\t/g, ' ')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

function callQuietly(listener: (data: string) => void, data: string): void {
  try {
    listener(data);
  } catch {
    /* a failing subscriber must not break the session or the others */
  }
}

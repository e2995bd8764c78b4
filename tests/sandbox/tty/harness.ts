import xtermHeadless from '@xterm/headless';
import { History } from '../../../sandbox/tty/history';
import type { Completion, Interpreter, RunResult } from '../../../sandbox/tty/interpreter';
import { createSession, type Session, type SessionOptions } from '../../../sandbox/tty/session';
import { xtermUnicodeProvider } from '../../../sandbox/tty/width';

// The headless build is CommonJS; its named export only exists on the default object under Node ESM.
const { Terminal } = xtermHeadless;
type HeadlessTerminal = InstanceType<typeof Terminal>;

export const PROMPT = '$ ';

/**
 * A stand-in shell: runs nothing real, records what it was asked to run and
 * echoes it back ("ran: <line>"), completes from a fixed word list.
 */
export class FakeInterpreter implements Interpreter {
  readonly ran: string[] = [];
  words: string[] = ['kubectl', 'kubeadm', 'kube-proxy', 'ip', 'iptables', 'ping', 'pods/', 'curl'];
  promptText = PROMPT;
  /** What `run` returns instead of the echo, by line. */
  readonly replies = new Map<string, RunResult>();
  throwOn: string | null = null;

  prompt(): string {
    return this.promptText;
  }

  run(line: string): RunResult {
    this.ran.push(line);
    if (line === this.throwOn) throw new Error('boom');
    return this.replies.get(line) ?? { output: `ran: ${line}\n`, exitCode: 0 };
  }

  complete(line: string, cursor: number): Completion {
    const before = line.slice(0, cursor);
    const start = before.lastIndexOf(' ') + 1;
    const word = before.slice(start);
    return { start, candidates: this.words.filter((w) => w.startsWith(word)) };
  }
}

export interface Lab {
  term: HeadlessTerminal;
  session: Session;
  interpreter: FakeInterpreter;
  history: History;
  /** Every byte the session emitted, in order. */
  transcript(): string;
  /** Writes each chunk to the session, then waits until the terminal has drawn everything. */
  type(...chunks: string[]): Promise<void>;
  /** Resizes the terminal (which reflows) and then tells the session, as the site's glue does. */
  resize(cols: number, rows?: number): Promise<void>;
  settle(): Promise<void>;
  /** Visible rows of the viewport, trailing blanks (written or not) trimmed. */
  screen(): string[];
  /** The last non-empty visible rows, trimmed. */
  tail(n: number): string[];
  /** Cursor position in the viewport. */
  cursor(): { x: number; y: number };
  /** The logical line (wrapped rows joined) the cursor is on, cell by cell. */
  cursorLogicalLine(): string;
  /** Subscribes the terminal to the session (when created with `attach: false`). */
  attach(): Promise<void>;
}

export interface LabOptions extends Partial<Omit<SessionOptions, 'interpreter' | 'history'>> {
  cols?: number;
  rows?: number;
  attach?: boolean;
  interpreter?: FakeInterpreter;
  history?: History;
}

export async function createLab(options: LabOptions = {}): Promise<Lab> {
  const cols = options.cols ?? 40;
  const rows = options.rows ?? 10;
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
  term.unicode.register(xtermUnicodeProvider);
  term.unicode.activeVersion = xtermUnicodeProvider.version;
  const interpreter = options.interpreter ?? new FakeInterpreter();
  const history = options.history ?? new History();
  const session = createSession({ ...options, interpreter, history, cols, rows });
  let written = '';
  let pending = Promise.resolve();
  const attach = () =>
    session.onData((data) => {
      written += data;
      pending = pending.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
    });
  if (options.attach !== false) attach();
  const settle = async () => {
    await pending;
  };
  const lab: Lab = {
    term,
    session,
    interpreter,
    history,
    transcript: () => written,
    async type(...chunks) {
      for (const chunk of chunks) session.write(chunk);
      await settle();
    },
    async resize(c, r = rows) {
      await settle();
      term.resize(c, r);
      session.resize(c, r);
      await settle();
    },
    settle,
    screen() {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let y = 0; y < term.rows; y++) out.push((buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '').trimEnd());
      return out;
    },
    tail(n) {
      const lines = lab.screen();
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      return lines.slice(-n);
    },
    cursor() {
      const buffer = term.buffer.active;
      return { x: buffer.cursorX, y: buffer.cursorY };
    },
    cursorLogicalLine() {
      const buffer = term.buffer.active;
      let y = buffer.baseY + buffer.cursorY;
      while (y > 0 && buffer.getLine(y)?.isWrapped) y--;
      let text = cellsText(buffer.getLine(y), term.cols);
      while (buffer.getLine(y + 1)?.isWrapped) text += cellsText(buffer.getLine(++y), term.cols);
      return text;
    },
    async attach() {
      attach();
      await settle();
    },
  };
  if (options.attach !== false) await settle();
  return lab;
}

/** A row's characters exactly as drawn: wide characters once, never-written cells as nothing. */
function cellsText(line: ReturnType<HeadlessTerminal['buffer']['active']['getLine']>, cols: number): string {
  if (line === undefined) return '';
  let text = '';
  for (let x = 0; x < cols; x++) {
    const cell = line.getCell(x);
    if (cell === undefined || cell.getWidth() === 0) continue;
    text += cell.getChars();
  }
  return text;
}

/** Raw key sequences as xterm.js sends them. */
export const KEY = {
  enter: '\r',
  tab: '\t',
  backspace: '\x7f',
  delete: '\x1b[3~',
  left: '\x1b[D',
  right: '\x1b[C',
  up: '\x1b[A',
  down: '\x1b[B',
  home: '\x1b[H',
  end: '\x1b[F',
  ctrl: (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64),
  alt: (key: string) => '\x1b' + key,
} as const;

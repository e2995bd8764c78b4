/**
 * A lab's terminal front, up before its cluster. The site shows the first
 * prompt with only xterm, the line editor and this module loaded, and loads
 * the engine, the shell and the commands right after (they are most of the
 * lab's weight). Meanwhile the learner can type: history, editing and the
 * prompt work, and an entered line waits (the session holds it and what
 * follows) until createLab({ front }) connects the shell, then runs exactly
 * as it would have.
 *
 * Kept apart from index.ts, which carries the whole engine: importing this
 * costs the line editor and the prompt, nothing else.
 */
import { History } from './tty/history';
import type { Completion, Interpreter, RunResult } from './tty/interpreter';
import { createSession, type Session } from './tty/session';
import { formatPrompt } from './shell/shell';
import { laptopPlace } from './shell/places';
import type { Place } from './shell/types';

/** What the front hands its lines to once the lab is built (index.ts's shell). */
export interface FrontShell extends Interpreter {
  /** Ctrl-C abandoned a line ($? becomes 130). */
  interrupted(): void;
}

export interface FrontOptions {
  cols?: number;
  rows?: number;
  /** Printed once before the first prompt. */
  banner?: string;
  /** Where the learner stands, for the first prompt: a restored lab's innermost place; the laptop by default. */
  place?: Place;
  /** The history Up and Down walk (a restored lab's); the lab built on this front keeps using it. */
  history?: History;
}

export interface LabFront {
  /** The terminal seam, live from the first prompt. */
  readonly pty: Session;
  readonly history: History;
  /** Whether a shell has taken over. */
  readonly connected: boolean;
  /** The lab's shell takes over (once): held lines run through it, in order. */
  connect(shell: FrontShell): void;
  /** The lab could not be built: held and later lines say so instead of waiting. */
  fail(reason: string): void;
}

export function createLabFront(options: FrontOptions = {}): LabFront {
  const history = options.history ?? new History();
  const firstPrompt = formatPrompt(options.place ?? laptopPlace());
  let shell: FrontShell | null = null;
  let failure: string | null = null;
  let interruptedEarly = false;
  let open = () => {};
  const started = new Promise<void>((resolve) => {
    open = resolve;
  });
  const interpreter: Interpreter = {
    prompt: () => (shell ? shell.prompt() : firstPrompt),
    run(line): RunResult {
      if (shell) return shell.run(line);
      return { output: `podlab: ${failure === null ? 'the lab is still starting' : `the lab could not start (${failure})`}\n`, exitCode: 126 };
    },
    complete: (line, cursor): Completion => (shell ? shell.complete(line, cursor) : { start: cursor, candidates: [] }),
  };
  const pty = createSession({
    interpreter,
    history,
    ...(options.banner !== undefined ? { banner: options.banner } : {}),
    ...(options.cols !== undefined ? { cols: options.cols } : {}),
    ...(options.rows !== undefined ? { rows: options.rows } : {}),
    onInterrupt: () => {
      if (shell) shell.interrupted();
      else interruptedEarly = true;
    },
    waitBefore: () => (shell !== null || failure !== null ? null : started),
  });
  return {
    pty,
    history,
    get connected() {
      return shell !== null;
    },
    connect(next) {
      if (shell !== null) throw new Error('this lab front already has its shell');
      shell = next;
      if (interruptedEarly) next.interrupted();
      open();
    },
    fail(reason) {
      if (shell !== null) return;
      failure = reason;
      open();
    },
  };
}

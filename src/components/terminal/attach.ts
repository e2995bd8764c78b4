import type { Terminal } from '@xterm/xterm';
import type { Disposable, Pty } from '../../../sandbox/index';

/** Input longer than this (a paste) goes to the lab in slices of it, so no single task runs the whole paste. */
const SLICE_CHARS = 1024;
/** At most this many lines per slice: each one may run a command. */
const SLICE_LINES = 8;
/** Slices fed in one task before the page gets the main thread back (painting, keys, other scripts). */
const TASK_BUDGET_MS = 10;

/**
 * Where to cut `data` for its next slice. Never right after a tab: a tab that
 * ends what the lab receives is the Tab key (completion), while a tab inside
 * pasted text is only a space. Everything else (a split escape sequence,
 * surrogate pair or CR LF) the lab's key decoder joins up itself.
 */
export function sliceEnd(data: string, from: number): number {
  let end = from;
  let lines = 0;
  while (end < data.length && end - from < SLICE_CHARS && lines < SLICE_LINES) {
    const c = data.charCodeAt(end);
    end += 1;
    if (c === 0x0a || c === 0x0d) lines += 1;
  }
  while (end < data.length && data.charCodeAt(end - 1) === 0x09) end += 1;
  return end;
}

/**
 * Wires an xterm.js terminal to a lab Pty: keys go in, bytes come out, and
 * the size follows the terminal. Everything else happens in the sandbox.
 *
 * Keys go straight in. A large paste (a megabyte on one line, ten thousand
 * commands) is queued and fed in slices, a few milliseconds of them per task,
 * so the page stays responsive while the lab works through it; whatever is
 * typed meanwhile waits its turn behind it, as it would behind a paste the
 * lab took in at once.
 */
export function attachPty(term: Terminal, pty: Pty, beforeInput?: () => void): Disposable {
  const output = pty.onData((data) => term.write(data));
  let queue: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const feed = (data: string) => {
    beforeInput?.();
    pty.write(data);
  };
  const drain = () => {
    timer = null;
    const start = performance.now();
    while (queue.length > 0) {
      feed(queue.shift() as string);
      if (performance.now() - start >= TASK_BUDGET_MS) break;
    }
    if (queue.length > 0) timer = setTimeout(drain, 0);
  };
  const input = term.onData((data) => {
    if (queue.length === 0 && sliceEnd(data, 0) === data.length) {
      feed(data);
      return;
    }
    for (let from = 0; from < data.length; ) {
      const end = sliceEnd(data, from);
      queue.push(data.slice(from, end));
      from = end;
    }
    if (timer === null) timer = setTimeout(drain, 0);
  });
  const resize = term.onResize(({ cols, rows }) => pty.resize(cols, rows));
  pty.resize(term.cols, term.rows);
  return {
    dispose() {
      if (timer !== null) clearTimeout(timer);
      queue = [];
      output.dispose();
      input.dispose();
      resize.dispose();
    },
  };
}

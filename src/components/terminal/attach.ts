import type { Terminal } from '@xterm/xterm';
import type { Disposable, Pty } from '../../../sandbox/index';

/**
 * Wires an xterm.js terminal to a lab Pty: keys go in, bytes come out, and
 * the size follows the terminal. Everything else happens in the sandbox.
 */
export function attachPty(term: Terminal, pty: Pty, beforeInput?: () => void): Disposable {
  const output = pty.onData((data) => term.write(data));
  const input = term.onData((data) => {
    beforeInput?.();
    pty.write(data);
  });
  const resize = term.onResize(({ cols, rows }) => pty.resize(cols, rows));
  pty.resize(term.cols, term.rows);
  return {
    dispose() {
      output.dispose();
      input.dispose();
      resize.dispose();
    },
  };
}

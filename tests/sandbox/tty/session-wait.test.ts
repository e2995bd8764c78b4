import { describe, expect, it } from 'vitest';
import { createLab, KEY } from './harness';

/** A waitBefore that holds lines naming "slow" until release() is called. */
function gate() {
  let release = () => {};
  let promise: Promise<void> | null = null;
  let open = false;
  return {
    waitBefore(line: string) {
      if (open || !/\bslow\b/.test(line)) return null;
      promise ??= new Promise<void>((resolve) => {
        release = () => {
          open = true;
          resolve();
        };
      });
      return promise;
    },
    release: () => release(),
  };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('a line whose command is still loading (waitBefore)', () => {
  it('runs a line that needs nothing at once', async () => {
    const g = gate();
    const lab = await createLab({ waitBefore: g.waitBefore });
    await lab.type('echo hi\r');
    expect(lab.interpreter.ran).toEqual(['echo hi']);
    expect(lab.screen().slice(0, 3)).toEqual(['$ echo hi', 'ran: echo hi', '$']);
  });

  it('holds the line, keeps what is typed meanwhile and handles it after the line ran', async () => {
    const g = gate();
    const lab = await createLab({ waitBefore: g.waitBefore });
    await lab.type('slow one\r', 'echo a\r', 'echo b');
    expect(lab.interpreter.ran).toEqual([]);
    // The entered line stays on screen; no prompt until it has run.
    expect(lab.screen().slice(0, 2)).toEqual(['$ slow one', '']);
    g.release();
    await tick();
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['slow one', 'echo a']);
    expect(lab.screen().slice(0, 5)).toEqual(['$ slow one', 'ran: slow one', '$ echo a', 'ran: echo a', '$ echo b']);
    expect(lab.session.line).toBe('echo b');
    expect(lab.history.entries()).toEqual(['slow one', 'echo a']);
  });

  it('Ctrl-C drops the held line and what was typed after it', async () => {
    const g = gate();
    let interrupted = 0;
    const lab = await createLab({ waitBefore: g.waitBefore, onInterrupt: () => (interrupted += 1) });
    await lab.type('slow one\r', 'echo a', KEY.ctrl('c'));
    expect(lab.screen().slice(0, 3)).toEqual(['$ slow one', '^C', '$']);
    expect(interrupted).toBe(1);
    g.release();
    await tick();
    await lab.settle();
    expect(lab.interpreter.ran).toEqual([]);
    await lab.type('echo b\r');
    expect(lab.interpreter.ran).toEqual(['echo b']);
  });

  it('runLine waits too, line by line, and puts the half-typed line back afterwards', async () => {
    const g = gate();
    const lab = await createLab({ waitBefore: g.waitBefore, rows: 12 });
    await lab.type('draft');
    lab.session.runLine('echo 1\nslow 2\necho 3\n');
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['echo 1']);
    lab.session.runLine('echo 4');
    g.release();
    await tick();
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['echo 1', 'slow 2', 'echo 3', 'echo 4']);
    expect(lab.session.line).toBe('draft');
    expect(lab.tail(1)).toEqual(['$ draft']);
  });

  it('runs the line when the wait fails (the command then says why it cannot run)', async () => {
    const lab = await createLab({ waitBefore: () => Promise.reject(new Error('offline')) });
    await lab.type('anything\r');
    await tick();
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['anything']);
    expect(lab.tail(1)).toEqual(['$']);
  });
});

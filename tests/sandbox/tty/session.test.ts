import { describe, expect, it, vi } from 'vitest';
import { History } from '../../../sandbox/tty/history';
import { createSession, MAX_BACKLOG } from '../../../sandbox/tty/session';
import { createLab, FakeInterpreter, KEY } from './harness';

const { ctrl } = KEY;

describe('running lines', () => {
  it('shows the banner, then the prompt', async () => {
    const lab = await createLab({ banner: 'Welcome to Podlab\nType help.\n' });
    expect(lab.screen().slice(0, 3)).toEqual(['Welcome to Podlab', 'Type help.', '$']);
    expect(lab.cursor()).toEqual({ x: 2, y: 2 });
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
  ])('Enter (%s) runs the line, prints its output and a new prompt', async (_name, enter) => {
    const lab = await createLab();
    await lab.type('kubectl get pods', enter);
    expect(lab.interpreter.ran).toEqual(['kubectl get pods']);
    expect(lab.screen().slice(0, 3)).toEqual(['$ kubectl get pods', 'ran: kubectl get pods', '$']);
    expect(lab.cursor()).toEqual({ x: 2, y: 2 });
    expect(lab.session.line).toBe('');
  });

  it('runs the line with the cursor anywhere in it', async () => {
    const lab = await createLab();
    await lab.type('echo hi', KEY.home, '\r');
    expect(lab.interpreter.ran).toEqual(['echo hi']);
  });

  it('adds the line to history before running it, so `history` lists itself', async () => {
    const history = new History();
    const interpreter = new FakeInterpreter();
    let seen: readonly string[] = [];
    interpreter.run = (line) => {
      seen = [...history.entries()];
      return { output: '', exitCode: 0 };
    };
    const lab = await createLab({ history, interpreter });
    await lab.type('history\r');
    expect(seen).toEqual(['history']);
  });

  it('runs nothing for a blank line but shows a new prompt', async () => {
    const lab = await createLab();
    await lab.type('   \r');
    expect(lab.interpreter.ran).toEqual([]);
    expect(lab.screen().slice(0, 2)).toEqual(['$', '$']);
  });

  it('starts output below a line that filled its last row exactly, with no blank row', async () => {
    const lab = await createLab({ cols: 20 });
    await lab.type('x'.repeat(18), '\r');
    expect(lab.screen().slice(0, 3)).toEqual(['$ ' + 'x'.repeat(18), 'ran: ' + 'x'.repeat(15), 'xxx']);
    expect(lab.term.buffer.active.getLine(1)?.isWrapped).toBe(false);
  });

  it('prints output that lacks a final newline and puts the prompt after it, like bash', async () => {
    const lab = await createLab();
    lab.interpreter.replies.set('printf hi', { output: 'hi', exitCode: 0 });
    await lab.type('printf hi\r', 'x');
    expect(lab.screen().slice(0, 2)).toEqual(['$ printf hi', 'hi$ x']);
    expect(lab.cursor()).toEqual({ x: 5, y: 1 });
  });

  it('never lets an interpreter error escape write()', async () => {
    const lab = await createLab();
    lab.interpreter.throwOn = 'explode';
    await expect(lab.type('explode\r')).resolves.toBeUndefined();
    expect(lab.screen().slice(0, 3)).toEqual(['$ explode', 'podlab: internal error: boom', '$']);
    await lab.type('ok\r');
    expect(lab.interpreter.ran).toEqual(['explode', 'ok']);
  });

  it('survives an interpreter whose prompt() and complete() throw', async () => {
    const lab = await createLab();
    lab.interpreter.prompt = () => {
      throw new Error('no prompt');
    };
    lab.interpreter.complete = () => {
      throw new Error('no completion');
    };
    await lab.type('a\r', 'b\t');
    expect(lab.tail(1)).toEqual(['$ b']);
    expect(lab.transcript()).toContain('\x07');
  });
});

describe('multi-line paste', () => {
  it('runs each complete line in order and keeps the unfinished one', async () => {
    const lab = await createLab({ rows: 20 });
    await lab.type('echo 1\necho 2\r\necho 3\recho 4\n\npartial');
    expect(lab.interpreter.ran).toEqual(['echo 1', 'echo 2', 'echo 3', 'echo 4']);
    expect(lab.session.line).toBe('partial');
    expect(lab.tail(10)).toEqual([
      '$ echo 1',
      'ran: echo 1',
      '$ echo 2',
      'ran: echo 2',
      '$ echo 3',
      'ran: echo 3',
      '$ echo 4',
      'ran: echo 4',
      '$',
      '$ partial',
    ]);
  });

  it('treats a bracketed paste the same way', async () => {
    const lab = await createLab();
    await lab.type('\x1b[200~echo a\recho', ' b\r\x1b[2', '01~', 'c');
    expect(lab.interpreter.ran).toEqual(['echo a', 'echo b']);
    expect(lab.session.line).toBe('c');
  });

  it('takes a pasted tab as a space, not as completion', async () => {
    const lab = await createLab();
    await lab.type('ku\tbe');
    expect(lab.session.line).toBe('ku be');
  });

  it('runs 10,000 pasted lines in order in time linear in their size', () => {
    const interpreter = new FakeInterpreter();
    const session = createSession({ interpreter, history: new History() });
    let bytes = 0;
    session.onData((d) => (bytes += d.length));
    const lines = Array.from({ length: 10_000 }, (_, i) => `echo ${i}`);
    session.write(lines.join('\r') + '\r');
    expect(interpreter.ran).toEqual(lines);
    // Each line costs its echo, its output, a prompt and a few escapes: no redraw storms.
    expect(bytes).toBeLessThan(10_000 * 60);
  });

  it('takes a 1 MB single-line paste in chunks without redrawing it each time', () => {
    const session = createSession({ interpreter: new FakeInterpreter(), history: new History() });
    let bytes = 0;
    session.onData((d) => (bytes += d.length));
    const chunk = 'a'.repeat(64 * 1024);
    for (let i = 0; i < 16; i++) session.write(chunk);
    expect(session.line.length).toBe(1 << 20);
    expect(bytes).toBeLessThan((1 << 20) * 1.1);
  });

  it('caps the line at maxLineLength and rings the bell for what does not fit', async () => {
    const lab = await createLab({ maxLineLength: 10 });
    await lab.type('0123456789abc', 'd');
    expect(lab.session.line).toBe('0123456789');
    expect(lab.transcript().match(/\x07/g)).toHaveLength(2);
  });
});

describe('history', () => {
  async function withHistory() {
    const lab = await createLab();
    await lab.type('one\r', 'two\r', 'draft');
    return lab;
  }

  it.each([
    ['Up', KEY.up, KEY.down],
    ['Up (SS3)', '\x1bOA', '\x1bOB'],
    ['Ctrl-P', ctrl('p'), ctrl('n')],
  ])('%s walks back and forward and restores the draft', async (_name, up, down) => {
    const lab = await withHistory();
    await lab.type(up);
    expect(lab.session.line).toBe('two');
    expect(lab.tail(1)).toEqual(['$ two']);
    await lab.type(up);
    expect(lab.tail(1)).toEqual(['$ one']);
    await lab.type(down, down);
    expect(lab.tail(1)).toEqual(['$ draft']);
    expect(lab.session.cursor).toBe(5);
  });

  it('rings the bell past either end', async () => {
    const lab = await withHistory();
    const before = lab.transcript().length;
    await lab.type(KEY.down);
    await lab.type(KEY.up, KEY.up, KEY.up);
    expect(lab.transcript().slice(before).match(/\x07/g)).toHaveLength(2);
    expect(lab.session.line).toBe('one');
  });

  it('keeps edits to recalled lines until Enter, without changing history', async () => {
    const lab = await withHistory();
    await lab.type(KEY.up, KEY.up, KEY.backspace, 'ly');
    expect(lab.session.line).toBe('only');
    await lab.type(KEY.down, KEY.up);
    expect(lab.session.line).toBe('only');
    await lab.type('\r');
    expect(lab.interpreter.ran).toEqual(['one', 'two', 'only']);
    expect(lab.history.entries()).toEqual(['one', 'two', 'only']);
    await lab.type(KEY.up, KEY.up, KEY.up);
    expect(lab.session.line).toBe('one');
  });
});

describe('completion', () => {
  it('completes a single candidate and adds a space', async () => {
    const lab = await createLab();
    await lab.type('cu\t');
    expect(lab.session.line).toBe('curl ');
    expect(lab.tail(1)).toEqual(['$ curl']);
    expect(lab.cursor().x).toBe(7);
  });

  it('adds no space after a directory', async () => {
    const lab = await createLab();
    await lab.type('ls po\t');
    expect(lab.session.line).toBe('ls pods/');
  });

  it('completes in the middle of a line', async () => {
    const lab = await createLab();
    await lab.type('cu -s', KEY.home, KEY.right, KEY.right, '\t');
    expect(lab.session.line).toBe('curl -s');
    expect(lab.session.cursor).toBe(5);
  });

  it('rings the bell when nothing matches', async () => {
    const lab = await createLab();
    await lab.type('zz');
    const before = lab.transcript().length;
    await lab.type('\t');
    expect(lab.transcript().slice(before)).toBe('\x07');
    expect(lab.session.line).toBe('zz');
  });

  it('inserts the common prefix, then lists the candidates on the second Tab', async () => {
    const lab = await createLab();
    await lab.type('k\t');
    expect(lab.session.line).toBe('kube');
    await lab.type('\t');
    expect(lab.tail(3)).toEqual(['$ kube', 'kube-proxy  kubeadm     kubectl', '$ kube']);
    expect(lab.cursor()).toEqual({ x: 6, y: 2 });
    expect(lab.session.line).toBe('kube');
  });

  it('lists in columns fitting the width, top to bottom', async () => {
    const lab = await createLab({ cols: 26 });
    await lab.type('kube\t\t');
    expect(lab.tail(4)).toEqual(['$ kube', 'kube-proxy  kubectl', 'kubeadm', '$ kube']);
  });

  it('needs the two Tabs to be consecutive', async () => {
    const lab = await createLab();
    await lab.type('kube\t', 'x', KEY.backspace, '\t');
    expect(lab.transcript()).not.toContain('kubeadm');
  });

  describe('with 100 or more candidates', () => {
    async function asked() {
      const lab = await createLab({ cols: 40, rows: 30 });
      lab.interpreter.words = Array.from({ length: 150 }, (_, i) => `w${String(i).padStart(3, '0')}`);
      await lab.type('w\t\t');
      expect(lab.tail(2)).toEqual(['$ w', 'Display all 150 possibilities? (y or n)']);
      return lab;
    }

    it.each([['y'], [' ']])('lists them all after %j', async (answer) => {
      const lab = await asked();
      await lab.type(answer);
      // 4-cell names in 6-cell columns: 6 per row, 25 rows, filled top to bottom.
      expect(lab.tail(27)[0]).toBe('Display all 150 possibilities? (y or n)');
      expect(lab.tail(26)[0]).toBe('w000  w025  w050  w075  w100  w125');
      expect(lab.tail(2)).toEqual(['w024  w049  w074  w099  w124  w149', '$ w']);
      expect(lab.session.line).toBe('w');
    });

    it.each([['n'], ['N'], [KEY.backspace]])('lists nothing after %j', async (answer) => {
      const lab = await asked();
      await lab.type(answer, 'x');
      expect(lab.tail(2)).toEqual(['Display all 150 possibilities? (y or n)', '$ wx']);
      expect(lab.transcript()).not.toContain('w149');
    });

    it('rings the bell for any other key and keeps asking', async () => {
      const lab = await asked();
      const before = lab.transcript().length;
      await lab.type('q', KEY.left);
      expect(lab.transcript().slice(before)).toBe('\x07\x07');
      await lab.type('n');
      expect(lab.tail(1)).toEqual(['$ w']);
    });
  });
});

describe('control keys', () => {
  it('Ctrl-C prints ^C, abandons the line and reports the interrupt', async () => {
    const onInterrupt = vi.fn();
    const lab = await createLab({ onInterrupt });
    await lab.type('kubectl delete', KEY.home, ctrl('c'));
    expect(lab.screen().slice(0, 2)).toEqual(['$ kubectl delete^C', '$']);
    expect(lab.cursor()).toEqual({ x: 2, y: 1 });
    expect(lab.session.line).toBe('');
    expect(lab.interpreter.ran).toEqual([]);
    expect(lab.history.entries()).toEqual([]);
    expect(onInterrupt).toHaveBeenCalledTimes(1);
  });

  it('Ctrl-L clears the screen and redraws the line with the cursor in place', async () => {
    const lab = await createLab();
    await lab.type('a\r', 'b\r', 'hello', KEY.left, ctrl('l'));
    expect(lab.screen().slice(0, 2)).toEqual(['$ hello', '']);
    expect(lab.cursor()).toEqual({ x: 6, y: 0 });
    await lab.type('X');
    expect(lab.screen()[0]).toBe('$ hellXo');
  });

  it('Ctrl-D on an empty line echoes and runs exit, without adding it to history', async () => {
    const lab = await createLab();
    await lab.type(ctrl('d'));
    expect(lab.interpreter.ran).toEqual(['exit']);
    expect(lab.screen().slice(0, 2)).toEqual(['$ exit', 'ran: exit']);
    expect(lab.history.entries()).toEqual([]);
  });

  it('Ctrl-G rings the bell and changes nothing', async () => {
    const lab = await createLab();
    await lab.type('ab');
    const before = lab.transcript().length;
    await lab.type(ctrl('g'));
    expect(lab.transcript().slice(before)).toBe('\x07');
    expect(lab.session.line).toBe('ab');
  });
});

describe('resize', () => {
  const BANNER = 'banner line that is long enough to wrap\n';
  const LINE = 'hello world this is long text and more'; // with "$ ", 40 cells

  it.each([
    ['wider, cursor at the end', 13, 40, false, ['banner line that is long enough to wrap', '$ hello world this is long text and more', ''], { x: 0, y: 2 }],
    ['wider, cursor at the start', 13, 40, true, ['banner line that is long enough to wrap', '$ hello world this is long text and more', ''], { x: 3, y: 1 }],
    ['narrower, cursor at the end', 20, 13, false, ['banner line t', 'hat is long e', 'nough to wrap', '$ hello world', ' this is long', ' text and mor', 'e', ''], { x: 1, y: 6 }],
    ['narrower, cursor at the start', 40, 13, true, ['banner line t', 'hat is long e', 'nough to wrap', '$ hello world', ' this is long', ' text and mor', 'e', ''], { x: 3, y: 3 }],
    ['a little narrower', 20, 16, false, ['banner line that', ' is long enough', 'to wrap', '$ hello world th', 'is is long text', 'and more', '', ''], { x: 8, y: 5 }],
  ])('%s: the line is laid out again with nothing left over', async (_name, from, to, home, screen, cursor) => {
    const lab = await createLab({ cols: from, rows: 8, banner: BANNER });
    await lab.type(LINE);
    if (home) await lab.type(KEY.home, KEY.right);
    await lab.resize(to);
    expect(lab.screen()).toEqual([...screen, '', '', '', '', '', '', '', ''].slice(0, 8));
    expect(lab.cursor()).toEqual(cursor);
    // And editing carries on at the new width.
    await lab.type('X');
    expect(lab.cursorLogicalLine()).toBe(home ? '$ hXello world this is long text and more' : '$ ' + LINE + 'X');
  });

  it('keeps wide characters and the cursor right across resizes', async () => {
    const lab = await createLab({ cols: 20 });
    await lab.type('hello world this is long text', KEY.home, KEY.right, KEY.right, '界😀');
    expect(lab.cursor()).toEqual({ x: 8, y: 0 });
    await lab.resize(13);
    expect(lab.screen().slice(0, 4)).toEqual(['$ he界😀llo w', 'orld this is', 'long text', '']);
    expect(lab.cursor()).toEqual({ x: 8, y: 0 });
    await lab.type(KEY.end);
    expect(lab.cursor()).toEqual({ x: 9, y: 2 });
    await lab.resize(40);
    expect(lab.screen().slice(0, 2)).toEqual(['$ he界😀llo world this is long text', '']);
    expect(lab.cursor()).toEqual({ x: 35, y: 0 });
  });

  it('uses the new width for wrapping what is typed next', async () => {
    const lab = await createLab({ cols: 40 });
    await lab.resize(10);
    await lab.type('abcdefghij');
    expect(lab.screen().slice(0, 2)).toEqual(['$ abcdefgh', 'ij']);
    expect(lab.cursor()).toEqual({ x: 2, y: 1 });
  });
});

describe('the Pty contract', () => {
  it('replays output produced before anyone subscribed', async () => {
    const lab = await createLab({ attach: false, banner: 'hi\n' });
    lab.session.runLine('ls');
    await lab.attach();
    expect(lab.screen().slice(0, 4)).toEqual(['hi', '$ ls', 'ran: ls', '$']);
  });

  it('keeps only the newest output while nobody is subscribed', () => {
    const session = createSession({ interpreter: new FakeInterpreter(), history: new History() });
    for (let i = 0; i < 2000; i += 1) session.runLine(`echo ${'x'.repeat(500)} ${i}`);
    let replay = '';
    session.onData((d) => {
      replay += d;
    });
    expect(replay.length).toBeLessThanOrEqual(MAX_BACKLOG + 2000);
    expect(replay.length).toBeGreaterThan(MAX_BACKLOG / 2);
    expect(replay).toContain(' 1999');
    expect(replay).not.toContain('x 0\r');
  });

  it('replays the backlog once, to the first subscriber', () => {
    const session = createSession({ interpreter: new FakeInterpreter(), history: new History() });
    const first: string[] = [];
    const second: string[] = [];
    session.onData((d) => first.push(d));
    session.onData((d) => second.push(d));
    expect(first.join('')).toContain('$ ');
    expect(second).toEqual([]);
    session.write('x');
    expect(second).toEqual(['x']);
  });

  it('stops sending to a disposed subscription', () => {
    const session = createSession({ interpreter: new FakeInterpreter(), history: new History() });
    const seen: string[] = [];
    const sub = session.onData((d) => seen.push(d));
    sub.dispose();
    session.write('abc');
    expect(seen.join('')).not.toContain('abc');
  });

  it('ignores everything after dispose()', async () => {
    const lab = await createLab();
    await lab.type('echo');
    const before = lab.transcript();
    lab.session.dispose();
    await lab.type(' more\r');
    lab.session.runLine('ls');
    lab.session.resize(10, 10);
    expect(lab.transcript()).toBe(before);
    expect(lab.interpreter.ran).toEqual([]);
    const late: string[] = [];
    lab.session.onData((d) => late.push(d));
    expect(late).toEqual([]);
  });

  it('keeps going when a subscriber throws', () => {
    const session = createSession({ interpreter: new FakeInterpreter(), history: new History() });
    const seen: string[] = [];
    session.onData(() => {
      throw new Error('bad subscriber');
    });
    session.onData((d) => seen.push(d));
    expect(() => session.write('a')).not.toThrow();
    expect(seen).toEqual(['a']);
  });
});

describe('runLine', () => {
  it('echoes the line like typed input, runs it and keeps it in history', async () => {
    const lab = await createLab();
    lab.session.runLine('kubectl get nodes');
    await lab.settle();
    expect(lab.screen().slice(0, 3)).toEqual(['$ kubectl get nodes', 'ran: kubectl get nodes', '$']);
    expect(lab.history.entries()).toEqual(['kubectl get nodes']);
  });

  it('puts back what the learner had half-typed', async () => {
    const lab = await createLab();
    await lab.type('draft', KEY.left);
    lab.session.runLine('ls');
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['ls']);
    expect(lab.screen().slice(0, 3)).toEqual(['$ ls', 'ran: ls', '$ draft']);
    expect(lab.session.cursor).toBe(4);
    expect(lab.cursor()).toEqual({ x: 6, y: 2 });
  });

  it('runs several lines in order', async () => {
    const lab = await createLab();
    lab.session.runLine('a\nb\n');
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['a', 'b']);
  });

  it('answers a pending "Display all" question with no first', async () => {
    const lab = await createLab({ rows: 20 });
    lab.interpreter.words = Array.from({ length: 120 }, (_, i) => `w${i}`);
    await lab.type('w\t\t');
    lab.session.runLine('ls');
    await lab.settle();
    expect(lab.interpreter.ran).toEqual(['ls']);
    expect(lab.tail(4)).toEqual(['Display all 120 possibilities? (y or n)', '$ ls', 'ran: ls', '$ w']);
  });
});

import { describe, expect, it } from 'vitest';
import { History } from '../../sandbox/tty/history';

describe('History keeps lines like bash with HISTCONTROL=ignoreboth', () => {
  it('skips blank lines, lines starting with a space and repeats of the previous line', () => {
    const h = new History();
    for (const line of ['ls', 'ls', ' secret', '', 'pwd', 'ls']) h.add(line);
    expect(h.entries()).toEqual(['ls', 'pwd', 'ls']);
  });

  it('caps its length and keeps numbering from where bash would', () => {
    const h = new History(2);
    for (const line of ['a', 'b', 'c']) h.add(line);
    expect(h.numbered()).toEqual([{ n: 2, line: 'b' }, { n: 3, line: 'c' }]);
  });

  it('round-trips through JSON', () => {
    const h = new History(3);
    for (const line of ['a', 'b', 'c', 'd']) h.add(line);
    expect(History.fromJSON(h.toJSON()).numbered()).toEqual(h.numbered());
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new History(0)).toThrow(RangeError);
  });
});

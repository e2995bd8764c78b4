import { describe, expect, it } from 'vitest';
import { sliceEnd } from '../../src/components/terminal/attach';

function slices(data: string): string[] {
  const out: string[] = [];
  for (let from = 0; from < data.length; ) {
    const end = sliceEnd(data, from);
    out.push(data.slice(from, end));
    from = end;
  }
  return out;
}

describe('a large paste reaches the lab in slices', () => {
  it('that join back into exactly what was pasted, a few lines or 1 KB each', () => {
    const pasted = `${Array.from({ length: 100 }, (_, i) => `echo line-${i}`).join('\r')}\r${'x'.repeat(5000)}`;
    const parts = slices(pasted);
    expect(parts.join('')).toBe(pasted);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1024);
      expect((part.match(/\r/g) ?? []).length).toBeLessThanOrEqual(8);
    }
  });

  it('never ending in a tab, which the lab would take for the Tab key (completion)', () => {
    const pasted = `${'a'.repeat(1023)}\t\t\tb${'c\t'.repeat(600)}`;
    const parts = slices(pasted);
    expect(parts.join('')).toBe(pasted);
    for (const part of parts.slice(0, -1)) expect(part.endsWith('\t')).toBe(false);
  });

  it('keystrokes and short pastes are one slice', () => {
    for (const data of ['k', '\r', '\x1b[A', 'kubectl get pods\r', '🙂']) expect(sliceEnd(data, 0)).toBe(data.length);
  });
});

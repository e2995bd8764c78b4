import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLab, PROMPT } from './harness';

/** Keys and fragments of keys, so chunk boundaries fall inside escape sequences too. */
const KEYS = [
  '\r', '\n', '\t', '\x7f', '\b', '\x03', '\x04', '\x0c', '\x01', '\x05', '\x02', '\x06', '\x0b', '\x15', '\x17', '\x19',
  '\x10', '\x0e', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1bOH', '\x1b[F', '\x1b[3~', '\x1b[1;5D', '\x1b[1;5C',
  '\x1bb', '\x1bf', '\x1bd', '\x1b\x7f', '\x1b[200~', '\x1b[201~', '\x1b]0;t\x07', '\x1b[<0;2;3M', '\x1b[I', '\x1b',
  '\x1b[', '\x1b[1;', '\x1bO',
];
const TEXT = ['a', 'b', ' ', 'kube', '界', '漢字', '😀', '🫠', 'e\u0301', '\u0301', '한', '\u200d', 'Ａ'];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 4, arbitrary: fc.constantFrom(...TEXT) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

type Step = { write: string } | { resize: number };

const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 9, arbitrary: fc.array(piece, { minLength: 1, maxLength: 6 }).map((p): Step => ({ write: p.join('') })) },
    { weight: 1, arbitrary: fc.integer({ min: 12, max: 40 }).map((cols): Step => ({ resize: cols })) },
  ),
  { maxLength: 25 },
);

describe('the session under random input', () => {
  it('never throws, and the terminal shows exactly the line the session holds, cursor included', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (script) => {
        const lab = await createLab({ cols: 20, rows: 80 });
        for (const step of script) {
          if ('write' in step) {
            expect(() => lab.session.write(step.write)).not.toThrow();
            await lab.settle();
          } else await lab.resize(step.resize);
        }
        await lab.settle();
        const shown = lab.cursorLogicalLine();
        expect(shown).toBe(PROMPT + lab.session.line);
        expect(textBeforeCursor(lab)).toBe(withoutZeroWidth(PROMPT + lab.session.line.slice(0, lab.session.cursor)));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

/** The characters drawn before the cursor cell on its logical line, zero-width marks left out. */
function textBeforeCursor(lab: Awaited<ReturnType<typeof createLab>>): string {
  const buffer = lab.term.buffer.active;
  const cursorY = buffer.baseY + buffer.cursorY;
  let y = cursorY;
  while (y > 0 && buffer.getLine(y)?.isWrapped) y--;
  let text = '';
  for (; y <= cursorY; y++) {
    const line = buffer.getLine(y);
    const end = y === cursorY ? buffer.cursorX : lab.term.cols;
    for (let x = 0; x < end; x++) {
      const cell = line?.getCell(x);
      if (cell !== undefined && cell.getWidth() > 0) text += cell.getChars();
    }
  }
  return withoutZeroWidth(text);
}

function withoutZeroWidth(s: string): string {
  return s.replace(/[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]/gu, '');
}

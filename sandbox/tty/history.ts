/**
 * Command history shared by the line editor (up/down) and the shell's
 * `history` builtin. It behaves like bash with Ubuntu's default
 * HISTCONTROL=ignoreboth: a line starting with a space is not kept, nor is a
 * line equal to the one before it. The list is capped so a long session keeps
 * a bounded amount of memory.
 */
export class History {
  private readonly lines: string[] = [];
  /** Number given to the oldest kept line (bash numbers never restart). */
  private firstNumber = 1;

  constructor(readonly limit = 1000) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`history limit must be a positive integer, got ${limit}`);
  }

  add(line: string): void {
    if (line.trim() === '' || line.startsWith(' ')) return;
    if (this.lines[this.lines.length - 1] === line) return;
    this.lines.push(line);
    if (this.lines.length > this.limit) {
      this.lines.shift();
      this.firstNumber += 1;
    }
  }

  /** Kept lines, oldest first. */
  entries(): readonly string[] {
    return this.lines;
  }

  /** Kept lines with their bash history numbers, oldest first. */
  numbered(): Array<{ n: number; line: string }> {
    return this.lines.map((line, i) => ({ n: this.firstNumber + i, line }));
  }

  clear(): void {
    this.firstNumber += this.lines.length;
    this.lines.length = 0;
  }

  toJSON(): { limit: number; firstNumber: number; lines: string[] } {
    return { limit: this.limit, firstNumber: this.firstNumber, lines: [...this.lines] };
  }

  static fromJSON(data: { limit: number; firstNumber: number; lines: string[] }): History {
    const h = new History(data.limit);
    h.lines.push(...data.lines.slice(-data.limit));
    h.firstNumber = data.firstNumber + Math.max(0, data.lines.length - data.limit);
    return h;
  }
}

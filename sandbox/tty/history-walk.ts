import type { History } from './history';

/**
 * Walking the history with Up/Down (Ctrl-P/Ctrl-N), as readline does: the
 * line being typed is a draft one past the newest entry, and any line edited
 * on the way keeps its edit until the line is accepted or abandoned. Edits
 * live here, never in History, so recalled entries stay as they were run.
 */
export class HistoryWalk {
  /** Index into the history entries; entries.length is the draft. */
  private position: number | null = null;
  private readonly edits = new Map<number, string>();

  constructor(private readonly history: History) {}

  /** The older line to show instead of `current`, or null at the oldest. */
  previous(current: string): string | null {
    return this.step(current, -1);
  }

  /** The newer line to show instead of `current`, or null at the draft. */
  next(current: string): string | null {
    return this.step(current, +1);
  }

  /** Back to the draft with no edits remembered: a line was accepted or abandoned. */
  reset(): void {
    this.position = null;
    this.edits.clear();
  }

  private step(current: string, by: -1 | 1): string | null {
    const entries = this.history.entries();
    const here = this.position ?? entries.length;
    const there = here + by;
    if (there < 0 || there > entries.length) return null;
    this.edits.set(here, current);
    this.position = there;
    return this.edits.get(there) ?? entries[there] ?? '';
  }
}

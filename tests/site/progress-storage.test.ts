import { describe, expect, it } from 'vitest';
import { exportProgress, importProgress, markSolved, markVisited, readProgress, storageProblem, type ProgressStorage } from '../../src/lib/progress';

/** Storage that reads but refuses every write, as a full localStorage does (QuotaExceededError). */
function fullStorage(): ProgressStorage {
  return {
    getItem: () => null,
    setItem: () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
  };
}

function memoryStorage(): ProgressStorage {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('progress when the browser will not keep it', () => {
  it('blocked storage (no localStorage at all) is said, and nothing throws', () => {
    expect(() => markVisited('intro', null)).not.toThrow();
    expect(storageProblem(null)).toMatch(/storage is blocked.*lasts until you leave the page/);
  });

  it('a refused write is said until a write succeeds again', () => {
    const storage = fullStorage();
    expect(storageProblem(storage)).toBeNull();
    expect(markSolved('intro', 'ex1', storage).lessons.intro?.solved).toEqual(['ex1']);
    expect(storageProblem(storage)).toMatch(/would not keep your latest progress/);
  });

  it('an import the browser will not keep is reported, not claimed', () => {
    const from = memoryStorage();
    markSolved('intro', 'ex1', from);
    expect(importProgress(exportProgress(from), fullStorage())).toEqual({ ok: false, error: expect.stringMatching(/would not keep the imported progress/) });
    expect(importProgress(exportProgress(from), null)).toMatchObject({ ok: false });
    const to = memoryStorage();
    expect(importProgress(exportProgress(from), to)).toEqual({ ok: true, lessons: 1 });
    expect(readProgress(to).lessons.intro?.solved).toEqual(['ex1']);
    expect(storageProblem(to)).toBeNull();
  });
});

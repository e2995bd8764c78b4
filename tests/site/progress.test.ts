import { describe, expect, it } from 'vitest';
import {
  PROGRESS_STORAGE_KEY,
  lessonProgress,
  markRevealed,
  markSolved,
  markVisited,
  parseProgress,
  progressSummary,
  readProgress,
  type ProgressStorage,
} from '../../src/lib/progress';

function memoryStorage(initial?: string): ProgressStorage & { value: string | null } {
  const store = {
    value: initial ?? null,
    getItem: (key: string) => (key === PROGRESS_STORAGE_KEY ? store.value : null),
    setItem: (key: string, value: string) => {
      if (key === PROGRESS_STORAGE_KEY) store.value = value;
    },
  };
  return store;
}

const throwingStorage: ProgressStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('parseProgress ignores what it cannot trust', () => {
  it.each([
    ['nothing stored', null],
    ['not JSON', '{"version":1,'],
    ['JSON but not an object', '[1,2,3]'],
    ['another version', '{"version":2,"lessons":{"a":{"visited":true,"solved":[],"revealed":[]}}}'],
    ['no version', '{"lessons":{}}'],
    ['lessons not an object', '{"version":1,"lessons":[]}'],
  ])('%s: empty progress', (_case, raw) => {
    expect(parseProgress(raw).lessons).toEqual({});
  });

  it('keeps well-formed lessons and drops malformed ones', () => {
    const raw = JSON.stringify({
      version: 1,
      lessons: {
        good: { visited: true, solved: ['e1', 'e1'], revealed: [] },
        badVisited: { visited: 'yes', solved: [], revealed: [] },
        badSolved: { visited: true, solved: [1], revealed: [] },
        missing: { visited: true },
        nothing: null,
      },
    });
    expect(parseProgress(raw).lessons).toEqual({ good: { visited: true, solved: ['e1'], revealed: [] } });
  });

  it('treats a slug like __proto__ as an ordinary key', () => {
    const progress = parseProgress('{"version":1,"lessons":{"__proto__":{"visited":true,"solved":[],"revealed":[]}}}');
    expect(lessonProgress(progress, '__proto__').visited).toBe(true);
    expect(lessonProgress(progress, 'constructor').visited).toBe(false);
  });
});

describe('writing progress', () => {
  it('marks a lesson visited, then solved and revealed, without duplicates', () => {
    const storage = memoryStorage();
    markVisited('intro', storage);
    markSolved('intro', 'ex1', storage);
    markSolved('intro', 'ex1', storage);
    markRevealed('intro', 'ex2', storage);
    expect(JSON.parse(storage.value!)).toEqual({
      version: 1,
      lessons: { intro: { visited: true, solved: ['ex1'], revealed: ['ex2'] } },
    });
  });

  it('replaces corrupted data with good data', () => {
    const storage = memoryStorage('not json');
    markVisited('intro', storage);
    expect(readProgress(storage).lessons).toEqual({ intro: { visited: true, solved: [], revealed: [] } });
  });

  it('never overwrites progress saved by a newer Podlab', () => {
    const newer = '{"version":2,"lessons":{"intro":{"done":true}}}';
    const storage = memoryStorage(newer);
    markSolved('intro', 'ex1', storage);
    expect(storage.value).toBe(newer);
  });

  it('does not throw when storage is blocked or full', () => {
    expect(() => markVisited('intro', throwingStorage)).not.toThrow();
    expect(readProgress(throwingStorage).lessons).toEqual({});
    expect(readProgress(null).lessons).toEqual({});
  });
});

describe('progressSummary', () => {
  it.each([
    [{ visited: false, solved: [], revealed: [] }, 'not-started', 'Not started'],
    [{ visited: true, solved: [], revealed: ['a'] }, 'visited', 'Visited'],
    [{ visited: true, solved: ['a'], revealed: [] }, 'solved', '1 exercise solved'],
    [{ visited: true, solved: ['a', 'b', 'c'], revealed: [] }, 'solved', '3 exercises solved'],
  ])('%j -> %s, "%s"', (lesson, status, label) => {
    expect(progressSummary(lesson)).toEqual({ status, label });
  });
});

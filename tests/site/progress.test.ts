import { describe, expect, it } from 'vitest';
import {
  PROGRESS_ASIDE_KEY,
  PROGRESS_STORAGE_KEY,
  exportProgress,
  importProgress,
  storageProblem,
  lessonProgress,
  exerciseStatus,
  markAttempted,
  markRevealed,
  markSolved,
  markVisited,
  parseProgress,
  progressSummary,
  readProgress,
  type ProgressStorage,
} from '../../src/lib/progress';

function memoryStorage(initial?: string): ProgressStorage & { value: string | null; aside: string | null } {
  const store = {
    value: initial ?? null,
    aside: null as string | null,
    getItem: (key: string) => (key === PROGRESS_STORAGE_KEY ? store.value : key === PROGRESS_ASIDE_KEY ? store.aside : null),
    setItem: (key: string, value: string) => {
      if (key === PROGRESS_STORAGE_KEY) store.value = value;
      if (key === PROGRESS_ASIDE_KEY) store.aside = value;
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
    ['a newer version', '{"version":3,"lessons":{"a":{"visited":true,"solved":[],"revealed":[],"attempted":[]}}}'],
    ['no version', '{"lessons":{}}'],
    ['lessons not an object', '{"version":2,"lessons":[]}'],
  ])('%s: empty progress', (_case, raw) => {
    expect(parseProgress(raw).lessons).toEqual({});
  });

  it('keeps well-formed lessons and drops malformed ones', () => {
    const raw = JSON.stringify({
      version: 2,
      lessons: {
        good: { visited: true, solved: ['e1', 'e1'], revealed: [], attempted: [] },
        badVisited: { visited: 'yes', solved: [], revealed: [] },
        badSolved: { visited: true, solved: [1], revealed: [] },
        missing: { visited: true },
        nothing: null,
      },
    });
    expect(parseProgress(raw).lessons).toEqual({ good: { visited: true, solved: ['e1'], revealed: [], attempted: [] } });
  });

  it('treats a slug like __proto__ as an ordinary key', () => {
    const progress = parseProgress('{"version":2,"lessons":{"__proto__":{"visited":true,"solved":[],"revealed":[],"attempted":[]}}}');
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
    markAttempted('intro', 'ex1', storage);
    markAttempted('intro', 'ex1', storage);
    expect(JSON.parse(storage.value!)).toEqual({
      version: 2,
      lessons: { intro: { visited: true, solved: ['ex1'], revealed: ['ex2'], attempted: ['ex1'] } },
    });
  });

  it('migrates version 1 progress, keeping what was solved and revealed', () => {
    const storage = memoryStorage('{"version":1,"lessons":{"intro":{"visited":true,"solved":["a"],"revealed":["b"]}}}');
    expect(readProgress(storage).lessons).toEqual({ intro: { visited: true, solved: ['a'], revealed: ['b'], attempted: [] } });
    markAttempted('intro', 'c', storage);
    expect(JSON.parse(storage.value!)).toEqual({
      version: 2,
      lessons: { intro: { visited: true, solved: ['a'], revealed: ['b'], attempted: ['c'] } },
    });
  });

  it('replaces corrupted data with good data, keeping the old text aside', () => {
    const storage = memoryStorage('not json');
    expect(storageProblem(storage)).toMatch(/could not be read/);
    markVisited('intro', storage);
    expect(storage.aside).toBe('not json');
    expect(storageProblem(storage)).toMatch(/kept aside/);
    expect(readProgress(storage).lessons).toEqual({ intro: { visited: true, solved: [], revealed: [], attempted: [] } });
  });

  it('never overwrites progress saved by a newer Podlab', () => {
    const newer = '{"version":3,"lessons":{"intro":{"done":true}}}';
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
    [{ visited: false, solved: [], revealed: [], attempted: [] }, 'not-started', 'Not started'],
    [{ visited: true, solved: [], revealed: ['a'], attempted: [] }, 'visited', 'Visited'],
    [{ visited: true, solved: ['a'], revealed: [], attempted: [] }, 'solved', '1 exercise solved'],
    [{ visited: true, solved: ['a', 'b', 'c'], revealed: [], attempted: [] }, 'solved', '3 exercises solved'],
  ])('%j -> %s, "%s"', (lesson, status, label) => {
    expect(progressSummary(lesson)).toEqual({ status, label });
  });
});

describe('exerciseStatus', () => {
  it.each([
    ['a', 'solved'],
    ['b', 'revealed'],
    ['c', 'attempted'],
    ['d', 'new'],
  ])('%s -> %s', (id, status) => {
    expect(exerciseStatus({ visited: true, solved: ['a'], revealed: ['a', 'b'], attempted: ['a', 'b', 'c'] }, id)).toBe(status);
  });
});

describe('export and import', () => {
  it('a file exported on one device merges into another without losing either side', () => {
    const a = memoryStorage();
    markSolved('intro', 'ex1', a);
    markAttempted('intro', 'ex2', a);
    const b = memoryStorage();
    markSolved('intro', 'ex3', b);
    markVisited('other', b);
    expect(importProgress(exportProgress(a), b)).toEqual({ ok: true, lessons: 1 });
    expect(readProgress(b).lessons).toEqual({
      intro: { visited: true, solved: ['ex3', 'ex1'], revealed: [], attempted: ['ex2'] },
      other: { visited: true, solved: [], revealed: [], attempted: [] },
    });
    expect(storageProblem(b)).toBeNull();
  });

  it.each([
    ['not JSON', 'hello', /not Podlab progress/],
    ['another app\'s data', '{"theme":"dark"}', /not Podlab progress/],
    ['a malformed lesson', '{"version":2,"lessons":{"a":{"visited":1}}}', /not Podlab progress/],
    ['a newer version', '{"version":9,"lessons":{}}', /newer version/],
  ])('refuses %s and changes nothing', (_case, text, error) => {
    const storage = memoryStorage();
    markSolved('intro', 'ex1', storage);
    const before = storage.value;
    const r = importProgress(text, storage);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(error);
    expect(storage.value).toBe(before);
  });

  it('imports a version 1 file', () => {
    const storage = memoryStorage();
    expect(importProgress('{"version":1,"lessons":{"intro":{"visited":true,"solved":["a"],"revealed":[]}}}', storage).ok).toBe(true);
    expect(readProgress(storage).lessons.intro?.solved).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ARTICLE_SEED_STORAGE_KEY, SEED_STORAGE_KEY, drawSeed, labSeed, newOwnSeed, ownSeed, parseSeed, setUseArticleSeed, usesArticleSeed,
  type SeedStorage,
} from '../../src/lib/seed';

function memory(initial: Record<string, string> = {}): SeedStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => { data[k] = v; } };
}

const blocked: SeedStorage = {
  getItem: () => { throw new Error('SecurityError'); },
  setItem: () => { throw new Error('QuotaExceededError'); },
};

describe('parseSeed accepts only whole numbers in the seed range', () => {
  it.each([
    ['0', 0], ['7', 7], ['4294967295', 4294967295], [' 42 ', 42],
    ['4294967296', null], ['-1', null], ['1.5', null], ['1e3', null], ['', null], ['abc', null], [null, null],
  ])('%j -> %j', (raw, seed) => {
    expect(parseSeed(raw)).toBe(seed);
  });
});

describe('the learner\'s seed', () => {
  it('is drawn once, stored, and kept', () => {
    const storage = memory();
    const seed = ownSeed(storage);
    expect(seed).toBeGreaterThanOrEqual(1);
    expect(seed).toBeLessThanOrEqual(999_999);
    expect(storage.data[SEED_STORAGE_KEY]).toBe(String(seed));
    expect(ownSeed(storage)).toBe(seed);
  });

  it('replaces corrupted storage with a valid seed', () => {
    const storage = memory({ [SEED_STORAGE_KEY]: '{"oops":1}' });
    const seed = ownSeed(storage);
    expect(parseSeed(storage.data[SEED_STORAGE_KEY])).toBe(seed);
  });

  it('keeps a stored seed, even 0', () => {
    expect(ownSeed(memory({ [SEED_STORAGE_KEY]: '0' }))).toBe(0);
  });

  it('changes on request', () => {
    const storage = memory({ [SEED_STORAGE_KEY]: '5' });
    const next = newOwnSeed(storage);
    expect(next).not.toBe(5);
    expect(storage.data[SEED_STORAGE_KEY]).toBe(String(next));
  });

  it('gives way to the article\'s seed while pinned, and comes back after', () => {
    const storage = memory({ [SEED_STORAGE_KEY]: '123' });
    setUseArticleSeed(true, storage);
    expect(storage.data[ARTICLE_SEED_STORAGE_KEY]).toBe('true');
    expect(usesArticleSeed(storage)).toBe(true);
    expect(labSeed(storage)).toBe(0);
    setUseArticleSeed(false, storage);
    expect(labSeed(storage)).toBe(123);
  });

  it('works, for this page only, when storage is blocked', () => {
    expect(() => labSeed(blocked)).not.toThrow();
    expect(parseSeed(String(labSeed(blocked)))).not.toBeNull();
    expect(labSeed(null)).toBe(labSeed(null));
  });

  it('draws from 1 to 999999', () => {
    expect(drawSeed(() => new Uint32Array([0]))).toBe(1);
    expect(drawSeed(() => new Uint32Array([999_998]))).toBe(999_999);
    expect(drawSeed(() => new Uint32Array([0xffffffff]))).toBeLessThanOrEqual(999_999);
  });
});

/**
 * The learner's own cluster: a seed kept in localStorage under `podlab:seed`
 * (a whole number in decimal, 0 to 4294967295), drawn with
 * crypto.getRandomValues on the first visit. `podlab:article-seed` set to
 * "true" pins the article's cluster (seed 0) without losing the learner's own.
 *
 * Anything else stored under these keys is ignored and a fresh value written;
 * blocked storage gives a seed for this page only. Nothing here throws.
 */

export const SEED_STORAGE_KEY = 'podlab:seed';
export const ARTICLE_SEED_STORAGE_KEY = 'podlab:article-seed';
/** The seed of the article's cluster, the one the lesson text shows. */
export const ARTICLE_SEED = 0;
const MAX_SEED = 0xffffffff;

export type SeedStorage = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): SeedStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function read(storage: SeedStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: SeedStorage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Quota or privacy mode: the seed lasts for this page only.
  }
}

/** A stored seed if it is one: decimal digits only, within 0..2^32-1. */
export function parseSeed(raw: string | null | undefined): number | null {
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) && n <= MAX_SEED ? n : null;
}

/** A new seed from 1 to 999999: short enough to read out to an instructor. */
export function drawSeed(random: (buf: Uint32Array) => Uint32Array = (buf) => crypto.getRandomValues(buf)): number {
  const [n = 0] = random(new Uint32Array(1));
  return (n % 999_999) + 1;
}

let pageSeed: number | null = null;

/** The learner's own seed, drawn and saved on first use. */
export function ownSeed(storage: SeedStorage | null = defaultStorage()): number {
  const stored = parseSeed(read(storage, SEED_STORAGE_KEY));
  if (stored !== null) return stored;
  pageSeed ??= drawSeed();
  write(storage, SEED_STORAGE_KEY, String(pageSeed));
  return pageSeed;
}

/** Replaces the learner's own seed with a new one and returns it. */
export function newOwnSeed(storage: SeedStorage | null = defaultStorage()): number {
  const current = ownSeed(storage);
  let next = drawSeed();
  while (next === current) next = drawSeed();
  pageSeed = next;
  write(storage, SEED_STORAGE_KEY, String(next));
  return next;
}

export function usesArticleSeed(storage: SeedStorage | null = defaultStorage()): boolean {
  return read(storage, ARTICLE_SEED_STORAGE_KEY) === 'true';
}

export function setUseArticleSeed(on: boolean, storage: SeedStorage | null = defaultStorage()): void {
  write(storage, ARTICLE_SEED_STORAGE_KEY, on ? 'true' : 'false');
}

/** The seed the lab starts with: the article's when pinned, else the learner's own. */
export function labSeed(storage: SeedStorage | null = defaultStorage()): number {
  return usesArticleSeed(storage) ? ARTICLE_SEED : ownSeed(storage);
}

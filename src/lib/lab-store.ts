/**
 * Each lab's state across reloads, in localStorage under
 * `podlab:lab:<lesson slug>:<lab name>`:
 *
 *   { version: 1, savedAt: ISO time, lab: LabSnapshot, exercises: { [id]: { baseline, hints } } }
 *
 * `lab` is the engine's own snapshot (sandbox/scenario/lab-snapshot.ts: the
 * cluster as its origin plus a log of operations, the shell's places and
 * history), checked by restoreLab before anything is built from it.
 * `exercises` remembers which exercises were started on that lab (the log
 * length grading compares against) and how many hints were shown.
 *
 * Nothing here throws. Text that cannot be read is copied to
 * `podlab:lab:aside` before it is replaced, and the problem is given back in
 * words for the page to show; storage that is full or blocked makes the lab
 * last for this page only, and says so.
 */
export const LAB_STORE_VERSION = 1;
export const LAB_STORE_PREFIX = 'podlab:lab:';
export const LAB_ASIDE_KEY = 'podlab:lab:aside';

export interface ExerciseState {
  /** The lab's log length when the exercise started. */
  baseline: number;
  /** Hints shown so far. */
  hints: number;
}

export interface StoredLab {
  version: typeof LAB_STORE_VERSION;
  savedAt: string;
  /** A LabSnapshot, unchecked here: restoreLab checks it. */
  lab: unknown;
  exercises: Record<string, ExerciseState>;
}

export type LabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStorage(): LabStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function labKey(slug: string, name: string): string {
  return `${LAB_STORE_PREFIX}${slug}:${name}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function readExercises(value: unknown): Record<string, ExerciseState> | null {
  if (!isRecord(value)) return null;
  const out = Object.create(null) as Record<string, ExerciseState>;
  for (const [id, state] of Object.entries(value)) {
    if (!isRecord(state) || !count(state.baseline) || !count(state.hints)) return null;
    out[id] = { baseline: state.baseline, hints: state.hints };
  }
  return out;
}

export type LoadResult =
  | { kind: 'none' }
  | { kind: 'found'; stored: StoredLab }
  /** Something was there that this Podlab cannot use; it has been kept aside. */
  | { kind: 'unreadable'; problem: string };

/** Keeps unreadable text where a person can still get it back. */
export function keepAside(storage: LabStorage | null = defaultStorage(), key: string, text: string, why: string): void {
  try {
    storage?.setItem(LAB_ASIDE_KEY, JSON.stringify({ key, why, text, at: new Date().toISOString() }));
  } catch {
    /* nowhere to keep it: it stays under its own key until overwritten */
  }
}

export function loadLab(slug: string, name: string, storage: LabStorage | null = defaultStorage()): LoadResult {
  const key = labKey(slug, name);
  let text: string | null;
  try {
    text = storage?.getItem(key) ?? null;
  } catch {
    return { kind: 'none' };
  }
  if (text === null) return { kind: 'none' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const exercises = isRecord(value) ? readExercises(value.exercises) : null;
  if (!isRecord(value) || value.version !== LAB_STORE_VERSION || typeof value.savedAt !== 'string' || exercises === null) {
    const why = isRecord(value) && typeof value.version === 'number' && value.version !== LAB_STORE_VERSION
      ? `it was saved by another version of Podlab (format ${value.version})`
      : 'it is not in a form this Podlab reads';
    keepAside(storage, key, text, why);
    return { kind: 'unreadable', problem: `Your saved lab for this page could not be read (${why}). It was kept aside under "${LAB_ASIDE_KEY}" and this lab starts afresh.` };
  }
  return { kind: 'found', stored: { version: LAB_STORE_VERSION, savedAt: value.savedAt, lab: value.lab, exercises } };
}

/** Saves a lab; false when the browser would not keep it (full or blocked storage). */
export function saveLab(slug: string, name: string, stored: Omit<StoredLab, 'version' | 'savedAt'>, storage: LabStorage | null = defaultStorage()): boolean {
  if (!storage) return false;
  const value: StoredLab = { version: LAB_STORE_VERSION, savedAt: new Date().toISOString(), ...stored };
  try {
    storage.setItem(labKey(slug, name), JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a lab (New cluster, Reset lab). */
export function forgetLab(slug: string, name: string, storage: LabStorage | null = defaultStorage()): void {
  try {
    storage?.removeItem(labKey(slug, name));
  } catch {
    /* blocked storage holds nothing to forget */
  }
}

/**
 * The learner's progress, kept in localStorage under `podlab:progress`:
 *
 *   { version: 2, lessons: { [slug]: { visited, solved: [id], revealed: [id], attempted: [id] } } }
 *
 * Version 1 (no `attempted`) is migrated on read: its lessons gain an empty
 * `attempted` list, and the next write stores version 2.
 *
 * Whatever is stored is checked by hand on every read: anything corrupted,
 * hand-edited or written by another app is left out of what we return, and no
 * function here throws because of it. Data from a newer version of Podlab is
 * shown as empty and never overwritten.
 *
 * Every write dispatches `podlab:progress` on window so badges can refresh.
 * Before a write replaces stored text that could not be read in full, that
 * text is kept aside under `podlab:progress:aside` (never silently wiped);
 * storageProblem() says so in words.
 */

export const PROGRESS_STORAGE_KEY = 'podlab:progress';
export const PROGRESS_EVENT = 'podlab:progress';
export const PROGRESS_VERSION = 2;
export const PROGRESS_ASIDE_KEY = 'podlab:progress:aside';

export interface LessonProgress {
  /** The learner has opened the lesson page. */
  visited: boolean;
  /** Ids of exercises answered correctly. */
  solved: string[];
  /** Ids of exercises whose answer the learner asked to see. */
  revealed: string[];
  /** Ids of exercises the learner has checked an answer for, right or wrong. */
  attempted: string[];
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

/** The part of the Web Storage API this module uses (injectable for tests). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

declare global {
  interface WindowEventMap {
    'podlab:progress': CustomEvent<Progress>;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export function isLessonProgress(value: unknown): value is LessonProgress {
  return (
    isRecord(value) &&
    typeof value.visited === 'boolean' &&
    isStringList(value.solved) &&
    isStringList(value.revealed) &&
    isStringList(value.attempted)
  );
}

/** Version 1 lessons had no `attempted` list. */
function migrateLesson(version: number, entry: unknown): unknown {
  if (version === 1 && isRecord(entry) && entry.attempted === undefined) return { ...entry, attempted: [] };
  return entry;
}

const READABLE_VERSIONS = [1, PROGRESS_VERSION];

export function emptyProgress(): Progress {
  // No prototype, so a lesson slug like "constructor" is just a key.
  return { version: PROGRESS_VERSION, lessons: Object.create(null) as Record<string, LessonProgress> };
}

export function emptyLesson(): LessonProgress {
  return { visited: false, solved: [], revealed: [], attempted: [] };
}

/** Parses stored text; keeps each lesson entry that is well formed and drops the rest. */
export function parseProgress(raw: string | null | undefined): Progress {
  const progress = emptyProgress();
  if (!raw) return progress;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return progress;
  }
  if (!isRecord(data) || typeof data.version !== 'number' || !READABLE_VERSIONS.includes(data.version) || !isRecord(data.lessons)) {
    return progress;
  }
  for (const [slug, stored] of Object.entries(data.lessons)) {
    const entry = migrateLesson(data.version, stored);
    if (isLessonProgress(entry)) {
      progress.lessons[slug] = {
        visited: entry.visited,
        solved: [...new Set(entry.solved)],
        revealed: [...new Set(entry.revealed)],
        attempted: [...new Set(entry.attempted)],
      };
    }
  }
  return progress;
}

function defaultStorage(): ProgressStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // Access itself throws when storage is blocked.
  }
}

function readRaw(storage: ProgressStorage | null): string | null {
  try {
    return storage?.getItem(PROGRESS_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function readProgress(storage: ProgressStorage | null = defaultStorage()): Progress {
  return parseProgress(readRaw(storage));
}

export function lessonProgress(progress: Progress, slug: string): LessonProgress {
  return Object.hasOwn(progress.lessons, slug) ? progress.lessons[slug]! : emptyLesson();
}

/** True when the stored data says it comes from a later Podlab than this one. */
function isFromNewerVersion(raw: string | null): boolean {
  if (!raw) return false;
  try {
    const data: unknown = JSON.parse(raw);
    return isRecord(data) && typeof data.version === 'number' && data.version > PROGRESS_VERSION;
  } catch {
    return false;
  }
}

/**
 * Changes one lesson's progress and saves it. Returns the progress as now
 * stored (or as it would be, when storage is unavailable).
 */
/** True when stored text reads in full: nothing in it would be dropped. */
function readsInFull(raw: string): boolean {
  try {
    const data: unknown = JSON.parse(raw);
    if (!isRecord(data) || typeof data.version !== 'number' || !READABLE_VERSIONS.includes(data.version) || !isRecord(data.lessons)) return false;
    const version = data.version;
    return Object.values(data.lessons).every((entry) => isLessonProgress(migrateLesson(version, entry)));
  } catch {
    return false;
  }
}

/** Storages whose last progress write was refused (full, or blocked after the page got them). */
const refusedWrites = new WeakSet<ProgressStorage>();

/**
 * Saves progress, keeping unreadable stored text aside first. False when it
 * must not be written (a newer version's data) or the browser would not keep
 * it (blocked or full storage: the progress then lasts for this page only).
 */
function save(progress: Progress, storage: ProgressStorage | null): boolean {
  const raw = readRaw(storage);
  if (isFromNewerVersion(raw)) return false;
  let kept = storage !== null;
  try {
    if (raw && !readsInFull(raw)) storage?.setItem(PROGRESS_ASIDE_KEY, raw);
    storage?.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(progress));
  } catch {
    kept = false;
  }
  if (storage !== null) {
    if (kept) refusedWrites.delete(storage);
    else refusedWrites.add(storage);
  }
  if (typeof window !== 'undefined') {
    window.dispatchEvent(new CustomEvent<Progress>(PROGRESS_EVENT, { detail: progress }));
  }
  return kept;
}

export function updateLesson(
  slug: string,
  change: (lesson: LessonProgress) => LessonProgress,
  storage: ProgressStorage | null = defaultStorage(),
): Progress {
  const raw = readRaw(storage);
  const progress = parseProgress(raw);
  const before = lessonProgress(progress, slug);
  const after = change(before);
  if (after === before || isFromNewerVersion(raw)) return progress;
  progress.lessons[slug] = after;
  save(progress, storage);
  return progress;
}

/** What is wrong with the stored progress, in words for the learner; null when nothing is. */
export function storageProblem(storage: ProgressStorage | null = defaultStorage()): string | null {
  if (storage === null) return 'This browser lets Podlab keep nothing (its storage is blocked, as in some private windows): your progress lasts until you leave the page.';
  const raw = readRaw(storage);
  if (isFromNewerVersion(raw)) return 'Your progress was saved by a newer version of Podlab. This page cannot read it and leaves it untouched.';
  if (raw && !readsInFull(raw)) return 'Some of your saved progress could not be read. It is left as it is until you make progress, then kept aside in this browser (podlab:progress:aside).';
  let aside: string | null = null;
  try {
    aside = storage?.getItem(PROGRESS_ASIDE_KEY) ?? null;
  } catch {
    aside = null;
  }
  if (aside) return 'Some earlier progress could not be read. It is kept aside in this browser (podlab:progress:aside), not deleted.';
  if (refusedWrites.has(storage)) return 'This browser would not keep your latest progress (its storage is full or blocked): it lasts until you leave the page.';
  return null;
}

/** The progress as a file's text, to import on another device. */
export function exportProgress(storage: ProgressStorage | null = defaultStorage()): string {
  return `${JSON.stringify(readProgress(storage), null, 2)}\n`;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Merges exported progress into this browser's: nothing here is lost, and
 * whatever the file adds is kept. A file that is not Podlab progress changes nothing.
 */
export function importProgress(text: string, storage: ProgressStorage | null = defaultStorage()): { ok: true; lessons: number } | { ok: false; error: string } {
  if (!readsInFull(text)) {
    return isFromNewerVersion(text)
      ? { ok: false, error: 'This file comes from a newer version of Podlab; this one cannot read it.' }
      : { ok: false, error: 'This file is not Podlab progress (or it is damaged); nothing was changed.' };
  }
  if (isFromNewerVersion(readRaw(storage))) return { ok: false, error: 'This browser holds progress from a newer version of Podlab; nothing was changed.' };
  const incoming = parseProgress(text);
  const progress = readProgress(storage);
  for (const [slug, lesson] of Object.entries(incoming.lessons)) {
    const mine = lessonProgress(progress, slug);
    progress.lessons[slug] = {
      visited: mine.visited || lesson.visited,
      solved: union(mine.solved, lesson.solved),
      revealed: union(mine.revealed, lesson.revealed),
      attempted: union(mine.attempted, lesson.attempted),
    };
  }
  if (!save(progress, storage)) return { ok: false, error: 'This browser would not keep the imported progress (its storage is full or blocked); it lasts until you leave the page.' };
  return { ok: true, lessons: Object.keys(incoming.lessons).length };
}

const addId = (list: string[], id: string) => (list.includes(id) ? list : [...list, id]);

export function markVisited(slug: string, storage?: ProgressStorage | null): Progress {
  return updateLesson(slug, (lesson) => (lesson.visited ? lesson : { ...lesson, visited: true }), storage);
}

export function markSolved(slug: string, exerciseId: string, storage?: ProgressStorage | null): Progress {
  return updateLesson(
    slug,
    (lesson) =>
      lesson.visited && lesson.solved.includes(exerciseId)
        ? lesson
        : { ...lesson, visited: true, solved: addId(lesson.solved, exerciseId) },
    storage,
  );
}

export function markRevealed(slug: string, exerciseId: string, storage?: ProgressStorage | null): Progress {
  return updateLesson(
    slug,
    (lesson) =>
      lesson.visited && lesson.revealed.includes(exerciseId)
        ? lesson
        : { ...lesson, visited: true, revealed: addId(lesson.revealed, exerciseId) },
    storage,
  );
}

export function markAttempted(slug: string, exerciseId: string, storage?: ProgressStorage | null): Progress {
  return updateLesson(
    slug,
    (lesson) =>
      lesson.visited && lesson.attempted.includes(exerciseId)
        ? lesson
        : { ...lesson, visited: true, attempted: addId(lesson.attempted, exerciseId) },
    storage,
  );
}

/** Where one exercise stands: solved beats revealed beats attempted. */
export type ExerciseStatus = 'solved' | 'revealed' | 'attempted' | 'new';

export function exerciseStatus(lesson: LessonProgress, exerciseId: string): ExerciseStatus {
  if (lesson.solved.includes(exerciseId)) return 'solved';
  if (lesson.revealed.includes(exerciseId)) return 'revealed';
  if (lesson.attempted.includes(exerciseId)) return 'attempted';
  return 'new';
}

export type ProgressStatus = 'not-started' | 'visited' | 'solved';

/** What a lesson's badge shows: a status for styling and the words to read. */
export function progressSummary(lesson: LessonProgress): { status: ProgressStatus; label: string } {
  const solved = lesson.solved.length;
  if (solved > 0) return { status: 'solved', label: `${solved} exercise${solved === 1 ? '' : 's'} solved` };
  if (lesson.visited) return { status: 'visited', label: 'Visited' };
  return { status: 'not-started', label: 'Not started' };
}

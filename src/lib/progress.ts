/**
 * The learner's progress, kept in localStorage under `podlab:progress`:
 *
 *   { version: 1, lessons: { [slug]: { visited, solved: [exerciseId], revealed: [exerciseId] } } }
 *
 * Whatever is stored is checked by hand on every read: anything corrupted,
 * hand-edited or written by another app is left out of what we return, and no
 * function here throws because of it. Data from a newer version of Podlab is
 * shown as empty and never overwritten.
 *
 * Every write dispatches `podlab:progress` on window so badges can refresh.
 */

export const PROGRESS_STORAGE_KEY = 'podlab:progress';
export const PROGRESS_EVENT = 'podlab:progress';
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** The learner has opened the lesson page. */
  visited: boolean;
  /** Ids of exercises answered correctly. */
  solved: string[];
  /** Ids of exercises whose answer the learner asked to see. */
  revealed: string[];
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
    isStringList(value.revealed)
  );
}

export function emptyProgress(): Progress {
  // No prototype, so a lesson slug like "constructor" is just a key.
  return { version: PROGRESS_VERSION, lessons: Object.create(null) as Record<string, LessonProgress> };
}

export function emptyLesson(): LessonProgress {
  return { visited: false, solved: [], revealed: [] };
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
  if (!isRecord(data) || data.version !== PROGRESS_VERSION || !isRecord(data.lessons)) return progress;
  for (const [slug, entry] of Object.entries(data.lessons)) {
    if (isLessonProgress(entry)) {
      progress.lessons[slug] = {
        visited: entry.visited,
        solved: [...new Set(entry.solved)],
        revealed: [...new Set(entry.revealed)],
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
  try {
    storage?.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(progress));
  } catch {
    // Quota or privacy mode: progress lasts for this page only.
  }
  if (typeof window !== 'undefined') {
    window.dispatchEvent(new CustomEvent<Progress>(PROGRESS_EVENT, { detail: progress }));
  }
  return progress;
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

export type ProgressStatus = 'not-started' | 'visited' | 'solved';

/** What a lesson's badge shows: a status for styling and the words to read. */
export function progressSummary(lesson: LessonProgress): { status: ProgressStatus; label: string } {
  const solved = lesson.solved.length;
  if (solved > 0) return { status: 'solved', label: `${solved} exercise${solved === 1 ? '' : 's'} solved` };
  if (lesson.visited) return { status: 'visited', label: 'Visited' };
  return { status: 'not-started', label: 'Not started' };
}

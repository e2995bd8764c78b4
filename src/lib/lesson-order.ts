/**
 * Course order. Pure, so tests can run it without Astro.
 */

/** The few things ordering needs to know about a lesson. */
export interface OrderedLesson {
  id: string;
  filePath?: string | undefined;
  data: { order: number };
}

/**
 * Returns the lessons sorted by `order`. Throws, failing the build, when two
 * lessons share an `order`, naming both files so the author knows what to fix.
 */
export function sortLessons<T extends OrderedLesson>(lessons: readonly T[]): T[] {
  const byOrder = new Map<number, T>();
  for (const lesson of lessons) {
    const other = byOrder.get(lesson.data.order);
    if (other) {
      const [a, b] = [other, lesson].map((l) => l.filePath ?? l.id).sort();
      throw new Error(
        `Two lessons have "order: ${lesson.data.order}": ${a} and ${b}. ` +
          'Each lesson needs its own order number; change one of them.',
      );
    }
    byOrder.set(lesson.data.order, lesson);
  }
  return [...lessons].sort((a, b) => a.data.order - b.data.order);
}

/** The lessons before and after `id` in course order (undefined at either end). */
export function neighbours<T extends OrderedLesson>(sorted: readonly T[], id: string): { prev?: T; next?: T } {
  const index = sorted.findIndex((lesson) => lesson.id === id);
  if (index === -1) return {};
  return { prev: sorted[index - 1], next: sorted[index + 1] };
}

/**
 * The URL slug of a lesson file: its path under content/lessons without the
 * extension and without the "NN-" ordering prefix, so renumbering lessons
 * keeps their links and the learner's saved progress.
 * "03-how-pods-talk.mdx" -> "how-pods-talk"; "cni/01-kindnet.mdx" -> "cni/kindnet".
 */
export function lessonSlug(entryPath: string): string {
  return entryPath
    .replace(/\.mdx$/i, '')
    .split('/')
    .map((segment) => segment.replace(/^\d+[-_]/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-'))
    .join('/');
}

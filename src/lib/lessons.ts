/**
 * The lessons collection in course order, for pages and layouts.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { sortLessons } from './lesson-order';

export type Lesson = CollectionEntry<'lessons'>;

export async function getLessons(): Promise<Lesson[]> {
  return sortLessons(await getCollection('lessons'));
}

/** The URL of a lesson page. */
export function lessonHref(lesson: Pick<Lesson, 'id'>): string {
  return `/lessons/${lesson.id}/`;
}

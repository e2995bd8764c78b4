import { describe, expect, it } from 'vitest';
import { lessonSlug, neighbours, sortLessons } from '../../src/lib/lesson-order';

const lesson = (id: string, order: number) => ({ id, filePath: `content/lessons/${id}.mdx`, data: { order } });

describe('sortLessons', () => {
  it('sorts by order, gaps allowed', () => {
    const sorted = sortLessons([lesson('c', 30), lesson('a', 1), lesson('b', 7)]);
    expect(sorted.map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });

  it('fails, naming both files, when two lessons share an order', () => {
    expect(() => sortLessons([lesson('pods', 2), lesson('intro', 1), lesson('cni', 2)])).toThrow(
      'Two lessons have "order: 2": content/lessons/cni.mdx and content/lessons/pods.mdx. Each lesson needs its own order number; change one of them.',
    );
  });
});

describe('neighbours', () => {
  const sorted = [lesson('a', 1), lesson('b', 2), lesson('c', 3)];
  it.each([
    ['a', undefined, 'b'],
    ['b', 'a', 'c'],
    ['c', 'b', undefined],
  ])('%s: previous %s, next %s', (id, prev, next) => {
    const found = neighbours(sorted, id);
    expect([found.prev?.id, found.next?.id]).toEqual([prev, next]);
  });
});

describe('lessonSlug', () => {
  it.each([
    ['01-start-here.mdx', 'start-here'],
    ['12_how-pods-talk.mdx', 'how-pods-talk'],
    ['cni/01-Kindnet.mdx', 'cni/kindnet'],
    ['no-number.mdx', 'no-number'],
  ])('%s -> %s', (entry, slug) => {
    expect(lessonSlug(entry)).toBe(slug);
  });
});

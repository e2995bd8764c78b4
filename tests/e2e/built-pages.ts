import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The production build the browser tests run against (playwright.config.ts serves it). */
export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Every page the build wrote, as the address a browser asks for: `/`,
 * `/search/`, `/lessons/<slug>/`, and the 404 page by its file name (asked for
 * as itself it is served with 200, so the tests' bad-response check holds).
 * Read from dist/ so a new lesson is covered without touching a test.
 */
export function builtPages(): string[] {
  const pages = walk(DIST)
    .filter((file) => file.endsWith('.html') && !relative(DIST, file).split(/[\\/]/).includes('pagefind'))
    .map((file) => `/${relative(DIST, file).replace(/\\/g, '/')}`.replace(/(^|\/)index\.html$/, '$1'))
    .sort();
  if (pages.length === 0) throw new Error(`no pages in ${DIST}: run npm run build first`);
  return pages;
}

/** The lesson pages among them. */
export function lessonPages(): string[] {
  return builtPages().filter((page) => page.startsWith('/lessons/'));
}

/** The built pages whose HTML contains `text` (say, `data-exercise="some-id"`), so a test follows content that moves. */
export function pagesContaining(text: string): string[] {
  return builtPages().filter((page) => {
    const file = page.endsWith('/') ? `${page}index.html` : page;
    return readFileSync(join(DIST, file), 'utf8').includes(text);
  });
}

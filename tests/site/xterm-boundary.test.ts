import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|astro|mjs|js)$/.test(name) ? [path] : [];
  });
}

it('only src/components/terminal imports @xterm', () => {
  const offenders = files(SRC)
    .filter((f) => !relative(SRC, f).startsWith(join('components', 'terminal')))
    .filter((f) => /from\s+['"]@xterm\/|import\s*\(\s*['"]@xterm\/|import\s+['"]@xterm\//.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f));
  expect(offenders).toEqual([]);
  expect(files(join(SRC, 'components', 'terminal')).some((f) => readFileSync(f, 'utf8').includes("from '@xterm/xterm'"))).toBe(true);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SANDBOX = resolve(__dirname, '../../sandbox');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Module specifiers a file imports or re-exports, static or dynamic. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1] as string);
  return found;
}

/** Why a sandbox file may not import this specifier, or null when it may. */
export function forbiddenReason(file: string, specifier: string): string | null {
  if (/^(astro|@astrojs\/|@xterm\/|astro:)/.test(specifier)) return 'the engine must not depend on Astro or xterm';
  if (/^node:|^(fs|path|os|child_process|http|https|net|crypto|url|util)$/.test(specifier)) return 'the engine runs in the browser: no Node built-ins';
  if (specifier.startsWith('.')) {
    const target = resolve(file, '..', specifier);
    if (!target.startsWith(SANDBOX)) return `imports outside sandbox/ (${relative(SANDBOX, target)})`;
  }
  return null;
}

describe('sandbox dependency direction', () => {
  const files = sourceFiles(SANDBOX);

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [relative(SANDBOX, f), f]))('%s imports nothing from src/, Astro, xterm or Node', (_name, file) => {
    const bad = importsOf(readFileSync(file, 'utf8'))
      .map((spec) => ({ spec, why: forbiddenReason(file, spec) }))
      .filter((x) => x.why !== null);
    expect(bad).toEqual([]);
  });

  it.each([
    ['../../src/lib/progress', 'imports outside sandbox/'],
    ['astro:content', 'Astro'],
    ['@xterm/xterm', 'xterm'],
    ['node:fs', 'Node built-ins'],
  ])('the rule rejects %s', (specifier, reason) => {
    expect(forbiddenReason(join(SANDBOX, 'shell', 'x.ts'), specifier)).toContain(reason);
  });

  it('the import scanner sees static, dynamic and side-effect imports', () => {
    const src = "import a from './a';\nexport { b } from \"../b\";\nconst c = await import('./c');\nimport './d';";
    expect(importsOf(src).sort()).toEqual(['../b', './a', './c', './d']);
  });

  it('the sandbox tsconfig leaves the DOM out', () => {
    const config = JSON.parse(readFileSync(join(SANDBOX, 'tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[]; types: string[] } };
    expect(config.compilerOptions.lib.map((l) => l.toLowerCase())).not.toContain('dom');
    expect(config.compilerOptions.types).toEqual([]);
  });
});

#!/usr/bin/env node
// The podlab command. The lab is written in TypeScript; this builds the CLI
// with esbuild (installed with the project) into a cache file named by a
// hash of the sources, so it works right after `npm install` with no build step.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const hash = createHash('sha256');
for (const file of [...sources(join(root, 'sandbox')), ...sources(join(root, 'cli'))].sort()) hash.update(file).update(readFileSync(file));
const cacheDir = join(root, 'node_modules', '.cache', 'podlab');
const out = join(cacheDir, `cli-${hash.digest('hex').slice(0, 16)}.mjs`);

if (!existsSync(out)) {
  mkdirSync(cacheDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
}

const { main } = await import(pathToFileURL(out).href);
main(process.argv.slice(2));

#!/usr/bin/env node
// Page weight from the production build: for every page in dist/, the JS and
// CSS it loads up front (its scripts and their static imports) and what the lab
// adds once it comes into view (the dynamically imported terminal chunk and
// everything it pulls in). Sizes are gzipped, level 9, as a server would send
// them. With --check it fails when a budget is exceeded; --json prints JSON.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGETS = {
  /** JS a lesson page may load before its lab is in view, gzipped bytes (enforced). */
  jsBeforeLab: 10 * 1024,
  /**
   * Target for the lab's own chunks (xterm, engine, glue), gzipped bytes.
   * Reported, not yet enforced: xterm alone is 88 KB gzipped and the command
   * suite about as much again, so meeting it needs the commands split into a
   * chunk that loads after the first prompt (the quality-bar issue tracks it).
   */
  labChunkTarget: 130 * 1024,
};

const dist = resolve(process.argv.find((a) => a.startsWith('--dist='))?.slice(7) ?? 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gz = new Map();
function gzipSize(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
  return gz.get(file);
}

function resolveAsset(fromFile, spec) {
  if (/^(https?:)?\/\//.test(spec) || spec.startsWith('data:')) return null;
  const path = spec.startsWith('/') ? join(dist, spec) : resolve(dirname(fromFile), spec);
  return path.split('?')[0];
}

/** Static and dynamic imports of a built JS file (Vite's output is minified ESM). */
function importsOf(file) {
  const src = readFileSync(file, 'utf8');
  const statics = new Set();
  const dynamics = new Set();
  for (const m of src.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g)) statics.add(resolveAsset(file, m[1]));
  for (const m of src.matchAll(/\bfrom\s*["']([^"']+\.js)["']/g)) statics.add(resolveAsset(file, m[1]));
  for (const m of src.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) dynamics.add(resolveAsset(file, m[1]));
  // Vite lists a dynamic chunk's dependencies (JS and CSS) in a preload map.
  for (const m of src.matchAll(/["'](\/?_astro\/[^"']+\.(?:js|css))["']/g)) {
    // Vite writes these paths relative to the site root, not to the chunk.
    const path = join(dist, m[1]);
    if (!statics.has(path)) dynamics.add(path);
  }
  statics.delete(null);
  dynamics.delete(null);
  return { statics: [...statics], dynamics: [...dynamics].filter((d) => !statics.has(d)) };
}

function closure(entries) {
  const seen = new Set();
  const stack = [...entries];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.js')) stack.push(...importsOf(file).statics);
  }
  return seen;
}

function pageAssets(html) {
  const text = readFileSync(html, 'utf8');
  const scripts = [...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => resolveAsset(html, m[1]));
  const styles = [...text.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link\b[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g)].map((m) =>
    resolveAsset(html, m[1] ?? m[2]),
  );
  const inlineModules = [...text.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const inlineImports = inlineModules.flatMap((code) => [...code.matchAll(/["']([^"']+\.js)["']/g)].map((m) => resolveAsset(html, m[1])));
  const inlineBytes = inlineModules.reduce((n, code) => n + gzipSync(code, { level: 9 }).length, 0);
  return { scripts: [...scripts, ...inlineImports].filter(Boolean), styles: styles.filter(Boolean), inlineBytes };
}

export function measure() {
  const pages = walk(dist).filter((f) => f.endsWith('.html'));
  const report = [];
  for (const html of pages) {
    const { scripts, styles, inlineBytes } = pageAssets(html);
    const upfront = closure(scripts);
    const lazyEntries = [...upfront].filter((f) => f.endsWith('.js')).flatMap((f) => importsOf(f).dynamics);
    const lazy = [...closure(lazyEntries)].filter((f) => !upfront.has(f));
    const sum = (files, ext) => files.filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSize(f), 0);
    const upfrontFiles = [...upfront];
    report.push({
      page: '/' + relative(dist, html).replace(/index\.html$/, '').replace(/\\/g, '/'),
      hasLab: readFileSync(html, 'utf8').includes('data-lab'),
      jsBeforeLab: sum(upfrontFiles, '.js') + inlineBytes,
      cssBeforeLab: sum([...upfrontFiles, ...styles], '.css'),
      labJs: sum(lazy, '.js'),
      labCss: sum(lazy, '.css'),
      labFiles: lazy.map((f) => relative(dist, f)),
    });
  }
  return report.sort((a, b) => a.page.localeCompare(b.page));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log('page weight, gzipped (JS | CSS before the lab is in view; JS | CSS the lab adds)');
    for (const r of report) {
      console.log(`${r.page.padEnd(40)} ${kb(r.jsBeforeLab).padStart(9)} | ${kb(r.cssBeforeLab).padStart(9)}   lab: ${r.hasLab ? `${kb(r.labJs)} | ${kb(r.labCss)}` : '-'}`);
    }
  }
  if (process.argv.includes('--check')) {
    const failures = [];
    for (const r of report) {
      if (r.jsBeforeLab > BUDGETS.jsBeforeLab) failures.push(`${r.page}: ${kb(r.jsBeforeLab)} of JS before the lab, budget ${kb(BUDGETS.jsBeforeLab)}`);
      if (r.hasLab && r.labJs + r.labCss > BUDGETS.labChunkTarget) {
        console.log(`note: ${r.page}: lab chunk ${kb(r.labJs + r.labCss)} is over its ${kb(BUDGETS.labChunkTarget)} target by ${kb(r.labJs + r.labCss - BUDGETS.labChunkTarget)}`);
      }
      if (r.hasLab && r.labJs === 0) failures.push(`${r.page}: has a lab but no lazily loaded lab chunk was found`);
    }
    if (failures.length > 0) {
      console.error(`size budget exceeded:\n  ${failures.join('\n  ')}`);
      process.exit(1);
    }
    console.log('size budgets: ok');
  }
}

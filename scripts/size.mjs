#!/usr/bin/env node
// Page weight from the production build: for every page in dist/, the JS and
// CSS it loads up front (its scripts and their static imports), what the lab
// loads when it comes into view (the dynamically imported terminal chunk and
// its static imports: xterm, the line editor, the glue), what follows right
// after the lab's first prompt (the engine, the commands, the grader) and any
// other lazily loaded code. Sizes are gzipped, level 9, as a server would send
// them. With --check it fails when a budget is exceeded; --json prints JSON;
// --breakdown also lists what the lab's chunks are made of, module group by
// group (bundled again with esbuild, as Vite does, with a metafile).
//
// Also a module: scripts/bench.mjs imports measure() and labBreakdown().
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGETS = {
  /** JS a lesson page may load before its lab is in view, gzipped bytes (enforced). */
  jsBeforeLab: 10 * 1024,
  /**
   * What a lesson page loads when its lab comes into view, up to the first
   * prompt (xterm and its CSS, the line editor, the glue), gzipped bytes
   * (enforced). The engine, the commands and the grader load right after the
   * first prompt (src/components/terminal/after-prompt.ts) and are reported.
   */
  labChunk: 130 * 1024,
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Vite names a dynamic chunk after its module: src/components/terminal/mount.ts is the lab's. */
const LAB_ENTRY = /(^|\/)mount\.[\w-]+\.js$/;

let dist = resolve('dist');

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

/**
 * Every page of the build in `distDir` (default ./dist). Per page, gzipped bytes:
 * jsBeforeLab/cssBeforeLab (loaded up front); labJs/labCss (when the lab comes
 * into view: the upfront script that imports the lab chunk, what it preloads
 * with it and their static imports); afterPromptJs/afterPromptCss (what the
 * lab chunk imports dynamically, right after the first prompt); otherLazyJs/
 * otherLazyCss (any other dynamic import, e.g. the live diagrams). The *Files
 * lists name the files, relative to the build.
 */
export function measure(distDir = 'dist') {
  dist = resolve(distDir);
  const pages = walk(dist).filter((f) => f.endsWith('.html'));
  const report = [];
  for (const html of pages) {
    const { scripts, styles, inlineBytes } = pageAssets(html);
    const upfront = closure(scripts);
    const upfrontJs = [...upfront].filter((f) => f.endsWith('.js'));
    const isLabLoader = (f) => importsOf(f).dynamics.some((d) => LAB_ENTRY.test(d));
    const labEntries = upfrontJs.filter(isLabLoader).flatMap((f) => importsOf(f).dynamics);
    const otherEntries = upfrontJs.filter((f) => !isLabLoader(f)).flatMap((f) => importsOf(f).dynamics);
    const lab = [...closure(labEntries)].filter((f) => !upfront.has(f));
    const taken = new Set([...upfront, ...lab]);
    const afterEntries = lab.filter((f) => f.endsWith('.js')).flatMap((f) => importsOf(f).dynamics);
    const after = [...closure(afterEntries)].filter((f) => !taken.has(f));
    for (const f of after) taken.add(f);
    const other = [...closure(otherEntries)].filter((f) => !taken.has(f));
    const sum = (files, ext) => files.filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSize(f), 0);
    const rel = (files) => files.map((f) => relative(dist, f)).sort();
    const upfrontFiles = [...upfront];
    report.push({
      page: '/' + relative(dist, html).replace(/index\.html$/, '').replace(/\\/g, '/'),
      hasLab: readFileSync(html, 'utf8').includes('data-lab'),
      jsBeforeLab: sum(upfrontFiles, '.js') + inlineBytes,
      cssBeforeLab: sum([...upfrontFiles, ...styles], '.css'),
      labJs: sum(lab, '.js'),
      labCss: sum(lab, '.css'),
      labFiles: rel(lab),
      afterPromptJs: sum(after, '.js'),
      afterPromptCss: sum(after, '.css'),
      afterPromptFiles: rel(after),
      otherLazyJs: sum(other, '.js'),
      otherLazyCss: sum(other, '.css'),
      otherLazyFiles: rel(other),
    });
  }
  return report.sort((a, b) => a.page.localeCompare(b.page));
}

/** Which group a module of the bundle counts under in the breakdown: a package, a command, or a folder. */
function moduleGroup(path) {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (npm) return npm[1];
  const parts = path.split('/');
  if (parts[0] === 'sandbox' && parts[1] === 'shell' && parts[2] === 'commands' && parts.length === 4) return path;
  if (parts[0] === 'sandbox' && parts[1] === 'shell' && parts[2] === 'commands') return parts.slice(0, 4).join('/') + '/';
  if (parts.length <= 2) return path;
  return parts.slice(0, parts[0] === 'src' ? -1 : 2).join('/') + '/';
}

/**
 * What the lab's chunks are made of. The lab's entry (src/components/terminal/
 * mount.ts in `root`) is bundled again with esbuild as Vite bundles it
 * (minified ESM, split at dynamic imports, CSS left to Vite), with a metafile;
 * each output is put in one of two loads, the first (the entry and its static
 * imports) or after the first prompt (the rest). Per module group: minified
 * bytes, exact from the metafile, and gzipped bytes of the group's code
 * alone, cut from the bundle at esbuild's module markers. Groups compress
 * less alone than together, so their sum is a little above the whole's,
 * which is given too.
 */
export async function labBreakdown(root = ROOT) {
  const { build, transform } = await import('esbuild');
  const common = {
    absWorkingDir: root, entryPoints: ['src/components/terminal/mount.ts'], bundle: true, splitting: true, format: 'esm',
    target: 'es2022', write: false, outdir: 'out', metafile: true, logLevel: 'silent', loader: { '.css': 'empty' },
  };
  const min = await build({ ...common, minify: true });
  // The same bundle with whitespace kept: esbuild then marks where each module starts ("// path").
  const marked = await build({ ...common, minifySyntax: true, minifyIdentifiers: true });
  const outputs = Object.entries(min.metafile.outputs).filter(([name]) => name.endsWith('.js'));
  const entry = outputs.find(([, o]) => o.entryPoint === 'src/components/terminal/mount.ts')?.[0];
  const first = new Set([entry]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...first]) {
      for (const i of min.metafile.outputs[name].imports) {
        if (i.kind === 'import-statement' && !first.has(i.path)) {
          first.add(i.path);
          grew = true;
        }
      }
    }
  }
  const loads = { first: { groups: new Map(), bytes: 0, gzip: 0 }, after: { groups: new Map(), bytes: 0, gzip: 0 } };
  const codeOf = new Map();
  for (const file of marked.outputFiles) {
    for (const piece of file.text.split(/\n(?=\/\/ \S+\n)/)) {
      const m = /^\/\/ (\S+)\n/.exec(piece);
      if (m) codeOf.set(m[1], (codeOf.get(m[1]) ?? '') + piece.slice(m[0].length));
    }
  }
  for (const [name, output] of outputs) {
    const load = first.has(name) ? loads.first : loads.after;
    const text = min.outputFiles.find((f) => f.path.endsWith(`/${name.split('/').pop()}`))?.contents;
    load.bytes += output.bytes;
    load.gzip += text ? gzipSync(text, { level: 9 }).length : 0;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const key = moduleGroup(input);
      const g = load.groups.get(key) ?? { group: key, modules: 0, bytes: 0, code: '' };
      g.modules += 1;
      g.bytes += bytesInOutput;
      g.code += (codeOf.get(input) ?? '') + '\n';
      load.groups.set(key, g);
    }
  }
  const finish = async (load) => {
    const groups = [];
    for (const g of load.groups.values()) {
      // Exports left at a piece's end name bindings of other pieces; whitespace minification needs them gone.
      const code = g.code.replace(/^export\s*\{[^}]*\};?\s*$/gm, '').replace(/^import\s[^;]*;\s*$/gm, '');
      let gz;
      try {
        gz = gzipSync((await transform(code, { minifyWhitespace: true, loader: 'js' })).code, { level: 9 }).length;
      } catch {
        gz = gzipSync(code, { level: 9 }).length;
      }
      groups.push({ group: g.group, modules: g.modules, bytes: g.bytes, gzip: gz });
    }
    groups.sort((a, b) => b.gzip - a.gzip);
    return { bytes: load.bytes, gzip: load.gzip, groups };
  };
  return { first: await finish(loads.first), afterPrompt: await finish(loads.after) };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = measure(process.argv.find((a) => a.startsWith('--dist='))?.slice(7) ?? 'dist');
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log('page weight, gzipped (JS | CSS before the lab is in view; JS | CSS when the lab comes into view; JS right after its first prompt; other lazy JS)');
    for (const r of report) {
      const lab = r.hasLab ? `${kb(r.labJs)} | ${kb(r.labCss)}   after prompt: ${kb(r.afterPromptJs + r.afterPromptCss)}` : '-';
      const other = r.otherLazyJs + r.otherLazyCss > 0 ? `   other lazy: ${kb(r.otherLazyJs + r.otherLazyCss)}` : '';
      console.log(`${r.page.padEnd(40)} ${kb(r.jsBeforeLab).padStart(9)} | ${kb(r.cssBeforeLab).padStart(9)}   lab: ${lab}${other}`);
    }
  }
  if (process.argv.includes('--breakdown')) {
    const b = await labBreakdown();
    for (const [title, load] of [['when the lab comes into view', b.first], ['right after the first prompt', b.afterPrompt]]) {
      console.log(`\nlab JS ${title} (esbuild's bundle: ${kb(load.bytes)} minified, ${kb(load.gzip)} gzipped)`);
      for (const g of load.groups) console.log(`  ${kb(g.gzip).padStart(9)}  ${kb(g.bytes).padStart(9)}  ${g.group} (${g.modules})`);
    }
  }
  if (process.argv.includes('--check')) {
    const failures = [];
    for (const r of report) {
      if (r.jsBeforeLab > BUDGETS.jsBeforeLab) failures.push(`${r.page}: ${kb(r.jsBeforeLab)} of JS before the lab, budget ${kb(BUDGETS.jsBeforeLab)}`);
      if (r.hasLab && r.labJs + r.labCss > BUDGETS.labChunk) {
        failures.push(`${r.page}: ${kb(r.labJs + r.labCss)} (JS and CSS) loads when the lab comes into view, budget ${kb(BUDGETS.labChunk)}`);
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

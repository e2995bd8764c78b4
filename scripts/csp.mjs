// The site's Content-Security-Policy, written into every built page as the
// first element of <head> (a <meta http-equiv>, since a static host may send
// no headers of its own). Used by astro.config.mjs after the build; read the
// README's "Security" note for why each directive is what it is.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Directive -> sources. script-src gains a hash per inline script a page
 * carries (today: none; every script is an external file from this origin).
 */
export const DIRECTIVES = {
  'default-src': ["'self'"],
  // Pagefind searches in a worker (which the page's <meta> policy does not
  // reach), but compiles its WebAssembly on the page when workers are missing
  // or its worker takes over 5 s to start (a slow phone on a first visit).
  // 'wasm-unsafe-eval' lets this origin's scripts compile Wasm and nothing
  // more: eval and new Function stay refused (tests/e2e/csp.spec.ts).
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // xterm.js 6 draws with its DOM renderer, which needs inline styles it
  // makes at run time: <style> elements whose text holds a per-terminal class
  // (xterm-dom-renderer-owner-N, N counting every terminal the page made) and
  // the theme and font in use, and style attributes on the cells of selected
  // text (a double-click on a pod name) and of 24-bit colours. The <style>
  // text cannot be hashed ahead of time, and once inline <style> is allowed,
  // hashing the attributes would protect nothing more. What an injected style
  // could do is bounded by the rest: no script, nothing fetched from anywhere
  // but this origin (so no exfiltration through CSS).
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

const EXECUTABLE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'importmap', 'speculationrules']);

/** The text of every inline <script> a browser would run (JSON data blocks are not run, so they need no hash). */
export function inlineScripts(html) {
  const out = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = (/\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attrs)?.[1] ?? '').toLowerCase();
    if (EXECUTABLE_TYPES.has(type)) out.push(m[2] ?? '');
  }
  return out;
}

export const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy for one page: DIRECTIVES plus a hash per inline script it carries. */
export function policyFor(html) {
  const hashes = [...new Set(inlineScripts(html).map(sha256))];
  return Object.entries(DIRECTIVES)
    .map(([name, sources]) => [name, ...sources, ...(name === 'script-src' ? hashes : [])].join(' '))
    .join('; ');
}

/** Problems a policy would turn into broken pages, found before any browser sees them. */
export function problemsIn(html) {
  const problems = [];
  if (/<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy/i.test(html)) problems.push('already has a Content-Security-Policy meta tag');
  const handler = /<[a-z][\w:-]*\b[^>]*?\s(on[a-z]+)\s*=/i.exec(html);
  if (handler) problems.push(`has an ${handler[1]}="..." event handler attribute, which the policy forbids: ${handler[0].slice(0, 120)}`);
  if (/\bhref\s*=\s*["']?\s*javascript:/i.test(html)) problems.push('has a javascript: link, which the policy forbids');
  return problems;
}

/** The page with its policy as the first thing in <head> (after the charset, which must stay in the first bytes). */
export function withPolicy(html) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyFor(html).replace(/"/g, '&quot;')}">`;
  const charset = /<meta charset="?utf-8"?\s*\/?>/i.exec(html);
  if (charset) return html.slice(0, charset.index + charset[0].length) + meta + html.slice(charset.index + charset[0].length);
  const head = /<head\b[^>]*>/i.exec(html);
  if (!head) throw new Error('no <head> to put the Content-Security-Policy in');
  return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
}

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : path.endsWith('.html') ? [path] : [];
  });
}

/** Astro integration: after the build, every page gets its policy; a page the policy would break fails the build. */
export function contentSecurityPolicy() {
  return {
    name: 'podlab:content-security-policy',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const root = dir instanceof URL ? dir.pathname : String(dir);
        const failures = [];
        let hashed = 0;
        const files = htmlFiles(root);
        for (const file of files) {
          const html = readFileSync(file, 'utf8');
          for (const problem of problemsIn(html)) failures.push(`${file.slice(root.length)}: ${problem}`);
          hashed += inlineScripts(html).length;
          writeFileSync(file, withPolicy(html));
        }
        if (failures.length > 0) throw new Error(`Content-Security-Policy:\n  ${failures.join('\n  ')}`);
        logger.info(`policy written into ${files.length} pages (${hashed} inline script${hashed === 1 ? '' : 's'} hashed)`);
      },
    },
  };
}

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every way the site or the engine could turn a string into markup, found by
 * reading the source: innerHTML, outerHTML, insertAdjacentHTML,
 * document.write, createContextualFragment, srcdoc and Astro's set:html.
 * Each use must be listed below, reviewed, with why it is safe and a
 * condition in its file that keeps it safe; a new use fails until someone
 * reviews it, and a listed use that is gone fails too, so the list stays true.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const SCANNED = ['src', 'sandbox'];
const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|srcdoc)\b|\bdocument\.write(ln)?\s*\(|\bset:html\b/;

interface Reviewed {
  file: string;
  /** The line, trimmed, exactly as it stands. */
  line: string;
  why: string;
  /** What must stay in the same file for `why` to hold. */
  requires: RegExp;
}

const REVIEWED: Reviewed[] = [
  {
    file: 'src/components/lesson/Exercise.astro',
    line: '<script type="application/json" data-exercise-spec set:html={specJson} />',
    why: 'the exercise definition as JSON in a data block (never run); built from content/ at build time, with every "<" written as \\u003c so nothing in it can close the script element',
    requires: /const specJson = JSON\.stringify\(spec\)\.replace\(\/<\/g, '\\\\u003c'\);/,
  },
  {
    file: 'src/components/lesson/ClusterDiagram.astro',
    line: '<Fragment set:html={svg} />',
    why: "the diagram's SVG, rendered at build time from the article's cluster by svgToString (src/lib/diagram.ts), which escapes every text and attribute value (tests/site/diagram.test.ts)",
    requires: /const svg = svgToString\(diagram\.svg\);/,
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|astro|mdx)$/.test(name) ? [path] : [];
  });
}

/** Lines that could build markup from a string; whole-line comments are prose, not code. */
function sinkLines(): { file: string; line: string; at: string }[] {
  return SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((path) => {
    const file = relative(ROOT, path);
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((text, i) => ({ file, line: text.trim(), at: `${file}:${i + 1}` }))
      .filter(({ line }) => SINKS.test(line) && !/^(\/\/|\/\*|\*|\{\/\*)/.test(line));
  });
}

describe('markup built from strings', () => {
  const found = sinkLines();

  it('is only where it has been reviewed', () => {
    const unreviewed = found.filter((f) => !REVIEWED.some((r) => r.file === f.file && r.line === f.line)).map((f) => `${f.at}: ${f.line}`);
    expect(unreviewed, 'build DOM nodes and set textContent instead, or review the use and list it in REVIEWED with why it is safe').toEqual([]);
  });

  it.each(REVIEWED)('$file: $line is still there and still safe', ({ file, line, requires }) => {
    expect(found.some((f) => f.file === file && f.line === line), 'a reviewed use that is gone: remove it from REVIEWED').toBe(true);
    expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(requires);
  });

  it('the scan sees through the sinks it looks for', () => {
    for (const line of ['el.innerHTML = x', 'el.outerHTML=x', "el.insertAdjacentHTML('beforeend', x)", 'document.write(x)', 'document.writeln(x)', 'range.createContextualFragment(x)', 'frame.srcdoc = x', '<div set:html={x} />']) {
      expect(SINKS.test(line), line).toBe(true);
    }
    for (const line of ['el.textContent = x', 'el.replaceChildren(...nodes)', 'documentWriter(x)']) expect(SINKS.test(line), line).toBe(false);
  });
});

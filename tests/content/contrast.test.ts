import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The colour tokens in src/styles/global.css meet WCAG AA in both themes, and
 * the no-JavaScript dark block (inside prefers-color-scheme) matches the
 * data-theme="dark" block it duplicates.
 */
const css = readFileSync(new URL('../../src/styles/global.css', import.meta.url), 'utf8');

function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start === -1) throw new Error(`no "${selector} {" block in global.css`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]!.toLowerCase()]));
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = 4.5;
const UI = 3;
const surfaces = ['--bg', '--bg-soft', '--bg-raised'];

/** [foreground, background, minimum ratio] */
const PAIRS: [string, string, number][] = [
  ...surfaces.flatMap((bg): [string, string, number][] => [
    ['--text', bg, TEXT],
    ['--muted', bg, TEXT],
    ['--link', bg, TEXT],
    ['--link-hover', bg, TEXT],
    ['--focus', bg, UI],
  ]),
  ['--code-text', '--code-bg', TEXT],
  ['--tok-comment', '--code-bg', TEXT],
  ['--tok-keyword', '--code-bg', TEXT],
  ['--tok-string', '--code-bg', TEXT],
  ['--tok-number', '--code-bg', TEXT],
  ['--tok-variable', '--code-bg', TEXT],
  ['--tok-punct', '--code-bg', TEXT],
  ['--link', '--code-bg', TEXT],
  ['--mark-text', '--mark-bg', TEXT],
  ['--ok-text', '--ok-bg', TEXT],
  ['--info-text', '--info-bg', TEXT],
  ['--text', '--info-bg', TEXT],
  // The home page's "Start" button: page background colour on the link colour.
  ['--bg', '--link', TEXT],
  ['--bg', '--link-hover', TEXT],
];

const themes = {
  light: block(':root'),
  dark: block(":root[data-theme='dark']"),
};

describe.each(Object.entries(themes))('%s theme', (_name, tokens) => {
  it.each(PAIRS)('%s on %s', (fg, bg, min) => {
    expect(tokens[fg], `${fg} is a #rrggbb colour`).toBeDefined();
    expect(tokens[bg], `${bg} is a #rrggbb colour`).toBeDefined();
    expect(contrast(tokens[fg]!, tokens[bg]!)).toBeGreaterThanOrEqual(min);
  });
});

it('the no-JavaScript dark tokens match the data-theme="dark" tokens', () => {
  expect(block(':root:not([data-theme])')).toEqual(themes.dark);
});

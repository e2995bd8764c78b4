import { describe, expect, it } from 'vitest';
import { TERMINAL_THEMES } from '../../src/components/terminal/theme';

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (b as number);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT_COLOURS = [
  'foreground', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightBlack',
] as const;

describe.each(Object.entries(TERMINAL_THEMES))('terminal theme %s', (_name, theme) => {
  it.each(TEXT_COLOURS)('%s text meets WCAG AA (4.5:1) on the background', (key) => {
    const colour = theme[key];
    expect(colour, `${key} is set`).toMatch(/^#[0-9a-f]{6}$/i);
    expect(contrast(colour as string, theme.background as string)).toBeGreaterThanOrEqual(4.5);
  });

  it('selected text stays readable', () => {
    expect(contrast(theme.selectionForeground as string, theme.selectionBackground as string)).toBeGreaterThanOrEqual(4.5);
  });
});

it('the contrast formula matches known values', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
});

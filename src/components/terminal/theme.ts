import type { ITheme } from '@xterm/xterm';

/**
 * Terminal colours for each site theme. Every ANSI colour the lab prints
 * (the prompt's bold green and blue, errors) keeps at least 4.5:1 contrast
 * against its background (WCAG AA); tests/site/terminal-theme.test.ts checks it.
 */
export const TERMINAL_THEMES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#fbfbf8',
    foreground: '#1d2021',
    cursor: '#1d2021',
    cursorAccent: '#fbfbf8',
    selectionBackground: '#b6d7ff',
    selectionForeground: '#1d2021',
    black: '#1d2021',
    red: '#b3261e',
    green: '#1e6b2e',
    yellow: '#7a5500',
    blue: '#1c4fb8',
    magenta: '#8a2a8a',
    cyan: '#0b6470',
    white: '#5b5f62',
    brightBlack: '#4a4e51',
    brightRed: '#a1201a',
    brightGreen: '#17612a',
    brightYellow: '#6e4b00',
    brightBlue: '#1945a5',
    brightMagenta: '#7c237c',
    brightCyan: '#095b66',
    brightWhite: '#3f4346',
  },
  dark: {
    background: '#16191d',
    foreground: '#e6e6e1',
    cursor: '#e6e6e1',
    cursorAccent: '#16191d',
    selectionBackground: '#3b5b8a',
    selectionForeground: '#ffffff',
    black: '#8d949b',
    red: '#ff8a80',
    green: '#8fdc8f',
    yellow: '#f2cc60',
    blue: '#8cb8ff',
    magenta: '#e39cf0',
    cyan: '#7fd8e3',
    white: '#d5d8da',
    brightBlack: '#a3a9ae',
    brightRed: '#ffa69e',
    brightGreen: '#a8f0a8',
    brightYellow: '#ffdd80',
    brightBlue: '#a8caff',
    brightMagenta: '#f0b6f8',
    brightCyan: '#9ee8f0',
    brightWhite: '#ffffff',
  },
};

export function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

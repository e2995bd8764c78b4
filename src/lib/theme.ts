/**
 * Light/dark theme in the browser.
 *
 * The theme lives in `data-theme="light|dark"` on <html>; public/theme-init.js
 * sets it before first paint from the stored choice or the system setting.
 * Anything that draws its own colours (the terminal) reads that attribute once
 * and then listens for the `podlab:theme` event on window:
 *
 *   window.addEventListener('podlab:theme', (e) => use(e.detail.theme));
 */

export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'podlab:theme';
export const THEME_EVENT = 'podlab:theme';

export interface ThemeEventDetail {
  theme: Theme;
}

declare global {
  interface WindowEventMap {
    'podlab:theme': CustomEvent<ThemeEventDetail>;
  }
}

export function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

const darkQuery = () => window.matchMedia?.('(prefers-color-scheme: dark)');

/** The learner's saved choice, or null when they have not chosen (or storage is blocked). */
export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return isTheme(value) ? value : null;
  } catch {
    return null;
  }
}

export function systemTheme(): Theme {
  return darkQuery()?.matches ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  const value = document.documentElement.dataset.theme;
  return isTheme(value) ? value : systemTheme();
}

/** Shows `theme` and tells listeners, if it is a change. */
function applyTheme(theme: Theme): void {
  if (document.documentElement.dataset.theme === theme) return;
  document.documentElement.dataset.theme = theme;
  window.dispatchEvent(new CustomEvent<ThemeEventDetail>(THEME_EVENT, { detail: { theme } }));
}

/** The learner picked a theme: show it and remember it. */
export function chooseTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembered across pages, but still shown now.
  }
  applyTheme(theme);
}

/**
 * Keeps the page in step with the system setting (while the learner has not
 * chosen) and with choices made in other tabs. Returns a function that stops it.
 */
export function syncTheme(): () => void {
  const query = darkQuery();
  const onSystemChange = () => {
    if (!storedTheme()) applyTheme(systemTheme());
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY) applyTheme(storedTheme() ?? systemTheme());
  };
  query?.addEventListener('change', onSystemChange);
  window.addEventListener('storage', onStorage);
  return () => {
    query?.removeEventListener('change', onSystemChange);
    window.removeEventListener('storage', onStorage);
  };
}

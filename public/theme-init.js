/*
 * Podlab theme, applied before first paint. Loaded as a blocking external
 * script in <head> (not inline, so a strict Content-Security-Policy can allow
 * it by origin). Kept in sync with src/lib/theme.ts by hand: same key, same values.
 */
(function () {
  var theme = null;
  try {
    theme = localStorage.getItem('podlab:theme');
  } catch (e) {
    /* storage blocked: follow the system */
  }
  if (theme !== 'light' && theme !== 'dark') {
    theme = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', theme);
})();

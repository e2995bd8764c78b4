// @ts-check
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import AstroPWA from '@vite-pwa/astro';
import { contentSecurityPolicy } from './scripts/csp.mjs';

/**
 * Builds the Pagefind index inside `astro build`, so the service worker
 * (generated next) can precache it. `npm run build` runs the same command
 * again afterwards; Pagefind's output is a pure function of the pages, so the
 * second run writes the same files under the same names.
 * @returns {import('astro').AstroIntegration}
 */
function pagefindIndex() {
  return {
    name: 'podlab:pagefind',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const bin = fileURLToPath(new URL('./node_modules/pagefind/lib/runner/bin.cjs', import.meta.url));
        execFileSync(process.execPath, [bin, '--site', fileURLToPath(dir), '--output-subdir', 'pagefind', '--silent'], { stdio: 'inherit' });
      },
    },
  };
}

export default defineConfig({
  site: 'http://localhost:4321',
  integrations: [
    mdx(),
    // Order matters: build:done hooks run in this order, and the service
    // worker must see the pages as served (with their policy) and the index.
    contentSecurityPolicy(),
    pagefindIndex(),
    AstroPWA({
      registerType: 'autoUpdate',
      // src/layouts/Base.astro registers /sw.js from an external module: no inline script for the CSP to allow.
      injectRegister: false,
      manifest: {
        name: 'Podlab: Kubernetes networking in your browser',
        short_name: 'Podlab',
        description: 'Lessons on Kubernetes networking beside a simulated cluster that runs in your browser.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0a58a8',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // Everything a learner needs offline: every page, the JS and CSS chunks
        // (the lab's too), the icon, and the parts of Pagefind that search uses
        // (not its bundled UIs, which this site does not load). No web fonts: the site uses system fonts.
        globPatterns: [
          '**/*.{html,js,css,svg,webmanifest}',
          'pagefind/pagefind-entry.json',
          'pagefind/*.pf_meta',
          'pagefind/wasm.*.pagefind',
          'pagefind/index/*.pf_index',
          'pagefind/fragment/*.pf_fragment',
        ],
        globIgnores: ['pagefind/*-ui.*', 'pagefind/pagefind-highlight.js'],
        // The lab chunk is about 750 KB before compression.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // Pagefind asks for pagefind-entry.json?ts=<now>; /search/?q=... is the search page.
        ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^ts$/, /^q$/],
        // An address that is not a page goes to the network (and gets the real 404), never to the home page.
        navigateFallback: null,
        // autoUpdate: a new build takes over at once; open pages keep what they have until the next navigation.
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
      // Precache both /lessons/x/ and /lessons/x, as trailingSlash: 'ignore' serves both.
      experimental: { directoryAndTrailingSlashHandler: true },
    }),
  ],
  // The lab never talks to a server, so the built site is plain static files.
  output: 'static',
  trailingSlash: 'ignore',
  // Every script and stylesheet stays an external file, so a strict
  // Content-Security-Policy (script-src 'self', style-src 'self') can hold.
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Prism marks tokens with classes (themed in global.css); Shiki would write inline styles.
  markdown: { syntaxHighlight: 'prism' },
  devToolbar: { enabled: false },
  vite: {
    build: {
      // The terminal chunk is measured by scripts/size.mjs; keep names stable for it.
      chunkSizeWarningLimit: 600,
      assetsInlineLimit: 0,
    },
  },
});

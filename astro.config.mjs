// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  site: 'http://localhost:4321',
  integrations: [mdx()],
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

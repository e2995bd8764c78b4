// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  site: 'http://localhost:4321',
  integrations: [mdx()],
  // The lab never talks to a server, so the built site is plain static files.
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  vite: {
    build: {
      // The terminal chunk is measured by scripts/size.mjs; keep names stable for it.
      chunkSizeWarningLimit: 600,
    },
  },
});

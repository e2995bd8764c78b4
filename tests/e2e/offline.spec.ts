import type { Page } from '@playwright/test';
import { lessonPages } from './built-pages';
import { expect, pinArticleSeed, readyLab, run, test } from './fixtures';

/**
 * Once the course has been opened, it works with the network off: the
 * service worker (@vite-pwa/astro, generateSW) precaches every page, every
 * JS and CSS chunk (the lab's too), the icon and Pagefind's index.
 */

test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker has installed (precached everything) and controls this page. */
async function controlledByServiceWorker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated') {
      await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(null)));
    }
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    return `${registration.active?.state} ${new URL(registration.active?.scriptURL ?? '').pathname} scope ${new URL(registration.scope).pathname}`;
  });
}

test('after one visit online, a lesson never opened before works offline: page, lab and search', async ({ page, context }) => {
  test.slow();
  await pinArticleSeed(page);
  await page.goto('/');
  expect(await controlledByServiceWorker(page)).toBe('activated /sw.js scope /');

  await context.setOffline(true);
  // Nothing may reach the network now: whatever is not answered by the service worker fails (and fails the test).
  // Every request the page makes must be answered by the service worker, from its cache: the worker itself
  // fetching (a request of its own, seen by the context) would be the network, and that is off.
  const network: string[] = [];
  page.on('request', (request) => {
    void request.response().then((response) => {
      if (response && !response.fromServiceWorker()) network.push(`page: ${request.url()}`);
    });
  });
  context.on('request', (request) => {
    if (request.serviceWorker()) network.push(`service worker: ${request.url()}`);
  });

  const lesson = lessonPages().includes('/lessons/practice/') ? '/lessons/practice/' : lessonPages()[0]!;
  await page.goto(lesson);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const lab = await readyLab(page);
  const nodes = await run(page, lab, 'kubectl get nodes');
  expect(nodes[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
  expect(nodes.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['multinode-demo Ready', 'multinode-demo-m02 Ready', 'multinode-demo-m03 Ready']);

  // The same lesson by its other address (trailingSlash: 'ignore'), and search over Pagefind's precached index.
  await page.goto(lesson.replace(/\/$/, ''));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // On a wide screen the lab is in view at once and loads its second chunk: let it finish before leaving.
  await readyLab(page);
  await page.goto('/search/?q=kubectl');
  await expect(page.locator('[data-search-results] a').first()).toHaveAttribute('href', /\/lessons\//);
  expect(network).toEqual([]);
});

test('every page and every chunk the build wrote is in the precache', async ({ page }) => {
  await page.goto('/');
  await controlledByServiceWorker(page);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  for (const path of [...lessonPages(), '/', '/search/', '/favicon.svg', '/manifest.webmanifest', '/pagefind/pagefind.js', '/pagefind/pagefind-worker.js', '/pagefind/pagefind-entry.json']) {
    const key = path === '/' ? '/' : path.endsWith('/') ? `${path}index.html` : path;
    expect(cached, `${key} is precached`).toContain(key);
  }
  expect(cached.some((p) => /^\/_astro\/mount\.[\w-]+\.js$/.test(p)), 'the lab chunk is precached').toBe(true);
  expect(cached.some((p) => /^\/pagefind\/fragment\//.test(p)), "Pagefind's fragments are precached").toBe(true);
  expect(cached.some((p) => /^\/pagefind\/wasm\.en\.pagefind$/.test(p)), "Pagefind's WebAssembly is precached").toBe(true);
});

import type { Page } from '@playwright/test';
import { builtPages, lessonPages } from './built-pages';
import { expect, readyLab, run, test } from './fixtures';

/**
 * The Content-Security-Policy (scripts/csp.mjs, written into every page by
 * the build) is in force, and the course works under it: every violation a
 * page reports (securitypolicyviolation events, and the console error
 * Chromium logs, which the fixtures catch) fails the test.
 */

type Violation = { directive: string; blocked: string; sample: string };

/** Records every violation the page reports, from before its first script. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __csp: Violation[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  return () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

for (const path of builtPages()) {
  test(`${path} carries the policy first in <head> and runs without a violation`, async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(path);
    // Before anything that could load or run: a <meta> policy only governs what comes after it.
    const first = await page.evaluate(() => {
      const el = document.head.firstElementChild;
      const next = el?.nextElementSibling;
      return { first: el?.outerHTML ?? '', second: next?.getAttribute('http-equiv') ?? '', policy: next?.getAttribute('content') ?? '' };
    });
    expect(first.first).toMatch(/^<meta charset="utf-8">$/i);
    expect(first.second).toBe('Content-Security-Policy');
    const policy = directives(first.policy);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    const scripts = policy.get('script-src') ?? [];
    expect(scripts.slice(0, 2)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    // Nothing but this origin, Wasm compilation (for Pagefind) and hashes of the page's own inline scripts.
    for (const source of scripts.slice(2)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
    // xterm's renderer writes <style> elements and style attributes at run time (scripts/csp.mjs says why).
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    for (const fetches of ['img-src', 'font-src', 'connect-src', 'worker-src', 'manifest-src', 'form-action']) expect(policy.get(fetches)).toEqual(["'self'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(first.policy).not.toMatch(/'unsafe-eval'|'unsafe-hashes'/);
    if (lessonPages().includes(path)) await readyLab(page);
    expect(await violations()).toEqual([]);
  });
}

test('the policy refuses what an injection would need: inline script, eval, new Function, handlers', async ({ context }) => {
  // A page of its own: Chromium logs each refusal as a console error, which is this test's point, not a fault of the site.
  const page = await context.newPage();
  const violations = await watchViolations(page);
  // What an attacker would add to a page: markup in the document, and a script of this origin that evals.
  await page.route('**/csp-probe.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `const w = window; w.__probe = {};
        try { w.__probe.eval = eval('1 + 1') === 2; } catch { w.__probe.eval = false; }
        try { w.__probe.fn = new Function('return true')(); } catch { w.__probe.fn = false; }`,
    }),
  );
  await page.route(/\/$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      '</body>',
      '<script>window.__inlineRan = true</script><img id="remote" src="http://192.0.2.1/pixel.png" alt="">' +
        '<button id="handler" onclick="window.__handlerRan = true">x</button><script src="/csp-probe.js"></script></body>',
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto('/');
  await page.locator('#handler').click();
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    // The DOM sink an XSS in the site's own scripts would use.
    const script = document.createElement('script');
    script.textContent = 'window.__domScriptRan = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      probeLoaded: typeof w.__probe === 'object',
      ...(w.__probe as object),
      inline: w.__inlineRan === true,
      domScript: w.__domScriptRan === true,
      handler: w.__handlerRan === true,
    };
  });
  // The same-origin script ran (script-src 'self'); nothing it or the markup tried did.
  expect(outcome).toEqual({ probeLoaded: true, eval: false, fn: false, inline: false, domScript: false, handler: false });
  const refused = [...new Set((await violations()).map((v) => v.directive))].sort();
  // img-src: nothing is fetched from another origin, so nothing leaks out through a URL either.
  expect(refused).toEqual(['img-src', 'script-src', 'script-src-attr', 'script-src-elem']);
});

test('under the policy the lab renders, answers, changes theme and reads out, and search finds lesson text', async ({ page }) => {
  const violations = await watchViolations(page);
  const lesson = lessonPages()[0]!;
  await page.goto(lesson);
  const lab = await readyLab(page);
  // xterm drew its rows (its DOM renderer styles them with <style> elements it writes at run time).
  await expect(lab.locator('.xterm-rows > div').first()).toBeVisible();
  const nodes = await run(page, lab, 'kubectl get nodes');
  expect(nodes[0]).toMatch(/^NAME\s+STATUS/);
  expect(nodes.filter((l) => /\sReady\s/.test(l))).toHaveLength(3);
  // A theme change makes xterm rewrite its colours; screen reader mode builds its accessibility tree.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await lab.getByRole('button', { name: 'Screen reader mode' }).click();
  await expect(lab.locator('.xterm-accessibility')).toHaveCount(1);
  // The rendered rows really carry the dark theme's colour: xterm's runtime styles were applied, not refused.
  await expect
    .poll(() => lab.locator('.xterm-rows').evaluate((el) => getComputedStyle(el).color))
    .toBe('rgb(230, 230, 225)');
  // A double-click selects a word (a node name, to copy): xterm paints the selected cells with style attributes.
  // (With a mouse: on a touch screen xterm has no selection gesture.)
  if (!test.info().project.use.isMobile) {
    const row = lab.locator('.xterm-rows > div').filter({ hasText: 'multinode-demo-m02' }).first();
    const box = (await row.boundingBox())!;
    await page.mouse.dblclick(box.x + 10, box.y + box.height / 2);
    await expect(lab.locator('.xterm-rows span[style*="background-color"]').first()).toBeAttached();
    await expect.poll(() => lab.locator('.xterm-rows span[style*="color"]').first().evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
  }

  // Search: Pagefind's script, worker, WebAssembly and index, all under the policy.
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  const word = ((await page.locator('article h1').textContent()) ?? '').trim().split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
  await page.getByRole('link', { name: 'Search' }).first().click();
  await page.getByRole('searchbox', { name: 'Search the lessons' }).first().fill(word);
  await expect(page.locator('[data-search-results] a').first()).toHaveAttribute('href', /\/lessons\//);
  expect(workers).toEqual(['/pagefind/pagefind-worker.js']);
  expect(await violations()).toEqual([]);
});

test('search works under the policy when Pagefind cannot use a worker and runs its WebAssembly on the page', async ({ page }) => {
  const violations = await watchViolations(page);
  // As in a browser without workers (or whose worker is too slow to start): Pagefind's on-page fallback.
  await page.addInitScript(() => {
    delete (window as { Worker?: unknown }).Worker;
  });
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/search/?q=kubectl');
  await expect(page.locator('[data-search-results] a').first()).toHaveAttribute('href', /\/lessons\//);
  expect(workers).toEqual([]);
  expect(await violations()).toEqual([]);
});

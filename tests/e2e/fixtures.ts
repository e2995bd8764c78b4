import { test as base, expect, type Locator, type Page } from '@playwright/test';

/**
 * Every browser test fails on a console error, an uncaught exception, a
 * failed request or a request to any origin but the site's own.
 */
export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ page, baseURL }, use) => {
      const problems: string[] = [];
      const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (req) => {
        // Chromium fetches the favicon on its own and cancels it when a test navigates on quickly: not the page's doing.
        if (new URL(req.url()).pathname === '/favicon.svg' && req.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
      });
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) problems.push(`third-party request: ${req.url()}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
      });
      await use(problems);
      expect(problems, 'the page logged errors or made bad requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The first lab on the page, once its terminal has mounted. */
export async function readyLab(page: Page): Promise<Locator> {
  const lab = page.locator('[data-lab]').first();
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-lab-state', 'ready');
  // Diagrams load their code once the lab is ready: leaving before they have would cut that request off.
  for (const figure of await page.locator('[data-cluster-diagram]').all()) await expect(figure).toHaveAttribute('data-diagram-source', 'live');
  return lab;
}

/** The lab's terminal buffer as plain text lines. */
export async function terminalLines(lab: Locator): Promise<string[]> {
  return lab.evaluate((el: HTMLElement) => el.podlab?.lines() ?? []);
}

/** Text typed into the terminal the way a learner would: focus it and press keys. */
export async function typeInTerminal(page: Page, lab: Locator, text: string): Promise<void> {
  await lab.locator('.xterm-screen').click();
  await page.keyboard.type(text);
}

/** Pins the article's cluster (seed 0) before any page script runs, as the "Use the article's cluster" option does. */
export async function pinArticleSeed(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('podlab:article-seed', 'true'));
}

/** Runs a line in the terminal as a learner would and returns what it printed (the lines between it and the next prompt). */
export async function run(page: Page, lab: Locator, line: string): Promise<string[]> {
  await typeInTerminal(page, lab, line);
  await page.keyboard.press('Enter');
  let out: string[] = [];
  await expect(async () => {
    const lines = await terminalLines(lab);
    const at = lines.map((l, i) => (l.endsWith(`$ ${line}`) || l.endsWith(`# ${line}`) ? i : -1)).filter((i) => i >= 0).at(-1);
    expect(at, `the line "${line}" is on screen`).toBeDefined();
    expect(lines.at(-1), 'a new prompt after the output').toMatch(/[$#]$/);
    out = lines.slice((at as number) + 1, -1);
  }).toPass();
  return out;
}

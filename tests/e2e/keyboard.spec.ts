import type { Locator, Page } from '@playwright/test';
import { pagesContaining } from './built-pages';
import { expect, pinArticleSeed, terminalLines, test } from './fixtures';

/**
 * A lesson walked with the keyboard alone: no click, no fill, no focus()
 * from the test. The page is read (the DOM, the terminal buffer) only to know
 * where focus is and what the lab printed.
 */

/** An exercise answered with radio buttons, whose answer is the same on every cluster: kube-dns is a service. */
const EXERCISE = '[data-exercise="classify-kube-dns"]';
const LESSON = pagesContaining('data-exercise="classify-kube-dns"')[0] ?? '/lessons/practice/';

/** Describes the focused element, for assertions and failure messages. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const where = el.closest('[data-lab]') ? 'lab' : el.closest('[data-exercise]') ? `exercise:${el.closest<HTMLElement>('[data-exercise]')!.dataset.exercise}` : 'page';
    const name = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText?.trim().slice(0, 40) ?? '';
    return `${where} ${el.tagName.toLowerCase()}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} "${name}"`;
  });
}

/** Presses `key` until `done` says focus has arrived; fails if it never does or focus falls to the body. */
async function pressUntil(page: Page, key: 'Tab' | 'Shift+Tab', done: (where: string) => boolean, limit = 150): Promise<string[]> {
  const path: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(key);
    const where = await focused(page);
    path.push(where);
    if (done(where)) return path;
  }
  throw new Error(`focus never arrived after ${limit} presses of ${key}:\n  ${path.join('\n  ')}`);
}

async function lab(page: Page): Promise<Locator> {
  return page.locator('[data-lab]').first();
}

test('Tab reaches the lab, a command runs, Esc leaves, and an exercise is answered and checked by keyboard', async ({ page }) => {
  test.slow();
  await pinArticleSeed(page);
  await page.goto(LESSON);
  const host = await lab(page);

  // The first Tab offers the skip link.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('page a.skip-link "Skip to main content"');

  // Tab through the lesson to the terminal. The lab may still be loading when focus gets near:
  // its controls and terminal then appear as it comes into view, and Tab goes on into them.
  await pressUntil(page, 'Tab', (w) => w.startsWith('lab textarea.xterm-helper-textarea'));
  await expect(host).toHaveAttribute('data-lab-state', 'ready');
  await page.keyboard.type('kubectl get svc -A');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalLines(host)).some((l) => /^kube-system\s+kube-dns\s+ClusterIP\s/.test(l))).toBe(true);

  // Esc hands the keyboard back to the page (xterm would otherwise keep every key).
  await page.keyboard.press('Escape');
  expect(await focused(page)).toMatch(/^lab p\.lab-help /);

  // Back up to the exercise (Shift+Tab leaves the terminal backwards, as it would any control).
  const exercise = page.locator(EXERCISE);
  const prompt = exercise.locator('[data-exercise-prompt]');
  await pressUntil(page, 'Shift+Tab', (w) => w === 'exercise:classify-kube-dns button.ex-button.ex-primary "Check"');
  if (await exercise.getByRole('button', { name: 'Start this exercise' }).isVisible()) {
    // It prepares the lab first: start it, and its question takes focus, filled with this cluster's names.
    await pressUntil(page, 'Shift+Tab', (w) => w === 'exercise:classify-kube-dns button.ex-button "Start this exercise"', 10);
    await page.keyboard.press('Enter');
    await expect(prompt).toBeFocused();
    await pressUntil(page, 'Tab', (w) => w.startsWith('exercise:classify-kube-dns input'), 10);
  } else {
    await page.keyboard.press('Shift+Tab');
  }
  await expect(prompt).toHaveText(/\d+\.\d+\.\d+\.\d+ \(kube-dns\)/);

  // In the radio group: arrow keys to "service network", then on to Check.
  expect(await focused(page)).toMatch(/^exercise:classify-kube-dns input/);
  for (let i = 0; i < 4 && !(await exercise.getByRole('radio', { name: 'service network' }).isChecked()); i += 1) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(exercise.getByRole('radio', { name: 'service network' })).toBeChecked();
  await pressUntil(page, 'Tab', (w) => w === 'exercise:classify-kube-dns button.ex-button.ex-primary "Check"', 5);
  await page.keyboard.press('Enter');

  // The verdict is said in the exercise's live region.
  const status = exercise.getByRole('status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toContainText('Correct');
  await expect(exercise.locator('[data-exercise-badge]')).toHaveText(/Solved/);
});

test('screen reader mode is reached and switched on by keyboard, and xterm builds its accessibility tree', async ({ page }) => {
  await page.goto(LESSON);
  const host = await lab(page);
  await pressUntil(page, 'Tab', (w) => w === 'lab button.lab-button "Screen reader mode"');
  const toggle = host.getByRole('button', { name: 'Screen reader mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(host.locator('.xterm-accessibility')).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // The tree screen readers read: the terminal's rows as a list, and a live region for new output.
  const tree = host.locator('.xterm-accessibility-tree');
  await expect(tree).toHaveAttribute('role', 'list');
  await expect(tree.getByRole('listitem').first()).toBeAttached();
  await expect(host.locator('.xterm-accessibility .live-region')).toHaveAttribute('aria-live', 'assertive');
  // Typed output reaches the tree, so a screen reader can read it back.
  await pressUntil(page, 'Tab', (w) => w.startsWith('lab textarea.xterm-helper-textarea'));
  await page.keyboard.type('kubectl get nodes');
  await page.keyboard.press('Enter');
  await expect(tree).toContainText('multinode-demo-m02');
  // And off again.
  await page.keyboard.press('Escape');
  await pressUntil(page, 'Shift+Tab', (w) => w === 'lab button.lab-button "Screen reader mode"');
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(host.locator('.xterm-accessibility')).toHaveCount(0);
});

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { builtPages, lessonPages } from './built-pages';
import { expect, readyLab, run, test } from './fixtures';

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on every built page, in both
 * themes, with the lab running where there is one: zero violations. Each
 * theme comes a different way, so both work: light is the learner's stored
 * choice overriding a dark system setting; dark follows the system with no
 * choice stored (src/lib/theme.ts, public/theme-init.js).
 */

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const THEMES = [
  { theme: 'light', system: 'dark', stored: 'light' },
  { theme: 'dark', system: 'dark', stored: null },
] as const;

async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

for (const path of builtPages()) {
  for (const { theme, system, stored } of THEMES) {
    test(`${path} in the ${theme} theme has no WCAG A/AA violations`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: system });
      if (stored) await page.addInitScript((value) => localStorage.setItem('podlab:theme', value), stored);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      if (lessonPages().includes(path)) {
        const lab = await readyLab(page);
        // The exercises come alive with the lab; axe looks at the page as the learner uses it.
        await expect(page.locator('[data-exercise]').first()).toHaveAttribute('data-exercise-state', 'ready');
        await run(page, lab, 'kubectl get pods -A -o wide');
        await page.keyboard.press('Escape');
      }
      expect(await violations(page)).toEqual([]);
    });
  }
}

for (const { theme, system, stored } of THEMES) {
  test(`the open search dialog with results, in the ${theme} theme, has no violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: system });
    if (stored) await page.addInitScript((value) => localStorage.setItem('podlab:theme', value), stored);
    await page.goto('/');
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Search the lessons' }).first().fill('kubectl');
    await expect(page.locator('[data-search-results] a').first()).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test(`a lab in screen reader mode with a graded exercise, in the ${theme} theme, has no violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: system });
    if (stored) await page.addInitScript((value) => localStorage.setItem('podlab:theme', value), stored);
    await page.goto(lessonPages()[0]!);
    const lab = await readyLab(page);
    await lab.getByRole('button', { name: 'Screen reader mode' }).click();
    await expect(lab.locator('.xterm-accessibility')).toHaveCount(1);
    await run(page, lab, 'kubectl get nodes');
    // A wrong answer shows the most feedback: verdict, parts and the table.
    const exercise = page.locator('[data-exercise]').filter({ has: page.getByRole('textbox') }).first();
    if ((await exercise.count()) > 0) {
      const start = exercise.getByRole('button', { name: 'Start this exercise' });
      if (await start.isVisible()) await start.click();
      await exercise.getByRole('textbox').first().fill('via 192.0.2.1 dev nope0');
      await exercise.getByRole('button', { name: 'Check' }).click();
      await expect(exercise.getByRole('status')).not.toBeEmpty();
      await exercise.getByRole('button', { name: /^Hint/ }).click();
    }
    expect(await violations(page)).toEqual([]);
  });
}

for (const { theme, system, stored } of THEMES) {
  test(`a lab restored from storage (its dim "as you left it" line), in the ${theme} theme, has no violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: system });
    if (stored) await page.addInitScript((value) => localStorage.setItem('podlab:theme', value), stored);
    await page.goto(lessonPages()[0]!);
    let lab = await readyLab(page);
    await run(page, lab, 'kubectl get nodes');
    await page.reload();
    lab = await readyLab(page);
    await expect.poll(async () => (await lab.locator('.xterm-rows').textContent()) ?? '').toContain('as you left it');
    expect(await violations(page)).toEqual([]);
  });
}

for (const { theme, system, stored } of THEMES) {
  test(`the notices for storage that cannot be read, in the ${theme} theme, have no violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: system });
    const lesson = lessonPages()[0]!;
    await page.addInitScript(
      ([value, key]) => {
        if (value) localStorage.setItem('podlab:theme', value);
        localStorage.setItem('podlab:progress', '{"version":2,"lessons":{"x":{"visited":"yes"}}}');
        localStorage.setItem(key!, 'not json');
      },
      [stored, `podlab:lab:${lesson.split('/')[2]}:lab`],
    );
    await page.goto(lesson);
    const lab = await readyLab(page);
    await expect(lab.locator('[data-lab-notice]')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.goto('/');
    await expect(page.locator('[data-progress-problem]')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
}

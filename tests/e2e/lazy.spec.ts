import { expect, readyLab, test } from './fixtures';

test.use({ viewport: { width: 390, height: 700 } });

test('xterm and the engine load only when the lab scrolls into view', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (req) => {
    if (req.resourceType() === 'script') scripts.push(req.url());
  });
  await page.goto('/lessons/practice/');
  await page.waitForLoadState('networkidle');
  const lab = page.locator('[data-lab]');
  await expect(lab).toHaveAttribute('data-lab-state', 'waiting');
  const before = scripts.length;
  expect(scripts.some((s) => /mount/.test(s))).toBe(false);
  // An exercise above the lab does not claim the lab is starting: it waits, and says where the lab is.
  const exercise = page.locator('[data-exercise-lab="lab"]').first();
  await expect(exercise.locator('[data-exercise-check]')).toHaveText('Check');
  await expect(exercise.locator('[data-exercise-check]')).toBeDisabled();
  await expect(exercise.getByRole('button', { name: 'Go to the lab' })).toBeVisible();
  await readyLab(page);
  await expect(exercise.locator('[data-exercise-check]')).toBeEnabled();
  expect(scripts.length).toBeGreaterThan(before);
  expect(scripts.slice(before).some((s) => /mount/.test(s))).toBe(true);
});

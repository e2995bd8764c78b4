import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

const SOLVED = JSON.stringify({ version: 2, lessons: { 'practice': { visited: true, solved: ['why-ttl-62'], revealed: [], attempted: ['why-ttl-62'] } } });

test('progress exported to a file comes back on a fresh browser by importing it', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((value) => localStorage.setItem('podlab:progress', value), SOLVED);
  await page.reload();
  const badge = page.locator('[data-progress-slug="practice"]').first();
  await expect(badge).toHaveText('1 exercise solved');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress to a file' }).click()]);
  expect(download.suggestedFilename()).toBe('podlab-progress.json');
  const file = await download.path();
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(JSON.parse(SOLVED));

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(badge).toHaveText('Not started');
  await page.getByLabel('Import progress from a file').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported progress for 1 lesson.');
  await expect(badge).toHaveText('1 exercise solved');
});

test('unreadable stored progress is reported and kept aside, not wiped', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('podlab:progress', '{"version":2,"lessons":{"practice":"garbage"'));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('could not be read');
  await page.getByRole('link', { name: 'Practice: services, names and routes on your own cluster' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practice: services, names and routes on your own cluster');
  // The lesson page records the visit, keeping the unreadable text aside first.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('podlab:progress:aside'))).toBe('{"version":2,"lessons":{"practice":"garbage"');
});

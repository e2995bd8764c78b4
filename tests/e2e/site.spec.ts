import { expect, readyLab, test } from './fixtures';

test('the home page lists the lessons in order with each one\'s progress', async ({ page }) => {
  await page.goto('/');
  const lessons = page.getByRole('main').getByRole('listitem');
  await expect(lessons.first()).toContainText('Design decisions of the Kubernetes network model');
  await expect(lessons.nth(4)).toContainText('The three-node demo');
  const badge = lessons.first().locator('[data-progress-slug]');
  await expect(badge).toHaveText('Not started');
  await lessons.first().getByRole('link', { name: 'Design decisions of the Kubernetes network model' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Design decisions of the Kubernetes network model');
  // Leaving while the page still loads its lab would cut requests off.
  await readyLab(page);
  await page.goto('/');
  await expect(page.getByRole('main').getByRole('listitem').first().locator('[data-progress-slug]')).toHaveText('Visited');
});

test('a lesson page has its lab beside the prose on wide screens, below it on phones', async ({ page }, testInfo) => {
  await page.goto('/lessons/practice/');
  const aside = page.getByRole('complementary');
  await expect(aside).toContainText('Lab');
  await expect(page.getByRole('navigation', { name: 'Previous and next lesson' })).toBeAttached();
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeAttached();
  const article = await page.locator('article').boundingBox();
  const lab = await aside.boundingBox();
  expect(article && lab).toBeTruthy();
  if (testInfo.project.name === 'desktop') {
    expect(lab!.x).toBeGreaterThanOrEqual(article!.x + article!.width - 1);
    expect(await aside.evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
  } else {
    expect(lab!.y).toBeGreaterThanOrEqual(article!.y + article!.height - 1);
  }
});

test('the theme toggle switches to dark, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/lessons/practice/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the theme follows the operating system when the learner has not chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('search finds lesson text in the built site, loading Pagefind only when opened', async ({ page }) => {
  const pagefindRequests: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/pagefind/')) pagefindRequests.push(req.url());
  });
  await page.goto('/');
  expect(pagefindRequests).toEqual([]);
  await page.getByRole('link', { name: 'Search' }).first().click();
  const box = page.getByRole('searchbox', { name: 'Search the lessons' }).first();
  // A word only the CNI lesson uses.
  await box.fill('dockershim');
  const result = page.locator('[data-search-results] a').first();
  await expect(result).toHaveAttribute('href', /\/lessons\/cni\//);
  expect(pagefindRequests.length).toBeGreaterThan(0);
});

test('an unknown address gets the 404 page', async ({ page }) => {
  const response = await page.request.get('/no-such-page/');
  expect(response.status()).toBe(404);
  expect(await response.text()).toContain('Podlab');
});

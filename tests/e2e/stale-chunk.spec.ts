import { expect, readyLab, test } from './fixtures';

// A page opened before the course was updated asks for lab chunks under their
// old names, which the new version no longer has: the server answers 404. The
// service worker is kept out so that the test's own answers are what the page gets.
test.use({ serviceWorkers: 'block' });

for (const chunk of ['mount', 'after-prompt']) {
  test(`a lab whose ${chunk} chunk is gone says why and reloads into the current version`, async ({ page, problems }) => {
    const gone = new RegExp(`/_astro/${chunk}\\.[\\w-]+\\.js$`);
    await page.route(gone, (route) => route.fulfill({ status: 404, contentType: 'text/html', body: 'Not found' }));
    await page.goto('/lessons/practice/');
    const lab = page.locator('[data-lab]').first();
    await lab.scrollIntoViewIfNeeded();
    await expect(lab).toHaveAttribute('data-lab-state', 'error');
    await expect(lab.getByRole('alert')).toContainText("The lab's code could not be downloaded");
    await expect(lab.locator('.xterm')).toHaveCount(0);
    const reload = lab.getByRole('button', { name: 'Reload the page' });
    await expect(reload).toBeVisible();
    await expect(lab.locator('[data-lab-seed]')).toHaveText('not started');
    // Nothing else on the page goes on waiting for the lab.
    await expect(page.locator('[data-exercise-lab="lab"] [data-exercise-check]').first()).toHaveText('Lab not started');
    const tryThis = page.locator('button[data-try-cmd]').first();
    await tryThis.click();
    await expect(tryThis).not.toHaveAttribute('data-try-state', 'waiting');

    // The deploy is complete: the reload gets the chunks and the lab starts.
    await page.unroute(gone);
    await reload.click();
    await readyLab(page);
    await expect(page.locator('[data-lab]').first().getByRole('alert')).toHaveCount(0);

    // The refused chunk is the only problem the page logged: its 404 (the response, the console's report of it, an aborted second request).
    const named = new RegExp(`/_astro/${chunk}\\.[\\w-]+\\.js\\b`);
    const expected = (p: string) => named.test(p) || /status of 404/.test(p);
    expect(problems.filter(expected).length).toBeGreaterThan(0);
    problems.splice(0, problems.length, ...problems.filter((p) => !expected(p)));
  });
}

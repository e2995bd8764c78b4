import { expect, readyLab, terminalLines, test, typeInTerminal } from './fixtures';

async function openFirstLesson(page: import('@playwright/test').Page) {
  await page.goto('/');
  const first = page.getByRole('main').getByRole('link').filter({ hasText: /./ }).first();
  await first.click();
  await expect(page.locator('[data-lab]')).toHaveCount(1);
}

test('a learner types kubectl get nodes and reads the three nodes back', async ({ page }) => {
  await openFirstLesson(page);
  const lab = await readyLab(page);
  await expect.poll(async () => (await terminalLines(lab)).at(-1)).toBe('learner@laptop:~$');
  await typeInTerminal(page, lab, 'kubectl get nodes');
  await page.keyboard.press('Enter');
  await expect(async () => {
    const lines = await terminalLines(lab);
    const start = lines.findIndex((l) => l.endsWith('$ kubectl get nodes'));
    expect(start).toBeGreaterThanOrEqual(0);
    const table = lines.slice(start + 1, start + 5);
    expect(table[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(table[1]).toMatch(/^multinode-demo\s+Ready\s+control-plane\s+\d+m(\d+s)?\s+v1\.25\.2$/);
    expect(table[2]).toMatch(/^multinode-demo-m02\s+Ready\s+<none>\s+\d+m(\d+s)?\s+v1\.25\.2$/);
    expect(table[3]).toMatch(/^multinode-demo-m03\s+Ready\s+<none>\s+\d+m(\d+s)?\s+v1\.25\.2$/);
    expect(lines.at(-1)).toBe('learner@laptop:~$');
  }).toPass();
});

test('line editing, history and an unknown command behave like bash', async ({ page }) => {
  await openFirstLesson(page);
  const lab = await readyLab(page);
  await typeInTerminal(page, lab, 'echo wrld');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('o');
  await page.keyboard.press('Enter');
  await page.keyboard.type('kubectll');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(async () => {
    const lines = await terminalLines(lab);
    expect(lines).toContain('world');
    expect(lines).toContain('bash: kubectll: command not found');
    expect(lines.filter((l) => l === 'world')).toHaveLength(2);
  }).toPass();
});

test('Esc leaves the terminal so the keyboard can move on', async ({ page }) => {
  await openFirstLesson(page);
  const lab = await readyLab(page);
  await typeInTerminal(page, lab, 'echo hi');
  await page.keyboard.press('Escape');
  await expect(lab.locator('[data-lab-exit-target]')).toBeFocused();
});

test('screen reader mode can be switched on from the lab toolbar', async ({ page }) => {
  await openFirstLesson(page);
  const lab = await readyLab(page);
  const toggle = lab.getByRole('button', { name: 'Screen reader mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(lab.locator('.xterm-accessibility')).toHaveCount(1);
});

test('lesson page screenshots for review', async ({ page }, testInfo) => {
  await openFirstLesson(page);
  const lab = await readyLab(page);
  await typeInTerminal(page, lab, 'kubectl get nodes -o wide');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalLines(lab)).some((l) => l.startsWith('NAME'))).toBe(true);
  await page.screenshot({ path: testInfo.outputPath(`lesson-${testInfo.project.name}.png`), fullPage: false });
  await page.goto('/');
  await page.screenshot({ path: testInfo.outputPath(`home-${testInfo.project.name}.png`), fullPage: true });
});

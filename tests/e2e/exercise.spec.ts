import type { Locator, Page } from '@playwright/test';
import { expect, pinArticleSeed, readyLab, run, terminalLines, test } from './fixtures';

const EXERCISE = '[data-exercise="node-next-hop-to-peer-pod"]';

/** The started exercise's question: which node asks, and for which pod IP. */
async function startExercise(page: Page): Promise<{ exercise: Locator; node: string; podIp: string }> {
  await pinArticleSeed(page);
  await page.goto('/lessons/practice/');
  const lab = await readyLab(page);
  await expect(lab.locator('[data-lab-seed]')).toContainText('seed 0');
  const exercise = page.locator(EXERCISE);
  await exercise.getByRole('button', { name: 'Start this exercise' }).click();
  const question = exercise.locator('[data-exercise-prompt]');
  await expect(question).not.toContainText('‹');
  const m = /^On node (\S+), .*\((\d+\.\d+\.\d+\.\d+)\)\?$/.exec((await question.textContent()) ?? '');
  expect(m, 'the question names a node and a pod IP').not.toBeNull();
  return { exercise, node: m![1]!, podIp: m![2]! };
}

test('a learner reads the next hop off the terminal, gets it right, and the progress stays', async ({ page }) => {
  test.slow();
  const { exercise, node, podIp } = await startExercise(page);
  const lab = page.locator('[data-lab]');

  const pods = await run(page, lab, 'kubectl get pods -o wide');
  expect(pods.some((l) => l.includes(podIp))).toBe(true);
  await run(page, lab, `minikube ssh -n ${node}`);
  const route = await run(page, lab, `ip route get ${podIp}`);
  const m = new RegExp(`^${podIp.replace(/\./g, '\\.')} via (\\S+) dev (\\S+)`).exec(route[0] ?? '');
  expect(m, route.join('\n')).not.toBeNull();
  await run(page, lab, 'exit');

  await exercise.getByLabel(/Your answer/).fill(`via ${m![1]} dev ${m![2]}`);
  await exercise.getByRole('button', { name: 'Check' }).click();
  const result = exercise.getByRole('status');
  await expect(result).toContainText('Correct');
  await expect(result).toContainText(`via ${m![1]} dev ${m![2]}`);
  await expect(exercise.locator('[data-exercise-badge]')).toHaveText(/Solved/);

  await page.reload();
  await expect(page.locator(EXERCISE).locator('[data-exercise-badge]')).toHaveText(/Solved/);
  // Let the lab finish loading before leaving, so no request is cut off.
  await readyLab(page);
  await expect(page.locator(EXERCISE).locator('[data-exercise-badge]')).toHaveText(/Solved/);
  await page.goto('/');
  await expect(page.locator('[data-progress-slug="practice"]').first()).toHaveText('1 exercise solved');
});

test('a wrong next hop gets the routing table with the matching route marked', async ({ page }) => {
  const { exercise } = await startExercise(page);
  // The node network's gateway: right network, wrong hop.
  await exercise.getByLabel(/Your answer/).fill('via 192.168.103.1 dev eth0');
  await exercise.getByRole('button', { name: 'Check' }).click();
  const result = exercise.getByRole('status');
  // The device is right, the next hop is not.
  await expect(result).toContainText('Partly right');
  await expect(result.getByRole('listitem')).toHaveText(['via: not right (you gave 192.168.103.1)', 'dev: right (you gave eth0)']);
  await expect(result).toContainText('192.168.103.1 is the default gateway of the node network');
  await expect(result.locator('pre')).toContainText(/=> 10\.244\.0\.0\/24 via 192\.168\.103\.2 dev eth0 .*# <= used: the longest prefix \(\/24\)/);
  await expect(result.locator('pre')).toContainText(/default via 192\.168\.103\.1 dev eth0 .*# covers 10\.244\.0\.3 but \/0 is shorter than \/24/);
});

test('hints come one at a time and the solution counts as revealed, not solved', async ({ page }) => {
  const { exercise } = await startExercise(page);
  await exercise.getByRole('button', { name: 'Hint 1 of 2' }).click();
  await expect(exercise.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await exercise.getByRole('button', { name: 'Hint 2 of 2' }).click();
  await expect(exercise.getByRole('button', { name: 'No more hints' })).toBeDisabled();
  await exercise.getByRole('button', { name: 'Show solution' }).click();
  await exercise.getByRole('button', { name: 'Show the solution' }).click();
  await expect(exercise.locator('[data-exercise-solution]')).toContainText('ip route get 10.244.0.3');
  await expect(exercise.locator('[data-exercise-badge]')).toHaveText(/Solution shown/);
});

test('a new cluster has another seed, and the article option brings seed 0 back', async ({ page }) => {
  await page.goto('/lessons/practice/');
  const lab = await readyLab(page);
  const seed = lab.locator('[data-lab-seed]');
  await expect(seed).toHaveText(/^seed [1-9]\d*$/);
  const own = await seed.textContent();
  await lab.getByRole('button', { name: 'New cluster' }).click();
  await expect(seed).not.toHaveText(own!);
  await expect(lab).toHaveAttribute('data-lab-state', 'ready');
  await lab.getByLabel("Use the article's cluster (seed 0)").check();
  await expect(seed).toHaveText("seed 0 (the article's)");
  await run(page, lab, 'kubectl get nodes');
  await lab.getByRole('button', { name: 'Reset lab' }).click();
  await expect(seed).toHaveText("seed 0 (the article's)");
  await expect.poll(async () => (await terminalLines(lab)).some((l) => l.includes('kubectl get nodes'))).toBe(false);
});

test('a fix-it exercise breaks the lab only when started, and the learner repairs it', async ({ page }) => {
  test.slow();
  await pinArticleSeed(page);
  await page.goto('/lessons/practice/');
  const lab = await readyLab(page);
  const exercise = page.locator('[data-exercise="fix-missing-peer-route"]');
  await exercise.getByRole('button', { name: 'Start this exercise' }).click();
  await expect(exercise.locator('[data-exercise-setup]')).toContainText('something in its network broke');
  const m = /on (\S+) can no longer reach pod \S+ \((\S+)\) on (\S+)\./.exec((await exercise.locator('[data-exercise-prompt]').textContent()) ?? '');
  expect(m).not.toBeNull();
  const [, srcNode, , dstNode] = m!;

  await exercise.getByRole('radio', { name: /had no route for/ }).check();
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.getByRole('status')).toContainText('Partly right');
  await expect(exercise.getByRole('status')).toContainText('Not repaired yet');

  const nodes = await run(page, lab, 'kubectl get nodes -o wide');
  const peer = nodes.map((l) => l.split(/\s+/)).find((cols) => cols[0] === dstNode)?.[5];
  const cidr = /for (\S+), the pod CIDR/.exec((await exercise.getByRole('radio', { name: /had no route for/ }).locator('..').textContent()) ?? '')?.[1];
  expect(peer && cidr).toBeTruthy();
  await run(page, lab, `minikube ssh -n ${srcNode}`);
  await run(page, lab, `sudo ip route add ${cidr} via ${peer}`);
  await run(page, lab, 'exit');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.getByRole('status')).toContainText('Correct');
  await expect(exercise.getByRole('status')).toContainText('Repaired');

  // Reset brings the lesson's start back: the exercise waits to be started again.
  await lab.getByRole('button', { name: 'Reset lab' }).click();
  await expect(exercise.getByRole('button', { name: 'Start this exercise' })).toBeVisible();
});

test('an exercise can be answered with the keyboard alone', async ({ page }) => {
  await pinArticleSeed(page);
  await page.goto('/lessons/practice/');
  await readyLab(page);
  const exercise = page.locator('[data-exercise="why-ttl-62"]');
  await exercise.getByRole('button', { name: 'Start this exercise' }).focus();
  await page.keyboard.press('Enter');
  await expect(exercise.locator('[data-exercise-prompt]')).not.toContainText('‹');
  await exercise.getByRole('radio').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(exercise.getByRole('radio').nth(1)).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  await expect(exercise.getByRole('button', { name: 'Check' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(exercise.getByRole('status')).toContainText('✓ Correct');
  await expect(exercise.getByRole('status')).toContainText('Each node is a router for its pods');
});

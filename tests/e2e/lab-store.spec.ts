/**
 * The lab survives a reload: the cluster as the learner changed it, the
 * nested shell they were in, their history, and the exercises they started.
 * Reset forgets it; storage that cannot be read or written is reported.
 */
import { expect, pinArticleSeed, readyLab, run, terminalLines, test } from './fixtures';

const LESSON = '/lessons/practice/';
const EXERCISE = '[data-exercise="node-next-hop-to-peer-pod"]';
const STORE_KEY = 'podlab:lab:practice:lab';

test('a reload brings back the cluster, the shell, the history and the started exercise', async ({ page }) => {
  test.slow();
  await pinArticleSeed(page);
  await page.goto(LESSON);
  let lab = await readyLab(page);
  expect(await run(page, lab, 'kubectl create deploy web --image=nginx --replicas=2')).toEqual(['deployment.apps/web created']);
  const exercise = page.locator(EXERCISE);
  await exercise.getByRole('button', { name: 'Start this exercise' }).click();
  await exercise.getByRole('button', { name: 'Hint 1 of 2' }).click();
  await run(page, lab, 'minikube ssh -n multinode-demo-m02');

  await page.reload();
  lab = await readyLab(page);
  await expect.poll(() => terminalLines(lab)).toEqual([
    expect.stringMatching(/^\(Your lab as you left it on .+\. "Reset lab" brings back the lesson's start\.\)$/),
    'docker@multinode-demo-m02:~$',
  ]);
  expect(await run(page, lab, 'history')).toEqual([
    '    1  kubectl create deploy web --image=nginx --replicas=2',
    '    2  minikube ssh -n multinode-demo-m02',
    '    3  history',
  ]);
  await run(page, lab, 'exit');
  expect((await run(page, lab, 'kubectl get deploy web'))[1]).toMatch(/^web +2\/2 +2 +2 +/);
  // The exercise is still started (no Start button) and its hint still shown.
  await expect(page.locator(EXERCISE).getByRole('button', { name: 'Start this exercise' })).toBeHidden();
  await expect(page.locator(EXERCISE).getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.locator(EXERCISE).getByRole('button', { name: 'Hint 2 of 2' })).toBeVisible();

  // Reset lab forgets it: the lesson's start, and that is what the next reload keeps.
  await lab.getByRole('button', { name: 'Reset lab' }).click();
  await expect(lab).toHaveAttribute('data-lab-state', 'ready');
  await expect(page.locator(EXERCISE).getByRole('button', { name: 'Start this exercise' })).toBeVisible();
  expect(await run(page, page.locator('[data-lab]'), 'kubectl get deploy web')).toEqual(['Error from server (NotFound): deployments.apps "web" not found']);
  await page.reload();
  lab = await readyLab(page);
  expect(await run(page, lab, 'kubectl get deploy web')).toEqual(['Error from server (NotFound): deployments.apps "web" not found']);
  // bash's ignoredups: the repeated line is kept once.
  expect(await run(page, lab, 'history')).toEqual(['    1  kubectl get deploy web', '    2  history']);
  await expect(page.locator(EXERCISE).getByRole('button', { name: 'Start this exercise' })).toBeVisible();
});

test('a saved lab that cannot be read is reported and kept aside, and the lab starts afresh', async ({ page }) => {
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, '{"version":1,"savedAt":"x","lab":');
      sessionStorage.setItem('seeded', '1');
    }
  }, STORE_KEY);
  await page.goto(LESSON);
  const lab = await readyLab(page);
  await expect(lab.locator('[data-lab-notice]')).toContainText('Your saved lab for this page could not be read');
  await expect.poll(() => terminalLines(lab)).toEqual(['learner@laptop:~$']);
  const aside = await page.evaluate(() => JSON.parse(localStorage.getItem('podlab:lab:aside') ?? 'null') as { key: string; text: string } | null);
  expect(aside).toMatchObject({ key: STORE_KEY, text: '{"version":1,"savedAt":"x","lab":' });
});

test('a saved lab whose log this engine cannot replay is reported, not half restored', async ({ page }) => {
  await pinArticleSeed(page);
  await page.goto(LESSON);
  let lab = await readyLab(page);
  expect(await run(page, lab, 'kubectl create deploy web --image=nginx --replicas=4')).toEqual(['deployment.apps/web created']);
  // Damage what the page saves as it unloads, before the next page reads it.
  await page.addInitScript((key) => {
    if (sessionStorage.getItem('damage') !== '1') return;
    sessionStorage.removeItem('damage');
    const stored = JSON.parse(localStorage.getItem(key) ?? '{}') as { lab: { cluster: { log: unknown[] } } };
    stored.lab.cluster.log.push({ at: 0, op: 'formatDisk', args: [] });
    localStorage.setItem(key, JSON.stringify(stored));
  }, STORE_KEY);
  await page.evaluate(() => sessionStorage.setItem('damage', '1'));
  await page.reload();
  lab = await readyLab(page);
  await expect(lab.locator('[data-lab-notice]')).toContainText('could not be rebuilt (the saved cluster could not be rebuilt: unknown operation formatDisk)');
  // Afresh: the lesson's start, without the deployment.
  expect(await run(page, lab, 'kubectl get deploy web')).toEqual(['Error from server (NotFound): deployments.apps "web" not found']);
});

test('storage that refuses to keep the lab is said once, and the lab goes on working', async ({ page }) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key.startsWith('podlab:lab:')) throw new DOMException('quota', 'QuotaExceededError');
      setItem.call(this, key, value);
    };
  });
  await page.goto(LESSON);
  const lab = await readyLab(page);
  await run(page, lab, 'kubectl get nodes');
  await run(page, lab, 'kubectl get pods');
  await expect(lab.locator('[data-lab-notice] p')).toHaveText(['This browser would not keep your lab (its storage is full or blocked): it lasts until you leave the page.']);
});

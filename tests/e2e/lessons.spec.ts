/**
 * Every lesson page, as a learner with their own cluster (seed 7) meets it:
 * the page loads without errors, the first "Run in lab" button runs its
 * command in the lab (starting the lab if it is not running yet, as on a
 * phone where it is below the prose), and every cluster diagram is redrawn
 * from the learner's cluster. A full-page screenshot of each is kept in
 * test-results/lessons/ for review.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createLab, Engine, isScenarioName } from '../../sandbox/index';
import { lessonSlug } from '../../src/lib/lesson-order';
import { expect, terminalLines, test } from './fixtures';

/** A learner's own cluster, different from the article's (seed 0) in its node network and names. */
const SEED = 7;
const LESSONS = new URL('../../content/lessons/', import.meta.url);

const lessons = readdirSync(LESSONS)
  .filter((file) => file.endsWith('.mdx'))
  .sort()
  .map((file) => {
    const source = readFileSync(new URL(file, LESSONS), 'utf8');
    // Only whether the page must show them; the page's own markup says what they hold.
    return { file, slug: lessonSlug(file), usesTryThis: /<TryThis\b/.test(source), usesDiagram: /<ClusterDiagram\b/.test(source) };
  });

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
/** Ages and timings differ between the page's lab (real time) and one run here; everything else must match. */
const comparable = (s: string) => stripAnsi(s).replace(/\b\d+(?:\.\d+)?(?:ms|[smhd])(?:\d+[smh])?\b/g, '#').replace(/\s+/g, ' ').trim();

/** The first line a fresh lab prints for `cmd`, or null when it prints nothing. */
function firstOutputLine(scenario: string, seed: number, cmd: string): string | null {
  if (!isScenarioName(scenario)) throw new Error(`unknown scenario ${scenario}`);
  const lab = createLab({ scenario, seed });
  const output = lab.step(cmd).output;
  lab.dispose();
  return stripAnsi(output).split('\n').map((l) => l.trimEnd()).find((l) => l !== '') ?? null;
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript((seed) => localStorage.setItem('podlab:seed', String(seed)), SEED);
});

for (const lesson of lessons) {
  test(`${lesson.file}: runs its first TryThis and draws the learner's cluster`, async ({ page }, testInfo) => {
    test.slow();
    await page.goto(`/lessons/${lesson.slug}/`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    const buttons = page.locator('button[data-try-cmd]');
    const figures = page.locator('[data-cluster-diagram]');
    if (lesson.usesTryThis) await expect(buttons.first()).toBeVisible();
    else await expect(buttons).toHaveCount(0);
    if (lesson.usesDiagram) await expect(figures.first()).toBeVisible();
    else await expect(figures).toHaveCount(0);

    if (lesson.usesTryThis) {
      const button = buttons.first();
      const cmd = (await button.getAttribute('data-try-cmd')) ?? '';
      const labName = (await button.getAttribute('data-try-lab')) ?? 'lab';
      expect(cmd).not.toBe('');
      await expect(button).toHaveAccessibleName(`Run in lab: ${cmd}`);
      await expect(page.getByRole('button', { name: `Run in lab: ${cmd}` }).first()).toBeVisible();
      const lab = page.locator(`[data-lab][data-lab-name="${labName}"]`).first();

      await button.click();
      await expect(lab).toHaveAttribute('data-lab-state', 'ready');
      await expect(lab).toBeInViewport();
      const seed = Number(await lab.getAttribute('data-lab-seed'));
      expect(seed).toBe(SEED);
      const expected = firstOutputLine((await lab.getAttribute('data-scenario')) ?? '', seed, cmd);
      await expect(async () => {
        const lines = await terminalLines(lab);
        const at = lines.findIndex((l) => l.endsWith(`$ ${cmd}`) || l.endsWith(`# ${cmd}`));
        expect(at, `"${cmd}" was typed at a prompt:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
        expect(lines.at(-1), 'a new prompt after the output').toMatch(/[$#]$/);
        if (expected === null) expect(lines.length, 'the command printed nothing, then a prompt').toBeGreaterThan(at + 1);
        else expect(comparable(lines[at + 1] ?? '')).toBe(comparable(expected));
      }).toPass();
      await expect(lab.locator('.xterm-helper-textarea')).toBeFocused();
    }

    // Every diagram follows the learner's lab (after the command above, too).
    const host = page.locator('[data-lab][data-lab-name="lab"]').first();
    await host.scrollIntoViewIfNeeded();
    await expect(host).toHaveAttribute('data-lab-state', 'ready');
    for (const figure of await figures.all()) {
      const labName = (await figure.getAttribute('data-diagram-lab')) ?? 'lab';
      const lab = page.locator(`[data-lab][data-lab-name="${labName}"]`).first();
      await expect(lab).toHaveAttribute('data-lab-state', 'ready');
      await expect(figure).toHaveAttribute('data-diagram-source', 'live');
      await expect(figure).toHaveAttribute('data-diagram-seed', String(SEED));
      await expect(async () => {
        const live = await lab.evaluate((el: HTMLElement) => {
          const cluster = el.podlab?.lab.cluster;
          if (!cluster) return null;
          return {
            subnet: cluster.state.network.subnet,
            addresses: [
              ...cluster.nodes().flatMap((n) => [n.name, n.internalIP, n.podCIDR]),
              ...cluster.pods().filter((p) => !p.hostNetwork && p.ip).map((p) => p.ip as string),
            ],
          };
        });
        const drawn = (await figure.locator('svg').textContent()) ?? '';
        const words = (await figure.locator('[data-diagram-desc]').textContent()) ?? '';
        if (live === null) {
          expect(drawn).toContain('No cluster yet');
          return;
        }
        for (const fact of live.addresses) {
          expect(drawn, `the figure shows ${fact}`).toContain(fact);
          expect(words, `the words say ${fact}`).toContain(fact);
        }
        // Not the article's cluster the page was built with.
        const article = Engine.fromScenario('multinode-demo', 0)!.state.network.subnet;
        if (live.subnet !== article) expect(drawn).not.toContain(article);
      }).toPass();
    }

    const name = testInfo.project.name === 'desktop' ? lesson.slug : `${lesson.slug}.${testInfo.project.name}`;
    await page.screenshot({ path: `test-results/lessons/${name.replace(/\//g, '-')}.png`, fullPage: true });
  });
}

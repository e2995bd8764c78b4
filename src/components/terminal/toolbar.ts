/**
 * The lab toolbar: which cluster the learner has (the seed, shown so an
 * instructor can ask for it), a new cluster, the article's cluster, a reset
 * to the lesson's start, and screen reader mode. Wired once per host; every
 * action remounts the lab, and `host.podlab` is always the current one.
 */
import { ARTICLE_SEED, labSeed, newOwnSeed, setUseArticleSeed, usesArticleSeed } from '../../lib/seed';
import { remountLab } from './mount';

function describe(seed: number, article: boolean): string {
  return article ? `seed ${seed} (the article's)` : `seed ${seed}`;
}

export function wireToolbar(host: HTMLElement): void {
  const q = <T extends HTMLElement>(sel: string) => host.querySelector<T>(sel);
  const seedOut = q('[data-lab-seed]');
  const announce = q('[data-lab-announce]');
  const article = q<HTMLInputElement>('[data-lab-article]');
  const sr = q<HTMLButtonElement>('[data-lab-sr]');

  const show = () => {
    const seed = Number(host.dataset.labSeed ?? labSeed());
    if (seedOut) seedOut.textContent = describe(seed, seed === ARTICLE_SEED && usesArticleSeed());
    if (article) article.checked = usesArticleSeed();
  };
  const remount = (message: string) => {
    const seed = labSeed();
    remountLab(host, seed);
    show();
    if (announce) announce.textContent = `${message} Cluster ${describe(seed, usesArticleSeed())}.`;
  };

  q<HTMLButtonElement>('[data-lab-new]')?.addEventListener('click', () => {
    setUseArticleSeed(false);
    newOwnSeed();
    remount('A new cluster is running.');
  });
  q<HTMLButtonElement>('[data-lab-reset]')?.addEventListener('click', () => remount('The lab is back at the lesson\'s start.'));
  article?.addEventListener('change', () => {
    setUseArticleSeed(article.checked);
    remount(article.checked ? 'Now on the article\'s cluster.' : 'Back on your own cluster.');
  });
  sr?.addEventListener('click', () => {
    const on = sr.getAttribute('aria-pressed') !== 'true';
    sr.setAttribute('aria-pressed', String(on));
    host.podlab?.setScreenReaderMode(on);
  });
  for (const control of host.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-lab-control]')) control.disabled = false;
  show();
}

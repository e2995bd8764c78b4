/**
 * The only lab code a page loads up front: it waits until a lab comes into
 * view, then imports xterm and the engine. Kept tiny on purpose (page weight
 * budget: 10 KB of JS before the lab is in view).
 */
export function watchLabs(): void {
  const hosts = document.querySelectorAll<HTMLElement>('[data-lab][data-lab-state="idle"]');
  if (hosts.length === 0) return;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        void start(entry.target as HTMLElement);
      }
    },
    { rootMargin: '200px' },
  );
  hosts.forEach((host) => {
    host.dataset.labState = 'waiting';
    observer.observe(host);
  });
}

/**
 * The Check buttons of the exercises graded on this lab (disabled until it is
 * ready; exercise-client.ts takes them over then). Relabelled only when the
 * lab fails: a label that changes while the lab starts shifts the prose above
 * it, and a "try this" on a phone, scrolling to the lab meanwhile, would stop short.
 */
function labelChecks(host: HTMLElement, text: string): void {
  const name = host.dataset.labName ?? 'lab';
  for (const check of document.querySelectorAll(`[data-exercise-lab="${name}"] [data-exercise-check]`)) check.textContent = text;
}

async function start(host: HTMLElement): Promise<void> {
  host.dataset.labState = 'loading';
  const status = host.querySelector('[data-lab-status]');
  if (status) status.textContent = 'Starting the lab…';
  try {
    const { mountLab, wireToolbar } = await import('./mount');
    // Steps of the lab's start, read by the benchmarks (scripts/bench-browser.mjs).
    performance.mark('podlab:lab-code');
    // The first prompt shows at once; the lab is ready (and its toolbar usable) once the rest has loaded.
    await mountLab(host);
    wireToolbar(host);
  } catch (error) {
    host.dataset.labState = 'error';
    host.querySelector('[data-lab-screen]')?.replaceChildren(...failure(error));
    const seed = host.querySelector('[data-lab-seed]');
    if (seed) seed.textContent = 'not started';
    // Exercises graded on this lab, and "try this" buttons waiting for it, stop waiting.
    labelChecks(host, 'Lab not started');
    host.dispatchEvent(new CustomEvent('podlab:lab-failed', { bubbles: true }));
  }
}

/**
 * What the lab says when it cannot start, with a way out. A chunk that
 * cannot be downloaded is most often a page opened before the course was
 * updated (the new version has other file names), or a network gone away.
 */
function failure(error: unknown): HTMLElement[] {
  const message = error instanceof Error ? error.message : String(error);
  const p = document.createElement('p');
  p.className = 'lab-placeholder';
  p.setAttribute('role', 'alert');
  p.textContent = isChunkFailure(message)
    ? "The lab's code could not be downloaded: the course may have been updated since this page was opened, or the network is down. Reloading the page fetches the current version."
    : `The lab could not start: ${message}. Reload the page to try again.`;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'lab-reload';
  reload.textContent = 'Reload the page';
  reload.addEventListener('click', () => location.reload());
  return [p, reload];
}

/** Chromium, Firefox and Safari's words for a module that could not be fetched, and Vite's for its CSS. */
export function isChunkFailure(message: string): boolean {
  return /dynamically imported module|importing a module script failed|unable to preload css/i.test(message);
}

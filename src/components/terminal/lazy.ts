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

async function start(host: HTMLElement): Promise<void> {
  host.dataset.labState = 'loading';
  const status = host.querySelector('[data-lab-status]');
  if (status) status.textContent = 'Starting the lab…';
  try {
    const { mountLab, wireToolbar } = await import('./mount');
    // The first prompt shows at once; the lab is ready (and its toolbar usable) once the rest has loaded.
    await mountLab(host);
    wireToolbar(host);
  } catch (error) {
    host.dataset.labState = 'error';
    const p = document.createElement('p');
    p.className = 'lab-placeholder';
    p.setAttribute('role', 'alert');
    p.textContent = `The lab could not start: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
    host.querySelector('[data-lab-screen]')?.replaceChildren(p);
  }
}

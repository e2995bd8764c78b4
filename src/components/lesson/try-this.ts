/**
 * "Run in lab" buttons of <TryThis>. Loaded with the page (it counts against
 * the 10 KB budget of JS before the lab), so it stays tiny and imports
 * nothing but types.
 */
import type { MountedLab } from '../terminal/mount';

/** The lab named `name` (`<Terminal name>`; the lesson's own is "lab"). */
function labHost(name: string): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>(`[data-lab][data-lab-name="${name}"]`) ??
    (name === 'lab' ? document.querySelector<HTMLElement>('[data-lab]') : null)
  );
}

/** The lab once it is mounted (lazy.ts starts it when it scrolls into view), or null if it could not start. */
function whenReady(host: HTMLElement): Promise<MountedLab | null> {
  return new Promise((resolve) => {
    if (host.podlab) return resolve(host.podlab);
    if (host.dataset.labState === 'error') return resolve(null);
    const settle = () => {
      if (!host.podlab && host.dataset.labState !== 'error') return;
      host.removeEventListener('podlab:lab-ready', settle);
      host.removeEventListener('podlab:lab-failed', settle);
      resolve(host.podlab ?? null);
    };
    host.addEventListener('podlab:lab-ready', settle);
    host.addEventListener('podlab:lab-failed', settle);
  });
}

async function run(button: HTMLButtonElement): Promise<void> {
  const line = button.dataset.tryCmd;
  const host = labHost(button.dataset.tryLab ?? 'lab');
  if (!line || !host) return;
  // On phones the lab is below the prose; bringing it into view also starts it.
  // Beside the prose (wide screens) it is already in view: leave the reader's place alone.
  const { top, bottom } = host.getBoundingClientRect();
  if (top < 0 || bottom > innerHeight) {
    host.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }
  button.dataset.tryState = 'waiting';
  const lab = await whenReady(host);
  delete button.dataset.tryState;
  // A lab that could not start says so itself, with a way to reload.
  if (lab === null) return;
  // Typed as the learner would, wherever they stand: the shell answers as it would to them.
  lab.type(line);
  lab.focus();
}

export function wireTryThis(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-try-cmd]')) {
    if (button.dataset.tryWired) continue;
    button.dataset.tryWired = '1';
    button.hidden = false;
    button.addEventListener('click', () => void run(button));
  }
}

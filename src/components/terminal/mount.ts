import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { createLab, isScenarioName, restoreLab, xtermUnicodeProvider, type Lab, type LabOptions } from '../../../sandbox/index';
import { attachPty } from './attach';
import { TERMINAL_THEMES, currentTheme } from './theme';
import { labSeed } from '../../lib/seed';
import { attachExercises } from '../lesson/exercise-client';
import { forgetLab, keepAside, labKey, loadLab, saveLab, type ExerciseState } from '../../lib/lab-store';

/** What the page (and the browser tests) can ask of a mounted lab. */
export interface MountedLab {
  lab: Lab;
  /** The lab's name on its page (`<Terminal name>`); exercises name the lab they are graded on. */
  name: string;
  /** Exercises started on this lab, kept with it across reloads. */
  exercises: Record<string, ExerciseState>;
  /** Keeps the lab (and its exercises) in storage now. */
  save(): void;
  /** The terminal's buffer as plain text, one string per logical line (wrapped rows joined), trailing blanks trimmed. */
  lines(): string[];
  /** Runs a line as if typed, e.g. from a "try this" button. */
  type(line: string): void;
  focus(): void;
  setScreenReaderMode(on: boolean): void;
  /** Takes the terminal and the lab down (before a remount). */
  dispose(): void;
}

declare global {
  interface HTMLElement {
    podlab?: MountedLab;
  }
}

/**
 * Mounts a lab into its <section data-lab> host. Called once the section
 * comes into view, so xterm and the engine cost nothing before that.
 */
export function mountLab(host: HTMLElement, seed: number = labSeed(), fresh = false): MountedLab {
  const screen = host.querySelector<HTMLElement>('[data-lab-screen]');
  if (screen === null) throw new Error('lab host has no [data-lab-screen] element');
  const scenario = host.dataset.scenario;
  if (!isScenarioName(scenario)) throw new Error(`unknown lab scenario "${String(scenario)}"`);
  const slug = document.querySelector<HTMLElement>('[data-lesson-slug]')?.dataset.lessonSlug ?? location.pathname;
  const name = host.dataset.labName ?? 'lab';

  const term = new Terminal({
    fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
    // Narrow screens get a smaller font so kubectl's tables wrap less.
    fontSize: screen.clientWidth < 520 ? 12 : 14,
    lineHeight: 1.15,
    cursorBlink: true,
    scrollback: 5000,
    theme: TERMINAL_THEMES[currentTheme()],
    // Needed for term.unicode: the line editor and xterm must agree on how wide each character is.
    allowProposedApi: true,
  });
  term.unicode.register(xtermUnicodeProvider);
  term.unicode.activeVersion = xtermUnicodeProvider.version;
  const fit = new FitAddon();
  term.loadAddon(fit);
  screen.replaceChildren();
  term.open(screen);
  term.textarea?.setAttribute('aria-label', host.dataset.label ?? 'Lab terminal');
  fitSafely(fit);

  // The lab as the learner left it, when it was this cluster; otherwise the lesson's start.
  let saveWorks = true;
  let exercises: Record<string, ExerciseState> = Object.create(null) as Record<string, ExerciseState>;
  const notices: string[] = [];
  const save = () => {
    const ok = saveLab(slug, name, { lab: current.snapshot(), exercises });
    if (!ok && saveWorks) notice(host, 'This browser would not keep your lab (its storage is full or blocked): it lasts until you leave the page.');
    saveWorks = ok;
  };
  const options: Omit<LabOptions, 'scenario' | 'seed'> = {
    cols: term.cols,
    rows: term.rows,
    onChange: () => {
      save();
      host.dispatchEvent(new CustomEvent('podlab:lab-changed', { bubbles: true }));
    },
  };
  let lab: Lab | null = null;
  const saved = fresh ? { kind: 'none' as const } : loadLab(slug, name);
  if (fresh) forgetLab(slug, name);
  if (saved.kind === 'unreadable') notices.push(saved.problem);
  if (saved.kind === 'found' && sameCluster(saved.stored.lab, scenario, seed)) {
    const when = new Date(saved.stored.savedAt);
    const banner = `\x1b[2m(Your lab as you left it${Number.isNaN(when.getTime()) ? '' : ` on ${when.toLocaleString()}`}. "Reset lab" brings back the lesson's start.)\x1b[0m\n`;
    const restored = restoreLab({ ...options, banner }, saved.stored.lab);
    if (restored.ok) {
      lab = restored.lab;
      exercises = saved.stored.exercises;
    } else {
      keepAside(undefined, labKey(slug, name), JSON.stringify(saved.stored), restored.error);
      notices.push(`Your saved lab for this page could not be rebuilt (${restored.error}). It was kept aside and this lab starts afresh.`);
    }
  }
  if (lab === null) lab = createLab({ scenario, seed, ...options });
  const current = lab;
  // The lab's clock follows real time, but only when the learner acts.
  let last = performance.now();
  const tick = () => {
    const t = performance.now();
    current.advance(Math.max(0, t - last));
    last = t;
  };
  const attached = attachPty(term, current.pty, tick);

  // Esc hands the keyboard back to the page, so a keyboard user is never trapped.
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.key === 'Escape' && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      host.querySelector<HTMLElement>('[data-lab-exit-target]')?.focus();
      return false;
    }
    return true;
  });

  const observer = new ResizeObserver(() => fitSafely(fit));
  observer.observe(screen);
  const onTheme = () => {
    term.options.theme = TERMINAL_THEMES[currentTheme()];
  };
  window.addEventListener('podlab:theme', onTheme);

  const mounted: MountedLab = {
    lab: current,
    name,
    get exercises() {
      return exercises;
    },
    save,
    lines() {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buffer.length; i += 1) {
        const line = buffer.getLine(i);
        const text = line?.translateToString(true) ?? '';
        // A row the terminal wrapped continues the line above it.
        if (line?.isWrapped && out.length > 0) out[out.length - 1] += text;
        else out.push(text);
      }
      for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as string).trimEnd();
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    },
    type(line) {
      tick();
      current.type(line);
      term.focus();
    },
    focus: () => term.focus(),
    setScreenReaderMode(on) {
      term.options.screenReaderMode = on;
    },
    dispose() {
      observer.disconnect();
      window.removeEventListener('podlab:theme', onTheme);
      window.removeEventListener('pagehide', save);
      attached.dispose();
      current.dispose();
      term.dispose();
      if (host.podlab === mounted) delete host.podlab;
    },
  };
  if (host.querySelector('[data-lab-sr]')?.getAttribute('aria-pressed') === 'true') mounted.setScreenReaderMode(true);
  host.podlab = mounted;
  host.dataset.labState = 'ready';
  host.dataset.labSeed = String(seed);
  // The clock moves between commands too: keep where it got to when the learner leaves.
  window.addEventListener('pagehide', save);
  for (const text of notices) notice(host, text);
  attachExercises(mounted);
  host.dispatchEvent(new CustomEvent('podlab:lab-ready', { bubbles: true }));
  return mounted;
}

/** Replaces the mounted lab with a fresh one on `seed` (the same seed: back to the lesson's start); the saved one is forgotten. */
export function remountLab(host: HTMLElement, seed: number = labSeed()): MountedLab {
  host.podlab?.dispose();
  for (const old of host.querySelectorAll('[data-lab-notice] p')) old.remove();
  return mountLab(host, seed, true);
}

/** Whether a saved snapshot is of this lab's scenario and seed (the learner may have picked another cluster since). */
function sameCluster(value: unknown, scenario: string, seed: number): boolean {
  return typeof value === 'object' && value !== null && (value as { scenario?: unknown }).scenario === scenario && (value as { seed?: unknown }).seed === seed;
}

/** A visible note under the lab's toolbar (storage problems), also read out by screen readers. */
function notice(host: HTMLElement, text: string): void {
  const box = host.querySelector<HTMLElement>('[data-lab-notice]');
  if (!box) return;
  const p = document.createElement('p');
  p.textContent = text;
  box.append(p);
  box.hidden = false;
}

function fitSafely(fit: FitAddon): void {
  // A hidden or zero-sized container has no geometry to fit; keep the last size.
  try {
    fit.fit();
  } catch {
    /* nothing to fit yet */
  }
}

export { wireToolbar } from './toolbar';

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
// With xterm only the lab's terminal front loads (line editor and prompt): the engine, the shell, the
// commands and the grader come right after the first prompt, from after-prompt.ts (scripts/size.mjs budgets both).
import { createLabFront, type LabFront } from '../../../sandbox/lab-front';
import { isScenarioName } from '../../../sandbox/scenario/catalog';
import { parseLabSnapshot } from '../../../sandbox/scenario/lab-snapshot';
import { History } from '../../../sandbox/tty/history';
import { xtermUnicodeProvider } from '../../../sandbox/tty/width';
import type { Lab, LabOptions } from '../../../sandbox/index';
import { attachPty } from './attach';
import { TERMINAL_THEMES, currentTheme } from './theme';
import { labSeed } from '../../lib/seed';
import { forgetLab, keepAside, labKey, loadLab, saveLab, type ExerciseState, type StoredLab } from '../../lib/lab-store';

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

type AfterPrompt = typeof import('./after-prompt');
/** The rest of the lab, fetched once per page (a failed fetch is tried again by the next mount). */
let afterPrompt: Promise<AfterPrompt> | null = null;
let afterPromptLoaded: AfterPrompt | null = null;
function loadAfterPrompt(): Promise<AfterPrompt> {
  afterPrompt ??= import('./after-prompt').then(
    (m) => (afterPromptLoaded = m),
    (error: unknown) => {
      afterPrompt = null;
      throw error;
    },
  );
  return afterPrompt;
}

/** Once the first prompt has been painted (or 100 ms, in a hidden tab), so building the cluster never delays it. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

declare global {
  interface HTMLElement {
    podlab?: MountedLab;
  }
}

/**
 * Mounts a lab into its <section data-lab> host. Called once the section
 * comes into view, so xterm and the engine cost nothing before that. The
 * first prompt comes up at once (lines typed meanwhile wait); the lab is
 * ready (host.podlab, data-lab-state="ready", podlab:lab-ready) once the rest
 * has loaded: synchronously when it already has (a remount).
 */
export function mountLab(host: HTMLElement, seed: number = labSeed(), fresh = false): MountedLab | Promise<MountedLab> {
  const screen = host.querySelector<HTMLElement>('[data-lab-screen]');
  if (screen === null) throw new Error('lab host has no [data-lab-screen] element');
  const scenario = host.dataset.scenario;
  if (!isScenarioName(scenario)) throw new Error(`unknown lab scenario "${String(scenario)}"`);
  const slug = document.querySelector<HTMLElement>('[data-lesson-slug]')?.dataset.lessonSlug ?? location.pathname;
  const name = host.dataset.labName ?? 'lab';
  // Fetched while the terminal starts; built only once the first prompt is painted (afterPaint).
  const later = afterPromptLoaded ?? loadAfterPrompt();

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
  performance.mark('podlab:terminal-open');

  // The lab as the learner left it, when it was this cluster; otherwise the lesson's start.
  let lab: Lab | null = null;
  let saveWorks = true;
  let exercises: Record<string, ExerciseState> = Object.create(null) as Record<string, ExerciseState>;
  const notices: string[] = [];
  const save = () => {
    if (lab === null) return;
    const ok = saveLab(slug, name, { lab: lab.snapshot(), exercises });
    if (!ok && saveWorks) notice(host, 'This browser would not keep your lab (its storage is full or blocked): it lasts until you leave the page.');
    saveWorks = ok;
  };
  const saved = fresh ? { kind: 'none' as const } : loadLab(slug, name);
  if (fresh) forgetLab(slug, name);
  if (saved.kind === 'unreadable') notices.push(saved.problem);
  const resume = saved.kind === 'found' && sameCluster(saved.stored.lab, scenario, seed) ? saved.stored : null;
  // The lab's clock follows real time, but only when the learner acts.
  let last = performance.now();
  const tick = () => {
    const t = performance.now();
    lab?.advance(Math.max(0, t - last));
    last = t;
  };
  // The first prompt: in the saved place with the saved history when resuming, before the engine is here.
  const startFront = (from: StoredLab | null): LabFront => {
    const parsed = from ? parseLabSnapshot(from.lab) : null;
    if (from === null || !parsed?.ok) return createLabFront({ cols: term.cols, rows: term.rows });
    const when = new Date(from.savedAt);
    return createLabFront({
      cols: term.cols,
      rows: term.rows,
      banner: `\x1b[2m(Your lab as you left it${Number.isNaN(when.getTime()) ? '' : ` on ${when.toLocaleString()}`}. "Reset lab" brings back the lesson's start.)\x1b[0m\n`,
      place: parsed.snapshot.places.at(-1),
      history: History.fromJSON(parsed.snapshot.history),
    });
  };
  let front = startFront(resume);
  let attached = attachPty(term, front.pty, tick);

  // Esc hands the keyboard back to the page, so a keyboard user is never trapped.
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.key === 'Escape' && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      host.querySelector<HTMLElement>('[data-lab-exit-target]')?.focus();
      return false;
    }
    // Shift+Tab (bound to nothing in bash) moves focus back out as anywhere else on the page; Tab stays completion.
    if (event.key === 'Tab' && event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) return false;
    return true;
  });

  const observer = new ResizeObserver(() => fitSafely(fit));
  observer.observe(screen);
  const onTheme = () => {
    term.options.theme = TERMINAL_THEMES[currentTheme()];
  };
  window.addEventListener('podlab:theme', onTheme);

  const teardown = () => {
    observer.disconnect();
    window.removeEventListener('podlab:theme', onTheme);
    attached.dispose();
  };

  /** The lab itself, on the front that already shows its prompt. */
  const finish = (rest: AfterPrompt): MountedLab => {
    const options: Omit<LabOptions, 'scenario' | 'seed'> = {
      onChange: () => {
        save();
        host.dispatchEvent(new CustomEvent('podlab:lab-changed', { bubbles: true }));
      },
    };
    if (resume) {
      const restored = rest.restoreLab({ ...options, front }, resume.lab);
      if (restored.ok) {
        lab = restored.lab;
        exercises = resume.exercises;
      } else {
        keepAside(undefined, labKey(slug, name), JSON.stringify(resume), restored.error);
        notices.push(`Your saved lab for this page could not be rebuilt (${restored.error}). It was kept aside and this lab starts afresh.`);
        if (!front.connected) {
          // The front showed the saved place and history: start the terminal over.
          attached.dispose();
          front.pty.dispose();
          term.reset();
          front = startFront(null);
          attached = attachPty(term, front.pty, tick);
        }
      }
    }
    if (lab === null) lab = rest.createLab({ scenario, seed, ...options, front });
    last = performance.now();
    const current = lab;
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
        teardown();
        window.removeEventListener('pagehide', save);
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
    rest.attachExercises(mounted);
    host.dispatchEvent(new CustomEvent('podlab:lab-ready', { bubbles: true }));
    return mounted;
  };

  if (!(later instanceof Promise)) return finish(later);
  return Promise.all([later, afterPaint()])
    .then(([rest]) => finish(rest))
    .catch((error: unknown) => {
      front.fail(error instanceof Error ? error.message : String(error));
      teardown();
      term.dispose();
      throw error;
    });
}

/** Replaces the mounted lab with a fresh one on `seed` (the same seed: back to the lesson's start); the saved one is forgotten. */
export function remountLab(host: HTMLElement, seed: number = labSeed()): MountedLab | Promise<MountedLab> {
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

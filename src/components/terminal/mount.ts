import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { createLab, isScenarioName, xtermUnicodeProvider, type Lab } from '../../../sandbox/index';
import { attachPty } from './attach';
import { TERMINAL_THEMES, currentTheme } from './theme';
import { labSeed } from '../../lib/seed';
import { attachExercises } from '../lesson/exercise-client';

/** What the page (and the browser tests) can ask of a mounted lab. */
export interface MountedLab {
  lab: Lab;
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
export function mountLab(host: HTMLElement, seed: number = labSeed()): MountedLab {
  const screen = host.querySelector<HTMLElement>('[data-lab-screen]');
  if (screen === null) throw new Error('lab host has no [data-lab-screen] element');
  const scenario = host.dataset.scenario;
  if (!isScenarioName(scenario)) throw new Error(`unknown lab scenario "${String(scenario)}"`);

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

  const lab = createLab({ scenario, seed, cols: term.cols, rows: term.rows });
  // The lab's clock follows real time, but only when the learner acts.
  let last = performance.now();
  const tick = () => {
    const t = performance.now();
    lab.advance(Math.max(0, t - last));
    last = t;
  };
  const attached = attachPty(term, lab.pty, tick);

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
    lab,
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
      lab.type(line);
      term.focus();
    },
    focus: () => term.focus(),
    setScreenReaderMode(on) {
      term.options.screenReaderMode = on;
    },
    dispose() {
      observer.disconnect();
      window.removeEventListener('podlab:theme', onTheme);
      attached.dispose();
      lab.dispose();
      term.dispose();
      if (host.podlab === mounted) delete host.podlab;
    },
  };
  if (host.querySelector('[data-lab-sr]')?.getAttribute('aria-pressed') === 'true') mounted.setScreenReaderMode(true);
  host.podlab = mounted;
  host.dataset.labState = 'ready';
  host.dataset.labSeed = String(seed);
  // Exercises are graded on the page's first lab (a lesson has one).
  if (document.querySelector('[data-lab]') === host) attachExercises(mounted);
  host.dispatchEvent(new CustomEvent('podlab:lab-ready', { bubbles: true }));
  return mounted;
}

/** Replaces the mounted lab with a fresh one on `seed` (the same seed: back to the lesson's start). */
export function remountLab(host: HTMLElement, seed: number = labSeed()): MountedLab {
  host.podlab?.dispose();
  return mountLab(host, seed);
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

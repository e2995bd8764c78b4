/**
 * The one entry point of the Podlab engine. The site, the CLI, tests and
 * benchmarks import from here and nowhere deeper.
 */
import { History } from './tty/history';
import type { Pty } from './tty/pty';
import { createSession } from './tty/session';
import { Shell } from './shell/shell';
import { laptopPlace } from './shell/places';
import { COMMANDS } from './shell/commands';
import { Engine } from './engine';
import { isScenarioName, type ScenarioName } from './scenario/catalog';

export type { Pty, Disposable } from './tty/pty';
export type { Interpreter, RunResult, Completion } from './tty/interpreter';
export { History } from './tty/history';
export { Engine } from './engine';
export { xtermUnicodeProvider } from './tty/width';
export { SCENARIOS, SCENARIO_NAMES, isScenarioName, type ScenarioName } from './scenario/catalog';
export * from './grading';

export interface LabOptions {
  scenario: ScenarioName;
  /** Seed for every random choice in the lab. */
  seed?: number;
  cols?: number;
  rows?: number;
  /**
   * Called when the learner exits the outermost shell. A front that can end
   * (the CLI) ends; without it, the lab says there is nothing to exit to.
   */
  onQuit?: (code: number) => void;
}

/** One line run by `step`, as `podlab run --json` reports it. */
export interface Step {
  /** Where the line ran: "laptop", "node/NAME" or "pod/NAMESPACE/NAME". */
  context: string;
  /** The prompt shown before the line, without colours. */
  prompt: string;
  line: string;
  /** stdout and stderr together, as a terminal shows them. */
  output: string;
  exitCode: number;
}

export interface Lab {
  readonly scenario: ScenarioName;
  /** The simulated cluster, or null while the learner has none (laptop scenario). */
  readonly cluster: Engine | null;
  readonly seed: number;
  /** The terminal seam: write keys in, render bytes out. */
  readonly pty: Pty;
  /** Runs a line as if the learner typed it and pressed Enter (echoed, kept in history). */
  type(line: string): void;
  /** Runs a line without the terminal, e.g. for graders and tests. */
  exec(line: string): { output: string; exitCode: number };
  /** Runs a line as if typed (kept in history) and reports where it ran and what it printed. */
  step(line: string): Step;
  /** Where the learner stands now: "laptop", "node/NAME" or "pod/NAMESPACE/NAME". */
  context(): string;
  /** Moves the lab's virtual clock forward. */
  advance(ms: number): void;
  /** The virtual clock, in ms since the lab's epoch. */
  now(): number;
  dispose(): void;
}

function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export function createLab(options: LabOptions): Lab {
  if (!isScenarioName(options.scenario)) throw new Error(`unknown lab scenario "${String(options.scenario)}"`);
  const seed = options.seed ?? 0;
  let cluster = Engine.fromScenario(options.scenario, seed);
  // With no cluster yet the lab still keeps time, for history and prompts.
  let idleClock = 0;
  const now = () => (cluster ? cluster.now : idleClock);
  const history = new History();
  const shell = new Shell({
    place: laptopPlace(),
    history,
    commands: COMMANDS,
    cluster,
    seed,
    now,
    onClusterChange: (engine) => {
      cluster = engine;
    },
    ...(options.onQuit ? { onQuit: options.onQuit } : {}),
  });
  const context = () => {
    const place = shell.place;
    if (place.kind === 'laptop') return 'laptop';
    if (place.pod) return `pod/${place.pod.namespace}/${place.pod.name}`;
    return `node/${place.host}`;
  };
  const session = createSession({
    interpreter: shell,
    history,
    cols: options.cols,
    rows: options.rows,
    onInterrupt: () => shell.interrupted(),
  });
  return {
    scenario: options.scenario,
    seed,
    get cluster() {
      return cluster;
    },
    pty: session,
    type: (line) => session.runLine(line),
    exec: (line) => shell.run(line),
    step(line) {
      const before = { context: context(), prompt: stripAnsi(shell.prompt()) };
      history.add(line);
      const { output, exitCode } = shell.run(line);
      return { ...before, line, output, exitCode };
    },
    context,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the lab clock only moves forward, got ${ms}`);
      if (cluster) cluster.advance(ms);
      else idleClock += ms;
    },
    now,
    dispose: () => session.dispose(),
  };
}

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

export interface LabOptions {
  scenario: ScenarioName;
  /** Seed for every random choice in the lab. */
  seed?: number;
  cols?: number;
  rows?: number;
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
  /** Moves the lab's virtual clock forward. */
  advance(ms: number): void;
  /** The virtual clock, in ms since the lab's epoch. */
  now(): number;
  dispose(): void;
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
  });
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
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the lab clock only moves forward, got ${ms}`);
      if (cluster) cluster.advance(ms);
      else idleClock += ms;
    },
    now,
    dispose: () => session.dispose(),
  };
}

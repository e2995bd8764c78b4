/**
 * The one entry point of the Podlab engine. The site, the CLI, tests and
 * benchmarks import from here and nowhere deeper.
 */
import { History } from './tty/history';
import type { Pty } from './tty/pty';
import { createSession } from './tty/session';
import { Shell, formatPrompt } from './shell/shell';
import { LAB_SNAPSHOT_VERSION, parseLabSnapshot, type LabSnapshot } from './scenario/lab-snapshot';
import { laptopPlace } from './shell/places';
import { COMMANDS } from './shell/commands';
import { Engine, type LogEntry } from './engine';
import { isScenarioName, type ScenarioName } from './scenario/catalog';
import type { LabFront } from './lab-front';

export type { Pty, Disposable } from './tty/pty';
export type { Interpreter, RunResult, Completion } from './tty/interpreter';
export { History } from './tty/history';
export { Engine } from './engine';
export { xtermUnicodeProvider } from './tty/width';
export { SCENARIOS, SCENARIO_NAMES, isScenarioName, type ScenarioName } from './scenario/catalog';
export * from './grading';
export { parseLabSnapshot, LAB_SNAPSHOT_VERSION, MAX_LOG_ENTRIES, type LabSnapshot } from './scenario/lab-snapshot';
export { createLabFront, type LabFront, type FrontOptions } from './lab-front';

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
  /** Called after every line the lab runs (typed, step, exec or setup), when its state may have changed. */
  onChange?: () => void;
  /** Printed once before the first prompt. */
  banner?: string;
  /**
   * A terminal front already showing the first prompt (lab-front.ts: the site
   * starts one before the engine has loaded). The lab takes it over, with its
   * history and the lines typed so far, instead of starting a session; the
   * front's own banner and size then apply.
   */
  front?: LabFront;
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
  /**
   * Runs a line on the laptop whatever nested shell the learner is in, and
   * leaves them where they were: how a lesson or an exercise prepares the lab.
   * Not echoed, not kept in history.
   */
  setup(line: string): Step;
  /** The whole lab as plain data, for restoreLab. */
  snapshot(): LabSnapshot;
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
  return buildLab(options);
}

/**
 * A lab brought back from a snapshot (lab.snapshot(), possibly read back from
 * storage): the same cluster, the learner in the same nested shell, the same
 * history. Anything that is not a snapshot this Podlab can read is refused
 * with the reason, never half restored.
 */
export function restoreLab(options: Omit<LabOptions, 'scenario' | 'seed'>, value: unknown): { ok: true; lab: Lab } | { ok: false; error: string } {
  const parsed = parseLabSnapshot(value);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, lab: buildLab({ ...options, scenario: parsed.snapshot.scenario, seed: parsed.snapshot.seed }, parsed.snapshot) };
  } catch (error) {
    return { ok: false, error: `the saved cluster could not be rebuilt: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function buildLab(options: LabOptions, saved?: LabSnapshot): Lab {
  if (!isScenarioName(options.scenario)) throw new Error(`unknown lab scenario "${String(options.scenario)}"`);
  const seed = options.seed ?? 0;
  let cluster = saved
    ? saved.cluster && Engine.replay(saved.cluster.origin, saved.cluster.log)
    : Engine.fromScenario(options.scenario, seed);
  // With no cluster yet the lab still keeps time, for history and prompts.
  let idleClock = saved?.idleClock ?? 0;
  const now = () => (cluster ? cluster.now : idleClock);
  const history = options.front?.history ?? (saved ? History.fromJSON(saved.history) : new History());
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
  if (saved) shell.restore(saved);
  const changed = () => options.onChange?.();
  const context = () => {
    const place = shell.place;
    if (place.kind === 'laptop') return 'laptop';
    if (place.pod) return `pod/${place.pod.namespace}/${place.pod.name}`;
    return `node/${place.host}`;
  };
  const interpreter = {
    prompt: () => shell.prompt(),
    complete: (line: string, cursor: number) => shell.complete(line, cursor),
    run(line: string) {
      const r = shell.run(line);
      changed();
      return r;
    },
  };
  const session = options.front
    ? options.front.pty
    : createSession({
      interpreter,
      history,
      ...(options.banner !== undefined ? { banner: options.banner } : {}),
      cols: options.cols,
      rows: options.rows,
      onInterrupt: () => shell.interrupted(),
    });
  options.front?.connect({ ...interpreter, interrupted: () => shell.interrupted() });
  return {
    scenario: options.scenario,
    seed,
    get cluster() {
      return cluster;
    },
    pty: session,
    type: (line) => session.runLine(line),
    exec(line) {
      const r = shell.run(line);
      changed();
      return r;
    },
    step(line) {
      const before = { context: context(), prompt: stripAnsi(shell.prompt()) };
      history.add(line);
      const { output, exitCode } = shell.run(line);
      changed();
      return { ...before, line, output, exitCode };
    },
    setup(line) {
      const { output, exitCode } = shell.runOutermost(line);
      changed();
      return { context: 'laptop', prompt: stripAnsi(formatPrompt(laptopPlace())), line, output, exitCode };
    },
    snapshot() {
      return {
        format: 'podlab-lab',
        version: LAB_SNAPSHOT_VERSION,
        scenario: options.scenario,
        seed,
        cluster: cluster ? { origin: { ...cluster.state.origin }, log: JSON.parse(JSON.stringify(cluster.log)) as LogEntry[] } : null,
        idleClock,
        ...shell.state(),
        history: history.toJSON(),
      };
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

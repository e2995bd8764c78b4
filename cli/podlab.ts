/**
 * The command-line front of the lab: the same engine, line editor, history
 * and completion as the browser, in a real terminal (`podlab shell`), or as
 * a scripted transcript (`podlab run`). A thin Node layer over sandbox/.
 */
import { createLab, isScenarioName, SCENARIO_NAMES, type Lab, type ScenarioName, type Step } from '../sandbox/index';

export const HELP = `podlab: the Podlab Kubernetes networking lab in your terminal

Usage:
  podlab shell [--seed N] [--scenario NAME]
      An interactive lab shell (same line editor, history and completion as the
      browser). Type "help" inside; "exit" on the laptop or Ctrl-D ends it.

  podlab export [--seed N] [--scenario NAME] [--prefix P] [--teardown] [-- LINE...]
      Prints a shell script that builds the lab's network (after the LINEs,
      if any) in real Linux network namespaces named P + node or pod, so you
      can check the lab against your own kernel: run it as root with
      "sh", then try "ip netns exec Pmultinode-demo ip route get 10.244.2.2".
      --teardown prints the script that removes them again.

  podlab run [--seed N] [--scenario NAME] [--json] [--dump-netns] -- LINE [LINE...]
      Runs each LINE in order as if typed, each in the place the previous one
      left (a node after "minikube ssh", a pod after "kubectl exec -it"), and
      prints a transcript. With --json, prints one object:
        {"steps": [{"context", "prompt", "line", "output", "exitCode"}, ...]}
      With --dump-netns (needs --json) the object also gets "netns": every
      network namespace of the cluster after the last line, with what
      "ip -j addr", "ip -j link" and "ip -j route show table all" print there.

Options:
  --seed N          Seed of every random choice (default 0: the article's cluster).
  --scenario NAME   Where the lab starts: ${SCENARIO_NAMES.join(', ')}.
                    Default: laptop (no cluster yet; start with
                    "minikube start --nodes 3 -p multinode-demo").
  -h, --help        This help.

The same seed and lines always give the same output.
`;

export interface CliOptions {
  command: 'shell' | 'run' | 'export' | 'help';
  prefix: string;
  teardown: boolean;
  seed: number;
  scenario: ScenarioName;
  json: boolean;
  dumpNetns: boolean;
  lines: string[];
}

export function parseArgs(argv: string[]): CliOptions | { error: string } {
  const opts: CliOptions = { command: 'help', seed: 0, scenario: 'laptop', json: false, dumpNetns: false, lines: [], prefix: 'podlab-', teardown: false };
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return opts;
  if (command !== 'shell' && command !== 'run' && command !== 'export') return { error: `unknown command "${command}" (expected shell, run or export)` };
  opts.command = command;
  for (let i = 0; i < rest.length; i += 1) {
    const a = rest[i] as string;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    try {
      if (a === '--') {
        opts.lines.push(...rest.slice(i + 1));
        break;
      } else if (name === '--seed') {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) return { error: `--seed takes a whole number from 0 to 4294967295, got "${v}"` };
        opts.seed = Number(v);
      } else if (name === '--scenario') {
        const v = value();
        if (!isScenarioName(v)) return { error: `unknown scenario "${v}" (expected one of: ${SCENARIO_NAMES.join(', ')})` };
        opts.scenario = v;
      } else if (name === '--prefix' && command === 'export') {
        opts.prefix = value();
      } else if (a === '--teardown' && command === 'export') opts.teardown = true;
      else if (a === '--json') opts.json = true;
      else if (a === '--dump-netns') opts.dumpNetns = true;
      else if (a === '-h' || a === '--help') return { ...opts, command: 'help' };
      else if (command !== 'shell' && !a.startsWith('-')) opts.lines.push(a);
      else return { error: `unknown option "${a}"` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  if (opts.dumpNetns && !opts.json) return { error: '--dump-netns goes with --json' };
  if (command === 'run' && opts.lines.length === 0) return { error: 'run needs at least one line to run, e.g. podlab run -- "kubectl get nodes"' };
  return opts;
}

/** The transcript `podlab run` prints: each prompt and line, then what it printed. */
export function transcript(steps: Step[]): string {
  return steps.map((s) => `${s.prompt}${s.line}\n${s.output}`).join('');
}

export function runLines(opts: Pick<CliOptions, 'seed' | 'scenario'>, lines: string[]): { lab: Lab; steps: Step[] } {
  const lab = createLab({ scenario: opts.scenario, seed: opts.seed, onQuit: () => {} });
  const steps = lines.map((line) => lab.step(line));
  return { lab, steps };
}

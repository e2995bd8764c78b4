/** Process glue for the podlab CLI: argv, stdio, raw mode, exit codes. */
import { createLab } from '../sandbox/index';
import { HELP, parseArgs, runLines, transcript } from './podlab';
import { dumpNetns } from '../sandbox/scenario/dump-netns';

export function main(argv: string[]): void {
  const opts = parseArgs(argv);
  if ('error' in opts) {
    process.stderr.write(`podlab: ${opts.error}\nRun "podlab --help" for usage.\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (opts.command === 'export') {
    const scenario = opts.lines.length === 0 && opts.scenario === 'laptop' ? 'multinode-demo' : opts.scenario;
    const { lab } = runLines({ seed: opts.seed, scenario }, opts.lines);
    if (!lab.cluster) {
      process.stderr.write('podlab: there is no cluster to export; start one first, e.g. podlab export -- "minikube start --nodes 3 -p multinode-demo"\n');
      process.exitCode = 1;
      return;
    }
    try {
      const script = lab.cluster.exportNetns({ prefix: opts.prefix });
      process.stdout.write(opts.teardown ? script.teardown : script.setup);
    } catch (e) {
      process.stderr.write(`podlab: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
    return;
  }
  if (opts.command === 'run') {
    const { lab, steps } = runLines(opts, opts.lines);
    if (opts.json) {
      const out: Record<string, unknown> = { steps };
      if (opts.dumpNetns) out.netns = lab.cluster ? dumpNetns(lab.cluster, true) : [];
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(transcript(steps));
    }
    return;
  }
  interactive(opts.seed, opts.scenario);
}

function interactive(seed: number, scenario: Parameters<typeof createLab>[0]['scenario']): void {
  const { stdin, stdout } = process;
  let quitting = false;
  const lab = createLab({
    scenario,
    seed,
    cols: stdout.columns ?? 80,
    rows: stdout.rows ?? 24,
    onQuit: (code) => {
      quitting = true;
      process.exitCode = code;
    },
  });
  let last = performance.now();
  const sub = lab.pty.onData((data) => {
    // After the outermost `exit`, the editor has already drawn the next prompt: keep only what came before it.
    stdout.write(quitting ? data.slice(0, data.lastIndexOf('\r\n') + 2) : data);
  });
  const end = () => {
    sub.dispose();
    lab.dispose();
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  };
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.on('data', (data: string) => {
    const t = performance.now();
    lab.advance(Math.max(0, t - last));
    last = t;
    lab.pty.write(data);
    if (quitting) end();
  });
  stdin.on('end', end);
  stdout.on('resize', () => lab.pty.resize(stdout.columns ?? 80, stdout.rows ?? 24));
}

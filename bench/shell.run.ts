/**
 * Shell benchmarks (issue 4's targets): how long a command takes from the
 * line to its output, for the demo's commands on the 3-node cluster, and
 * `kubectl get pods -A -o wide` on a 100-node cluster. Prints JSON for
 * scripts/bench.mjs.
 */
import { Engine } from '../sandbox/engine';
import { COMMANDS } from '../sandbox/shell/commands';
import { laptopPlace, nodeDebugPlace, sshPlace } from '../sandbox/shell/places';
import { Shell } from '../sandbox/shell/shell';
import type { Place } from '../sandbox/shell/types';
import { History } from '../sandbox/tty/history';
import { bigCluster, demoCluster } from './engine.cases';

export const SHELL_TARGETS_MS = { demoCommand: 2, bigGetPods: 20 } as const;

const AKS = 'mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11';

/** Read-only commands of the demo, each with where it runs. */
const DEMO: Array<[string, string]> = [
  ['laptop', 'kubectl get nodes -o wide'],
  ['laptop', 'kubectl get pods -o wide'],
  ['laptop', 'kubectl get pods -A -o wide'],
  ['laptop', 'kubectl describe pod nginx-5844775f89-4nnwf'],
  ['laptop', 'kubectl get pods -o yaml'],
  ['laptop', 'minikube status'],
  ['debug', 'ip addr'],
  ['debug', 'route'],
  ['debug', 'ip route'],
  ['debug', 'ip route get 10.244.1.2'],
  ['debug', 'traceroute -n 10.244.2.2'],
  ['ssh', 'ping -c 4 10.244.2.2'],
  ['ssh', 'cat /etc/cni/net.d/10-kindnet.conflist'],
  ['laptop', 'kubectl get pods -o wide | grep m02 | wc -l'],
];

function shellAt(place: Place, engine: Engine): Shell {
  return new Shell({ place, history: new History(), commands: COMMANDS, cluster: engine, seed: 0, now: () => engine.now });
}

function samples(fn: () => void, n: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function runShellBenchmarks() {
  const demo = demoCluster();
  const places: Record<string, Place> = { laptop: laptopPlace(), debug: nodeDebugPlace('multinode-demo', AKS), ssh: sshPlace('multinode-demo-m02') };
  const commands = DEMO.map(([where, line]) => {
    const shell = shellAt(places[where] as Place, demo);
    const result = shell.run(line);
    if (result.exitCode !== 0) throw new Error(`bench command failed: ${line}\n${result.output}`);
    return { where, line, samples: samples(() => shell.run(line), 200, 20) };
  });
  const big = bigCluster(3);
  const bigShell = shellAt(laptopPlace(), big);
  const rows = bigShell.run('kubectl get pods -A -o wide').output.split('\n').length - 2;
  const bigGetPods = { line: 'kubectl get pods -A -o wide', rows, samples: samples(() => bigShell.run('kubectl get pods -A -o wide'), 30, 3) };
  return { targets: SHELL_TARGETS_MS, commands, bigGetPods };
}

process.stdout.write(JSON.stringify(runShellBenchmarks()));

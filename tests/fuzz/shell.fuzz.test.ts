import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLab, Engine } from '../../sandbox/index';
import { COMMANDS } from '../../sandbox/shell/commands';
import { invariantViolations } from '../../sandbox/scenario/invariants';

/**
 * Anything a learner can type or paste must get the tool's answer or a clear
 * error: never an exception, a stack trace, an exit status outside 0..255, or
 * a cluster that breaks the engine's invariants.
 */

const VOCAB = [
  ...COMMANDS.map((c) => c.name),
  ...COMMANDS.flatMap((c) => c.subcommands ?? []),
  'ip', 'ping', 'traceroute', 'route', 'cat', 'sysctl', 'iptables', 'hostname', 'whoami', 'id', 'exit', 'ssh', 'debug', 'exec',
  'get', 'describe', 'delete', 'create', 'deploy', 'deployment', 'scale', 'nodes', 'pods', 'po', 'svc', 'all', 'node/multinode-demo-m02',
  'expose', 'ep', 'endpointslices', '--port=80', '--target-port=8080', '--type=NodePort', '--type=LoadBalancer', '--name=web', 'deploy/nginx',
  '-o', 'wide', 'yaml', 'json', 'name', 'jsonpath={.items[*].metadata.name}', '-n', 'kube-system', '-A', '-l', 'app=nginx', '--replicas=2',
  '--image=rancher/hello-world', '--image=busybox', '-it', '--', 'sh', '-p', 'multinode-demo', '--nodes', '3', 'm02', 'm03',
  'addr', 'a', 'link', 'r', 'route', 'get', 'add', 'del', 'replace', 'flush', 'neigh', 'show', 'dev', 'eth0', 'eth9', 'lo', 'via',
  '10.244.1.2', '10.244.2.0/24', '192.168.103.3', '10.96.0.10', 'default', 'blackhole', 'metric', '100', 'up', 'down', 'set',
  '-4', '-j', '-br', '-c', '1', '-W', '-n', '-m', '-w', 'net.ipv4.ip_forward=0', '-w', '/etc/cni/net.d/10-kindnet.conflist',
  '|', '||', '&&', ';', 'grep', '-v', 'wc', '-l', 'head', 'sort', '$?', '"', "'", '\\', '2>&1', '>/dev/null', '~', '${HOME}', '#',
  // name service (nslookup, dig and getent are in COMMANDS; these reach them on a node and feed them)
  'minikube ssh -- nslookup', 'minikube ssh -- dig', '+short', '-x', 'kubernetes.default', 'host.minikube.internal',
];

const token = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const line = fc.array(token, { minLength: 1, maxLength: 9 }).map((t) => t.join(' '));

function checkResult(result: { output: string; exitCode: number }, typed: string): void {
  expect(Number.isInteger(result.exitCode) && result.exitCode >= 0 && result.exitCode <= 255, `exit status of ${JSON.stringify(typed)}`).toBe(true);
  expect(result.output, `output of ${JSON.stringify(typed)}`).not.toMatch(/internal error|\n\s+at \S+ \(|TypeError|ReferenceError|undefined is not|\[object Object\]|NaN/);
}

describe('the lab survives anything typed at it', () => {
  it('grammar-aware and random lines, on fresh and mutated clusters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.boolean(), fc.array(line, { minLength: 1, maxLength: 12 }), (seed, mutate, lines) => {
        const lab = createLab({ scenario: 'multinode-demo', seed });
        if (mutate) {
          lab.exec('kubectl create deployment nginx --image=rancher/hello-world --replicas=3');
          lab.cluster?.ipRouteDel(lab.cluster.nodes()[0]!.name, { dst: '10.244.1.0/24' });
          lab.cluster?.setKindnetRunning(lab.cluster.nodes()[0]!.name, false);
        }
        for (const typed of lines) {
          checkResult(lab.exec(typed), typed);
          lab.advance(1_000);
          const engine = lab.cluster;
          if (engine) expect(invariantViolations(engine.state), `after ${JSON.stringify(typed)}`).toEqual([]);
        }
        const engine = lab.cluster;
        if (engine) expect(Engine.fromJSON(engine.toJSON()).toJSON()).toEqual(engine.toJSON());
      }),
      { numRuns: 250 },
    );
  });

  it('raw bytes through the terminal: control keys, escapes and pastes never break the session', () => {
    const chunk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('\r', '\x03', '\x04', '\t', '\t\t', '\x1b[A', '\x1b[B', '\x1b[D', '\x7f', '\x1b[200~kubectl get nodes\r\x1b[201~', '\x0c', '\x15'),
      line.map((l) => `${l}\r`),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), (chunks) => {
        const lab = createLab({ scenario: 'multinode-demo' });
        let screen = '';
        lab.pty.onData((d) => {
          screen += d;
        });
        for (const c of chunks) lab.pty.write(c);
        expect(screen).not.toMatch(/internal error|TypeError/);
        // Whatever happened, the lab still answers a plain command.
        expect(lab.exec('echo still-here')).toEqual({ output: 'still-here\n', exitCode: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it('a 1 MB line and 10,000 pasted lines get answers, not a hang', () => {
    const lab = createLab({ scenario: 'multinode-demo' });
    const big = lab.exec(`echo ${'x'.repeat(1 << 20)}`);
    expect(big.output.length).toBe((1 << 20) + 1);
    const many = Array.from({ length: 10_000 }, (_, i) => `echo ${i}`).join('\n');
    let screen = '';
    lab.pty.onData((d) => {
      screen += d;
    });
    lab.pty.write(`${many}\r`);
    expect(screen).toContain('\r\n9999\r\n');
  });
});

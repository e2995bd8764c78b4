import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, runLines, transcript } from '../../cli/podlab';

const BIN = resolve(__dirname, '../../bin/podlab.mjs');
const podlab = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('podlab argument parsing', () => {
  it.each([
    [['run', '--seed', '7', '--scenario', 'multinode-demo', '--json', '--', 'a', 'b'], { command: 'run', seed: 7, scenario: 'multinode-demo', json: true, lines: ['a', 'b'] }],
    [['run', '--seed=3', 'x'], { command: 'run', seed: 3, scenario: 'laptop', lines: ['x'] }],
    [['shell'], { command: 'shell', seed: 0, scenario: 'laptop' }],
    [[], { command: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [['run', '--seed', 'x', '--', 'a'], '--seed takes a whole number'],
    [['run', '--scenario', 'moon', '--', 'a'], 'unknown scenario "moon"'],
    [['run'], 'run needs at least one line'],
    [['run', '--dump-netns', '--', 'a'], '--dump-netns goes with --json'],
    [['fly'], 'unknown command "fly"'],
    [['run', '--seed'], '--seed needs a value'],
  ])('rejects %j', (argv, message) => {
    const result = parseArgs(argv);
    expect('error' in result && result.error).toContain(message);
  });
});

describe('podlab export', () => {
  it('prints a setup script naming every namespace with the prefix, and a teardown that removes them', () => {
    const setup = podlab('export', '--scenario', 'multinode-demo', '--prefix', 't1-', '--', 'kubectl create deploy web --image=nginx --replicas=2');
    expect(setup.status).toBe(0);
    expect(setup.stdout.split('\n')[0]).toBe('#!/bin/sh');
    for (const name of ['t1-host', 't1-multinode-demo', 't1-multinode-demo-m02', 't1-multinode-demo-m03']) expect(setup.stdout).toContain(`ip netns add ${name}  #`);
    expect(setup.stdout.match(/^ip netns add t1-default_web-/gm)).toHaveLength(2);
    const teardown = podlab('export', '--scenario', 'multinode-demo', '--prefix', 't1-', '--teardown');
    expect(teardown.stdout).toContain('ip netns del t1-multinode-demo-m02 2>/dev/null || true');
  });

  it('refuses a prefix that is not a safe namespace name, and a laptop with no cluster', () => {
    expect(podlab('export', '--prefix', 'a b')).toMatchObject({ status: 2, stderr: 'podlab: netns prefix must be 1-40 of [A-Za-z0-9_.-], got "a b"\n' });
    expect(podlab('export', '--', 'echo hi')).toMatchObject({ status: 1 });
  });
});

describe('podlab run', () => {
  it('plays the article from a bare laptop, each line in the place the previous one left', () => {
    const { steps } = runLines({ seed: 0, scenario: 'laptop' }, ['minikube start --nodes 3 -p multinode-demo', 'kubectl get nodes -o wide', 'minikube ssh -n m03', 'exit']);
    expect(steps.map((s) => s.context)).toEqual(['laptop', 'laptop', 'laptop', 'node/multinode-demo-m03']);
    expect(steps.map((s) => s.prompt)).toEqual(['learner@laptop:~$ ', 'learner@laptop:~$ ', 'learner@laptop:~$ ', 'docker@multinode-demo-m03:~$ ']);
    expect(steps[1]?.output).toContain('192.168.103.4');
    expect(steps[3]).toMatchObject({ output: 'logout\n', exitCode: 0 });
    expect(transcript(steps)).toContain('docker@multinode-demo-m03:~$ exit\nlogout\n');
  });

  it('prints a transcript from the real command line, built with no prior step', () => {
    const result = podlab('run', '--scenario', 'multinode-demo', '--', 'kubectl get nodes', 'nope');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe([
      'learner@laptop:~$ kubectl get nodes',
      'NAME                 STATUS   ROLES           AGE     VERSION',
      'multinode-demo       Ready    control-plane   9m55s   v1.25.2',
      'multinode-demo-m02   Ready    <none>          9m12s   v1.25.2',
      'multinode-demo-m03   Ready    <none>          8m48s   v1.25.2',
      'learner@laptop:~$ nope',
      'bash: nope: command not found',
      '',
    ].join('\n'));
  });

  it('--json --dump-netns lists every namespace with iproute2 JSON, the same bytes every time', () => {
    const args = ['run', '--seed', '5', '--json', '--dump-netns', '--', 'minikube start --nodes 3 -p demo', 'kubectl get nodes'];
    const first = podlab(...args);
    expect(first.status).toBe(0);
    const doc = JSON.parse(first.stdout) as { steps: Array<{ exitCode: number }>; netns: Array<{ name: string; kind: string; route: Array<{ dst: string }>; sysctl: Record<string, number> }> };
    expect(doc.steps.map((s) => s.exitCode)).toEqual([0, 0]);
    const nodes = doc.netns.filter((n) => n.kind === 'node').map((n) => n.name);
    expect(nodes).toEqual(['demo', 'demo-m02', 'demo-m03']);
    const coredns = doc.netns.find((n) => n.name.startsWith('coredns-'));
    expect(coredns?.kind).toBe('pod');
    expect(coredns?.route.map((r) => r.dst)).toContain('default');
    expect(doc.netns.find((n) => n.name === 'demo-m02')?.sysctl).toEqual({ 'net.ipv4.ip_forward': 1 });
    expect(podlab(...args).stdout).toBe(first.stdout);
  });

  it('answers bad usage on stderr with exit code 2', () => {
    const result = podlab('run', '--seed', 'nine', '--', 'x');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('podlab: --seed takes a whole number from 0 to 4294967295, got "nine"\nRun "podlab --help" for usage.\n');
  });

  it('--help documents both commands', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(out).toContain('podlab shell [--seed N] [--scenario NAME]');
    expect(out).toContain('podlab run [--seed N] [--scenario NAME] [--json] [--dump-netns] -- LINE [LINE...]');
  });
});

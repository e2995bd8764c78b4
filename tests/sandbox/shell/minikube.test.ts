import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';

function laptop(seed = 0) {
  const lab = createLab({ scenario: 'laptop', seed });
  const seen: string[] = [];
  lab.pty.onData((d) => seen.push(d));
  return { lab, screen: () => seen.join('') };
}

describe('minikube start on the laptop', () => {
  it('creates the article\'s cluster on seed 0 and points kubectl at it', () => {
    const { lab } = laptop(0);
    expect(lab.exec('kubectl get nodes').exitCode).toBe(1);
    const start = lab.exec('minikube start --nodes 3 -p multinode-demo');
    expect(start.exitCode).toBe(0);
    expect(start.output.split('\n')[0]).toBe('😄  [multinode-demo] minikube v1.27.1 on Ubuntu 22.04');
    expect(start.output).toContain('👍  Starting control plane node multinode-demo in cluster multinode-demo\n');
    expect(start.output).toContain('👍  Starting worker node multinode-demo-m03 in cluster multinode-demo\n');
    expect(start.output).toContain('    ▪ NO_PROXY=192.168.103.2\n');
    expect(start.output.trimEnd().split('\n').at(-1)).toBe('🏄  Done! kubectl is now configured to use "multinode-demo" cluster and "default" namespace by default');
    const nodes = lab.exec('kubectl get nodes -o wide');
    expect(nodes.exitCode).toBe(0);
    expect(nodes.output).toMatch(/^multinode-demo-m02 +Ready +<none> +\S+ +v1\.25\.2 +192\.168\.103\.3 /m);
    expect(lab.cluster?.nodes().map((n) => n.internalIP)).toEqual(['192.168.103.2', '192.168.103.3', '192.168.103.4']);
  });

  it('gives another seed another docker network', () => {
    const a = laptop(1).lab;
    const b = laptop(2).lab;
    a.exec('minikube start --nodes 2 -p demo');
    b.exec('minikube start --nodes 2 -p demo');
    expect(a.exec('minikube ip -p demo').output).not.toBe(b.exec('minikube ip -p demo').output);
    expect(b.exec('minikube ip -p demo').output).toMatch(/^192\.168\.(49|58|67|76|85|94|103)\.2\n$/);
  });

  it.each([
    ['minikube start --driver=kvm2', 'docker driver only'],
    ['minikube start --cni=calico', 'kindnet'],
    ['minikube start --kubernetes-version=v1.28.0', 'v1.25.2 only'],
    ['minikube start --nodes=x', 'invalid argument "x" for "--nodes" flag'],
    ['minikube start --bogus', 'Error: unknown flag: --bogus'],
  ])('%s is refused with a clear message', (line, message) => {
    const { lab } = laptop();
    const result = lab.exec(line);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain(message);
    expect(lab.cluster).toBeNull();
  });

  it('answers an unknown subcommand like cobra, with suggestions', () => {
    expect(laptop().lab.exec('minikube strat')).toEqual({
      exitCode: 64,
      output: 'Error: unknown command "strat" for "minikube"\n\nDid you mean this?\n\tstart\nRun \'minikube --help\' for usage.\n',
    });
  });
});

describe('minikube on a running cluster', () => {
  const running = () => createLab({ scenario: 'multinode-demo' });

  it('status lists each node like the real command', () => {
    expect(running().exec('minikube status -p multinode-demo')).toEqual({
      exitCode: 0,
      output: 'multinode-demo\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n' +
        'multinode-demo-m02\ntype: Worker\nhost: Running\nkubelet: Running\n\n' +
        'multinode-demo-m03\ntype: Worker\nhost: Running\nkubelet: Running\n\n',
    });
  });

  it('status of a profile that does not exist', () => {
    const result = running().exec('minikube status -p other');
    expect(result.exitCode).toBe(85);
    expect(result.output).toBe('🤷  Profile "other" not found. Run "minikube profile list" to view all profiles.\n👉  To start a cluster, run: "minikube start -p other"\n');
  });

  it.each([
    ['minikube ip', '192.168.103.2\n'],
    ['minikube ip -n m03', '192.168.103.4\n'],
    ['minikube ip -p multinode-demo -n multinode-demo-m02', '192.168.103.3\n'],
    ['minikube node list', 'multinode-demo\t192.168.103.2\nmultinode-demo-m02\t192.168.103.3\nmultinode-demo-m03\t192.168.103.4\n'],
  ])('%s', (line, output) => {
    expect(running().exec(line)).toEqual({ exitCode: 0, output });
  });

  it('ssh enters the node as the docker user, and exit comes back with logout', () => {
    const lab = running();
    const seen: string[] = [];
    lab.pty.onData((d) => seen.push(d));
    lab.type('minikube ssh -n m02');
    expect(seen.join('')).toContain('docker@multinode-demo-m02\x1b[00m:\x1b[01;34m~\x1b[00m$ ');
    lab.type('exit');
    expect(seen.join('')).toMatch(/\$ exit\r\nlogout\r\n(\x1b\[J)?\x1b\[01;32mlearner@laptop/);
  });

  it('node stop takes the node to NotReady after the grace period, and status exits 7', () => {
    const lab = running();
    expect(lab.exec('minikube node stop m03').output).toContain('Successfully stopped node multinode-demo-m03');
    lab.advance(60_000);
    expect(lab.exec('kubectl get nodes').output).toMatch(/^multinode-demo-m03 +NotReady /m);
    expect(lab.exec('minikube status').exitCode).toBe(7);
  });

  it('profile list draws the real table', () => {
    expect(running().exec('minikube profile list').output).toBe(
      '|----------------|-----------|---------|---------------|------|---------|---------|-------|--------|\n' +
      '|    Profile     | VM Driver | Runtime |      IP       | Port | Version | Status  | Nodes | Active |\n' +
      '|----------------|-----------|---------|---------------|------|---------|---------|-------|--------|\n' +
      '| multinode-demo | docker    | docker  | 192.168.103.2 | 8443 | v1.25.2 | Running |     3 |        |\n' +
      '|----------------|-----------|---------|---------------|------|---------|---------|-------|--------|\n',
    );
  });

  it('delete removes the cluster and kubectl can no longer reach it', () => {
    const lab = running();
    const result = lab.exec('minikube delete -p multinode-demo');
    expect(result.output.trimEnd().split('\n').at(-1)).toBe('💀  Removed all traces of the "multinode-demo" cluster.');
    expect(lab.cluster).toBeNull();
    expect(lab.exec('kubectl get nodes').exitCode).toBe(1);
  });

  it('refuses a second cluster while one exists', () => {
    const result = running().exec('minikube start -p other');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('one cluster at a time');
  });
});

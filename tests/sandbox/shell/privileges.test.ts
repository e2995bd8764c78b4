import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';

/** Runs lines in order from the laptop of a fresh demo cluster; returns each step. */
function play(...lines: string[]) {
  const lab = createLab({ scenario: 'multinode-demo' });
  return { lab, steps: lines.map((l) => lab.step(l)) };
}

describe('who may change a node\'s network', () => {
  it('the docker user of minikube ssh may read routes but not change them', () => {
    const { steps } = play('minikube ssh -n m02', 'ip route del 10.244.2.0/24', 'sysctl -w net.ipv4.ip_forward=0');
    expect(steps[1]).toMatchObject({ output: 'RTNETLINK answers: Operation not permitted\n', exitCode: 2 });
    expect(steps[2]?.output).toBe('sysctl: permission denied on key "net.ipv4.ip_forward"\n');
  });

  it('sudo runs one command as root, and the change is real', () => {
    const { lab, steps } = play('minikube ssh -n m02', 'sudo ip route del 10.244.2.0/24', 'ip route get 10.244.2.2');
    expect(steps[1]).toMatchObject({ output: '', exitCode: 0 });
    expect(steps[2]?.output).toBe('10.244.2.2 via 192.168.103.1 dev eth0 src 192.168.103.3 uid 1000 \n    cache \n');
    expect(lab.cluster?.routeGet('multinode-demo-m02', '10.244.2.2')).toMatchObject({ ok: true });
  });

  it('sudo -i opens a root login shell that exits with logout; sudo su one that exits with exit', () => {
    const { steps } = play('minikube ssh', 'sudo -i', 'whoami', 'exit', 'sudo su', 'exit');
    expect(steps[2]).toMatchObject({ prompt: 'root@multinode-demo:~# ', output: 'root\n' });
    expect(steps[3]?.output).toBe('logout\n');
    expect(steps[5]).toMatchObject({ prompt: 'root@multinode-demo:/home/docker# ', output: 'exit\n' });
  });

  it('sudo answers an unknown command and a bare call like the real one', () => {
    const { steps } = play('minikube ssh', 'sudo nope', 'sudo');
    expect(steps[1]).toMatchObject({ output: 'sudo: nope: command not found\n', exitCode: 1 });
    expect(steps[2]?.output).toMatch(/^usage: sudo -h \| -K \| -k \| -V\n/);
  });

  it('a kubectl debug node pod is root without CAP_NET_ADMIN: it reads, it cannot write', () => {
    const { steps } = play(
      'kubectl debug node/multinode-demo -it --image=mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11',
      'ip route get 10.244.2.2',
      'ip route add 10.9.0.0/24 dev eth0',
      'sysctl -w net.ipv4.ip_forward=0',
    );
    expect(steps[1]?.output).toBe('10.244.2.2 via 192.168.103.4 dev eth0 src 192.168.103.2 uid 0 \n    cache \n');
    expect(steps[2]).toMatchObject({ output: 'RTNETLINK answers: Operation not permitted\n', exitCode: 2 });
    expect(steps[3]?.output).toBe('sysctl: setting key "net.ipv4.ip_forward": Read-only file system\n');
  });

  it('sudo is a node tool: the laptop and the debug pod do not have it', () => {
    expect(play('sudo ls').steps[0]?.output).toBe('bash: sudo: command not found\n');
  });
});

import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';
import { History } from '../../../sandbox/tty/history';
import { COMMANDS } from '../../../sandbox/shell/commands';
import { laptopPlace, nodeDebugPlace, sshPlace } from '../../../sandbox/shell/places';
import { Shell } from '../../../sandbox/shell/shell';
import type { Place } from '../../../sandbox/shell/types';

const AKS = 'mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11';

function shellAt(place: Place, engine: Engine | null): Shell {
  return new Shell({ place, history: new History(), commands: COMMANDS, cluster: engine, seed: 0, now: () => engine?.now ?? 0 });
}

const demo = () => {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  return e;
};

describe('Tab completes live names where the learner stands', () => {
  it.each([
    ['laptop', 'minikube ssh -n ', ['m02', 'm03', 'multinode-demo', 'multinode-demo-m02', 'multinode-demo-m03']],
    ['laptop', 'minikube node ', ['add', 'delete', 'list', 'start', 'stop']],
    ['laptop', 'kubectl get pods ngin', ['nginx-5844775f89-4nnwf', 'nginx-5844775f89-9ptln', 'nginx-5844775f89-r6tkk']],
    ['laptop', 'kubectl get nodes | gr', ['grep']],
    ['debug', 'ip r', ['route', 'rule']],
    ['debug', 'ip route get 10.244.2', ['10.244.2.2']],
    ['debug', 'ip route show dev e', ['eth0']],
    ['debug', 'ip link set ', ['docker0', 'eth0', 'lo', 'veth77a629f6', 'veth69fb1355'].sort()],
    ['debug', 'ping -c 1 192.168.103.', ['192.168.103.2', '192.168.103.3', '192.168.103.4']],
    ['debug', 'ping -c ', []],
    ['ssh', 'cat /etc/cn', ['/etc/cni/']],
    ['ssh', 'cat /etc/cni/net.d/10', ['/etc/cni/net.d/10-kindnet.conflist', '/etc/cni/net.d/100-crio-bridge.conf.mk_disabled']],
    ['ssh', 'cat /etc/cni/net.d/10-', ['/etc/cni/net.d/10-kindnet.conflist']],
    ['debug', 'cat /host/etc/cni/', ['/host/etc/cni/net.d/']],
  ])('%s: %j', (where, line, expected) => {
    const e = demo();
    const place = where === 'laptop' ? laptopPlace() : where === 'ssh' ? sshPlace('multinode-demo') : nodeDebugPlace('multinode-demo', AKS);
    const { candidates } = shellAt(place, e).complete(line, line.length);
    expect(candidates).toEqual(expected);
  });

  it('a command the place lacks completes to nothing', () => {
    expect(shellAt(laptopPlace(), demo()).complete('ip r', 4).candidates).toEqual([]);
  });
});

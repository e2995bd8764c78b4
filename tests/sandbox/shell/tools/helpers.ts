import { createLab } from '../../../../sandbox/index';
import { COMMANDS } from '../../../../sandbox/shell/commands';
import { Shell } from '../../../../sandbox/shell/shell';
import { asRoot, nodeDebugPlace, podPlace, sshPlace } from '../../../../sandbox/shell/places';
import type { Place } from '../../../../sandbox/shell/types';
import { History } from '../../../../sandbox/tty/history';
import type { Engine } from '../../../../sandbox/index';

export const AKS = 'mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11';
export const N1 = 'multinode-demo';
export const N2 = 'multinode-demo-m02';
export const N3 = 'multinode-demo-m03';

/** The article's cluster on seed 0 with three nginx pods (10.244.0.3, 10.244.1.2, 10.244.2.2). */
export function demoCluster(seed = 0): Engine {
  const lab = createLab({ scenario: 'multinode-demo', seed });
  const e = lab.cluster!;
  e.createDeployment('nginx', 'nginx', 3);
  e.advance(60_000);
  return e;
}

export function shellAt(engine: Engine, place: Place, seed = 0): Shell {
  return new Shell({ place, history: new History(), commands: COMMANDS, cluster: engine, seed, now: () => engine.now });
}

export const at = {
  debug: (e: Engine, node: string, image = AKS) => shellAt(e, nodeDebugPlace(node, image)),
  ssh: (e: Engine, node: string) => shellAt(e, sshPlace(node)),
  /** Root on the node itself (`minikube ssh` then `sudo -i`): the only place that may change its network. */
  root: (e: Engine, node: string) => shellAt(e, asRoot(sshPlace(node), true)),
  pod: (e: Engine, ip: string, image = AKS) => {
    const p = e.pods().find((x) => x.ip === ip && !x.hostNetwork);
    if (!p) throw new Error(`no pod with ip ${ip}`);
    return shellAt(e, podPlace({ namespace: p.namespace, name: p.name, node: p.node }, 'debugger', image));
  },
};

import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';

const lab = (seed = 0) => createLab({ scenario: 'multinode-demo', seed });

describe('kube-system workloads behave like the objects kubeadm and minikube create', () => {
  it('coredns is a Deployment with a ReplicaSet, as `kubectl get deploy,rs -n kube-system` lists on minikube', () => {
    const l = lab();
    const out = l.exec('kubectl get deploy,rs -n kube-system --no-headers').output.split('\n').filter(Boolean);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^deployment\.apps\/coredns +1\/1 +1 +1 +/);
    expect(out[1]).toMatch(/^replicaset\.apps\/coredns-565d847f94 +1 +1 +1 +/);
  });

  it('scaling coredns to zero removes its pods and the kube-dns endpoints; scaling back brings new ones', () => {
    const l = lab(3);
    expect(l.exec('kubectl scale deploy coredns -n kube-system --replicas=0').output).toBe('deployment.apps/coredns scaled\n');
    expect(l.exec('kubectl get pods -n kube-system -l k8s-app=kube-dns').output).toBe('No resources found in kube-system namespace.\n');
    expect(l.exec('kubectl get ep kube-dns -n kube-system --no-headers').output).toMatch(/^kube-dns +<none> +/);
    l.exec('kubectl scale deploy coredns -n kube-system --replicas=2');
    l.advance(10_000);
    const pods = l.cluster!.pods('kube-system').filter((p) => p.labels['k8s-app'] === 'kube-dns');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.name.startsWith('coredns-565d847f94-') && p.phase === 'Running')).toBe(true);
  });

  it('a deleted coredns pod is replaced by its ReplicaSet', () => {
    const l = lab(1);
    const [old] = l.cluster!.pods('kube-system').filter((p) => p.labels['k8s-app'] === 'kube-dns');
    l.exec(`kubectl delete pod -n kube-system ${old!.name}`);
    const now = l.cluster!.pods('kube-system').filter((p) => p.labels['k8s-app'] === 'kube-dns');
    expect(now).toHaveLength(1);
    expect(now[0]!.name).not.toBe(old!.name);
  });

  it.each(['kindnet', 'kube-proxy'])('a deleted %s pod is replaced on the same node, and the DaemonSet still wants one per node', (ds) => {
    const l = lab(2);
    const m02 = l.cluster!.nodes()[1]!.name;
    const old = l.cluster!.pods('kube-system').find((p) => p.owner?.name === ds && p.node === m02)!;
    expect(l.exec(`kubectl delete pod -n kube-system ${old.name}`).output).toBe(`pod "${old.name}" deleted\n`);
    const mine = l.cluster!.pods('kube-system').filter((p) => p.owner?.name === ds && p.node === m02);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.name).toMatch(new RegExp(`^${ds}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(mine[0]!.name).not.toBe(old.name);
    expect(l.exec(`kubectl get ds ${ds} -n kube-system --no-headers`).output).toMatch(new RegExp(`^${ds} +3 +3 +3 +3 +3 +`));
  });
});

describe('minikube ssh with a command', () => {
  it('joins its words into one line for the node shell, as ssh does', () => {
    const l = lab();
    const inNode = (line: string) => {
      const x = lab();
      x.exec('minikube ssh -n multinode-demo-m02');
      return x.exec(line);
    };
    expect(l.exec("minikube ssh -n multinode-demo-m02 'ip route'")).toEqual(inNode('ip route'));
    expect(l.exec('minikube ssh -n multinode-demo-m02 -- ip route get 10.244.0.3')).toEqual(inNode('ip route get 10.244.0.3'));
    expect(l.exec("minikube ssh -n multinode-demo-m02 'ip route | head -2'")).toEqual(inNode('ip route | head -2'));
    expect(l.context()).toBe('laptop');
  });

  it('the status is the remote line\'s, and an exit in it leaves only that line', () => {
    const l = lab();
    expect(l.exec("minikube ssh 'false'").exitCode).toBe(1);
    expect(l.exec("minikube ssh 'exit 3'").output).toBe('');
    expect(l.exec('echo $?').output).toBe('3\n');
    expect(l.context()).toBe('laptop');
  });
});

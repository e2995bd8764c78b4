/**
 * The kube-system pods minikube v1.27 (Kubernetes v1.25) runs: static
 * control-plane pods named <component>-<node>, DaemonSet pods kube-proxy-xxxxx
 * and kindnet-xxxxx on every node (host network), coredns (one replica, pod
 * network: the first address of the control plane's pod CIDR) and the bare
 * storage-provisioner pod (host network). Names are drawn from the bootstrap
 * stream so user-visible draws stay stable.
 */
import type { ClusterState, NodeObj, PodObj } from '../model/cluster';
import { COREDNS_TEMPLATE_HASH, IMAGES } from './constants';
import { startSandbox } from './kubelet';
import { nameSuffix, newUid } from './names';

function makePod(state: ClusterState, p: { name: string; node: string; labels: Record<string, string>; hostNetwork: boolean; containers: Array<[string, string]>; owner?: PodObj['owner'] }): PodObj {
  const now = state.clock.now;
  const pod: PodObj = {
    name: p.name, namespace: 'kube-system', uid: newUid(state.draws, 'bootstrap'), labels: p.labels, node: p.node, phase: 'Pending',
    hostNetwork: p.hostNetwork, containers: p.containers.map(([name, image]) => ({ name, image, ready: false, restarts: 0, startedAt: now })), createdAt: now,
    ...(p.owner ? { owner: p.owner } : {}),
  };
  state.pods.push(pod);
  return pod;
}

export function daemonSetPods(state: ClusterState, node: NodeObj): PodObj[] {
  const proxy = makePod(state, {
    name: `kube-proxy-${nameSuffix(state.draws, 'bootstrap')}`, node: node.name, hostNetwork: true,
    labels: { 'controller-revision-hash': '55c79b8759', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' },
    containers: [['kube-proxy', IMAGES.proxy]], owner: { kind: 'DaemonSet', name: 'kube-proxy' },
  });
  const kindnet = makePod(state, {
    name: `kindnet-${nameSuffix(state.draws, 'bootstrap')}`, node: node.name, hostNetwork: true,
    labels: { app: 'kindnet', 'controller-revision-hash': '7b8b6b9d68', 'k8s-app': 'kindnet', 'pod-template-generation': '1', tier: 'node' },
    containers: [['kindnet-cni', IMAGES.kindnet]], owner: { kind: 'DaemonSet', name: 'kindnet' },
  });
  for (const p of [proxy, kindnet]) startSandbox(state, p);
  return [proxy, kindnet];
}

export function controlPlanePods(state: ClusterState, node: NodeObj): void {
  const statics: Array<[string, string, string]> = [
    ['etcd', 'etcd', IMAGES.etcd],
    ['kube-apiserver', 'kube-apiserver', IMAGES.apiserver],
    ['kube-controller-manager', 'kube-controller-manager', IMAGES.controllerManager],
    ['kube-scheduler', 'kube-scheduler', IMAGES.scheduler],
  ];
  for (const [component, container, image] of statics) {
    const pod = makePod(state, { name: `${component}-${node.name}`, node: node.name, hostNetwork: true, labels: { component, tier: 'control-plane' }, containers: [[container, image]], owner: { kind: 'Node', name: node.name } });
    startSandbox(state, pod);
  }
}

/** coredns waits for the CNI config, so it starts after kindnet has written it. */
export function corednsAndProvisioner(state: ClusterState, node: NodeObj): void {
  const coredns = makePod(state, {
    name: `coredns-${COREDNS_TEMPLATE_HASH}-${nameSuffix(state.draws, 'bootstrap')}`, node: node.name, hostNetwork: false,
    labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': COREDNS_TEMPLATE_HASH }, containers: [['coredns', IMAGES.coredns]],
    owner: { kind: 'ReplicaSet', name: `coredns-${COREDNS_TEMPLATE_HASH}` },
  });
  startSandbox(state, coredns);
  const sp = makePod(state, {
    name: 'storage-provisioner', node: node.name, hostNetwork: true,
    labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'integration-test': 'storage-provisioner' },
    containers: [['storage-provisioner', IMAGES.storageProvisioner]],
  });
  startSandbox(state, sp);
}

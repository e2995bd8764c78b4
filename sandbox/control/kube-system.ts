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

function makePod(state: ClusterState, p: { name: string; node: string; labels: Record<string, string>; hostNetwork: boolean; containers: Array<[string, string]>; owner?: PodObj['owner'] }, stream: 'bootstrap' | 'names' = 'bootstrap'): PodObj {
  const now = state.clock.now;
  const pod: PodObj = {
    name: p.name, namespace: 'kube-system', uid: newUid(state.draws, stream), labels: p.labels, node: p.node, phase: 'Pending',
    hostNetwork: p.hostNetwork, containers: p.containers.map(([name, image]) => ({ name, image, ready: false, restarts: 0, startedAt: now })), createdAt: now,
    ...(p.owner ? { owner: p.owner } : {}),
  };
  state.pods.push(pod);
  return pod;
}

/** The two DaemonSets minikube runs with kindnet, and what their pods look like. */
const DAEMON_SETS = {
  'kube-proxy': {
    labels: { 'controller-revision-hash': '55c79b8759', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' },
    containers: [['kube-proxy', IMAGES.proxy]] as Array<[string, string]>,
  },
  kindnet: {
    labels: { app: 'kindnet', 'controller-revision-hash': '7b8b6b9d68', 'k8s-app': 'kindnet', 'pod-template-generation': '1', tier: 'node' },
    containers: [['kindnet-cni', IMAGES.kindnet]] as Array<[string, string]>,
  },
};
export type DaemonSetName = keyof typeof DAEMON_SETS;

/** One DaemonSet pod on a node; names come from the bootstrap stream at start-up, from `names` when the controller replaces one later. */
export function daemonSetPod(state: ClusterState, node: NodeObj, ds: DaemonSetName, stream: 'bootstrap' | 'names' = 'bootstrap'): PodObj {
  const spec = DAEMON_SETS[ds];
  const pod = makePod(state, {
    name: `${ds}-${nameSuffix(state.draws, stream)}`, node: node.name, hostNetwork: true,
    labels: { ...spec.labels }, containers: spec.containers, owner: { kind: 'DaemonSet', name: ds },
  }, stream);
  startSandbox(state, pod);
  return pod;
}

export function daemonSetPods(state: ClusterState, node: NodeObj): PodObj[] {
  // Both names are drawn before either pod starts, as the bootstrap stream always had them.
  const proxy = makePod(state, {
    name: `kube-proxy-${nameSuffix(state.draws, 'bootstrap')}`, node: node.name, hostNetwork: true,
    labels: { ...DAEMON_SETS['kube-proxy'].labels }, containers: DAEMON_SETS['kube-proxy'].containers, owner: { kind: 'DaemonSet', name: 'kube-proxy' },
  });
  const kindnet = makePod(state, {
    name: `kindnet-${nameSuffix(state.draws, 'bootstrap')}`, node: node.name, hostNetwork: true,
    labels: { ...DAEMON_SETS.kindnet.labels }, containers: DAEMON_SETS.kindnet.containers, owner: { kind: 'DaemonSet', name: 'kindnet' },
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
  // The Deployment and ReplicaSet kubeadm's addon makes, so coredns can be scaled, deleted and replaced like any workload.
  const labels = { 'k8s-app': 'kube-dns' };
  const now = state.clock.now;
  state.deployments.push({ name: 'coredns', namespace: 'kube-system', uid: newUid(state.draws, 'addons'), image: IMAGES.coredns, replicas: 1, labels: { ...labels }, createdAt: now });
  state.replicaSets.push({
    name: `coredns-${COREDNS_TEMPLATE_HASH}`, namespace: 'kube-system', uid: newUid(state.draws, 'addons'), deployment: 'coredns',
    hash: COREDNS_TEMPLATE_HASH, replicas: 1, image: IMAGES.coredns, labels: { ...labels }, createdAt: now,
  });
  const sp = makePod(state, {
    name: 'storage-provisioner', node: node.name, hostNetwork: true,
    labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'integration-test': 'storage-provisioner' },
    containers: [['storage-provisioner', IMAGES.storageProvisioner]],
  });
  startSandbox(state, sp);
}

/**
 * Deployment and ReplicaSet controllers: a Deployment owns one ReplicaSet
 * named <deployment>-<pod-template-hash>, which keeps `replicas` pods named
 * <replicaset>-<5 chars>. Scale-down picks victims with the ReplicaSet
 * controller's ranking (pkg/controller/controller_utils.go ActivePodsWithRanks).
 */
import type { ClusterState, NodeObj, PodObj, ReplicaSetObj } from '../model/cluster';
import { nameSuffix, newUid, podTemplateHash } from './names';
import { feasibleNodes, pickNode, siblingsPerNode } from './scheduler';
import { refreshEndpoints } from './services';
import { startSandbox, stopSandbox } from './kubelet';
import { daemonSetPod } from './kube-system';

export type OpResult = { ok: true; message?: string } | { error: string };

/** `taken`: the names of the namespace's pods, when the caller keeps that set (creating many pods in a row). */
function uniquePodName(state: ClusterState, prefix: string, namespace: string, taken?: Set<string>): string {
  for (;;) {
    const name = `${prefix}-${nameSuffix(state.draws)}`;
    if (taken ? !taken.has(name) : !state.pods.some((p) => p.namespace === namespace && p.name === name)) return name;
  }
}

/** The container name `kubectl create deployment` derives from the image, by image: a deployment's pods all ask. */
const containerNames = new Map<string, string>();

function containerName(image: string): string {
  let name = containerNames.get(image);
  if (name === undefined) {
    name = image.split('/').pop()!.split(':')[0]!.replace(/[^a-z0-9-]/g, '-');
    if (containerNames.size >= 256) containerNames.clear();
    containerNames.set(image, name);
  }
  return name;
}

/**
 * `{ ...rs.labels, 'pod-template-hash': rs.hash }`, built key by key: V8 gives
 * every object that a spread with an added key makes a hidden class of its
 * own, and a deployment's thousands of pods would each carry one.
 */
function podLabels(rs: ReplicaSetObj): Record<string, string> {
  const src = rs.labels;
  const out: Record<string, string> = {};
  const put = (k: string | symbol, v: string) => {
    // As a spread defines it: `__proto__` too is an own key, not the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
    else (out as Record<string | symbol, string>)[k] = v;
  };
  for (const k of Object.keys(src)) put(k, src[k]!);
  for (const k of Object.getOwnPropertySymbols(src)) if (Object.prototype.propertyIsEnumerable.call(src, k)) put(k, (src as Record<symbol, string>)[k]!);
  put('pod-template-hash', rs.hash);
  return out;
}

export function createPodFor(state: ClusterState, rs: ReplicaSetObj, taken?: Set<string>): PodObj {
  const now = state.clock.now;
  const name = uniquePodName(state, rs.name, rs.namespace, taken);
  taken?.add(name);
  const pod: PodObj = {
    name,
    namespace: rs.namespace,
    uid: newUid(state.draws),
    labels: podLabels(rs),
    owner: { kind: 'ReplicaSet', name: rs.name },
    node: '',
    phase: 'Pending',
    hostNetwork: false,
    containers: [{ name: containerName(rs.image), image: rs.image, ready: false, restarts: 0, startedAt: now }],
    createdAt: now,
  };
  state.pods.push(pod);
  return pod;
}

/** Binds and starts pending pods, in creation order. */
export function schedulePending(state: ClusterState): void {
  // Sibling counts per owner, counted once and then kept up to date as pods are
  // bound here (nothing else moves pods during the loop, and binding or starting
  // a pod changes no node's readiness): a 3000-replica deployment would
  // otherwise rescan every pod for each one it places.
  let nodes: NodeObj[] | undefined;
  const counts = new Map<string, number[]>();
  for (const pod of state.pods) {
    if (pod.phase !== 'Pending' || pod.node) continue;
    nodes ??= feasibleNodes(state);
    const owner = pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : undefined;
    let perNode = owner !== undefined ? counts.get(owner) : undefined;
    if (!perNode) {
      const siblings = siblingsPerNode(state, pod);
      perNode = nodes.map((n) => siblings.get(n.name) ?? 0);
      if (owner !== undefined) counts.set(owner, perNode);
    }
    const i = pickNode(state, perNode);
    if (i < 0) continue;
    pod.node = nodes[i]!.name;
    perNode[i]!++;
    startSandbox(state, pod);
  }
}

export function podsOf(state: ClusterState, rs: ReplicaSetObj): PodObj[] {
  return state.pods.filter((p) => p.namespace === rs.namespace && p.owner?.kind === 'ReplicaSet' && p.owner.name === rs.name);
}

/** ActivePodsWithRanks "Less": true when a should be deleted before b. */
function deleteFirst(state: ClusterState, rsPods: PodObj[], a: PodObj, b: PodObj): number {
  const assigned = (p: PodObj) => (p.node ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: PodObj) => (p.phase === 'Pending' ? 0 : 2);
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: PodObj) => (p.containers.every((c) => c.ready) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  // More pods of this ReplicaSet on the same node ("doubled up") go first.
  const colocated = (p: PodObj) => rsPods.filter((q) => q.node && q.node === p.node).length;
  if (colocated(a) !== colocated(b)) return colocated(b) - colocated(a);
  // Ready for less time first.
  if (ready(a) && ready(b) && a.readyAt !== b.readyAt) return (b.readyAt ?? 0) - (a.readyAt ?? 0);
  const restarts = (p: PodObj) => p.containers.reduce((s, c) => s + c.restarts, 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  void state;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

export function deletePodObject(state: ClusterState, pod: PodObj): void {
  stopSandbox(state, pod);
  state.pods = state.pods.filter((p) => p !== pod);
}

/** The ReplicaSet controller's sync: create or delete pods until `replicas` exist. */
export function syncReplicaSet(state: ClusterState, rs: ReplicaSetObj): void {
  const pods = podsOf(state, rs);
  if (pods.length < rs.replicas) {
    const taken = new Set(state.pods.filter((p) => p.namespace === rs.namespace).map((p) => p.name));
    for (let i = pods.length; i < rs.replicas; i++) createPodFor(state, rs, taken);
  } else if (pods.length > rs.replicas) {
    const ranked = [...pods].sort((a, b) => deleteFirst(state, pods, a, b));
    for (const victim of ranked.slice(0, pods.length - rs.replicas)) deletePodObject(state, victim);
  }
  schedulePending(state);
  refreshEndpoints(state);
}

export function createDeployment(state: ClusterState, name: string, image: string, replicas = 1, namespace = 'default'): OpResult {
  if (!state.namespaces.some((n) => n.name === namespace)) return { error: `Error from server (NotFound): namespaces "${namespace}" not found` };
  if (state.deployments.some((d) => d.namespace === namespace && d.name === name)) {
    return { error: `error: failed to create deployment: deployments.apps "${name}" already exists` };
  }
  const now = state.clock.now;
  const labels = { app: name };
  state.deployments.push({ name, namespace, uid: newUid(state.draws), image, replicas, labels, createdAt: now });
  const hash = podTemplateHash(state.draws);
  const rs: ReplicaSetObj = { name: `${name}-${hash}`, namespace, uid: newUid(state.draws), deployment: name, hash, replicas, image, labels, createdAt: now };
  state.replicaSets.push(rs);
  syncReplicaSet(state, rs);
  return { ok: true, message: `deployment.apps/${name} created` };
}

export function scaleDeployment(state: ClusterState, name: string, replicas: number, namespace = 'default'): OpResult {
  const d = state.deployments.find((x) => x.namespace === namespace && x.name === name);
  if (!d) return { error: `Error from server (NotFound): deployments.apps "${name}" not found` };
  if (!Number.isInteger(replicas) || replicas < 0) return { error: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0' };
  d.replicas = replicas;
  for (const rs of state.replicaSets) {
    if (rs.namespace === namespace && rs.deployment === name) {
      rs.replicas = replicas;
      syncReplicaSet(state, rs);
    }
  }
  return { ok: true, message: `deployment.apps/${name} scaled` };
}

export function deletePod(state: ClusterState, name: string, namespace = 'default'): OpResult {
  const pod = state.pods.find((p) => p.namespace === namespace && p.name === name);
  if (!pod) return { error: `Error from server (NotFound): pods "${name}" not found` };
  deletePodObject(state, pod);
  const owner = pod.owner;
  if (owner?.kind === 'ReplicaSet') {
    const rs = state.replicaSets.find((r) => r.namespace === namespace && r.name === owner.name);
    if (rs) syncReplicaSet(state, rs);
  }
  // The DaemonSet controller puts a pod back on every node that should run one.
  if (owner?.kind === 'DaemonSet' && (owner.name === 'kube-proxy' || owner.name === 'kindnet')) {
    const node = state.nodes.find((n) => n.name === pod.node);
    if (node) daemonSetPod(state, node, owner.name, 'names');
  }
  return { ok: true, message: `pod "${name}" deleted` };
}

/** `kubectl run NAME --image=IMG`: a bare pod (no owner) labelled run=NAME, its one container named after it. */
export function createPod(state: ClusterState, name: string, image: string, namespace = 'default'): OpResult {
  if (!state.namespaces.some((n) => n.name === namespace)) return { error: `Error from server (NotFound): namespaces "${namespace}" not found` };
  if (state.pods.some((p) => p.namespace === namespace && p.name === name)) return { error: `Error from server (AlreadyExists): pods "${name}" already exists` };
  const now = state.clock.now;
  state.pods.push({
    name, namespace, uid: newUid(state.draws), labels: { run: name }, node: '', phase: 'Pending', hostNetwork: false,
    containers: [{ name, image, ready: false, restarts: 0, startedAt: now }], createdAt: now,
  });
  schedulePending(state);
  refreshEndpoints(state);
  return { ok: true, message: `pod/${name} created` };
}

export function deleteDeployment(state: ClusterState, name: string, namespace = 'default'): OpResult {
  const d = state.deployments.find((x) => x.namespace === namespace && x.name === name);
  if (!d) return { error: `Error from server (NotFound): deployments.apps "${name}" not found` };
  for (const rs of state.replicaSets.filter((r) => r.namespace === namespace && r.deployment === name)) {
    for (const p of podsOf(state, rs)) deletePodObject(state, p);
  }
  state.replicaSets = state.replicaSets.filter((r) => !(r.namespace === namespace && r.deployment === name));
  state.deployments = state.deployments.filter((x) => x !== d);
  return { ok: true, message: `deployment.apps "${name}" deleted` };
}

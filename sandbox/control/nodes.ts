/**
 * Node lifecycle: joining (minikube node container + kubelet + DaemonSet pods),
 * kindnetd's reconcile loop on the virtual clock, `minikube node stop/start`,
 * `node add/delete`, and the node lifecycle controller's NotReady after the
 * 40 s grace period.
 *
 * Decisions where the sources are silent or the lab simplifies:
 *  - A stopped node's container is gone: its namespaces, veths and the host end
 *    of eth0 disappear; other nodes keep their route to its pod CIDR (kindnetd
 *    never deletes routes of known nodes), so traffic there dies in ARP.
 *  - On start the container's /run (tmpfs) is empty: host-local begins again
 *    at .2, every pod gets a new sandbox (new veth, address in IPAM order) and
 *    each container counts one restart.
 *  - Pods on a stopped node are not evicted (the 5-minute eviction is not modelled).
 *  - A deleted node's routes stay on the others (kindnetd does not remove them).
 */
import { formatIp, parsePrefix } from '../addr/ipv4';
import type { ClusterState, NodeObj } from '../model/cluster';
import { linkByName } from '../model/netns';
import { CONFLIST_PATH, kindnetConflist } from '../cni/kindnet';
import { ensureMasqRules, KINDNET_SYNC_INTERVAL_MS, kindnetSyncRoutes, type NodeListSpan } from '../cni/kindnetd';
import { CONTAINER_RUNTIME, KERNEL_VERSION, KUBE_VERSION, MINIKUBE_VERSION, NODE_MONITOR_GRACE_MS, OS_IMAGE, POD_SUBNET } from './constants';
import { createNodeNetns, destroyNodeNetns } from './docker-net';
import { startSandbox, stopSandbox } from './kubelet';
import { controlPlanePods, daemonSetPods } from './kube-system';
import { newUid } from './names';
import { refreshEndpoints } from './services';
import { deletePodObject, syncReplicaSet, type OpResult } from './workloads';

function dockerNat(): ClusterState['iptables'][string]['nat'] {
  // What dockerd inside the node installs for docker0.
  return {
    chains: [{ name: 'PREROUTING', policy: 'ACCEPT' }, { name: 'INPUT', policy: 'ACCEPT' }, { name: 'OUTPUT', policy: 'ACCEPT' }, { name: 'POSTROUTING', policy: 'ACCEPT' }, { name: 'DOCKER' }],
    rules: [
      { chain: 'PREROUTING', spec: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'DOCKER'] },
      { chain: 'OUTPUT', spec: ['!', '-d', '127.0.0.0/8', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'DOCKER'] },
      { chain: 'POSTROUTING', spec: ['-s', '172.17.0.0/16', '!', '-o', 'docker0', '-j', 'MASQUERADE'] },
      { chain: 'DOCKER', spec: ['-i', 'docker0', '-j', 'RETURN'] },
    ],
  };
}

// Both take the set of what is in use once: each join would otherwise compare every candidate with every node.
function lowestFreePodCidr(state: ClusterState): string {
  const taken = new Set(state.nodes.map((n) => n.podCIDR));
  for (let i = 0; i < 256; i++) {
    const cidr = `10.244.${i}.0/24`;
    if (!taken.has(cidr)) return cidr;
  }
  throw new Error('pod CIDR range exhausted');
}

function freeNodeIp(state: ClusterState): string {
  const taken = new Set(state.nodes.map((n) => n.internalIP));
  const base = parsePrefix(state.network.subnet)!.ip;
  for (let i = 0; i < 250; i++) {
    const ip = formatIp(base + i + 2); // nodeIpFor(state, i), the subnet parsed once
    if (!taken.has(ip)) return ip;
  }
  throw new Error('docker network exhausted');
}

/** Brings the node container up: namespace, kindnet (conflist, masquerade, routes). */
function bootNode(state: ClusterState, node: NodeObj): void {
  createNodeNetns(state, node);
  state.iptables[node.name] = { nat: dockerNat() };
  state.files[node.name] = {};
  state.ipam[node.name] = {};
  state.kindnet[node.name] = { running: true, nextSyncAt: state.clock.now };
}

/** kindnetd start-up and every later pass: conflist for itself, routes to the others, masquerade. */
export function kindnetPass(state: ClusterState, node: NodeObj, span?: NodeListSpan): void {
  const ns = state.netns[node.name];
  if (!ns) return;
  const files = (state.files[node.name] ??= {});
  const mtu = linkByName(ns, 'eth0')?.mtu ?? 0;
  files[CONFLIST_PATH] = kindnetConflist(node.podCIDR, mtu);
  ensureMasqRules(state.iptables[node.name]!.nat, POD_SUBNET);
  kindnetSyncRoutes(ns, node, state.nodes, span);
  state.kindnet[node.name]!.nextSyncAt = state.clock.now + KINDNET_SYNC_INTERVAL_MS;
}

export function joinNode(state: ClusterState, name: string, controlPlane: boolean): NodeObj {
  const now = state.clock.now;
  const node: NodeObj = {
    name, uid: newUid(state.draws, 'bootstrap'), roles: controlPlane ? ['control-plane'] : [],
    labels: {
      'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'minikube.k8s.io/name': state.profile,
      'minikube.k8s.io/primary': String(controlPlane), 'minikube.k8s.io/version': MINIKUBE_VERSION,
      ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    },
    createdAt: now, kubeletVersion: KUBE_VERSION, osImage: OS_IMAGE, kernelVersion: KERNEL_VERSION, containerRuntime: CONTAINER_RUNTIME,
    podCIDR: lowestFreePodCidr(state), internalIP: freeNodeIp(state), ready: true, readyTransitionAt: now, container: 'running',
  };
  state.nodes.push(node);
  bootNode(state, node);
  if (controlPlane) controlPlanePods(state, node);
  daemonSetPods(state, node);
  kindnetPass(state, node);
  return node;
}

/** When `node`'s next event falls, if at or before `target`: a kindnetd pass, or NotReady after a stop. */
function nextEventOf(state: ClusterState, node: NodeObj, target: number): number {
  const k = state.kindnet[node.name];
  if (k?.running && node.container === 'running' && k.nextSyncAt <= target) return k.nextSyncAt;
  if (node.container === 'stopped' && node.ready && node.stoppedAt !== undefined) {
    const at = node.stoppedAt + NODE_MONITOR_GRACE_MS;
    if (at <= target) return at;
  }
  return Infinity;
}

function runEvent(state: ClusterState, node: NodeObj, at: number, span: NodeListSpan): void {
  if (node.container === 'running') {
    kindnetPass(state, node, span);
    return;
  }
  node.ready = false;
  node.readyTransitionAt = at;
  for (const p of state.pods) if (p.node === node.name) for (const c of p.containers) c.ready = false;
  refreshEndpoints(state);
}

/*
 * Pending events as a binary heap over two parallel arrays, times[k] and
 * nodes[k] (a node's position), ordered by time and then node position: the
 * order the node scan gives. Functions over plain arrays rather than a class
 * with fields: V8 drops the hidden class such instances get once the last one
 * is garbage, and with it the optimised code of everything that handled them,
 * so each cluster build after a full collection would begin this hot loop
 * unoptimised again.
 */

function eventBefore(times: number[], nodes: number[], a: number, b: number): boolean {
  const ta = times[a]!;
  const tb = times[b]!;
  return ta < tb || (ta === tb && nodes[a]! < nodes[b]!);
}

function swapEvents(times: number[], nodes: number[], a: number, b: number): void {
  const t = times[a]!;
  times[a] = times[b]!;
  times[b] = t;
  const n = nodes[a]!;
  nodes[a] = nodes[b]!;
  nodes[b] = n;
}

function pushEvent(times: number[], nodes: number[], time: number, node: number): void {
  let i = times.length;
  times.push(time);
  nodes.push(node);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!eventBefore(times, nodes, i, parent)) break;
    swapEvents(times, nodes, i, parent);
    i = parent;
  }
}

/** Removes the earliest event (times[0], nodes[0]). */
function popEvent(times: number[], nodes: number[]): void {
  const lastTime = times.pop()!;
  const lastNode = nodes.pop()!;
  if (times.length === 0) return;
  times[0] = lastTime;
  nodes[0] = lastNode;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < times.length && eventBefore(times, nodes, l, m)) m = l;
    if (r < times.length && eventBefore(times, nodes, r, m)) m = r;
    if (m === i) break;
    swapEvents(times, nodes, i, m);
    i = m;
  }
}

/**
 * Runs everything due up to `target` in time order (ties: node order), then
 * sets the clock there. Each node has at most one pending event, and an event
 * only changes its own node's next one, so after each event only that node is
 * looked at again (a 100-node cluster settling runs some 25,000 kindnetd passes).
 */
export function advanceTo(state: ClusterState, target: number): void {
  let nodes = state.nodes;
  let times: number[] = [];
  let positions: number[] = [];
  const span: NodeListSpan = {}; // the events below edit no node list in place
  for (let i = 0; i < nodes.length; i++) enqueue(state, nodes, i, target, times, positions);
  while (times.length > 0) {
    const next = times[0]!;
    const i = positions[0]!;
    popEvent(times, positions);
    state.clock.now = Math.max(state.clock.now, next);
    runEvent(state, nodes[i]!, next, span);
    if (state.nodes !== nodes || state.nodes.length !== nodes.length) {
      // Not expected (events change no node list), but then start over from the new list.
      nodes = state.nodes;
      times = [];
      positions = [];
      for (let j = 0; j < nodes.length; j++) enqueue(state, nodes, j, target, times, positions);
    } else {
      enqueue(state, nodes, i, target, times, positions);
    }
  }
  state.clock.now = Math.max(state.clock.now, target);
}

/** Queue nodes[i]'s next event if it falls by `target`. */
function enqueue(state: ClusterState, nodes: NodeObj[], i: number, target: number, times: number[], positions: number[]): void {
  const at = nextEventOf(state, nodes[i]!, target);
  if (at !== Infinity) pushEvent(times, positions, at, i);
}

export function findNode(state: ClusterState, name: string): NodeObj | undefined {
  return state.nodes.find((n) => n.name === name);
}

export function stopNode(state: ClusterState, name: string): OpResult {
  const node = findNode(state, name);
  if (!node) return { error: `🤷  Node ${name} not found in cluster ${state.profile}` };
  if (node.container === 'stopped') return { ok: true, message: `✋  Stopping node "${name}"  ...` };
  for (const p of state.pods) {
    if (p.node !== name) continue;
    // The container runtime dies with the node; no CNI DEL runs, the namespaces just vanish.
    if (p.netns) delete state.netns[p.netns];
    delete p.netns;
  }
  destroyNodeNetns(state, name);
  node.container = 'stopped';
  node.stoppedAt = state.clock.now;
  state.kindnet[name]!.running = false;
  return { ok: true, message: `✋  Stopping node "${name}"  ...\n🛑  Successfully stopped node ${name}` };
}

export function startNode(state: ClusterState, name: string): OpResult {
  const node = findNode(state, name);
  if (!node) return { error: `🤷  Node ${name} not found in cluster ${state.profile}` };
  if (node.container === 'running') return { ok: true, message: `😄  Successfully started node ${name}!` };
  const kept = state.iptables[name]!;
  bootNode(state, node);
  state.iptables[name] = kept;
  node.container = 'running';
  delete node.stoppedAt;
  node.ready = true;
  node.readyTransitionAt = state.clock.now;
  kindnetPass(state, node);
  const now = state.clock.now;
  const order = [...state.pods.filter((p) => p.node === name && p.hostNetwork), ...state.pods.filter((p) => p.node === name && !p.hostNetwork)];
  for (const p of order) {
    for (const c of p.containers) {
      c.restarts += 1;
      c.lastRestartAt = now;
    }
    delete p.ip;
    startSandbox(state, p);
  }
  refreshEndpoints(state);
  return { ok: true, message: `😄  Successfully started node ${name}!` };
}

export function addNode(state: ClusterState): OpResult & { node?: string } {
  const name = `${state.profile}-m${String(state.nodes.length + 1).padStart(2, '0')}`;
  if (findNode(state, name)) return { error: `❌  Exiting due to GUEST_NODE_ADD: node ${name} already exists` };
  joinNode(state, name, false);
  return { ok: true, node: name, message: `😄  Adding node ${name.slice(state.profile.length + 1)} to cluster ${state.profile}\n🏄  Successfully added ${name.slice(state.profile.length + 1)} to ${state.profile}!` };
}

export function deleteNode(state: ClusterState, name: string): OpResult {
  const node = findNode(state, name);
  if (!node) return { error: `🤷  Node ${name} not found in cluster ${state.profile}` };
  if (node.roles.includes('control-plane')) return { error: '❌  Exiting due to GUEST_NODE_DELETE: cannot delete the control-plane node' };
  // minikube drains first: workload pods are evicted and recreated elsewhere.
  const onNode = state.pods.filter((p) => p.node === name);
  for (const p of onNode) {
    if (node.container === 'running') stopSandbox(state, p);
    state.pods = state.pods.filter((x) => x !== p);
  }
  destroyNodeNetns(state, name);
  state.nodes = state.nodes.filter((n) => n !== node);
  for (const key of ['kindnet', 'iptables', 'files', 'ipam'] as const) delete (state[key] as Record<string, unknown>)[name];
  for (const rs of state.replicaSets) syncReplicaSet(state, rs);
  refreshEndpoints(state);
  return { ok: true, message: `🔥  Deleting node ${name} from cluster ${state.profile}\n💀  Node ${name} was successfully deleted.` };
}

export { deletePodObject };

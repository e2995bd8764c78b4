/**
 * The cluster engine's public façade: what the shell, the site and the grader
 * call. Every state change goes through a logged operation, so
 * `Engine.replay(engine.log)` rebuilds the same state, and the whole state is
 * plain data (`toJSON` / `fromJSON`).
 *
 * Targets name a network namespace: a node name, a pod as `name` (namespace
 * default) or `namespace/name`, or `docker-host`. hostNetwork pods resolve to
 * their node.
 */
import { parseIp } from './addr/ipv4';
import { createClusterState, type CreateClusterOptions } from './control/cluster';
import { addNode, advanceTo, deleteNode, findNode, startNode, stopNode } from './control/nodes';
import { kubeProxyNodeStarted, setKubeProxyRunning, syncKubeProxy } from './control/kube-proxy';
import { findPodByName } from './control/pod-index';
import { createService, deleteService, refreshEndpoints, type CreateServiceResult, type ServiceSpec } from './control/services';
import { createDeployment, createPod, deleteDeployment, deletePod, scaleDeployment, type OpResult } from './control/workloads';
import type { ClusterState, LogEntry, PodObj } from './model/cluster';
import type { Netns } from './model/netns';
import {
  addAddr, addRoute, delAddr, delRoute, flushRoutes, replaceRoute, setLink, setSysctl,
  type AddrArgs, type FlushArgs, type MutationResult, type RouteArgs,
} from './net/mutate';
import { routeGet, type RouteGetAnswer, type RouteGetError, type RouteGetQuery } from './net/route-get';
import { trace, type Trace, type TraceQuery } from './net/trace';
import { exportNetns, type NetnsExport, type NetnsExportOptions } from './scenario/export-netns';
import type { Fault } from './scenario/faults';
import { SCENARIO_SPECS } from './scenario/scenarios';
import type { ScenarioName } from './scenario/catalog';

export type { NetnsExport, NetnsExportOptions };
export type { ServiceSpec, CreateServiceResult };
export type { ClusterState, LogEntry, OpResult, MutationResult, RouteArgs, AddrArgs, FlushArgs, RouteGetQuery, RouteGetAnswer, RouteGetError, Trace, TraceQuery, Fault };

type Op = (e: Engine, ...args: never[]) => unknown;

/** Every logged operation by name; replay dispatches through this table. */
const OPS = {
  advance: (e: Engine, ms: number) => advanceTo(e.state, e.state.clock.now + ms),
  createDeployment: (e: Engine, name: string, image: string, replicas: number, namespace: string) => createDeployment(e.state, name, image, replicas, namespace),
  scaleDeployment: (e: Engine, name: string, replicas: number, namespace: string) => scaleDeployment(e.state, name, replicas, namespace),
  deleteDeployment: (e: Engine, name: string, namespace: string) => withEndpoints(e, deleteDeployment(e.state, name, namespace)),
  deletePod: (e: Engine, name: string, namespace: string) => withEndpoints(e, deletePod(e.state, name, namespace)),
  createPod: (e: Engine, name: string, image: string, namespace: string) => createPod(e.state, name, image, namespace),
  nodeStop: (e: Engine, node: string) => stopNode(e.state, node),
  nodeStart: (e: Engine, node: string) => kubeProxyNodeStarted(e.state, node, startNode(e.state, node)),
  nodeAdd: (e: Engine) => addNode(e.state),
  nodeDelete: (e: Engine, node: string) => deleteNode(e.state, node),
  kindnet: (e: Engine, node: string, running: boolean) => withEndpoints(e, setKindnet(e.state, node, running)),
  kubeProxy: (e: Engine, node: string, running: boolean) => setKubeProxyRunning(e.state, node, running),
  createService: (e: Engine, spec: ServiceSpec, namespace: string) => createService(e.state, spec, namespace),
  deleteService: (e: Engine, name: string, namespace: string) => deleteService(e.state, name, namespace),
  routeAdd: (e: Engine, t: string, a: RouteArgs) => onNs(e, t, (ns) => addRoute(ns, a)),
  routeDel: (e: Engine, t: string, a: RouteArgs) => onNs(e, t, (ns) => delRoute(ns, a)),
  routeReplace: (e: Engine, t: string, a: RouteArgs) => onNs(e, t, (ns) => replaceRoute(ns, a)),
  routeFlush: (e: Engine, t: string, a: FlushArgs) => onNs(e, t, (ns) => flushRoutes(ns, a)),
  addrAdd: (e: Engine, t: string, a: AddrArgs) => onNs(e, t, (ns) => addAddr(ns, a)),
  addrDel: (e: Engine, t: string, a: AddrArgs) => onNs(e, t, (ns) => delAddr(ns, a)),
  linkSet: (e: Engine, t: string, dev: string, state: 'up' | 'down') => onNs(e, t, (ns) => setLink(ns, dev, state)),
  sysctl: (e: Engine, t: string, key: string, value: string) => onNs(e, t, (ns) => setSysctl(ns, key, value)),
} satisfies Record<string, Op>;

export type OpName = keyof typeof OPS;

/** The endpoints controller after an operation that may have changed pods without it. */
function withEndpoints(e: Engine, r: OpResult): OpResult {
  refreshEndpoints(e.state);
  return r;
}

function onNs(e: Engine, target: string, f: (ns: Netns) => MutationResult): MutationResult {
  const ns = e.netns(target);
  if (!ns) return { error: `no such node or pod: ${target}` };
  return f(ns);
}

function setKindnet(state: ClusterState, node: string, running: boolean): OpResult {
  const n = findNode(state, node);
  const k = state.kindnet[node];
  if (!n || !k) return { error: `no such node: ${node}` };
  k.running = running;
  if (running) k.nextSyncAt = state.clock.now;
  const pod = state.pods.find((p) => p.node === node && p.owner?.kind === 'DaemonSet' && p.owner.name === 'kindnet');
  if (pod) for (const c of pod.containers) c.ready = running && n.container === 'running';
  if (running) advanceTo(state, state.clock.now);
  return { ok: true };
}

/** The selector and labels `kubectl expose` takes from the object it exposes (polymorphichelpers). */
export function exposeSource(
  state: ClusterState, kind: 'deployment' | 'replicaset' | 'pod' | 'service', name: string, namespace: string,
): { selector: Record<string, string>; labels: Record<string, string> } | { error: string } {
  switch (kind) {
    case 'deployment': {
      const d = state.deployments.find((x) => x.namespace === namespace && x.name === name);
      return d ? { selector: { ...d.labels }, labels: { ...d.labels } } : { error: `Error from server (NotFound): deployments.apps "${name}" not found` };
    }
    case 'replicaset': {
      const rs = state.replicaSets.find((x) => x.namespace === namespace && x.name === name);
      return rs ? { selector: { ...rs.labels, 'pod-template-hash': rs.hash }, labels: { ...rs.labels, 'pod-template-hash': rs.hash } } : { error: `Error from server (NotFound): replicasets.apps "${name}" not found` };
    }
    case 'pod': {
      const p = findPodByName(state, name, namespace);
      if (!p) return { error: `Error from server (NotFound): pods "${name}" not found` };
      if (Object.keys(p.labels).length === 0) return { error: "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed" };
      return { selector: { ...p.labels }, labels: { ...p.labels } };
    }
    case 'service': {
      const s = state.services.find((x) => x.namespace === namespace && x.name === name);
      if (!s) return { error: `Error from server (NotFound): services "${name}" not found` };
      if (Object.keys(s.selector).length === 0) return { error: "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set" };
      return { selector: { ...s.selector }, labels: { ...s.labels } };
    }
  }
}

function isRefusal(result: unknown): boolean {
  return typeof result === 'object' && result !== null && typeof (result as { error?: unknown }).error === 'string';
}

export class Engine {
  private constructor(public state: ClusterState) {}

  /** `minikube start --nodes N -p PROFILE` with a seed (default: one node, profile minikube, seed 0). */
  static create(opts: CreateClusterOptions = {}): Engine {
    const state = createClusterState(opts);
    syncKubeProxy(state);
    return new Engine(state);
  }

  /** A catalog scenario's cluster, or null when the scenario starts without one. */
  static fromScenario(name: ScenarioName, seed = 0): Engine | null {
    const spec = SCENARIO_SPECS[name];
    return spec ? Engine.create({ ...spec, seed }) : null;
  }

  static fromJSON(json: ClusterState | string): Engine {
    const state = typeof json === 'string' ? (JSON.parse(json) as ClusterState) : (JSON.parse(JSON.stringify(json)) as ClusterState);
    if (state.version !== 1) throw new Error(`unsupported snapshot version ${String(state.version)}`);
    return new Engine(state);
  }

  /** Rebuild from the origin and a log of operations. */
  static replay(origin: ClusterState['origin'], log: LogEntry[]): Engine {
    const e = Engine.create(origin);
    for (const entry of log) e.applyRaw(entry.op as OpName, entry.args);
    return e;
  }

  toJSON(): ClusterState {
    return JSON.parse(JSON.stringify(this.state)) as ClusterState;
  }

  /** Back to the cluster as created (same seed, same origin), log cleared. */
  reset(): void {
    this.state = createClusterState(this.state.origin);
    syncKubeProxy(this.state);
  }

  get now(): number {
    return this.state.clock.now;
  }

  get log(): LogEntry[] {
    return this.state.log;
  }

  /** Apply a logged entry's operation (replay); unknown names throw. */
  applyRaw(op: OpName, args: unknown[]): unknown {
    if (!(op in OPS)) throw new Error(`unknown operation ${op}`);
    const at = this.state.clock.now;
    const result = (OPS[op] as (e: Engine, ...a: unknown[]) => unknown)(this, ...args);
    syncKubeProxy(this.state); // kube-proxy's rules follow every change to services and endpoints
    this.state.log.push({ at, op, args: JSON.parse(JSON.stringify(args)) as unknown[] });
    return result;
  }

  /** Apply a named operation and log it. */
  apply<K extends OpName>(op: K, ...args: Parameters<(typeof OPS)[K]> extends [Engine, ...infer R] ? R : never): ReturnType<(typeof OPS)[K]> {
    const at = this.state.clock.now;
    const result = (OPS[op] as (e: Engine, ...a: unknown[]) => ReturnType<(typeof OPS)[K]>)(this, ...(args as unknown[]));
    syncKubeProxy(this.state); // kube-proxy's rules follow every change to services and endpoints
    // An operation refused with an error changed nothing: the log keeps changes only.
    if (!isRefusal(result)) this.state.log.push({ at, op, args: JSON.parse(JSON.stringify(args)) as unknown[] });
    return result;
  }

  // ---- time -------------------------------------------------------------
  advance(ms: number): void {
    if (!(ms > 0)) return;
    const last = this.state.log[this.state.log.length - 1];
    if (last?.op === 'advance') {
      // The browser advances the clock on every keystroke: one entry per quiet
      // stretch keeps the log bounded by the learner's actions, not their typing.
      advanceTo(this.state, this.state.clock.now + ms);
      syncKubeProxy(this.state);
      last.args = [(last.args[0] as number) + ms];
      return;
    }
    this.apply('advance', ms);
  }

  // ---- reading ----------------------------------------------------------
  nodes() { return this.state.nodes; }
  pods(namespace?: string): PodObj[] { return namespace ? this.state.pods.filter((p) => p.namespace === namespace) : this.state.pods; }
  deployments() { return this.state.deployments; }
  replicaSets() { return this.state.replicaSets; }
  services() { return this.state.services; }
  endpoints() { return this.state.endpoints; }
  namespaces() { return this.state.namespaces; }
  /** Text files on a node (e.g. /etc/cni/net.d/10-kindnet.conflist). */
  file(node: string, path: string): string | undefined { return this.state.files[node]?.[path]; }
  iptables(node: string) { return this.state.iptables[node]; }

  findPod(target: string): PodObj | undefined {
    const [ns, name] = target.includes('/') ? (target.split('/', 2) as [string, string]) : [undefined, target];
    return findPodByName(this.state, name, ns);
  }

  /** Name of the network namespace for a node, pod or `docker-host`. */
  netnsName(target: string): string | undefined {
    if (this.state.netns[target] && !target.includes('/')) return target;
    const pod = this.findPod(target);
    if (!pod) return undefined;
    if (pod.hostNetwork) return this.state.netns[pod.node] ? pod.node : undefined;
    return pod.netns;
  }

  netns(target: string): Netns | undefined {
    const name = this.netnsName(target);
    return name ? this.state.netns[name] : undefined;
  }

  // ---- networking questions ---------------------------------------------
  /** `ip route get` in a node or pod. */
  routeGet(target: string, q: RouteGetQuery | string): RouteGetAnswer | RouteGetError {
    const ns = this.netns(target);
    if (!ns) throw new Error(`no such node or pod: ${target}`);
    if (typeof q === 'string') {
      const dst = parseIp(q);
      if (dst === null) return { ok: false, errno: 'EINVAL', message: `Error: inet prefix is expected rather than "${q}".` };
      return routeGet(ns, { dst });
    }
    return routeGet(ns, q);
  }

  /**
   * A shell script that rebuilds the current network in real Linux network
   * namespaces named PREFIX + node/pod (see scenario/export-netns.ts), and its teardown.
   */
  exportNetns(opts: NetnsExportOptions): NetnsExport {
    return exportNetns(this.state, opts);
  }

  /** Follow a packet from a node or pod (see net/trace.ts). */
  trace(q: TraceQuery): Trace {
    const from = this.netnsName(q.from);
    if (!from) throw new Error(`no such node or pod: ${q.from}`);
    return trace(this.state, { ...q, from });
  }

  // ---- control plane ----------------------------------------------------
  createDeployment(name: string, image: string, replicas = 1, namespace = 'default'): OpResult { return this.apply('createDeployment', name, image, replicas, namespace); }
  scaleDeployment(name: string, replicas: number, namespace = 'default'): OpResult { return this.apply('scaleDeployment', name, replicas, namespace); }
  deleteDeployment(name: string, namespace = 'default'): OpResult { return this.apply('deleteDeployment', name, namespace); }
  deletePod(name: string, namespace = 'default'): OpResult { return this.apply('deletePod', name, namespace); }
  /** A bare pod, as `kubectl run` creates. */
  createPod(name: string, image: string, namespace = 'default'): OpResult { return this.apply('createPod', name, image, namespace); }
  nodeStop(node: string): OpResult { return this.apply('nodeStop', node); }
  nodeStart(node: string): OpResult { return this.apply('nodeStart', node); }
  nodeAdd(): OpResult { return this.apply('nodeAdd'); }
  nodeDelete(node: string): OpResult { return this.apply('nodeDelete', node); }
  setKindnetRunning(node: string, running: boolean): OpResult { return this.apply('kindnet', node, running); }
  /** Stop or start kube-proxy on a node: stopped, it keeps its last rules and stops updating them. */
  setKubeProxyRunning(node: string, running: boolean): OpResult { return this.apply('kubeProxy', node, running); }
  /** POST a Service (the API server validates, allocates the ClusterIP and NodePorts, and the endpoints follow). */
  createService(spec: ServiceSpec, namespace = 'default'): CreateServiceResult { return this.apply('createService', spec, namespace); }
  deleteService(name: string, namespace = 'default'): OpResult { return this.apply('deleteService', name, namespace); }

  /**
   * `kubectl expose KIND NAME --port=P`: a service selecting what the
   * deployment, replica set, pod or service selects, labelled like it.
   * The lab's containers declare no ports, so `port` is required here.
   */
  exposeService(
    kind: 'deployment' | 'replicaset' | 'pod' | 'service', name: string,
    opts: { port: number; targetPort?: number | string; protocol?: string; name?: string; type?: string },
    namespace = 'default',
  ): OpResult {
    const src = exposeSource(this.state, kind, name, namespace);
    if ('error' in src) return src;
    return this.createService({
      name: opts.name ?? name.slice(0, 63), type: opts.type ?? 'ClusterIP', selector: src.selector, labels: src.labels,
      ports: [{ port: opts.port, targetPort: opts.targetPort ?? opts.port, protocol: opts.protocol ?? 'TCP' }],
    }, namespace);
  }

  // ---- iproute2 / sysctl in a namespace ---------------------------------
  ipRouteAdd(target: string, a: RouteArgs): MutationResult { return this.apply('routeAdd', target, a); }
  ipRouteDel(target: string, a: RouteArgs): MutationResult { return this.apply('routeDel', target, a); }
  ipRouteReplace(target: string, a: RouteArgs): MutationResult { return this.apply('routeReplace', target, a); }
  ipRouteFlush(target: string, a: FlushArgs): MutationResult { return this.apply('routeFlush', target, a); }
  ipAddrAdd(target: string, a: AddrArgs): MutationResult { return this.apply('addrAdd', target, a); }
  ipAddrDel(target: string, a: AddrArgs): MutationResult { return this.apply('addrDel', target, a); }
  ipLinkSet(target: string, dev: string, state: 'up' | 'down'): MutationResult { return this.apply('linkSet', target, dev, state); }
  sysctl(target: string, key: string, value: string): MutationResult { return this.apply('sysctl', target, key, value); }

  /** Apply a scenario fault as the equivalent logged operations. */
  applyFault(f: Fault): OpResult | MutationResult {
    switch (f.kind) {
      case 'route-deleted': return this.ipRouteDel(f.node, { dst: f.dst });
      case 'kindnet-stopped': return this.setKindnetRunning(f.node, false);
      case 'kube-proxy-stopped': return this.setKubeProxyRunning(f.node, false);
      case 'node-down': return this.nodeStop(f.node);
      case 'ip-forward-off': return this.sysctl(f.node, 'net.ipv4.ip_forward', '0');
      case 'link-down': return this.ipLinkSet(f.netns, f.dev, 'down');
    }
  }
}

/**
 * What kubectl sees of the engine: the resource types a v1.25 minikube API
 * server serves (the subset the lab backs), and the objects of each type as
 * the API would list them (sorted by namespace, then name, as etcd keys sort).
 *
 * The engine models user workloads; the kube-system controllers that own its
 * system pods (the coredns Deployment and ReplicaSet, the kube-proxy and
 * kindnet DaemonSets) are derived here from those pods so `get all -A` shows
 * what a real cluster shows.
 */
import type { Engine } from '../../../engine';
import { endpointSlicesOf, endpointsMeta, type EndpointSliceView } from '../../../control/endpointslices';
import type { DeploymentObj, EndpointsObj, NamespaceObj, NodeObj, PodObj, ReplicaSetObj, ServiceObj } from '../../../model/cluster';
import { fnv1a } from '../../../model/rng';

export interface ResourceType {
  plural: string;
  singular: string;
  short: readonly string[];
  kind: string;
  /** API group ('' for core). */
  group: string;
  version: string;
  namespaced: boolean;
  /** Whether the lab backs this type with objects. */
  backed: boolean;
}

const T = (plural: string, singular: string, short: string[], kind: string, group: string, version: string, namespaced: boolean, backed = true): ResourceType =>
  ({ plural, singular, short, kind, group, version, namespaced, backed });

/** kubectl api-resources of a v1.25 cluster (core, apps, discovery and a few others), in its order. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  T('bindings', 'binding', [], 'Binding', '', 'v1', true, false),
  T('componentstatuses', 'componentstatus', ['cs'], 'ComponentStatus', '', 'v1', false, false),
  T('configmaps', 'configmap', ['cm'], 'ConfigMap', '', 'v1', true, false),
  T('endpoints', 'endpoints', ['ep'], 'Endpoints', '', 'v1', true),
  T('events', 'event', ['ev'], 'Event', '', 'v1', true),
  T('limitranges', 'limitrange', ['limits'], 'LimitRange', '', 'v1', true, false),
  T('namespaces', 'namespace', ['ns'], 'Namespace', '', 'v1', false),
  T('nodes', 'node', ['no'], 'Node', '', 'v1', false),
  T('persistentvolumeclaims', 'persistentvolumeclaim', ['pvc'], 'PersistentVolumeClaim', '', 'v1', true, false),
  T('persistentvolumes', 'persistentvolume', ['pv'], 'PersistentVolume', '', 'v1', false, false),
  T('pods', 'pod', ['po'], 'Pod', '', 'v1', true),
  T('podtemplates', 'podtemplate', [], 'PodTemplate', '', 'v1', true, false),
  T('replicationcontrollers', 'replicationcontroller', ['rc'], 'ReplicationController', '', 'v1', true, false),
  T('resourcequotas', 'resourcequota', ['quota'], 'ResourceQuota', '', 'v1', true, false),
  T('secrets', 'secret', [], 'Secret', '', 'v1', true, false),
  T('serviceaccounts', 'serviceaccount', ['sa'], 'ServiceAccount', '', 'v1', true, false),
  T('services', 'service', ['svc'], 'Service', '', 'v1', true),
  T('controllerrevisions', 'controllerrevision', [], 'ControllerRevision', 'apps', 'v1', true, false),
  T('daemonsets', 'daemonset', ['ds'], 'DaemonSet', 'apps', 'v1', true),
  T('deployments', 'deployment', ['deploy'], 'Deployment', 'apps', 'v1', true),
  T('replicasets', 'replicaset', ['rs'], 'ReplicaSet', 'apps', 'v1', true),
  T('statefulsets', 'statefulset', ['sts'], 'StatefulSet', 'apps', 'v1', true, false),
  T('cronjobs', 'cronjob', ['cj'], 'CronJob', 'batch', 'v1', true, false),
  T('jobs', 'job', [], 'Job', 'batch', 'v1', true, false),
  T('endpointslices', 'endpointslice', [], 'EndpointSlice', 'discovery.k8s.io', 'v1', true),
  T('ingresses', 'ingress', ['ing'], 'Ingress', 'networking.k8s.io', 'v1', true, false),
  T('networkpolicies', 'networkpolicy', ['netpol'], 'NetworkPolicy', 'networking.k8s.io', 'v1', true, false),
];

/** Resolves what the learner typed (plural, singular, short name or `plural.group`), case-insensitively. */
export function resolveType(word: string): ResourceType | undefined {
  const w = word.toLowerCase();
  return RESOURCE_TYPES.find(
    (t) => t.plural === w || t.singular === w || t.short.includes(w) || (t.group !== '' && (w === `${t.plural}.${t.group}` || w === `${t.singular}.${t.group}`)),
  );
}

export function typeNamed(plural: string): ResourceType {
  return RESOURCE_TYPES.find((t) => t.plural === plural) as ResourceType;
}

/** `deployment.apps` / `pod`: how kubectl names a type in messages. */
export function qualifiedSingular(t: ResourceType): string {
  return t.group ? `${t.singular}.${t.group}` : t.singular;
}

/** `deployments.apps` / `pods`: the group-resource in API errors. */
export function qualifiedPlural(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

export interface DaemonSetView {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  nodeSelector: string;
  container: string;
  image: string;
  createdAt: number;
  pods: PodObj[];
}

export type { EndpointSliceView };

export interface EventView {
  namespace: string;
  name: string;
  type: 'Normal' | 'Warning';
  reason: string;
  objectKind: string;
  objectName: string;
  message: string;
  source: string;
  at: number;
}

export type KubeObject =
  | { type: 'pods'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; pod: PodObj }
  | { type: 'nodes'; name: string; namespace: ''; createdAt: number; labels: Record<string, string>; node: NodeObj }
  | { type: 'deployments'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; deployment: DeploymentObj; selector: Record<string, string> }
  | { type: 'replicasets'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; rs: ReplicaSetObj; selector: Record<string, string> }
  | { type: 'daemonsets'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; ds: DaemonSetView }
  | { type: 'services'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; svc: ServiceObj }
  | { type: 'endpoints'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; triggerTime?: number; ep: EndpointsObj }
  | { type: 'endpointslices'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; slice: EndpointSliceView }
  | { type: 'namespaces'; name: string; namespace: ''; createdAt: number; labels: Record<string, string>; ns: NamespaceObj }
  | { type: 'events'; name: string; namespace: string; createdAt: number; labels: Record<string, string>; ev: EventView };

/** A stable pseudo-random string derived from `key` (no engine draws: reading must not change state). */
export function derivedId(key: string, alphabet: string, len: number): string {
  let h = fnv1a(key);
  let out = '';
  for (let i = 0; i < len; i += 1) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12) ^ i) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HEX = '0123456789abcdef';

export function derivedHex(key: string, len: number): string {
  return derivedId(key, HEX, len);
}

export function derivedUid(key: string): string {
  const h = derivedHex(key, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const byNsName = <T extends { namespace: string; name: string }>(a: T, b: T) =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The coredns Deployment/ReplicaSet, derived from its pods. */
function systemDeployments(engine: Engine): { deployments: DeploymentObj[]; replicaSets: ReplicaSetObj[] } {
  const known = new Set(engine.replicaSets().map((r) => `${r.namespace}/${r.name}`));
  const deployments: DeploymentObj[] = [];
  const replicaSets: ReplicaSetObj[] = [];
  const seen = new Set<string>();
  for (const p of engine.pods()) {
    if (p.owner?.kind !== 'ReplicaSet' || known.has(`${p.namespace}/${p.owner.name}`) || seen.has(`${p.namespace}/${p.owner.name}`)) continue;
    seen.add(`${p.namespace}/${p.owner.name}`);
    const hash = p.labels['pod-template-hash'] ?? '';
    const depName = p.owner.name.slice(0, p.owner.name.length - hash.length - 1);
    const labels = Object.fromEntries(Object.entries(p.labels).filter(([k]) => k !== 'pod-template-hash'));
    const replicas = engine.pods().filter((q) => q.namespace === p.namespace && q.owner?.name === p.owner?.name).length;
    const image = p.containers[0]?.image ?? '';
    deployments.push({ name: depName, namespace: p.namespace, uid: derivedUid(`deploy/${p.namespace}/${depName}`), image, replicas, labels, createdAt: 0 });
    replicaSets.push({ name: p.owner.name, namespace: p.namespace, uid: derivedUid(`rs/${p.namespace}/${p.owner.name}`), deployment: depName, hash, replicas, image, labels, createdAt: 0 });
  }
  return { deployments, replicaSets };
}

function daemonSets(engine: Engine): DaemonSetView[] {
  const out = new Map<string, DaemonSetView>();
  for (const p of engine.pods()) {
    if (p.owner?.kind !== 'DaemonSet') continue;
    const key = `${p.namespace}/${p.owner.name}`;
    let ds: DaemonSetView | undefined = out.get(key);
    if (ds === undefined) {
      const selector: Record<string, string> = p.owner.name === 'kindnet' ? { app: 'kindnet' } : { 'k8s-app': p.owner.name };
      const labels: Record<string, string> = p.owner.name === 'kindnet' ? { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' } : { 'k8s-app': p.owner.name };
      ds = {
        name: p.owner.name, namespace: p.namespace, uid: derivedUid(`ds/${key}`), labels, selector, nodeSelector: p.owner.name === 'kube-proxy' ? 'kubernetes.io/os=linux' : '<none>',
        container: p.containers[0]?.name ?? '', image: p.containers[0]?.image ?? '', createdAt: p.createdAt, pods: [],
      };
      out.set(key, ds);
    }
    ds.createdAt = Math.min(ds.createdAt, p.createdAt);
    ds.pods.push(p);
  }
  return [...out.values()];
}

export function deploymentsOf(engine: Engine): DeploymentObj[] {
  return [...engine.deployments(), ...systemDeployments(engine).deployments];
}

export function replicaSetsOf(engine: Engine): ReplicaSetObj[] {
  return [...engine.replicaSets(), ...systemDeployments(engine).replicaSets];
}

export function podsOfReplicaSet(engine: Engine, rs: ReplicaSetObj): PodObj[] {
  return engine.pods().filter((p) => p.namespace === rs.namespace && p.owner?.kind === 'ReplicaSet' && p.owner.name === rs.name);
}

export function podsOfDeployment(engine: Engine, d: DeploymentObj): PodObj[] {
  const names = new Set(replicaSetsOf(engine).filter((r) => r.namespace === d.namespace && r.deployment === d.name).map((r) => r.name));
  return engine.pods().filter((p) => p.namespace === d.namespace && p.owner?.kind === 'ReplicaSet' && names.has(p.owner.name));
}

export const podReady = (p: PodObj) => p.phase === 'Running' && p.containers.length > 0 && p.containers.every((c) => c.ready);

/** 2022-10-24T09:00:00Z in Unix ms (format/kube-time.ts's LAB_EPOCH). */
const EVENT_EPOCH_MS = 1_666_602_000_000;

/** Events the lab derives from what happened (kept by the API for one hour). */
export function eventsOf(engine: Engine): EventView[] {
  const evs: EventView[] = [];
  const now = engine.now;
  let seq = 0;
  // Real event names are `<object>.<UnixNano in hex>`, so by-name order is time order per object.
  const add = (e: Omit<EventView, 'name'>) => {
    seq += 1;
    if (now - e.at > 3_600_000) return;
    const nanos = (BigInt(EVENT_EPOCH_MS + e.at) * 1_000_000n + BigInt(seq) * 1000n).toString(16);
    evs.push({ ...e, name: `${e.objectName}.${nanos}` });
  };
  for (const d of engine.deployments()) {
    for (const rs of engine.replicaSets().filter((r) => r.namespace === d.namespace && r.deployment === d.name)) {
      add({ namespace: d.namespace, type: 'Normal', reason: 'ScalingReplicaSet', objectKind: 'deployment', objectName: d.name, message: `Scaled up replica set ${rs.name} to ${rs.replicas}`, source: 'deployment-controller', at: d.createdAt });
    }
  }
  for (const p of engine.pods()) {
    if (p.namespace === 'kube-system' || p.owner?.kind === 'DaemonSet' || p.owner?.kind === 'Node') continue;
    if (p.owner?.kind === 'ReplicaSet') add({ namespace: p.namespace, type: 'Normal', reason: 'SuccessfulCreate', objectKind: 'replicaset', objectName: p.owner.name, message: `Created pod: ${p.name}`, source: 'replicaset-controller', at: p.createdAt });
    if (!p.node) continue;
    add({ namespace: p.namespace, type: 'Normal', reason: 'Scheduled', objectKind: 'pod', objectName: p.name, message: `Successfully assigned ${p.namespace}/${p.name} to ${p.node}`, source: 'default-scheduler', at: p.createdAt });
    if (p.phase !== 'Running') continue;
    for (const c of p.containers) {
      add({ namespace: p.namespace, type: 'Normal', reason: 'Pulling', objectKind: 'pod', objectName: p.name, message: `Pulling image "${c.image}"`, source: `kubelet`, at: p.createdAt });
      add({ namespace: p.namespace, type: 'Normal', reason: 'Pulled', objectKind: 'pod', objectName: p.name, message: `Successfully pulled image "${c.image}" in ${pullSeconds(p.uid + c.name)}`, source: 'kubelet', at: c.startedAt });
      add({ namespace: p.namespace, type: 'Normal', reason: 'Created', objectKind: 'pod', objectName: p.name, message: `Created container ${c.name}`, source: 'kubelet', at: c.startedAt });
      add({ namespace: p.namespace, type: 'Normal', reason: 'Started', objectKind: 'pod', objectName: p.name, message: `Started container ${c.name}`, source: 'kubelet', at: c.startedAt });
    }
  }
  for (const n of engine.nodes()) {
    if (!n.ready) add({ namespace: 'default', type: 'Normal', reason: 'NodeNotReady', objectKind: 'node', objectName: n.name, message: `Node ${n.name} status is now: NodeNotReady`, source: 'node-controller', at: n.readyTransitionAt });
  }
  return evs;
}

/** Go's time.Duration String for an image pull, e.g. "2.515510236s" (derived, stable per pod). */
function pullSeconds(key: string): string {
  const digits = derivedId(key, '0123456789', 9);
  return `${1 + (fnv1a(key) % 4)}.${digits.replace(/0+$/, '') || '5'}s`;
}

/** Every object of a type, in the API's order; namespace null means all namespaces. */
export function listObjects(engine: Engine, type: string, namespace: string | null): KubeObject[] {
  const inNs = <T extends { namespace: string }>(xs: T[]) => (namespace === null ? xs : xs.filter((x) => x.namespace === namespace));
  const svcCreated = (ns: string, name: string) => engine.services().find((s) => s.namespace === ns && s.name === name)?.createdAt ?? 0;
  switch (type) {
    case 'pods':
      return inNs([...engine.pods()]).sort(byNsName).map((pod) => ({ type, name: pod.name, namespace: pod.namespace, createdAt: pod.createdAt, labels: pod.labels, pod }));
    case 'nodes':
      return [...engine.nodes()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((node) => ({ type, name: node.name, namespace: '', createdAt: node.createdAt, labels: node.labels, node }));
    case 'deployments':
      return inNs(deploymentsOf(engine)).sort(byNsName).map((deployment) => ({ type, name: deployment.name, namespace: deployment.namespace, createdAt: deployment.createdAt, labels: deployment.labels, deployment, selector: deployment.labels }));
    case 'replicasets':
      return inNs(replicaSetsOf(engine)).sort(byNsName).map((rs) => ({ type, name: rs.name, namespace: rs.namespace, createdAt: rs.createdAt, labels: { ...rs.labels, 'pod-template-hash': rs.hash }, rs, selector: { ...rs.labels, 'pod-template-hash': rs.hash } }));
    case 'daemonsets':
      return inNs(daemonSets(engine)).sort(byNsName).map((ds) => ({ type, name: ds.name, namespace: ds.namespace, createdAt: ds.createdAt, labels: ds.labels, ds }));
    case 'services':
      return inNs([...engine.services()]).sort(byNsName).map((svc) => ({ type, name: svc.name, namespace: svc.namespace, createdAt: svc.createdAt, labels: svc.labels, svc }));
    case 'endpoints':
      return inNs([...engine.endpoints()]).sort(byNsName).map((ep) => {
        const svc = engine.services().find((s) => s.namespace === ep.namespace && s.name === ep.name);
        const meta = endpointsMeta(svc, ep);
        return { type, name: ep.name, namespace: ep.namespace, createdAt: svcCreated(ep.namespace, ep.name), labels: meta.labels, ...(meta.triggerTime === undefined ? {} : { triggerTime: meta.triggerTime }), ep };
      });
    case 'endpointslices':
      return endpointSlicesOf(engine.state, namespace).map((slice) => ({ type, name: slice.name, namespace: slice.namespace, createdAt: slice.createdAt, labels: slice.labels, slice }));
    case 'namespaces':
      return [...engine.namespaces()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((ns) => ({ type, name: ns.name, namespace: '', createdAt: ns.createdAt, labels: { 'kubernetes.io/metadata.name': ns.name }, ns }));
    case 'events':
      return inNs(eventsOf(engine)).sort(byNsName).map((ev) => ({ type, name: ev.name, namespace: ev.namespace, createdAt: ev.at, labels: {}, ev }));
    default:
      return [];
  }
}

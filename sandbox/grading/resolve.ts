/**
 * Symbolic subjects -> the learner's own pods, nodes and addresses. Pure and
 * deterministic over the engine state; a subject the cluster lacks (the
 * learner deleted the deployment, stopped the node) is an error message, not
 * an exception, so the grader can say what is missing.
 */
import { formatIp, nthHost, parsePrefix } from '../addr/ipv4';
import type { Engine } from '../engine';
import type { NodeObj, PodObj } from '../model/cluster';
import type { ExerciseSpec, NodeRef, PodSelector, Subject } from './spec';

export interface Resolved {
  kind: 'pod' | 'node' | 'service' | 'address';
  /** What the question calls it: pod or node name, `namespace/name` of a service, or the address. */
  name: string;
  ip: string;
  /** The node it lives on (pods, nodes, pod-CIDR addresses). */
  node?: string;
  /** Engine target for its network namespace (pods and nodes only). */
  netns?: string;
  /** Pod CIDR of its node. */
  cidr?: string;
}

export type Resolution = { ok: true; subjects: Record<string, Resolved> } | { ok: false; error: string };

function isControlPlane(n: NodeObj): boolean {
  return n.roles.includes('control-plane');
}

export function resolveNode(engine: Engine, ref: NodeRef): NodeObj | string {
  const nodes = engine.nodes();
  if (ref === 'control-plane') return nodes.find(isControlPlane) ?? 'the cluster has no control-plane node';
  const m = /^worker-(\d+)$/.exec(ref);
  if (m) {
    const workers = nodes.filter((n) => !isControlPlane(n));
    const i = Number(m[1]);
    return workers[i - 1] ?? `the cluster has ${workers.length} worker node${workers.length === 1 ? '' : 's'}, so there is no worker ${i}`;
  }
  return nodes.find((n) => n.name === ref) ?? `the cluster has no node named ${ref}`;
}

function describeSelector(s: PodSelector): string {
  const what = s.name ? `pod ${s.name}` : `a running pod of deployment ${s.deployment}`;
  return `${what}${s.namespace && s.namespace !== 'default' ? ` in namespace ${s.namespace}` : ''}${s.onNode ? ` on node ${s.onNode}` : ''}`;
}

export function resolvePod(engine: Engine, s: PodSelector): PodObj | string {
  const ns = s.namespace ?? 'default';
  let onNode: string | undefined;
  if (s.onNode !== undefined) {
    const n = resolveNode(engine, s.onNode);
    if (typeof n === 'string') return n;
    onNode = n.name;
  }
  const rsNames = s.deployment !== undefined
    ? new Set(engine.replicaSets().filter((r) => r.namespace === ns && r.deployment === s.deployment).map((r) => r.name))
    : null;
  if (s.deployment !== undefined && !engine.deployments().some((d) => d.namespace === ns && d.name === s.deployment)) {
    return `the cluster has no deployment ${s.deployment}${ns !== 'default' ? ` in namespace ${ns}` : ''} (was it deleted?)`;
  }
  const order = new Map(engine.nodes().map((n, i) => [n.name, i]));
  const pods = engine.pods(ns)
    .filter((p) => p.phase === 'Running' && p.ip !== undefined && !p.hostNetwork)
    .filter((p) => s.name === undefined || p.name === s.name)
    .filter((p) => onNode === undefined || p.node === onNode)
    .filter((p) => rsNames === null || (p.owner?.kind === 'ReplicaSet' && rsNames.has(p.owner.name)))
    .sort((a, b) => (order.get(a.node) ?? 0) - (order.get(b.node) ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return pods[0] ?? `the cluster has no ${describeSelector({ ...s, ...(onNode ? { onNode } : {}) })}`;
}

export function resolveSubject(engine: Engine, s: Subject): Resolved | string {
  if ('pod' in s) {
    const p = resolvePod(engine, s.pod);
    if (typeof p === 'string') return p;
    const node = engine.nodes().find((n) => n.name === p.node);
    return { kind: 'pod', name: p.name, ip: p.ip!, node: p.node, netns: `${p.namespace}/${p.name}`, ...(node ? { cidr: node.podCIDR } : {}) };
  }
  if ('node' in s) {
    const n = resolveNode(engine, s.node);
    if (typeof n === 'string') return n;
    return { kind: 'node', name: n.name, ip: n.internalIP, node: n.name, netns: n.name, cidr: n.podCIDR };
  }
  if ('service' in s) {
    const [ns, name] = s.service.includes('/') ? s.service.split('/', 2) as [string, string] : ['default', s.service];
    const svc = engine.services().find((x) => x.namespace === ns && x.name === name);
    if (!svc) return `the cluster has no service ${s.service}`;
    return { kind: 'service', name: `${ns}/${name}`, ip: svc.clusterIP };
  }
  if ('podCidrOf' in s) {
    const n = resolveNode(engine, s.podCidrOf);
    if (typeof n === 'string') return n;
    const p = parsePrefix(n.podCIDR);
    if (!p) return `node ${n.name} has no pod CIDR`;
    const ip = formatIp(nthHost(p.ip, p.len, s.host ?? 1));
    return { kind: 'address', name: ip, ip, node: n.name, cidr: n.podCIDR };
  }
  if ('nodeGateway' in s) {
    const gw = engine.state.network.gateway;
    return { kind: 'address', name: gw, ip: gw };
  }
  return { kind: 'address', name: s.ip, ip: s.ip };
}

/** Resolve every subject of an exercise; the first one the cluster lacks is the error. */
export function resolveSubjects(spec: ExerciseSpec, engine: Engine): Resolution {
  const out: Record<string, Resolved> = {};
  for (const [role, s] of Object.entries(spec.subjects ?? {})) {
    const r = resolveSubject(engine, s);
    if (typeof r === 'string') return { ok: false, error: `Cannot find the ${role === 'src' ? 'source' : role === 'dst' ? 'destination' : role} of this exercise: ${r}.` };
    out[role] = r;
  }
  return { ok: true, subjects: out };
}

/** Fill `{role.field}` and `{name}` placeholders; unknown ones stay as written. */
export function fill(template: string, subjects: Record<string, Resolved>, values: Record<string, string> = {}): string {
  return template.replace(/\{([A-Za-z0-9_]+)(?:\.([A-Za-z]+))?\}/g, (all, a: string, b: string | undefined) => {
    if (b === undefined) return values[a] ?? all;
    const r = subjects[a] as unknown as Record<string, unknown> | undefined;
    const v = r?.[b];
    return typeof v === 'string' ? v : all;
  });
}

/**
 * Services and the endpoints controller.
 *
 * Every cluster starts with `kubernetes` (first address of the service range,
 * endpoint the apiserver on the control plane's IP :8443 under minikube) and
 * `kube-dns` (10.96.0.10: dns/UDP 53, dns-tcp/TCP 53, metrics/TCP 9153) with
 * the coredns pods as endpoints. Learners add their own with `kubectl expose`
 * and `kubectl create service`; the API server's part (validation, ClusterIP
 * and NodePort allocation, AlreadyExists) is here.
 *
 * Allocation follows v1.25's apiserver:
 *  - ClusterIPs (pkg/registry/core/service/ipallocator, ServiceIPStaticSubrange
 *    on by default since v1.25): a bitmap over the range without its network
 *    and broadcast addresses; dynamic allocation picks a random offset in the
 *    upper band [min(max(16, size/16), 256), max) — for 10.96.0.0/12 that is
 *    10.96.1.1 and up — and scans forward (wrapping) to the first free one,
 *    falling back to the lower band only when the upper one is full.
 *  - NodePorts (portallocator, no static subrange before v1.27): a random
 *    offset in 30000-32767, scanning forward to the first free port.
 * The random offsets are draws from the `svc` stream, so the same seed and
 * commands give the same addresses and nothing else shifts.
 */
import { formatIp, parseIp } from '../addr/ipv4';
import type { ClusterState, EndpointAddress, EndpointsObj, PodObj, ServiceObj, ServicePort, ServiceType } from '../model/cluster';
import { drawInt, ensureStream } from '../model/draws';
import { APISERVER_PORT } from './constants';
import { newUid } from './names';
import type { OpResult } from './workloads';

export function createDefaultServices(state: ClusterState, controlPlaneIp: string): void {
  state.services.push(kubernetesService(state, newUid(state.draws, 'bootstrap')));
  state.endpoints.push({ name: 'kubernetes', namespace: 'default', addresses: [{ ip: controlPlaneIp }], ports: [{ name: 'https', port: APISERVER_PORT, protocol: 'TCP' }] });
  state.services.push({
    name: 'kube-dns', namespace: 'kube-system', uid: newUid(state.draws, 'bootstrap'), type: 'ClusterIP', clusterIP: '10.96.0.10',
    ports: [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
    ],
    selector: { 'k8s-app': 'kube-dns' },
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, createdAt: state.clock.now,
  });
  state.endpoints.push({ name: 'kube-dns', namespace: 'kube-system', addresses: [], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] });
  refreshEndpoints(state);
}

function kubernetesService(state: ClusterState, uid: string): ServiceObj {
  return {
    name: 'kubernetes', namespace: 'default', uid, type: 'ClusterIP', clusterIP: '10.96.0.1',
    ports: [{ name: 'https', port: 443, targetPort: APISERVER_PORT, protocol: 'TCP' }], selector: {},
    labels: { component: 'apiserver', provider: 'kubernetes' }, createdAt: state.clock.now,
  };
}

const isReady = (p: PodObj) => p.phase === 'Running' && p.containers.length > 0 && p.containers.every((c) => c.ready);

/**
 * The endpoints controller: for each service with a selector, the pods of its
 * namespace that match and have an IP — ready ones as addresses, the others as
 * notReadyAddresses — on the service's numeric target ports. A named
 * targetPort needs a container port of that name, which the lab's pods never
 * declare, so such a port selects no pod (as the real controller skips them).
 * Called after every change to pods; one pass over the pods per namespace
 * that has selector services.
 */
export function refreshEndpoints(state: ClusterState): void {
  let byNs: Map<string, PodObj[]> | undefined;
  for (const svc of state.services) {
    const keys = Object.keys(svc.selector);
    if (keys.length === 0) continue;
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    if (!ep) continue;
    if (!byNs) {
      byNs = new Map();
      for (const p of state.pods) {
        if (!p.ip) continue;
        const list = byNs.get(p.namespace);
        if (list) list.push(p);
        else byNs.set(p.namespace, [p]);
      }
    }
    const ports = svc.ports.filter((p) => typeof p.targetPort === 'number').map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.targetPort as number, protocol: p.protocol }));
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    if (ports.length > 0 || svc.ports.length === 0) {
      for (const p of byNs.get(svc.namespace) ?? []) {
        if (!keys.every((k) => p.labels[k] === svc.selector[k])) continue;
        (isReady(p) ? ready : notReady).push({ ip: p.ip!, nodeName: p.node, targetRef: { kind: 'Pod', namespace: p.namespace, name: p.name } });
      }
    }
    ep.addresses = ready;
    if (notReady.length > 0) ep.notReadyAddresses = notReady;
    else delete ep.notReadyAddresses;
    ep.ports = ports;
  }
}

// ---- the API server's side of creating a service ---------------------------

const SERVICE_NET = parseIp('10.96.0.0')!;
/** Addresses of 10.96.0.0/12 the allocator hands out: all but the network and broadcast address. */
const SERVICE_MAX = 2 ** 20 - 2;
/** ipallocator calculateRangeOffset: min(max(16, size/16), 256). */
const SERVICE_STATIC_BAND = 256;
const NODE_PORT_BASE = 30000;
const NODE_PORT_SIZE = 2768;

/** The next ClusterIP, as the v1.25 allocator picks it (see the file comment). */
export function allocateClusterIP(state: ClusterState): string | null {
  const used = new Set(state.services.map((s) => parseIp(s.clusterIP)).filter((x): x is number => x !== null).map((ip) => ip - SERVICE_NET - 1));
  if (used.size >= SERVICE_MAX) return null;
  const upper = SERVICE_MAX - SERVICE_STATIC_BAND;
  const start = drawInt(state.draws, 'svc', upper);
  for (let i = 0; i < upper; i++) {
    const at = SERVICE_STATIC_BAND + ((start + i) % upper);
    if (!used.has(at)) return formatIp(SERVICE_NET + 1 + at);
  }
  const low = drawInt(state.draws, 'svc', SERVICE_STATIC_BAND);
  for (let i = 0; i < SERVICE_STATIC_BAND; i++) {
    const at = (low + i) % SERVICE_STATIC_BAND;
    if (!used.has(at)) return formatIp(SERVICE_NET + 1 + at);
  }
  return null;
}

/** The next NodePort in 30000-32767 (random start, scan forward). */
export function allocateNodePort(state: ClusterState, taken: Set<number> = new Set()): number | null {
  const used = new Set<number>(taken);
  for (const s of state.services) for (const p of s.ports) if (p.nodePort !== undefined) used.add(p.nodePort);
  const start = drawInt(state.draws, 'svc', NODE_PORT_SIZE);
  for (let i = 0; i < NODE_PORT_SIZE; i++) {
    const port = NODE_PORT_BASE + ((start + i) % NODE_PORT_SIZE);
    if (!used.has(port)) return port;
  }
  return null;
}

export interface ServiceSpec {
  name: string;
  /** Any string: the API server rejects what it does not support. */
  type: string;
  ports: Array<{ name?: string; port: number; targetPort: number | string; protocol: string }>;
  selector: Record<string, string>;
  labels: Record<string, string>;
}

const SUPPORTED_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const quoteList = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');

/** k8s.io/apimachinery validation.IsDNS1035Label. */
function dns1035Errors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  return errs;
}

/** validation.IsValidPortName. */
function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const validPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** ValidateService's causes, in its order (name, then each port, then the type). */
function validateService(spec: ServiceSpec): string[] {
  const errs: string[] = [];
  for (const m of dns1035Errors(spec.name)) errs.push(`metadata.name: Invalid value: "${spec.name}": ${m}`);
  if (spec.ports.length === 0) errs.push('spec.ports: Required value');
  spec.ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (spec.ports.length > 1 && !p.name) errs.push(`${at}.name: Required value`);
    if (!validPort(p.port)) errs.push(`${at}.port: Invalid value: ${p.port}: ${PORT_RANGE}`);
    if (p.protocol === '') errs.push(`${at}.protocol: Required value`);
    else if (!SUPPORTED_PROTOCOLS.includes(p.protocol)) errs.push(`${at}.protocol: Unsupported value: "${p.protocol}": supported values: ${quoteList(SUPPORTED_PROTOCOLS)}`);
    if (typeof p.targetPort === 'number') {
      if (!validPort(p.targetPort)) errs.push(`${at}.targetPort: Invalid value: ${p.targetPort}: ${PORT_RANGE}`);
    } else {
      for (const m of portNameErrors(p.targetPort)) errs.push(`${at}.targetPort: Invalid value: "${p.targetPort}": ${m}`);
    }
  });
  if (!SUPPORTED_TYPES.includes(spec.type)) errs.push(`spec.type: Unsupported value: "${spec.type}": supported values: ${quoteList(SUPPORTED_TYPES)}`);
  return errs;
}

/** kubectl's rendering of an Invalid status (cmdutil.checkErr + MultilineError). */
export function invalidMessage(kind: string, name: string, causes: string[]): string {
  const head = `The ${kind} "${name}" is invalid: `;
  return causes.length === 1 ? `${head}${causes[0]}` : `${head}\n${causes.map((c) => `* ${c}`).join('\n')}`;
}

/** POST /api/v1/namespaces/NS/services: admission, validation, allocation, storage. */
export function createService(state: ClusterState, spec: ServiceSpec, namespace = 'default'): OpResult {
  if (!state.namespaces.some((n) => n.name === namespace)) return { error: `Error from server (NotFound): namespaces "${namespace}" not found` };
  const causes = validateService(spec);
  if (causes.length > 0) return { error: invalidMessage('Service', spec.name, causes) };
  if (spec.type === 'ExternalName') return { error: 'podlab: ExternalName services are not in this lab; use ClusterIP, NodePort or LoadBalancer.' };
  if (state.services.some((s) => s.namespace === namespace && s.name === spec.name)) {
    return { error: `Error from server (AlreadyExists): services "${spec.name}" already exists` };
  }
  ensureStream(state.draws, 'svc');
  const clusterIP = allocateClusterIP(state);
  if (clusterIP === null) return { error: `Internal error occurred: failed to allocate a serviceIP: range is full` };
  const type = spec.type as ServiceType;
  const ports: ServicePort[] = [];
  const taken = new Set<number>();
  for (const p of spec.ports) {
    const port: ServicePort = { ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, protocol: p.protocol as ServicePort['protocol'] };
    if (type !== 'ClusterIP') {
      const np = allocateNodePort(state, taken);
      if (np === null) return { error: `Internal error occurred: failed to allocate a nodePort: range is full` };
      taken.add(np);
      port.nodePort = np;
    }
    ports.push(port);
  }
  state.services.push({
    name: spec.name, namespace, uid: newUid(state.draws, 'svc'), type, clusterIP, ports,
    selector: { ...spec.selector }, labels: { ...spec.labels }, createdAt: state.clock.now,
  });
  const ep: EndpointsObj = { name: spec.name, namespace, addresses: [], ports: [] };
  state.endpoints.push(ep);
  refreshEndpoints(state);
  return { ok: true, message: `service/${spec.name} created` };
}

/**
 * DELETE a service: its Endpoints go with it and the ClusterIP and NodePorts
 * are free again. `default/kubernetes` is recreated at once by the
 * apiserver's reconciler, with the same address and a new UID.
 */
export function deleteService(state: ClusterState, name: string, namespace = 'default'): OpResult {
  const svc = state.services.find((s) => s.namespace === namespace && s.name === name);
  if (!svc) return { error: `Error from server (NotFound): services "${name}" not found` };
  state.services = state.services.filter((s) => s !== svc);
  if (namespace === 'default' && name === 'kubernetes') {
    ensureStream(state.draws, 'svc');
    state.services.push(kubernetesService(state, newUid(state.draws, 'svc')));
    return { ok: true, message: `service "${name}" deleted` };
  }
  state.endpoints = state.endpoints.filter((e) => !(e.namespace === namespace && e.name === name));
  return { ok: true, message: `service "${name}" deleted` };
}

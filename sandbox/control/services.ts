/**
 * Services and the endpoints controller.
 *
 * Every cluster starts with `kubernetes` (first address of the service range,
 * endpoint the apiserver on the control plane's IP :8443 under minikube) and
 * `kube-dns` (10.96.0.10: dns/UDP 53, dns-tcp/TCP 53, metrics/TCP 9153) with
 * the coredns pods as endpoints. Learners add their own with `kubectl expose`
 * and `kubectl create service` (ClusterIP, headless with clusterIP "None",
 * NodePort, LoadBalancer, ExternalName); the API server's part (validation,
 * ClusterIP and NodePort allocation, the client's own choice of either,
 * AlreadyExists) is here. EndpointSlices are derived from this state on
 * demand (control/endpointslices.ts).
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
  const dns: ServiceObj = {
    name: 'kube-dns', namespace: 'kube-system', uid: newUid(state.draws, 'bootstrap'), type: 'ClusterIP', clusterIP: '10.96.0.10',
    ports: [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
    ],
    selector: { 'k8s-app': 'kube-dns' },
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, createdAt: state.clock.now,
  };
  state.services.push(dns);
  addEndpointsFor(state, dns);
}

/** The Endpoints object the controller creates with a new selector service (its first write: no update yet). */
function addEndpointsFor(state: ClusterState, svc: ServiceObj): void {
  if (svc.type === 'ExternalName' || Object.keys(svc.selector).length === 0) return;
  const ep: EndpointsObj = { name: svc.name, namespace: svc.namespace, addresses: [], ports: [] };
  state.endpoints.push(ep);
  writeEndpoints(ep, endpointsContent(svc, podsWithIpByNamespace(state).get(svc.namespace) ?? []), state.clock.now, true);
}

function kubernetesService(state: ClusterState, uid: string): ServiceObj {
  return {
    name: 'kubernetes', namespace: 'default', uid, type: 'ClusterIP', clusterIP: '10.96.0.1',
    ports: [{ name: 'https', port: 443, targetPort: APISERVER_PORT, protocol: 'TCP' }], selector: {},
    labels: { component: 'apiserver', provider: 'kubernetes' }, createdAt: state.clock.now,
  };
}

const isReady = (p: PodObj) => p.phase === 'Running' && p.containers.length > 0 && p.containers.every((c) => c.ready);

/** What the endpoints controller writes for one service: ready and not-ready addresses, and the ports. */
interface EndpointsContent {
  addresses: EndpointAddress[];
  notReadyAddresses: EndpointAddress[];
  ports: EndpointsObj['ports'];
}

/**
 * The endpoints controller's sync of one service (v1.25 endpoints_controller
 * syncService): every pod of the namespace that matches the selector and has
 * an IP — ready ones as addresses, the others as notReadyAddresses — once per
 * port whose targetPort resolves. A numeric targetPort always does; a named
 * one needs a container port of that name, which the lab's pods never
 * declare, so such a port selects no pod. A headless service without ports
 * lists the addresses alone.
 */
/** Whether labels carry every key of a service's selector with its value (an empty selector asks for nothing). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.keys(selector).every((k) => labels[k] === selector[k]);
}

function endpointsContent(svc: ServiceObj, pods: readonly PodObj[]): EndpointsContent {
  const ports = svc.ports.filter((p) => typeof p.targetPort === 'number').map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.targetPort as number, protocol: p.protocol }));
  const addresses: EndpointAddress[] = [];
  const notReadyAddresses: EndpointAddress[] = [];
  if (ports.length > 0 || (svc.ports.length === 0 && svc.clusterIP === 'None')) {
    for (const p of pods) {
      if (!selectorMatches(svc.selector, p.labels)) continue;
      (isReady(p) ? addresses : notReadyAddresses).push({ ip: p.ip!, nodeName: p.node, targetRef: { kind: 'Pod', namespace: p.namespace, name: p.name } });
    }
  }
  return { addresses, notReadyAddresses, ports };
}

function sameAddresses(a: readonly EndpointAddress[], b: readonly EndpointAddress[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.ip !== y.ip || x.nodeName !== y.nodeName || x.targetRef?.name !== y.targetRef?.name) return false;
  }
  return true;
}

function samePorts(a: EndpointsObj['ports'], b: EndpointsObj['ports']): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.port === b[i]!.port && p.protocol === b[i]!.protocol);
}

/**
 * Store what the controller computed. A change after the first write is an
 * update of the Endpoints and of the service's EndpointSlice: it moves the
 * last-change trigger time to now (the pods' readiness transitions happen at
 * the lab clock's current instant) and bumps the slice's generation.
 */
function writeEndpoints(ep: EndpointsObj, c: EndpointsContent, now: number, first: boolean): void {
  const changed = !sameAddresses(ep.addresses, c.addresses) || !sameAddresses(ep.notReadyAddresses ?? [], c.notReadyAddresses) || !samePorts(ep.ports, c.ports);
  if (!changed) return;
  ep.addresses = c.addresses;
  if (c.notReadyAddresses.length > 0) ep.notReadyAddresses = c.notReadyAddresses;
  else delete ep.notReadyAddresses;
  ep.ports = c.ports;
  if (!first) {
    ep.changedAt = now;
    ep.sliceUpdates = (ep.sliceUpdates ?? 0) + 1;
  }
}

/** Pods that have an address, by namespace: what both endpoints controllers look at. */
function podsWithIpByNamespace(state: ClusterState): Map<string, PodObj[]> {
  const byNs = new Map<string, PodObj[]>();
  for (const p of state.pods) {
    if (!p.ip) continue;
    const list = byNs.get(p.namespace);
    if (list) list.push(p);
    else byNs.set(p.namespace, [p]);
  }
  return byNs;
}

/**
 * The endpoints controller, after every change to pods: one pass over the
 * pods, then each service with a selector. ExternalName services get no
 * endpoints (issues.k8s.io/105986, fixed before v1.25); selectorless ones
 * (`kubernetes`) are written by whoever owns them.
 */
export function refreshEndpoints(state: ClusterState): void {
  let byNs: Map<string, PodObj[]> | undefined;
  for (const svc of state.services) {
    if (svc.type === 'ExternalName' || Object.keys(svc.selector).length === 0) continue;
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    if (!ep) continue;
    byNs ??= podsWithIpByNamespace(state);
    writeEndpoints(ep, endpointsContent(svc, byNs.get(svc.namespace) ?? []), state.clock.now, false);
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
  /** nodePort: a port the client asks for (0 or absent: the allocator picks one). */
  ports: Array<{ name?: string; port: number; targetPort: number | string; protocol: string; nodePort?: number }>;
  selector: Record<string, string>;
  labels: Record<string, string>;
  /** spec.clusterIP as sent: absent to have one allocated, "None" for a headless service, or the address wanted. */
  clusterIP?: string;
  /** spec.externalName (ExternalName services). */
  externalName?: string;
}

const SUPPORTED_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const quoteList = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
/** ports.KubeletPort: a LoadBalancer may not expose it (ValidateService). */
const KUBELET_PORT = 10250;

/** k8s.io/apimachinery validation.IsDNS1035Label. */
function dns1035Errors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  return errs;
}

/** validation.IsDNS1123Label (service port names). */
function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }
  return errs;
}

/** validation.IsDNS1123Subdomain (spec.externalName). */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)) {
    errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return errs;
}

/** validation.IsValidPortName. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const validPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** Go's %#v of the internal core.ServicePort key ValidateService reports a duplicate port with. */
function portKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/**
 * ValidateService's causes for a create, in its order: metadata.name; ports
 * required (not for headless or ExternalName); the per-type rules; each port
 * (name, port, protocol, targetPort); the type; nodePorts on a ClusterIP
 * service; duplicate nodePorts and ports; then the clusterIP's form.
 */
function validateService(spec: ServiceSpec): string[] {
  const errs: string[] = [];
  const headless = spec.clusterIP === 'None';
  for (const m of dns1035Errors(spec.name)) errs.push(`metadata.name: Invalid value: "${spec.name}": ${m}`);
  if (spec.ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push('spec.ports: Required value');
  if (spec.type === 'LoadBalancer') {
    spec.ports.forEach((p, i) => {
      if (p.port === KUBELET_PORT) errs.push(`spec.ports[${i}]: Invalid value: ${p.port}: may not expose port ${KUBELET_PORT} externally since it is used by kubelet`);
    });
  }
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && headless) {
    errs.push(`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for ${spec.type} services`);
  }
  if (spec.type === 'ExternalName') {
    if (spec.clusterIP !== undefined && spec.clusterIP !== '') errs.push('spec.clusterIPs: Forbidden: may not be set for ExternalName services');
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname === '') errs.push('spec.externalName: Required value');
    else for (const m of dns1123SubdomainErrors(cname)) errs.push(`spec.externalName: Invalid value: "${cname}": ${m}`);
  }
  const names = new Set<string>();
  spec.ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (spec.ports.length > 1 && !p.name) errs.push(`${at}.name: Required value`);
    else if (p.name) {
      for (const m of dns1123LabelErrors(p.name)) errs.push(`${at}.name: Invalid value: "${p.name}": ${m}`);
      if (names.has(p.name)) errs.push(`${at}.name: Duplicate value: "${p.name}"`);
      names.add(p.name);
    }
    if (!validPort(p.port)) errs.push(`${at}.port: Invalid value: ${p.port}: ${PORT_RANGE}`);
    if (p.protocol === '') errs.push(`${at}.protocol: Required value`);
    else if (!SUPPORTED_PROTOCOLS.includes(p.protocol)) errs.push(`${at}.protocol: Unsupported value: "${p.protocol}": supported values: ${quoteList(SUPPORTED_PROTOCOLS)}`);
    if (typeof p.targetPort === 'number') {
      if (!validPort(p.targetPort)) errs.push(`${at}.targetPort: Invalid value: ${p.targetPort}: ${PORT_RANGE}`);
    } else {
      for (const m of portNameErrors(p.targetPort)) errs.push(`${at}.targetPort: Invalid value: "${p.targetPort}": ${m}`);
    }
    if (p.nodePort && !validPort(p.nodePort)) errs.push(`${at}.nodePort: Invalid value: ${p.nodePort}: ${PORT_RANGE}`);
  });
  if (!SUPPORTED_TYPES.includes(spec.type)) errs.push(`spec.type: Unsupported value: "${spec.type}": supported values: ${quoteList(SUPPORTED_TYPES)}`);
  if (spec.type === 'ClusterIP') {
    spec.ports.forEach((p, i) => {
      if (p.nodePort) errs.push(`spec.ports[${i}].nodePort: Forbidden: may not be used when \`type\` is 'ClusterIP'`);
    });
  }
  const nodePorts = new Set<string>();
  const ports = new Set<string>();
  spec.ports.forEach((p, i) => {
    if (p.nodePort) {
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(`spec.ports[${i}].nodePort: Duplicate value: ${p.nodePort}`);
      nodePorts.add(key);
    }
  });
  spec.ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (ports.has(key)) errs.push(`spec.ports[${i}]: Duplicate value: ${portKey(p.protocol, p.port)}`);
    ports.add(key);
  });
  if (spec.type !== 'ExternalName' && spec.clusterIP !== undefined && spec.clusterIP !== '' && !headless && parseIp(spec.clusterIP) === null) {
    errs.push(`spec.clusterIPs[0]: Invalid value: "${spec.clusterIP}": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
  }
  return errs;
}

/** An API error as the server answers it: the Status reason and message (the text a wrapping command prints). */
export interface ApiStatus {
  reason: 'Invalid' | 'AlreadyExists' | 'NotFound' | 'InternalError';
  message: string;
}

/** OpResult, with the server's Status on failure: `error` is how kubectl prints it unwrapped. */
export type CreateServiceResult = { ok: true; message: string } | { error: string; status: ApiStatus };

/** kubectl's rendering of an Invalid status (cmdutil.checkErr + MultilineError). */
export function invalidMessage(kind: string, name: string, causes: string[]): string {
  const head = `The ${kind} "${name}" is invalid: `;
  return causes.length === 1 ? `${head}${causes[0]}` : `${head}\n${causes.map((c) => `* ${c}`).join('\n')}`;
}

/** An Invalid Status: its message is NewInvalid's (one cause, or the aggregate `[a, b]`). */
function invalid(name: string, causes: string[]): CreateServiceResult {
  const unique = [...new Set(causes)];
  const message = `Service "${name}" is invalid: ${unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`}`;
  return { error: invalidMessage('Service', name, unique), status: { reason: 'Invalid', message } };
}

function failure(reason: ApiStatus['reason'], message: string): CreateServiceResult {
  return { error: `Error from server (${reason}): ${message}`, status: { reason, message } };
}

/** Allocate the address the client asked for (ipallocator AllocateService with a given IP). */
function claimClusterIP(state: ClusterState, ip: string): string | null {
  const n = parseIp(ip);
  const offset = n === null ? -1 : n - SERVICE_NET - 1;
  if (offset < 0 || offset >= SERVICE_MAX) return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`;
  if (state.services.some((s) => s.clusterIP === ip)) return 'provided IP is already allocated';
  return null;
}

/** POST /api/v1/namespaces/NS/services: admission, validation, allocation, storage. */
export function createService(state: ClusterState, spec: ServiceSpec, namespace = 'default'): CreateServiceResult {
  if (!state.namespaces.some((n) => n.name === namespace)) return failure('NotFound', `namespaces "${namespace}" not found`);
  const causes = validateService(spec);
  if (causes.length > 0) return invalid(spec.name, causes);
  if (state.services.some((s) => s.namespace === namespace && s.name === spec.name)) {
    return failure('AlreadyExists', `services "${spec.name}" already exists`);
  }
  ensureStream(state.draws, 'svc');
  const type = spec.type as ServiceType;
  let clusterIP = '';
  if (type !== 'ExternalName') {
    if (spec.clusterIP === 'None') clusterIP = 'None';
    else if (spec.clusterIP) {
      const bad = claimClusterIP(state, spec.clusterIP);
      if (bad) return invalid(spec.name, [`spec.clusterIPs: Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: ${bad}`]);
      clusterIP = spec.clusterIP;
    } else {
      const ip = allocateClusterIP(state);
      if (ip === null) return failure('InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
      clusterIP = ip;
    }
  }
  const ports: ServicePort[] = [];
  const taken = new Set<number>();
  const usedNodePorts = new Set<number>();
  for (const s of state.services) for (const p of s.ports) if (p.nodePort !== undefined) usedNodePorts.add(p.nodePort);
  for (const [i, p] of spec.ports.entries()) {
    const port: ServicePort = { ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, protocol: p.protocol as ServicePort['protocol'] };
    if (type === 'NodePort' || type === 'LoadBalancer') {
      if (p.nodePort) {
        const at = `spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}`;
        if (p.nodePort < NODE_PORT_BASE || p.nodePort >= NODE_PORT_BASE + NODE_PORT_SIZE) return invalid(spec.name, [`${at}: provided port is not in the valid range. The range of valid ports is 30000-32767`]);
        if (usedNodePorts.has(p.nodePort) || taken.has(p.nodePort)) return invalid(spec.name, [`${at}: provided port is already allocated`]);
        port.nodePort = p.nodePort;
      } else {
        const np = allocateNodePort(state, taken);
        if (np === null) return failure('InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
        port.nodePort = np;
      }
      taken.add(port.nodePort);
    }
    ports.push(port);
  }
  const svc: ServiceObj = {
    name: spec.name, namespace, uid: newUid(state.draws, 'svc'), type, clusterIP, ports,
    selector: { ...spec.selector }, labels: { ...spec.labels }, createdAt: state.clock.now,
  };
  if (type === 'ExternalName') svc.externalName = spec.externalName ?? '';
  state.services.push(svc);
  addEndpointsFor(state, svc);
  return { ok: true, message: `service/${spec.name} created` };
}

/**
 * DELETE a service: its Endpoints go with it (and its EndpointSlices, derived
 * from it) and the ClusterIP and NodePorts are free again. `default/kubernetes`
 * is recreated at once by the apiserver's reconciler, with the same address
 * and a new UID.
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

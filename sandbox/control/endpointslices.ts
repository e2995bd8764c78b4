/**
 * EndpointSlices (discovery.k8s.io/v1) and the metadata the endpoints
 * controllers write, derived on demand from the services, their Endpoints
 * and the pods: nothing here is stored, so the slices can never disagree with
 * the model the kube-proxy rules are built from.
 *
 * What v1.25 writes (pkg/controller/endpointslice reconciler.go and utils.go,
 * pkg/controlplane/reconcilers/endpointsadapter.go):
 *  - one slice per selector service (per 100 endpoints: maxEndpointsPerSlice),
 *    named by generateName `SERVICE-` plus utilrand.String(5); with no pod, a
 *    placeholder with neither ports nor endpoints;
 *  - labels: the service's (minus the two reserved keys), plus
 *    kubernetes.io/service-name, endpointslice.kubernetes.io/managed-by
 *    endpointslice-controller.k8s.io, and service.kubernetes.io/headless for
 *    a headless service; an owner reference to the service; the annotation
 *    endpoints.kubernetes.io/last-change-trigger-time;
 *  - every pod of the selector that has an IP, ready or not, with conditions
 *    ready/serving/terminating, nodeName and a targetRef; in the order the
 *    controller keeps (existing endpoints stay, new ones are appended), which
 *    is the pods' creation order here;
 *  - ports: each service port whose targetPort resolves on the pod, `name`
 *    always present ("" when unnamed);
 *  - `default/kubernetes`: written by the apiserver's endpoint reconciler from
 *    its Endpoints, named `kubernetes`, labelled only with the service name,
 *    conditions {ready: true}, no nodeName, targetRef or owner.
 * ExternalName services get none (issues.k8s.io/105986).
 */
import type { ClusterState, EndpointsObj, PodObj, ServiceObj, ServiceProtocol } from '../model/cluster';
import { fnv1a } from '../model/rng';
import { SAFE_ALPHABET } from './names';
import { selectorMatches } from './services';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
/** The controller's --max-endpoints-per-slice default. */
const MAX_ENDPOINTS_PER_SLICE = 100;
/** names.SimpleNameGenerator: a generateName base longer than 63-5 characters is cut. */
const MAX_GENERATED_BASE = 58;

/**
 * Port order of slices whose ports the controller has been seen to reorder:
 * it sorts a pod's ports by a hash of their Go rendering (endpointutil
 * NewPortMapKey), and published `kubectl get endpointslices -n kube-system`
 * outputs show kube-dns as `53,9153,53` (its Service lists 53/UDP, 53/TCP,
 * 9153/TCP). Other services keep their Service's order.
 */
const PORT_ORDER: Record<string, readonly string[]> = {
  'kube-system/kube-dns': ['dns', 'metrics', 'dns-tcp'],
};

export interface SliceEndpoint {
  ip: string;
  ready: boolean;
  /** Absent on the apiserver's `kubernetes` slice, which sets only ready. */
  serving?: boolean;
  terminating?: boolean;
  nodeName?: string;
  pod?: { namespace: string; name: string; uid: string };
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: ServiceProtocol;
}

export interface EndpointSliceView {
  name: string;
  namespace: string;
  service: string;
  uid: string;
  labels: Record<string, string>;
  /** The endpoints.kubernetes.io/last-change-trigger-time annotation's time (absent: no annotation). */
  triggerTime?: number;
  /** generateName when the controller made it (the apiserver's `kubernetes` slice has a fixed name). */
  generateName?: string;
  /** The owning Service (absent for `kubernetes`). */
  owner?: { name: string; uid: string };
  createdAt: number;
  generation: number;
  addressType: 'IPv4';
  /** null: the API returns `ports: null` (a placeholder, or no port resolved). */
  ports: SlicePort[] | null;
  endpoints: SliceEndpoint[] | null;
}

/** A stable string from the alphabet, from `key` (reading must not draw from the engine's streams). */
function derived(key: string, alphabet: string, len: number): string {
  let h = fnv1a(key);
  let out = '';
  for (let i = 0; i < len; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12) ^ i) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

function derivedUuid(key: string): string {
  const h = derived(key, '0123456789abcdef', 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-b${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const podReady = (p: PodObj) => p.phase === 'Running' && p.containers.length > 0 && p.containers.every((c) => c.ready);

/** The Endpoints object's labels and annotations (endpoints_controller syncService; the apiserver's for `kubernetes`). */
export function endpointsMeta(svc: ServiceObj | undefined, ep: EndpointsObj): { labels: Record<string, string>; triggerTime?: number } {
  if (!svc || Object.keys(svc.selector).length === 0) {
    return { labels: ep.namespace === 'default' && ep.name === 'kubernetes' ? { [SKIP_MIRROR_LABEL]: 'true' } : {} };
  }
  const labels: Record<string, string> = { ...svc.labels };
  if (svc.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  return { labels, triggerTime: ep.changedAt ?? svc.createdAt };
}

/** The slice's labels: setEndpointSliceLabels. */
function sliceLabels(svc: ServiceObj): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.labels)) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
  if (svc.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.name;
  labels[MANAGED_BY_LABEL] = SLICE_CONTROLLER;
  return labels;
}

/** getEndpointPorts: the service ports whose targetPort resolves on the lab's pods (numbers only: they declare no named ports). */
function slicePorts(svc: ServiceObj): SlicePort[] {
  const ports = svc.ports.filter((p) => typeof p.targetPort === 'number').map((p) => ({ name: p.name ?? '', port: p.targetPort as number, protocol: p.protocol }));
  const order = PORT_ORDER[`${svc.namespace}/${svc.name}`];
  if (!order) return ports;
  const rank = (p: SlicePort) => (order.includes(p.name) ? order.indexOf(p.name) : order.length);
  return [...ports].sort((a, b) => rank(a) - rank(b));
}

function controllerSlices(svc: ServiceObj, ep: EndpointsObj | undefined, pods: readonly PodObj[]): EndpointSliceView[] {
  const endpoints: SliceEndpoint[] = [];
  for (const p of pods) {
    if (!p.ip || p.namespace !== svc.namespace || !selectorMatches(svc.selector, p.labels)) continue;
    const serving = podReady(p);
    endpoints.push({ ip: p.ip, ready: serving, serving, terminating: false, ...(p.node ? { nodeName: p.node } : {}), pod: { namespace: p.namespace, name: p.name, uid: p.uid } });
  }
  const base = `${svc.name}-`.slice(0, MAX_GENERATED_BASE);
  const common = {
    namespace: svc.namespace, service: svc.name, labels: sliceLabels(svc),
    triggerTime: ep?.changedAt ?? svc.createdAt,
    generateName: `${svc.name}-`, owner: { name: svc.name, uid: svc.uid }, createdAt: svc.createdAt,
    generation: 1 + (ep?.sliceUpdates ?? 0), addressType: 'IPv4' as const,
  };
  const name = (i: number) => `${base}${derived(`slice/${svc.uid}/${i}`, SAFE_ALPHABET, 5)}`;
  if (endpoints.length === 0) return [{ ...common, name: name(0), uid: derivedUuid(`slice/${svc.uid}/0`), ports: null, endpoints: null }];
  const ports = slicePorts(svc);
  const out: EndpointSliceView[] = [];
  for (let i = 0; i * MAX_ENDPOINTS_PER_SLICE < endpoints.length; i++) {
    out.push({
      ...common, name: name(i), uid: derivedUuid(`slice/${svc.uid}/${i}`), ...(i > 0 ? { generation: 1 } : {}),
      ports: ports.length > 0 ? ports : null, endpoints: endpoints.slice(i * MAX_ENDPOINTS_PER_SLICE, (i + 1) * MAX_ENDPOINTS_PER_SLICE),
    });
  }
  return out;
}

/** The `kubernetes` slice the apiserver mirrors from its own Endpoints (endpointSliceFromEndpoints). */
function apiserverSlice(svc: ServiceObj, ep: EndpointsObj): EndpointSliceView {
  const endpoints: SliceEndpoint[] = [
    ...ep.addresses.map((a) => ({ ip: a.ip, ready: true })),
    ...(ep.notReadyAddresses ?? []).map((a) => ({ ip: a.ip, ready: false })),
  ];
  return {
    name: ep.name, namespace: ep.namespace, service: ep.name, uid: derivedUuid(`slice/${ep.namespace}/${ep.name}`),
    labels: { [SERVICE_NAME_LABEL]: ep.name }, createdAt: svc.createdAt, generation: 1, addressType: 'IPv4',
    ports: ep.addresses.length + (ep.notReadyAddresses?.length ?? 0) > 0 ? ep.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })) : null,
    endpoints: endpoints.length > 0 ? endpoints : null,
  };
}

/** Every EndpointSlice of a namespace (null: all), in the API's order (namespace, then name). */
export function endpointSlicesOf(state: ClusterState, namespace: string | null): EndpointSliceView[] {
  const out: EndpointSliceView[] = [];
  let podsOfNs: Map<string, PodObj[]> | undefined;
  for (const svc of state.services) {
    if (namespace !== null && svc.namespace !== namespace) continue;
    if (svc.type === 'ExternalName') continue;
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    if (Object.keys(svc.selector).length === 0) {
      if (svc.namespace === 'default' && svc.name === 'kubernetes' && ep) out.push(apiserverSlice(svc, ep));
      continue;
    }
    if (!podsOfNs) {
      podsOfNs = new Map();
      for (const p of state.pods) {
        const list = podsOfNs.get(p.namespace);
        if (list) list.push(p);
        else podsOfNs.set(p.namespace, [p]);
      }
    }
    out.push(...controllerSlices(svc, ep, podsOfNs.get(svc.namespace) ?? []));
  }
  return out.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

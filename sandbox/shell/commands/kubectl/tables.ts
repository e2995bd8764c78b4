/**
 * The table columns kubectl v1.25 prints per type, as the server-side table
 * handlers define them (kubernetes pkg/printers/internalversion/printers.go):
 * pods READY/STATUS/RESTARTS/AGE (+ IP, NODE, NOMINATED NODE, READINESS GATES),
 * deployments READY/UP-TO-DATE/AVAILABLE/AGE (+ CONTAINERS, IMAGES, SELECTOR),
 * and so on. Empty values print as <none>.
 */
import type { Engine } from '../../../engine';
import type { EndpointsObj, PodObj } from '../../../model/cluster';
import { humanDuration } from '../../format/age';
import { formatLabels } from './common';
import { podReady, podsOfDeployment, podsOfReplicaSet, type EndpointSliceView, type KubeObject } from './model';

export interface Table {
  header: string[];
  rows: string[][];
}

const age = (now: number, t: number) => humanDuration(now - t);

function roles(labels: Record<string, string>): string {
  const r = Object.keys(labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).filter(Boolean).sort();
  return r.length > 0 ? r.join(',') : '<none>';
}

export function podStatus(p: PodObj): string {
  if (p.phase === 'Pending') return p.node ? 'ContainerCreating' : 'Pending';
  return p.phase;
}

export function podRestarts(p: PodObj, now: number): string {
  const restarts = p.containers.reduce((s, c) => s + c.restarts, 0);
  const last = p.containers.reduce((m, c) => Math.max(m, c.lastRestartAt ?? -1), -1);
  return last >= 0 && restarts > 0 ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

/** printers.go makePortString: `80/TCP`, with a node port `80:31234/TCP`. */
export function servicePorts(ports: ReadonlyArray<{ port: number; protocol: string; nodePort?: number }>): string {
  return ports.length === 0 ? '<none>' : ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

/**
 * printers.go getServiceExternalIP: LoadBalancers wait for an address minikube
 * never gives without `minikube tunnel`; an ExternalName service shows its name.
 */
export function serviceExternalIP(type: string, externalName?: string): string {
  if (type === 'LoadBalancer') return '<pending>';
  if (type === 'ExternalName') return externalName ?? '';
  return '<none>';
}

/**
 * printers.go formatEndpoints: at most three ready ip:port, then " + N
 * more..."; `<none>` when there are no subsets, empty when a subset holds only
 * not-ready addresses.
 */
export function formatEndpoints(ep: EndpointsObj): string {
  if (ep.addresses.length === 0) return (ep.notReadyAddresses?.length ?? 0) > 0 ? '' : '<none>';
  const addrs = [...ep.addresses].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const list: string[] = [];
  let count = 0;
  for (const port of ep.ports.length > 0 ? ep.ports : [undefined]) {
    for (const a of addrs) {
      if (list.length < 3) list.push(port ? `${a.ip}:${port.port}` : a.ip);
      count += 1;
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** printers.go listWithMoreString: at most three items, then " + N more..."; `<unset>` for none. */
function listWithMore(items: readonly string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** printers.go formatDiscoveryPorts: each port's number (its name, or `*`, when it has none). */
export function slicePortsCell(ports: EndpointSliceView['ports']): string {
  return listWithMore((ports ?? []).map((p) => String(p.port)));
}

/** printers.go formatDiscoveryEndpoints: every endpoint of the slice, ready or not. */
export function sliceEndpointsCell(endpoints: EndpointSliceView['endpoints']): string {
  return listWithMore((endpoints ?? []).map((e) => e.ip));
}

/** Column names of a type's table (wide adds the extra ones). */
export function headerFor(type: string, wide: boolean): string[] {
  switch (type) {
    case 'pods': return ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])];
    case 'nodes': return ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', ...(wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : [])];
    case 'deployments': return ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
    case 'replicasets': return ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
    case 'daemonsets': return ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
    case 'services': return ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(wide ? ['SELECTOR'] : [])];
    case 'endpoints': return ['NAME', 'ENDPOINTS', 'AGE'];
    case 'endpointslices': return ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'];
    case 'namespaces': return ['NAME', 'STATUS', 'AGE'];
    case 'events': return wide ? ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'] : ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
    default: return ['NAME'];
  }
}

/** One row of a type's table; `name` is what the NAME column shows (kind-prefixed when several types print). */
export function rowFor(o: KubeObject, engine: Engine, now: number, wide: boolean, name: string): string[] {
  switch (o.type) {
    case 'pods': {
      const p = o.pod;
      const ready = p.containers.filter((c) => c.ready && p.phase === 'Running').length;
      const row = [name, `${ready}/${p.containers.length}`, podStatus(p), podRestarts(p, now), age(now, p.createdAt)];
      if (wide) row.push(p.ip ?? '<none>', p.node || '<none>', '<none>', '<none>');
      return row;
    }
    case 'nodes': {
      const n = o.node;
      const row = [name, n.ready ? 'Ready' : 'NotReady', roles(n.labels), age(now, n.createdAt), n.kubeletVersion];
      if (wide) row.push(n.internalIP, '<none>', n.osImage, n.kernelVersion, n.containerRuntime);
      return row;
    }
    case 'deployments': {
      const d = o.deployment;
      const pods = podsOfDeployment(engine, d);
      const ready = pods.filter(podReady).length;
      const row = [name, `${ready}/${d.replicas}`, String(pods.length), String(ready), age(now, d.createdAt)];
      if (wide) row.push(pods[0]?.containers[0]?.name ?? containerName(d.image), d.image, formatLabels(o.selector));
      return row;
    }
    case 'replicasets': {
      const rs = o.rs;
      const pods = podsOfReplicaSet(engine, rs);
      const row = [name, String(rs.replicas), String(pods.length), String(pods.filter(podReady).length), age(now, rs.createdAt)];
      if (wide) row.push(containerName(rs.image), rs.image, formatLabels(o.selector));
      return row;
    }
    case 'daemonsets': {
      const ds = o.ds;
      const ready = String(ds.pods.filter(podReady).length);
      const row = [name, String(ds.pods.length), String(ds.pods.length), ready, String(ds.pods.length), ready, ds.nodeSelector, age(now, ds.createdAt)];
      if (wide) row.push(ds.container, ds.image, formatLabels(ds.selector));
      return row;
    }
    case 'services': {
      const s = o.svc;
      const row = [name, s.type, s.clusterIP || '<none>', serviceExternalIP(s.type, s.externalName), servicePorts(s.ports), age(now, s.createdAt)];
      if (wide) row.push(Object.keys(s.selector).length > 0 ? formatLabels(s.selector) : '<none>');
      return row;
    }
    case 'endpoints':
      return [name, formatEndpoints(o.ep), age(now, o.createdAt)];
    case 'endpointslices':
      return [name, o.slice.addressType, slicePortsCell(o.slice.ports), sliceEndpointsCell(o.slice.endpoints), age(now, o.createdAt)];
    case 'namespaces':
      return [name, 'Active', age(now, o.createdAt)];
    case 'events': {
      const e = o.ev;
      const obj = `${e.objectKind}/${e.objectName}`;
      if (!wide) return [age(now, e.at), e.type, e.reason, obj, e.message];
      const source = e.source === 'kubelet' ? `kubelet, ${engine.findPod(`${e.namespace}/${e.objectName}`)?.node ?? ''}` : e.source;
      return [age(now, e.at), e.type, e.reason, obj, '', source, e.message, age(now, e.at), '1', e.name];
    }
  }
}

function containerName(image: string): string {
  return image.split('/').pop()?.split(':')[0]?.replace(/[^a-z0-9-]/g, '-') ?? image;
}

/**
 * The services every cluster has from the start: `kubernetes` (first address
 * of the service range, endpoint the apiserver on the control plane's IP :8443
 * under minikube) and `kube-dns` (10.96.0.10: dns/UDP 53, dns-tcp/TCP 53,
 * metrics/TCP 9153) with the coredns pods as endpoints.
 */
import type { ClusterState } from '../model/cluster';
import { APISERVER_PORT } from './constants';
import { newUid } from './names';

export function createDefaultServices(state: ClusterState, controlPlaneIp: string): void {
  const now = state.clock.now;
  state.services.push({
    name: 'kubernetes', namespace: 'default', uid: newUid(state.draws, 'bootstrap'), type: 'ClusterIP', clusterIP: '10.96.0.1',
    ports: [{ name: 'https', port: 443, targetPort: APISERVER_PORT, protocol: 'TCP' }], selector: {},
    labels: { component: 'apiserver', provider: 'kubernetes' }, createdAt: now,
  });
  state.endpoints.push({ name: 'kubernetes', namespace: 'default', addresses: [{ ip: controlPlaneIp }], ports: [{ name: 'https', port: APISERVER_PORT, protocol: 'TCP' }] });
  state.services.push({
    name: 'kube-dns', namespace: 'kube-system', uid: newUid(state.draws, 'bootstrap'), type: 'ClusterIP', clusterIP: '10.96.0.10',
    ports: [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
    ],
    selector: { 'k8s-app': 'kube-dns' },
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, createdAt: now,
  });
  state.endpoints.push({ name: 'kube-dns', namespace: 'kube-system', addresses: [], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] });
  refreshEndpoints(state);
}

/** The endpoints controller: ready pods matching each selector. */
export function refreshEndpoints(state: ClusterState): void {
  for (const svc of state.services) {
    const keys = Object.keys(svc.selector);
    if (keys.length === 0) continue;
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    if (!ep) continue;
    ep.addresses = state.pods
      .filter((p) => p.namespace === svc.namespace && p.ip && p.containers.every((c) => c.ready) && keys.every((k) => p.labels[k] === svc.selector[k]))
      .map((p) => ({ ip: p.ip!, nodeName: p.node, targetRef: { kind: 'Pod' as const, namespace: p.namespace, name: p.name } }));
  }
}

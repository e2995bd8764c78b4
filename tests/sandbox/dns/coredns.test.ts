/**
 * The records CoreDNS v1.9.3 serves with minikube's Corefile, as pure
 * functions of the cluster state (sandbox/control/coredns.ts). Expected
 * values come from CoreDNS's source (plugin/kubernetes in v1.9.3:
 * parse.go, kubernetes.go findServices/findPods, reverse.go, handler.go;
 * plugin/backend_lookup.go SOA/SRV) and from CoreDNS query logs published
 * in kubernetes/kubernetes#72826 and kubernetes/website#24020.
 */
import { describe, expect, it } from 'vitest';
import {
  corednsAnswer, dockerDnsAnswer, nodeResolvConf, podResolvConf, responseSize,
  type DnsQuestion, type DnsResponse,
} from '../../../sandbox/control/coredns';
import type { Engine } from '../../../sandbox/index';
import { demoCluster } from '../shell/tools/helpers';

const COREDNS_IP = '10.244.0.2';

function cluster(): Engine {
  const e = demoCluster();
  e.exposeService('deployment', 'nginx', { port: 80 });
  return e;
}

const ask = (e: Engine, name: string, type: DnsQuestion['type'] = 'A'): DnsResponse => corednsAnswer(e.state, { name, type }, { podIp: COREDNS_IP });
const addresses = (r: DnsResponse) => r.answer.map((rr) => (rr.data.type === 'A' ? rr.data.address : rr.data.type === 'PTR' ? rr.data.target : rr.data.type));
const nginxIp = (e: Engine) => e.services().find((s) => s.name === 'nginx')!.clusterIP;

describe('service and pod names in cluster.local', () => {
  it('a service name is its ClusterIP, TTL 30 (ttl 30 in the kubernetes block), authoritative, no recursion', () => {
    const e = cluster();
    const r = ask(e, 'kubernetes.default.svc.cluster.local');
    expect(r).toMatchObject({ rcode: 'NOERROR', aa: true, ra: false, authority: [] });
    expect(r.answer).toEqual([{ name: 'kubernetes.default.svc.cluster.local', ttl: 30, data: { type: 'A', address: '10.96.0.1' } }]);
    expect(addresses(ask(e, 'nginx.default.svc.cluster.local.'))).toEqual([nginxIp(e)]);
    expect(addresses(ask(e, 'kube-dns.kube-system.svc.cluster.local'))).toEqual(['10.96.0.10']);
  });

  it('names are matched case-insensitively and answered in the case they were asked', () => {
    const r = ask(cluster(), 'NGINX.Default.svc.cluster.local');
    expect(r.answer[0]?.name).toBe('NGINX.Default.svc.cluster.local');
  });

  it('an endpoint name (address with dashes) under a ClusterIP service is that endpoint', () => {
    expect(addresses(ask(cluster(), '10-244-1-2.nginx.default.svc.cluster.local'))).toEqual(['10.244.1.2']);
  });

  it('a headless service (clusterIP None) has one A per ready endpoint', () => {
    const e = cluster();
    const svc = e.services().find((s) => s.name === 'nginx')!;
    svc.clusterIP = 'None';
    const r = ask(e, 'nginx.default.svc.cluster.local');
    expect(addresses(r).sort()).toEqual(['10.244.0.3', '10.244.1.2', '10.244.2.2']);
  });

  it('a headless service without ready endpoints is NXDOMAIN (findServices keeps errNoItems)', () => {
    const e = cluster();
    e.services().find((s) => s.name === 'nginx')!.clusterIP = 'None';
    e.endpoints().find((x) => x.name === 'nginx')!.addresses = [];
    expect(ask(e, 'nginx.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('"pods insecure": a-b-c-d.NS.pod.cluster.local is the address in the name, whether or not the pod exists', () => {
    const e = cluster();
    expect(addresses(ask(e, '10-244-1-2.default.pod.cluster.local'))).toEqual(['10.244.1.2']);
    expect(addresses(ask(e, '10-9-9-9.kube-system.pod.cluster.local'))).toEqual(['10.9.9.9']);
    // ... but the namespace must exist, and the label must be an address.
    expect(ask(e, '10-244-1-2.nosuch.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask(e, 'web.default.pod.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('NXDOMAIN carries the zone SOA: ns.dns.cluster.local. hostmaster.cluster.local. SERIAL 7200 1800 86400 30', () => {
    const r = ask(cluster(), 'nosuch.default.svc.cluster.local');
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.aa).toBe(true);
    expect(r.authority).toHaveLength(1);
    expect(r.authority[0]).toMatchObject({ name: 'cluster.local', ttl: 30, data: { type: 'SOA', mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', refresh: 7200, retry: 1800, expire: 86400, minimum: 30 } });
  });

  it.each([
    ['a service in a namespace that does not exist', 'nginx.nosuch.svc.cluster.local'],
    ['a label other than svc or pod', 'nginx.default.foo.cluster.local'],
    ['too many labels', 'a.b.c.nginx.default.svc.cluster.local'],
    ['search-list junk: kubernetes.default.default.svc.cluster.local', 'kubernetes.default.default.svc.cluster.local'],
  ])('NXDOMAIN for %s', (_what, name) => {
    expect(ask(cluster(), name).rcode).toBe('NXDOMAIN');
  });

  it('names that exist without the asked type are NODATA: AAAA of an IPv4 service, a namespace, the zone', () => {
    const e = cluster();
    for (const [name, type] of [['nginx.default.svc.cluster.local', 'AAAA'], ['default.svc.cluster.local', 'A'], ['svc.cluster.local', 'A'], ['cluster.local', 'A']] as const) {
      const r = ask(e, name, type);
      expect([name, r.rcode, r.answer.length, r.authority[0]?.data.type]).toEqual([name, 'NOERROR', 0, 'SOA']);
    }
  });

  it('SOA and NS of the zone itself (NS names the kube-dns service, with its address as additional record)', () => {
    const e = cluster();
    expect(ask(e, 'cluster.local', 'SOA').answer[0]?.data.type).toBe('SOA');
    const ns = ask(e, 'cluster.local', 'NS');
    expect(ns.answer.map((rr) => rr.data)).toEqual([{ type: 'NS', target: 'kube-dns.kube-system.svc.cluster.local' }]);
    expect(ns.additional).toEqual([{ name: 'kube-dns.kube-system.svc.cluster.local', ttl: 30, data: { type: 'A', address: '10.96.0.10' } }]);
  });

  it('SRV: one record per port at weight 100/n, targets the service or endpoint names, addresses as additional records', () => {
    const e = cluster();
    const clusterIp = ask(e, 'nginx.default.svc.cluster.local', 'SRV');
    expect(clusterIp.answer.map((rr) => rr.data)).toEqual([{ type: 'SRV', priority: 0, weight: 100, port: 80, target: 'nginx.default.svc.cluster.local' }]);
    expect(addresses({ ...clusterIp, answer: clusterIp.additional })).toEqual([nginxIp(e)]);
    e.services().find((s) => s.name === 'nginx')!.clusterIP = 'None';
    const headless = ask(e, 'nginx.default.svc.cluster.local', 'SRV');
    expect(headless.answer.map((rr) => (rr.data.type === 'SRV' ? `${rr.data.weight} ${rr.data.port} ${rr.data.target}` : '')).sort()).toEqual([
      '33 80 10-244-0-3.nginx.default.svc.cluster.local', '33 80 10-244-1-2.nginx.default.svc.cluster.local', '33 80 10-244-2-2.nginx.default.svc.cluster.local',
    ]);
  });

  it('TXT: only dns-version.cluster.local ("1.1.0", TTL 28800); any other name is NODATA, even one that does not exist', () => {
    const e = cluster();
    expect(ask(e, 'dns-version.cluster.local', 'TXT').answer).toEqual([{ name: 'dns-version.cluster.local', ttl: 28800, data: { type: 'TXT', text: '1.1.0' } }]);
    expect(ask(e, 'nosuch.default.svc.cluster.local', 'TXT')).toMatchObject({ rcode: 'NOERROR', answer: [] });
  });
});

describe('reverse names', () => {
  it('a ClusterIP points to its service; a ready endpoint to <dashed-ip>.<service>.<ns>.svc.cluster.local', () => {
    const e = cluster();
    expect(addresses(ask(e, '10.0.96.10.in-addr.arpa', 'PTR'))).toEqual(['kube-dns.kube-system.svc.cluster.local']);
    expect(addresses(ask(e, '2.1.244.10.in-addr.arpa', 'PTR'))).toEqual(['10-244-1-2.nginx.default.svc.cluster.local']);
    expect(addresses(ask(e, '2.0.244.10.in-addr.arpa', 'PTR'))).toEqual(['10-244-0-2.kube-dns.kube-system.svc.cluster.local']);
  });

  it('an address two services select has one PTR per service', () => {
    const e = cluster();
    e.createService({ name: 'web', type: 'ClusterIP', selector: { app: 'nginx' }, labels: {}, ports: [{ port: 8080, targetPort: 80, protocol: 'TCP' }] });
    expect(addresses(ask(e, '2.1.244.10.in-addr.arpa', 'PTR')).sort()).toEqual(['10-244-1-2.nginx.default.svc.cluster.local', '10-244-1-2.web.default.svc.cluster.local']);
  });

  it('unknown reverse names fall through (fallthrough in-addr.arpa) to hosts and forward: the gateway is host.minikube.internal, nodes are docker containers, the rest SERVFAIL offline', () => {
    const e = cluster();
    const gw = e.state.network.gateway;
    const rev = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
    expect(ask(e, rev(gw), 'PTR')).toMatchObject({ rcode: 'NOERROR', aa: true, answer: [{ ttl: 3600, data: { type: 'PTR', target: 'host.minikube.internal' } }] });
    expect(ask(e, rev('192.168.103.3'), 'PTR')).toMatchObject({ rcode: 'NOERROR', aa: false, ra: true, answer: [{ ttl: 600, data: { type: 'PTR', target: 'multinode-demo-m02.multinode-demo' } }] });
    // A pod no service selects has no PTR in the kubernetes plugin.
    e.createPod('lonely', 'busybox');
    e.advance(30_000);
    const lonely = e.pods().find((p) => p.name === 'lonely')!.ip!;
    expect(ask(e, rev(lonely), 'PTR')).toMatchObject({ rcode: 'SERVFAIL', aa: false, ra: false });
  });
});

describe('outside cluster.local', () => {
  it('host.minikube.internal comes from the hosts block (TTL 3600); AAAA is an empty answer', () => {
    const e = cluster();
    expect(ask(e, 'host.minikube.internal').answer).toEqual([{ name: 'host.minikube.internal', ttl: 3600, data: { type: 'A', address: e.state.network.gateway } }]);
    expect(ask(e, 'host.minikube.internal', 'AAAA')).toMatchObject({ rcode: 'NOERROR', aa: true, answer: [], authority: [] });
  });

  it('node names resolve through forward to docker\'s resolver (not authoritative, recursion available, TTL 600)', () => {
    expect(ask(cluster(), 'multinode-demo-m03')).toMatchObject({ rcode: 'NOERROR', aa: false, ra: true, answer: [{ ttl: 600, data: { address: '192.168.103.4' } }] });
  });

  it('everything else is SERVFAIL: docker\'s resolver reaches no upstream (the lab is offline) and CoreDNS relays it', () => {
    const e = cluster();
    for (const name of ['kubernetes.default', 'google.com', 'nginx', '.']) expect([name, ask(e, name).rcode]).toEqual([name, 'SERVFAIL']);
  });

  it('a stopped node container is gone from docker\'s names', () => {
    const e = cluster();
    e.nodeStop('multinode-demo-m03');
    expect(dockerDnsAnswer(e.state, { name: 'multinode-demo-m03', type: 'A' }).rcode).toBe('SERVFAIL');
  });
});

describe('resolv.conf', () => {
  it('a ClusterFirst pod: nameserver first, as cri-dockerd writes it (kubernetes/minikube#8949 shows this file)', () => {
    expect(podResolvConf('default')).toBe('nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');
  });

  it('a node: docker\'s file with 127.0.0.11 replaced by the network gateway (kicbase entrypoint, enable_network_magic)', () => {
    expect(nodeResolvConf(cluster().state)).toBe('nameserver 192.168.103.1\noptions ndots:0\n');
  });
});

describe('message sizes', () => {
  // CoreDNS query logs from kubernetes/kubernetes#72826: request and response sizes of real replies (no EDNS).
  it.each([
    ['kubernetes.default.svc.cluster.local', 'A', 106],
    ['kubernetes.default.default.svc.cluster.local', 'A', 155],
    ['10.0.96.10.in-addr.arpa', 'PTR', 116],
    ['1.0.96.10.in-addr.arpa', 'PTR', 112],
  ] as const)('%s %s: %i bytes', (name, type, size) => {
    const e = cluster();
    expect(responseSize({ name, type }, ask(e, name, type), false)).toBe(size);
  });

  it('with EDNS the echoed OPT record adds 11 bytes (dig 9.18 shows MSG SIZE rcvd: 117 for kubernetes.default)', () => {
    const e = cluster();
    const q = { name: 'kubernetes.default.svc.cluster.local', type: 'A' } as const;
    expect(responseSize(q, ask(e, q.name), true)).toBe(117);
  });
});

/**
 * dig's record layout (tab stops at 24/32/40/48, at least one character
 * between fields). Every expected line below is copied from BIND 9.18.49 dig
 * output recorded against a responder answering as CoreDNS does.
 */
import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../../sandbox/control/coredns';
import { digWhen, questionLine, recordLine } from '../../../sandbox/shell/format/dns-dig';

const a = (name: string, ttl: number, address: string): ResourceRecord => ({ name, ttl, data: { type: 'A', address } });

describe('dig record lines', () => {
  it.each([
    [a('multinode-demo-m02', 600, '192.168.103.3'), 'multinode-demo-m02.\t600\tIN\tA\t192.168.103.3'],
    [a('kubernetes.default.svc.cluster.local', 30, '10.96.0.1'), 'kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1'],
    [a('kube-dns.kube-system.svc.cluster.local', 30, '10.96.0.10'), 'kube-dns.kube-system.svc.cluster.local.\t30 IN A\t10.96.0.10'],
    [a('10-244-1-2.web.default.svc.cluster.local', 30, '10.244.1.2'), '10-244-1-2.web.default.svc.cluster.local. 30 IN\tA 10.244.1.2'],
    [{ name: '2.1.244.10.in-addr.arpa', ttl: 30, data: { type: 'PTR', target: '10-244-1-2.nginx.default.svc.cluster.local' } } as ResourceRecord,
      '2.1.244.10.in-addr.arpa. 30\tIN\tPTR\t10-244-1-2.nginx.default.svc.cluster.local.'],
    [{ name: 'cluster.local', ttl: 30, data: { type: 'SOA', mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1666602060, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 } } as ResourceRecord,
      'cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1666602060 7200 1800 86400 30'],
    [{ name: 'web.default.svc.cluster.local', ttl: 30, data: { type: 'SRV', priority: 0, weight: 50, port: 8080, target: '10-244-1-2.web.default.svc.cluster.local' } } as ResourceRecord,
      'web.default.svc.cluster.local. 30 IN\tSRV\t0 50 8080 10-244-1-2.web.default.svc.cluster.local.'],
  ])('%#', (rr, line) => {
    expect(recordLine(rr)).toBe(line);
  });

  it.each([
    [{ name: 'nginx', type: 'A' }, ';nginx.\t\t\t\tIN\tA'],
    [{ name: 'host.minikube.internal', type: 'AAAA' }, ';host.minikube.internal.\t\tIN\tAAAA'],
    [{ name: 'kubernetes.default.svc.cluster.local', type: 'A' }, ';kubernetes.default.svc.cluster.local. IN A'],
    [{ name: 'nosuch.default.svc.cluster.local', type: 'A' }, ';nosuch.default.svc.cluster.local. IN\tA'],
    [{ name: '.', type: 'NS' }, ';.\t\t\t\tIN\tNS'],
    [{ name: 'cluster.local', type: 'SOA' }, ';cluster.local.\t\t\tIN\tSOA'],
  ] as const)('question %#', (q, line) => {
    expect(questionLine(q)).toBe(line);
  });

  it('WHEN is strftime "%a %b %d %H:%M:%S %Z %Y" in UTC (zero-padded day)', () => {
    expect(digWhen('Thu, 26 Nov 2026 15:13:17 +0000')).toBe('Thu Nov 26 15:13:17 UTC 2026');
    expect(digWhen('Mon, 03 Oct 2022 09:00:00 +0000')).toBe('Mon Oct 03 09:00:00 UTC 2022');
  });
});

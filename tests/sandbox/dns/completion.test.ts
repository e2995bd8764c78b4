import { describe, expect, it } from 'vitest';
import { AKS, at, demoCluster, N1 } from '../shell/tools/helpers';

describe('Tab completion for the DNS tools', () => {
  it.each([
    ['nslookup kube', ['kube-dns', 'kube-dns.kube-system', 'kube-dns.kube-system.svc.cluster.local', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc.cluster.local']],
    ['nslookup -type=s', ['-type=soa', '-type=srv']],
    ['nslookup kubernetes 10.96', ['10.96.0.10']],
    ['dig +sh', ['+short']],
    ['dig -t S', ['SOA', 'SRV']],
    ['dig @', ['@10.96.0.10', '@192.168.103.1']],
    ['dig -x 10.244.2', ['10.244.2.2']],
    ['getent h', ['hosts']],
    ['getent hosts kubernetes.', ['kubernetes.default', 'kubernetes.default.svc.cluster.local']],
  ])('%j', (line, expected) => {
    expect(at.debug(demoCluster(), N1, AKS).complete(line, line.length).candidates).toEqual(expected);
  });

  it('busybox images have nslookup but neither dig nor getent', () => {
    const names = at.pod(demoCluster(), '10.244.1.2', 'busybox').complete('', 0).candidates;
    expect(['nslookup', 'dig', 'getent'].map((n) => names.includes(n))).toEqual([true, false, false]);
  });
});

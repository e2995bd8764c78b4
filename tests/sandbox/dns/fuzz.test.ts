/** Random argument lists for the DNS tools: an answer or the tool's error, never an exception, and no change to the cluster. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AKS, at, demoCluster, N1 } from '../shell/tools/helpers';

const words = fc.oneof(
  fc.constantFrom('-type=a', '-type=aaaa', '-type=ptr', '-type=srv', '-type=soa', '-type=ns', '-type=txt', '-type=any', '-type=', '-query=mx', '-port=53', '-port=0', '-port=x',
    '-retry=2', '-timeout=1', '-debug', '-vc', '-nosearch', '-ndots=1', '-ver', '-', '--', '-x', '-t', '-p', '-c', '-4', '-6', '-h', '-v', '-q', '-b',
    '+short', '+search', '+nosearch', '+noall', '+answer', '+tcp', '+tries=2', '+retry=0', '+time=1', '+noedns', '+norecurse', '+nocmd', '+foo', '+tries=x',
    'A', 'AAAA', 'PTR', 'SRV', 'NS', 'SOA', 'TXT', 'MX', 'CNAME', 'ANY', 'IN', 'CH', 'hosts', 'ahosts', 'ahostsv4', 'ahostsv6', 'passwd'),
  fc.constantFrom('kubernetes', 'kubernetes.default', 'kubernetes.default.svc.cluster.local', 'kube-dns.kube-system', 'nginx', 'cluster.local', '.', '..', 'a..b', 'x.',
    '10-244-1-2.default.pod.cluster.local', 'fe80--1.default.pod.cluster.local', 'host.minikube.internal', 'multinode-demo-m02', 'dns-version.cluster.local',
    '10.96.0.10', '10.244.1.2', '192.168.103.1', '10.244.9.9', '::1', 'fe80::1', '@10.96.0.10', '@192.168.103.1', '@nosuch', '@10.244.1.2', '999.1.1.1', 'x'.repeat(70)),
  fc.string({ maxLength: 12 }),
);

describe('nslookup, dig and getent with random arguments', () => {
  it('return the tool\'s answer or error and change nothing', () => {
    const e = demoCluster();
    e.exposeService('deployment', 'nginx', { port: 80 });
    const before = JSON.stringify(e.state);
    const shells = [at.pod(e, '10.244.1.2', 'busybox'), at.pod(e, '10.244.1.2', AKS), at.pod(e, '10.244.2.2', 'nicolaka/netshoot'), at.ssh(e, N1), at.debug(e, N1)];
    fc.assert(
      fc.property(fc.nat({ max: shells.length - 1 }), fc.constantFrom('nslookup', 'dig', 'getent'), fc.array(words, { maxLength: 6 }), (i, cmd, args) => {
        const r = shells[i]!.run([cmd, ...args].map((w) => `'${w.replace(/'/g, '')}'`).join(' '));
        expect(r.output).not.toMatch(/internal error|TypeError|undefined|NaN|\[object Object\]/);
        expect(r.exitCode >= 0 && r.exitCode <= 255).toBe(true);
      }),
      { numRuns: 600 },
    );
    expect(JSON.stringify(e.state)).toBe(before);
  });
});

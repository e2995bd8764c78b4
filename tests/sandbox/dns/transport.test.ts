/**
 * End to end, with the engine's own tracer (kube-proxy's DNAT included, no
 * stand-in): a pod's query to 10.96.0.10:53 is a packet that must reach a
 * Running, ready CoreDNS pod, and the tools print what the real ones print
 * when it does not. Expected outputs: busybox 1.35 nslookup recorded in a
 * network namespace (a pod's resolv.conf, a responder answering as CoreDNS
 * does; busybox's nslookup.c is the same in 1.36.1), including its answer to
 * ICMP port unreachable over a veth pair.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../sandbox/index';
import { at, demoCluster } from '../shell/tools/helpers';
import { scaleCoreDnsToZero } from './helpers';

const ANSWER = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n';
const TIMEOUT = ';; connection timed out; no servers could be reached\n\n';

const nslookup = (e: Engine, ip: string) => at.pod(e, ip, 'busybox').run('nslookup kubernetes.default.svc.cluster.local');
const podTarget = (e: Engine, ip: string) => { const p = e.pods().find((x) => x.ip === ip)!; return `${p.namespace}/${p.name}`; };
const coredns = (e: Engine) => e.pods('kube-system').find((p) => p.labels['k8s-app'] === 'kube-dns')!;

describe('DNS queries travel through the tracer', () => {
  it('the trace of a pod\'s query to the kube-dns ClusterIP ends in the CoreDNS pod\'s namespace', () => {
    const e = demoCluster();
    const t = e.trace({ from: podTarget(e, '10.244.1.2'), to: '10.96.0.10', proto: 'udp', port: 53 });
    expect(t.verdict).toMatchObject({ kind: 'delivered', netns: coredns(e).netns });
  });

  it.each([['another node', '10.244.1.2'], ['the node CoreDNS runs on', '10.244.0.3']])('a pod on %s gets its answer', (_where, ip) => {
    expect(nslookup(demoCluster(), ip)).toEqual({ output: ANSWER, exitCode: 0 });
  });

  it('CoreDNS scaled to 0 (no endpoints): kube-proxy rejects the port, the next write fails and nslookup gives up', () => {
    const e = scaleCoreDnsToZero(demoCluster());
    expect(nslookup(e, '10.244.1.2')).toEqual({ output: `nslookup: write to '10.96.0.10': Connection refused\n${TIMEOUT}`, exitCode: 1 });
  });

  it('the asking pod\'s node without a route to CoreDNS\'s node: the query is lost and nslookup times out', () => {
    const e = demoCluster();
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    expect(nslookup(e, '10.244.1.2')).toEqual({ output: TIMEOUT, exitCode: 1 });
    // The other node still has its route.
    expect(nslookup(e, '10.244.2.2')).toEqual({ output: ANSWER, exitCode: 0 });
  });

  it('CoreDNS\'s own node without the route back: the reply is lost, a timeout too', () => {
    const e = demoCluster();
    e.ipRouteDel('multinode-demo', { dst: '10.244.1.0/24' });
    expect(nslookup(e, '10.244.1.2')).toEqual({ output: TIMEOUT, exitCode: 1 });
  });

  it('glibc programs see a timeout as a temporary failure', () => {
    const e = demoCluster();
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    expect(at.pod(e, '10.244.1.2').run('ping -c 1 kubernetes')).toEqual({ output: 'ping: kubernetes: Temporary failure in name resolution\n', exitCode: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';

const demo = () => {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  return e;
};
const CP = 'multinode-demo', M02 = 'multinode-demo-m02', M03 = 'multinode-demo-m03';
const P0 = 'nginx-5844775f89-4nnwf', P1 = 'nginx-5844775f89-r6tkk', P2 = 'nginx-5844775f89-9ptln';

describe('pod to pod', () => {
  it('cross-node: pod -> node -> peer node -> pod, TTL 62 on arrival, and a reply', () => {
    const t = demo().trace({ from: P0, to: '10.244.2.2' });
    expect(t.hops.map((h) => h.netns)).toEqual([`default/${P0}`, CP, M03, `default/${P2}`]);
    expect(t.verdict).toEqual({ kind: 'delivered', netns: `default/${P2}`, ttl: 62 });
    expect(t.reply?.verdict).toMatchObject({ kind: 'delivered', netns: `default/${P0}`, ttl: 62 });
    expect(t.hops[1]!.neighbour).toMatchObject({ ip: '192.168.103.4', netns: M03, dev: 'eth0' });
  });
  it('same node goes through the node (2 hops)', () => {
    const e = demo();
    const coredns = e.pods('kube-system').find((p) => p.name.startsWith('coredns'))!;
    const t = e.trace({ from: P0, to: coredns.ip! });
    expect(t.hops.map((h) => h.netns)).toEqual([`default/${P0}`, CP, `kube-system/${coredns.name}`]);
    expect(t.verdict).toMatchObject({ kind: 'delivered', ttl: 63 });
  });
  it('the matched route lists the ones it beat', () => {
    const t = demo().trace({ from: CP, to: '10.244.2.2' });
    expect(t.hops[0]!.beaten.map((c) => c.lost)).toEqual(['shorter-prefix']);
  });
});

describe('faults', () => {
  it('a deleted cross-node route: ip route get follows the default route and ping gets no reply', () => {
    const e = demo();
    e.setKindnetRunning(CP, false);
    expect(e.ipRouteDel(CP, { dst: '10.244.2.0/24' })).toEqual({ ok: true });
    const a = e.routeGet(CP, '10.244.2.2');
    expect(a).toMatchObject({ ok: true, gateway: expect.any(Number), dev: 'eth0' });
    const t = e.trace({ from: P0, to: '10.244.2.2' });
    expect(t.verdict.kind === 'delivered' && t.reply?.verdict.kind === 'delivered').toBe(false);
  });
  it('kindnet puts a deleted route back within 10 s', () => {
    const e = demo();
    e.ipRouteDel(CP, { dst: '10.244.2.0/24' });
    e.advance(10_000);
    expect(e.netns(CP)!.routes.some((r) => r.dstLen === 24 && r.gateway !== undefined && r.dst === ((10 << 24) | (244 << 16) | (2 << 8)) >>> 0)).toBe(true);
  });
  it('no default route either: the node cannot send, a pod gets Net Unreachable from its gateway', () => {
    const e = demo();
    e.setKindnetRunning(CP, false);
    e.ipRouteDel(CP, { dst: '10.244.2.0/24' });
    e.ipRouteDel(CP, { dst: 'default' });
    expect(e.routeGet(CP, '10.244.2.2')).toMatchObject({ ok: false, message: 'RTNETLINK answers: Network is unreachable' });
    expect(e.trace({ from: CP, to: '10.244.2.2' }).verdict).toMatchObject({ kind: 'local-error', errno: 'ENETUNREACH' });
    expect(e.trace({ from: P0, to: '10.244.2.2' }).verdict).toEqual({ kind: 'icmp-error', type: 'net-unreachable', from: '10.244.0.1', netns: CP });
  });
  // Real kernel: icmp_send routes the error like any packet; the router that has no route back
  // to the sender sends nothing, so the sender's ping just times out (no "From ..." line).
  it('an ICMP error the router cannot route back is never sent: the sender sees nothing', () => {
    const e = demo();
    e.setKindnetRunning(CP, false);
    e.ipRouteDel(CP, { dst: '10.244.2.0/24' });
    e.ipRouteDel(CP, { dst: 'default' });
    expect(e.trace({ from: P2, to: '10.244.0.254' }).verdict).toEqual({ kind: 'dropped', netns: CP, reason: 'icmp-error-lost' });
    // From m02's pod the control plane still has a route back: Net Unreachable from its node IP.
    expect(e.trace({ from: P1, to: '10.244.0.254' }).verdict).toEqual({ kind: 'icmp-error', type: 'net-unreachable', from: '192.168.103.2', netns: CP });
  });
  it('ip_forward=0: the node still reaches its pod, forwarding is dropped silently, forwarding lookup fails', () => {
    const e = demo();
    e.sysctl(CP, 'net.ipv4.ip_forward', '0');
    expect(e.trace({ from: CP, to: '10.244.0.3' }).reply?.verdict.kind).toBe('delivered');
    expect(e.trace({ from: P0, to: '10.244.2.2' }).verdict).toMatchObject({ kind: 'dropped', reason: 'forwarding-disabled', netns: CP });
    const veth = e.netns(CP)!.links.find((l) => l.peer?.netns === `default/${P0}`)!.name;
    expect(e.routeGet(CP, { dst: 0x0af40202, from: 0x0af40003, iif: veth })).toMatchObject({ message: 'RTNETLINK answers: No route to host' });
  });
  it('a stopped node: its pods are unreachable and the sender node reports Host Unreachable', () => {
    const e = demo();
    e.nodeStop(M03);
    const t = e.trace({ from: P0, to: '10.244.2.2' });
    expect(t.verdict).toEqual({ kind: 'icmp-error', type: 'host-unreachable', from: '10.244.0.1', netns: CP });
    e.advance(41_000);
    expect(e.nodes().find((n) => n.name === M03)!.ready).toBe(false);
  });
  // Real kernel: the pod's packet to a node IP is masqueraded before the node's ARP for it fails, so
  // the node's Host Unreachable is addressed to (and sent from) its own IP, then un-NATed to the pod.
  it("a failed ARP for a masqueraded packet: Host Unreachable from the node's own IP", () => {
    const e = demo();
    e.ipLinkSet(M02, 'eth0', 'down');
    expect(e.trace({ from: P0, to: '192.168.103.3' }).verdict).toEqual({ kind: 'icmp-error', type: 'host-unreachable', from: '192.168.103.2', netns: CP });
    // Pod-to-pod is not masqueraded: the error comes from the pod's gateway address.
    expect(e.trace({ from: P0, to: '10.244.1.2' }).verdict).toEqual({ kind: 'icmp-error', type: 'host-unreachable', from: '10.244.0.1', netns: CP });
  });
  // Real kernel: a route through a device without carrier still resolves the next hop; the neighbour
  // cache was flushed when the carrier went, so ARP fails after 3 s and ping prints Destination Host
  // Unreachable (from the sender itself, or from the router that forwarded it).
  it('a host veth down: the node gets Host Unreachable for its pod, from its own address', () => {
    const e = demo();
    const veth = e.netns(CP)!.links.find((l) => l.peer?.netns === `default/${P0}`)!.name;
    e.ipLinkSet(CP, veth, 'down');
    expect(e.trace({ from: CP, to: '10.244.0.3' }).verdict).toEqual({ kind: 'icmp-error', type: 'host-unreachable', from: '10.244.0.1', netns: CP });
    expect(e.trace({ from: P2, to: '10.244.0.3' }).verdict).toEqual({ kind: 'icmp-error', type: 'host-unreachable', from: '192.168.103.2', netns: CP });
  });
  it('a link down on the pod side: nothing leaves', () => {
    const e = demo();
    e.ipLinkSet(P1, 'eth0', 'down');
    expect(e.trace({ from: P1, to: '10.244.2.2' }).verdict).toMatchObject({ kind: 'local-error', errno: 'ENETUNREACH' });
  });
  it('pod to a node IP across nodes is masqueraded to the sending node IP', () => {
    const t = demo().trace({ from: P0, to: '192.168.103.3' });
    expect(t.hops[1]!.nat).toEqual({ type: 'MASQUERADE', field: 'src', from: '10.244.0.3', to: '192.168.103.2' });
    expect(t.hops[2]!.src).toBe('192.168.103.2');
    expect(t.reply?.verdict).toMatchObject({ kind: 'delivered', netns: `default/${P0}` });
  });
  it('time exceeded from the first router when TTL is 1', () => {
    expect(demo().trace({ from: P0, to: '10.244.2.2', ttl: 1 }).verdict).toEqual({ kind: 'icmp-error', type: 'time-exceeded', from: '10.244.0.1', netns: CP });
  });
  it('traceroute TTL 2 expires at the peer node, which answers from its node IP', () => {
    expect(demo().trace({ from: P0, to: '10.244.2.2', ttl: 2 }).verdict).toMatchObject({ type: 'time-exceeded', from: '192.168.103.4' });
  });
});

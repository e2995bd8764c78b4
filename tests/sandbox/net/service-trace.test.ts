/**
 * The tracer through kube-proxy's rules: DNAT to one endpoint per connection,
 * masquerade where kube-proxy marks, conntrack's reverse translation on the
 * reply, REJECT for a service without endpoints, and stale rules under a
 * stopped kube-proxy. What the kernel does here is checked against the real
 * kernel in tests/conformance (service DNAT); these pin the engine's answers.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../sandbox/index';
import { Engine } from '../../../sandbox/engine';
import { rewritesAt } from '../../../sandbox/net/trace';
import { at } from '../shell/tools/helpers';

const CP = 'multinode-demo';
const M02 = 'multinode-demo-m02';

function demo(): Engine {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  e.exposeService('deployment', 'nginx', { port: 80 });
  return e;
}
const svcIp = (e: Engine, name = 'nginx') => e.services().find((s) => s.name === name)!.clusterIP;
const podOn = (e: Engine, node: string) => e.pods('default').find((p) => p.node === node)!;
const endpointIps = (e: Engine) => e.endpoints().find((x) => x.name === 'nginx')!.addresses.map((a) => a.ip);
/** The address the packet is delivered to (the endpoint), from the trace. */
const deliveredTo = (e: Engine, netns: string) => e.pods().find((p) => p.netns === netns)?.ip ?? netns;

describe('pod -> ClusterIP -> pod', () => {
  it('the node DNATs to an endpoint, routes there, and the reply comes back from the ClusterIP', () => {
    const e = demo();
    const client = podOn(e, CP);
    const ip = svcIp(e);
    // A source port whose connection lands on another node's endpoint.
    let t = e.trace({ from: client.name, to: ip, proto: 'tcp', port: 80, sport: 40000 });
    for (let sport = 40001; t.verdict.kind !== 'delivered' || deliveredTo(e, t.verdict.netns) === client.ip; sport++) {
      t = e.trace({ from: client.name, to: ip, proto: 'tcp', port: 80, sport });
    }
    expect(t.verdict).toMatchObject({ kind: 'delivered', ttl: 62, port: 80 });
    const node = t.hops[1]!;
    expect(node.netns).toBe(CP);
    expect(node.nat).toMatchObject({ type: 'DNAT', field: 'dst', from: ip, to: deliveredTo(e, (t.verdict as { netns: string }).netns) });
    expect(node.nat!.chain).toMatch(/^KUBE-SEP-[A-Z2-7]{16}$/);
    expect(node.dst).toBe(node.nat!.to);
    // Pod-to-pod across nodes keeps the pod source: nothing masquerades.
    expect(t.hops.every((h) => h.nat?.type !== 'MASQUERADE')).toBe(true);
    expect(t.reply?.verdict).toMatchObject({ kind: 'delivered', netns: `default/${client.name}` });
    const unDnat = t.reply!.hops.flatMap(rewritesAt).find((n) => n.type === 'un-NAT' && n.field === 'src');
    expect(unDnat).toMatchObject({ from: node.nat!.to, to: ip });
    expect(t.reply!.hops[t.reply!.hops.length - 1]!.src).toBe(ip);
  });

  it('the same connection always takes the same endpoint', () => {
    const e = demo();
    const a = e.trace({ from: podOn(e, CP).name, to: svcIp(e), proto: 'tcp', port: 80, sport: 51234 });
    const b = e.trace({ from: podOn(e, CP).name, to: svcIp(e), proto: 'tcp', port: 80, sport: 51234 });
    expect(b.verdict).toEqual(a.verdict);
  });

  it('over many connections each of n endpoints gets about 1/n', () => {
    const e = demo();
    const from = podOn(e, M02).name;
    const ip = svcIp(e);
    const counts = new Map<string, number>();
    const N = 6000;
    for (let sport = 32768; sport < 32768 + N; sport++) {
      const v = e.trace({ from, to: ip, proto: 'tcp', port: 80, sport, reply: false }).verdict;
      const key = v.kind === 'delivered' ? v.netns : v.kind;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(e.pods('default').map((p) => `default/${p.name}`).sort());
    // Binomial(6000, 1/3): sd ~ 36.5; 5 sd either side.
    for (const n of counts.values()) expect(Math.abs(n - N / 3)).toBeLessThan(185);
  });

  it('a pod reaching itself through the service is masqueraded to its gateway (the KUBE-SEP -s rule)', () => {
    const e = demo();
    const self = podOn(e, CP);
    let t = e.trace({ from: self.name, to: svcIp(e), proto: 'tcp', port: 80, sport: 33000 });
    for (let sport = 33001; t.verdict.kind !== 'delivered' || t.verdict.netns !== `default/${self.name}`; sport++) {
      t = e.trace({ from: self.name, to: svcIp(e), proto: 'tcp', port: 80, sport });
    }
    expect(t.hops[1]!.nats).toEqual([
      expect.objectContaining({ type: 'DNAT', from: svcIp(e), to: self.ip }),
      { type: 'MASQUERADE', field: 'src', from: self.ip, to: '10.244.0.1' },
    ]);
    expect(t.reply?.verdict).toMatchObject({ kind: 'delivered', netns: `default/${self.name}` });
  });
});

describe('from a node', () => {
  it('the apiserver through kubernetes:443 from a worker: OUTPUT DNATs to the control plane on 8443', () => {
    const e = demo();
    const t = e.trace({ from: M02, to: '10.96.0.1', proto: 'tcp', port: 443 });
    const cp = e.nodes()[0]!.internalIP;
    expect(t.hops[0]!.nat).toMatchObject({ type: 'DNAT', from: '10.96.0.1', to: cp, fromPort: 443, toPort: 8443 });
    expect(t.verdict).toMatchObject({ kind: 'delivered', netns: CP, port: 8443 });
    expect(t.reply?.verdict).toMatchObject({ kind: 'delivered', netns: M02 });
  });

  it('a NodePort on another node: DNAT there, and KUBE-MARK-MASQ makes it masquerade', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    e.createDeployment('nginx', 'rancher/hello-world', 3);
    e.exposeService('deployment', 'nginx', { port: 80, type: 'NodePort' });
    const np = e.services().find((s) => s.name === 'nginx')!.ports[0]!.nodePort!;
    const m02 = e.nodes()[1]!.internalIP;
    let t = e.trace({ from: CP, to: m02, proto: 'tcp', port: np, sport: 45000 });
    for (let sport = 45001; t.verdict.kind !== 'delivered' || t.verdict.netns === `default/${podOn(e, M02).name}`; sport++) {
      t = e.trace({ from: CP, to: m02, proto: 'tcp', port: np, sport });
    }
    const hop = t.hops[1]!;
    expect(hop.netns).toBe(M02);
    expect(hop.nats).toEqual([
      expect.objectContaining({ type: 'DNAT', from: m02, fromPort: np, toPort: 80 }),
      { type: 'MASQUERADE', field: 'src', from: e.nodes()[0]!.internalIP, to: m02 },
    ]);
    expect(rewritesAt(hop)).toBe(hop.nats);
    expect(rewritesAt(t.hops[0]!)).toEqual([]);
    expect(t.verdict).toMatchObject({ kind: 'delivered', port: 80 });
    expect(t.reply?.verdict).toMatchObject({ kind: 'delivered', netns: CP });
  });
});

describe('no endpoints, no rule, stale rules', () => {
  it('a service without endpoints: the node REJECTs with port unreachable', () => {
    const e = demo();
    e.createService({ name: 'empty', type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'none' }, labels: {} });
    const t = e.trace({ from: podOn(e, CP).name, to: svcIp(e, 'empty'), proto: 'tcp', port: 80 });
    expect(t.verdict).toEqual({ kind: 'icmp-error', type: 'port-unreachable', from: '10.244.0.1', netns: CP });
    expect(t.hops[1]!.filtered).toEqual({ table: 'filter', chain: 'KUBE-SERVICES', target: 'REJECT' });
    // From the node itself, filter OUTPUT rejects before the packet leaves.
    expect(e.trace({ from: CP, to: svcIp(e, 'empty'), proto: 'tcp', port: 80 }).verdict).toMatchObject({ kind: 'icmp-error', type: 'port-unreachable', netns: CP });
  });

  it('ping to a ClusterIP matches no rule and gets no reply (kindnet masquerades it on its way out, like any outside address)', () => {
    const e = demo();
    const t = e.trace({ from: podOn(e, CP).name, to: svcIp(e) });
    expect(t.hops.some((h) => h.nat?.type === 'DNAT')).toBe(false);
    expect(t.hops[1]!.nat).toMatchObject({ type: 'MASQUERADE' });
    expect(t.verdict.kind === 'delivered').toBe(false);
  });

  it('a port the service does not have is not translated either', () => {
    const e = demo();
    const t = e.trace({ from: podOn(e, CP).name, to: svcIp(e), proto: 'tcp', port: 8080 });
    expect(t.hops.some((h) => h.nat?.type === 'DNAT')).toBe(false);
    expect(t.verdict.kind).not.toBe('delivered');
  });

  it('a stopped kube-proxy still DNATs to endpoints that are gone', () => {
    const e = demo();
    const before = endpointIps(e);
    e.setKubeProxyRunning(CP, false);
    e.scaleDeployment('nginx', 0);
    e.scaleDeployment('nginx', 3);
    const now = endpointIps(e);
    const gone = before.filter((ip) => !now.includes(ip));
    expect(gone.length).toBeGreaterThan(0);
    const client = podOn(e, M02);
    const seen = new Set<string>();
    for (let sport = 40000; sport < 40300; sport++) {
      const t = e.trace({ from: `default/${client.name}`, to: svcIp(e), proto: 'tcp', port: 80, sport, reply: false });
      const hop = t.hops.find((h) => h.netns === M02);
      if (hop?.nat?.type === 'DNAT') seen.add(hop.nat.to);
    }
    // The worker's kube-proxy runs: only current endpoints there.
    expect([...seen].every((ip) => now.includes(ip))).toBe(true);
    const stale = new Set<string>();
    const cpClient = e.pods('default').find((p) => p.node === CP)!;
    for (let sport = 40000; sport < 40300; sport++) {
      const t = e.trace({ from: `default/${cpClient.name}`, to: svcIp(e), proto: 'tcp', port: 80, sport, reply: false });
      const hop = t.hops.find((h) => h.netns === CP);
      if (hop?.nat?.type === 'DNAT') stale.add(hop.nat.to);
    }
    expect([...stale].sort()).toEqual([...before].sort());
  });
});

describe('curl and wget through a Service', () => {
  function hello() {
    const e = createLab({ scenario: 'multinode-demo', seed: 0 }).cluster!;
    e.createDeployment('nginx', 'rancher/hello-world', 3);
    e.advance(60_000);
    e.exposeService('deployment', 'nginx', { port: 80 });
    return e;
  }

  it('curl to the ClusterIP gets the page of one of the endpoints', () => {
    const e = hello();
    const ip = svcIp(e);
    const names = e.pods('default').map((p) => p.name);
    const { output, exitCode } = at.ssh(e, CP).run(`curl ${ip}`);
    expect(exitCode).toBe(0);
    const host = /My hostname is (\S+)<\/h3>/.exec(output)?.[1];
    expect(names).toContain(host);
    expect(output).toContain(`<b>Host:</b> ${ip} <br />`);
  });

  it('curl at different times reaches different endpoints', () => {
    const e = hello();
    const ip = svcIp(e);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      e.advance(1000);
      const out = at.ssh(e, M02).run(`curl -s ${ip}`).output;
      seen.add(/My hostname is (\S+)<\/h3>/.exec(out)?.[1] ?? '');
    }
    expect(seen.size).toBe(3);
  });

  it('a service without endpoints: curl and wget say Connection refused', () => {
    const e = hello();
    e.createService({ name: 'empty', type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'none' }, labels: {} });
    const ip = svcIp(e, 'empty');
    expect(at.ssh(e, CP).run(`curl ${ip}`)).toEqual({ output: `curl: (7) Failed to connect to ${ip} port 80: Connection refused\n`, exitCode: 7 });
    const wget = at.pod(e, e.pods('default')[0]!.ip!, 'busybox').run(`wget -O- ${ip}`);
    expect(wget.output).toContain(`wget: can't connect to remote host (${ip}): Connection refused`);
  });
});

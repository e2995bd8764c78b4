/**
 * kube-proxy's rules (v1.25 iptables mode) and kubelet's share, as data.
 *
 * Expected values come from real clusters' published outputs, cited per test:
 *  [kind]   an `iptables -t nat -S` / `iptables -S` of a kind cluster with kindnet, pod network
 *           10.244.0.0/16, a `default/my-nginx` service on 10.244.2.3:80 and 10.244.3.3:80
 *           (a Chinese kind write-up, "iptables at worker3").
 *  [k8sctr] `iptables -t nat -S` and `iptables-save` of a kubeadm cluster, flannel, pod network
 *           10.244.0.0/16, apiserver 172.31.7.91:6443, coredns 10.244.0.2/.3 (a Korean lab write-up).
 *  [aks]    `iptables --list-rules` of an AKS v1.25/v1.26 node (Kubenet with Calico write-up):
 *           the filter table kubelet and kube-proxy write in those versions.
 *  [qwerty] https://qwerty.md/til/2023/examining-iptables-rules-for-a-kubernetes-service.html
 *           (k3s: "default/nginx:80-80" on 10.42.0.199:80 and 10.42.0.200:80).
 *  [ext]    an `iptables -t nat -L KUBE-EXT-2CMXP7HKUVJN7L6M -vn` / iptables-save of a kind cluster's
 *           LoadBalancer service `default/nginx` (MetalLB write-up).
 *  [kubelet] pkg/kubelet/kubelet_network_linux.go of v1.25/v1.26 (IPTablesOwnershipCleanup off):
 *           the martian-packet rule is appended before the drop-mark rule.
 */
import { describe, expect, it } from 'vitest';
import {
  base32, extChainName, iptablesProbability, portProtoHash, proxierProbability, sepChainName, svcChainName,
} from '../../../sandbox/control/kube-proxy';
import { Engine } from '../../../sandbox/engine';
import { formatRules } from '../../../sandbox/shell/format/iptables-save';

const demo = () => {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  return e;
};
const CP = 'multinode-demo';
const M02 = 'multinode-demo-m02';
const nat = (e: Engine, node = M02) => formatRules(e.iptables(node)!.nat, 'nat');
const filter = (e: Engine, node = M02) => formatRules(e.iptables(node)!.filter!, 'filter');

describe('chain names', () => {
  // RFC 4648 section 10 test vectors (base32, with padding, as Go's base32.StdEncoding).
  it.each([['', ''], ['f', 'MY======'], ['fo', 'MZXQ===='], ['foo', 'MZXW6==='], ['foob', 'MZXW6YQ='], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI======']])(
    'base32(%j) = %s', (text, want) => {
      expect(base32(new Uint8Array([...text].map((c) => c.charCodeAt(0))))).toBe(want);
    },
  );
  it.each([
    // [k8sctr], [kind]: the default services' chains, the same in every cluster.
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'KUBE-SVC-JD5MR3NA4I4DYORP'],
    // [kind]: an unnamed port.
    ['default/my-nginx', 'tcp', 'KUBE-SVC-L65ENXXZWWSAPRCR'],
    // [qwerty]
    ['default/nginx:80-80', 'tcp', 'KUBE-SVC-OVTWZ4GROBJZO4C5'],
  ])('KUBE-SVC for %s/%s is %s', (spn, proto, want) => {
    expect(svcChainName(spn, proto)).toBe(want);
    expect(portProtoHash(spn, proto)).toBe(want.slice('KUBE-SVC-'.length));
  });
  it('KUBE-EXT uses the same hash ([ext]: default/nginx)', () => {
    expect(extChainName('default/nginx', 'tcp')).toBe('KUBE-EXT-2CMXP7HKUVJN7L6M');
  });
  it.each([
    ['default/my-nginx', 'tcp', '10.244.3.3:80', 'KUBE-SEP-MEZP33SDGZXSPSO5'], // [kind]
    ['default/my-nginx', 'tcp', '10.244.2.3:80', 'KUBE-SEP-TIQJFJVSHRJZTTZW'], // [kind]
    ['kube-system/kube-dns:dns-tcp', 'tcp', '10.244.0.2:53', 'KUBE-SEP-IT2ZTR26TO4XFPTO'], // [k8sctr]
    ['kube-system/kube-dns:dns', 'udp', '10.244.0.3:53', 'KUBE-SEP-6E7XQMQ4RAYOWTTM'], // [k8sctr]
    ['default/kubernetes:https', 'tcp', '172.31.7.91:6443', 'KUBE-SEP-Z256WNARC5DJQIZM'], // [k8sctr]
    ['default/nginx:80-80', 'tcp', '10.42.0.199:80', 'KUBE-SEP-ZGUCVTBPJNCW75NN'], // [qwerty]
  ])('KUBE-SEP for %s/%s -> %s is %s', (spn, proto, ep, want) => {
    expect(sepChainName(spn, proto, ep)).toBe(want);
  });
});

describe('probabilities', () => {
  it('the proxier writes 1/n with ten decimals', () => {
    expect([2, 3, 4, 6].map(proxierProbability)).toEqual(['0.5000000000', '0.3333333333', '0.2500000000', '0.1666666667']);
  });
  // iptables v1.8.9 in a network namespace here: `--probability 0.3333333333` saves as 0.33333333349 and
  // 0.1666666667 as 0.16666666651; published outputs ([kind], [k8sctr]) show 0.50000000000.
  it('iptables keeps lround(p * 2^31) and prints eleven decimals', () => {
    expect(iptablesProbability('0.3333333333')).toBe('0.33333333349');
    expect(iptablesProbability('0.1666666667')).toBe('0.16666666651');
    expect(iptablesProbability('0.5000000000')).toBe('0.50000000000');
  });
});

describe('the nat rules on every node', () => {
  it('the default services, as [k8sctr] shows them for the same cluster CIDR', () => {
    const s = nat(demo());
    for (const line of [
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y',
      '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-IT2ZTR26TO4XFPTO -s 10.244.0.2/32 -m comment --comment "kube-system/kube-dns:dns-tcp" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-IT2ZTR26TO4XFPTO -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp" -m tcp -j DNAT --to-destination 10.244.0.2:53',
    ]) expect(s).toContain(`${line}\n`);
    // The apiserver endpoint is the control plane's address on minikube's port 8443.
    expect(s).toContain('-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.103.2:8443" -j KUBE-SEP-');
    // The last rule of KUBE-SERVICES is the NodePorts tail call.
    const services = s.split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES '));
    expect(services[services.length - 1]).toContain('kubernetes service nodeports');
  });

  it('a service with three endpoints: statistic rules, then the last one unconditionally, endpoints sorted as IP:port ([kind], [qwerty])', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    const svc = e.services().find((s) => s.name === 'nginx')!;
    const chain = svcChainName('default/nginx', 'tcp');
    const eps = e.endpoints().find((x) => x.name === 'nginx')!.addresses.map((a) => `${a.ip}:80`).sort();
    expect(eps).toHaveLength(3);
    const lines = nat(e).split('\n').filter((l) => l.startsWith(`-A ${chain} `));
    expect(lines).toEqual([
      `-A ${chain} ! -s 10.244.0.0/16 -d ${svc.clusterIP}/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
      `-A ${chain} -m comment --comment "default/nginx -> ${eps[0]}" -m statistic --mode random --probability 0.33333333349 -j ${sepChainName('default/nginx', 'tcp', eps[0]!)}`,
      `-A ${chain} -m comment --comment "default/nginx -> ${eps[1]}" -m statistic --mode random --probability 0.50000000000 -j ${sepChainName('default/nginx', 'tcp', eps[1]!)}`,
      `-A ${chain} -m comment --comment "default/nginx -> ${eps[2]}" -j ${sepChainName('default/nginx', 'tcp', eps[2]!)}`,
    ]);
    const sep = sepChainName('default/nginx', 'tcp', eps[0]!);
    expect(nat(e)).toContain(`-N ${sep}\n`);
    expect(nat(e)).toContain(`-A ${sep} -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination ${eps[0]}\n`);
  });

  it('a NodePort service: KUBE-NODEPORTS jumps to KUBE-EXT, which marks and goes on to KUBE-SVC ([ext])', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80, type: 'NodePort' });
    const np = e.services().find((s) => s.name === 'nginx')!.ports[0]!.nodePort!;
    const s = nat(e);
    expect(s).toContain(`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/nginx" -m tcp --dport ${np} -j KUBE-EXT-2CMXP7HKUVJN7L6M\n`);
    expect(s).toContain('-A KUBE-EXT-2CMXP7HKUVJN7L6M -m comment --comment "masquerade traffic for default/nginx external destinations" -j KUBE-MARK-MASQ\n-A KUBE-EXT-2CMXP7HKUVJN7L6M -j KUBE-SVC-2CMXP7HKUVJN7L6M\n');
  });

  it('the chains are listed builtins first, then sorted by name', () => {
    const s = nat(demo()).split('\n').filter((l) => l.startsWith('-N '));
    expect(s).toEqual([...s].sort());
    expect(s).toContain('-N KUBE-MARK-DROP');
    expect(s).toContain('-N KUBE-KUBELET-CANARY');
    expect(s).toContain('-N KUBE-PROXY-CANARY');
  });

  it('every node has the same kube-proxy rules', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    expect(nat(e, CP)).toBe(nat(e, M02));
    expect(filter(e, CP)).toBe(filter(e, 'multinode-demo-m03'));
  });
});

describe('the filter table', () => {
  it('kubelet and kube-proxy chains and jumps, in the order [aks] shows', () => {
    expect(filter(demo())).toBe([
      '-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT',
      '-N KUBE-EXTERNAL-SERVICES', '-N KUBE-FIREWALL', '-N KUBE-FORWARD', '-N KUBE-KUBELET-CANARY', '-N KUBE-NODEPORTS', '-N KUBE-PROXY-CANARY', '-N KUBE-PROXY-FIREWALL', '-N KUBE-SERVICES',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A INPUT -j KUBE-FIREWALL',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -j KUBE-FIREWALL',
      '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      '-A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '',
    ].join('\n'));
  });

  it('a service without endpoints is rejected in filter KUBE-SERVICES, its NodePort in KUBE-EXTERNAL-SERVICES', () => {
    const e = demo();
    expect(e.createService({ name: 'web', type: 'NodePort', ports: [{ port: 8080, targetPort: 80, protocol: 'TCP' }], selector: { app: 'none' }, labels: {} })).toMatchObject({ ok: true });
    const svc = e.services().find((s) => s.name === 'web')!;
    const np = svc.ports[0]!.nodePort!;
    // Format: a published `-A KUBE-SERVICES -d 10.254.0.2/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp has no endpoints" -m tcp --dport 53 -j REJECT --reject-with icmp-port-unreachable`.
    expect(filter(e)).toContain(`-A KUBE-SERVICES -d ${svc.clusterIP}/32 -p tcp -m comment --comment "default/web has no endpoints" -m tcp --dport 8080 -j REJECT --reject-with icmp-port-unreachable\n`);
    expect(filter(e)).toContain(`-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport ${np} -j REJECT --reject-with icmp-port-unreachable\n`);
    expect(nat(e)).not.toContain('default/web');
  });
});

describe('rules follow services and endpoints', () => {
  it('scaling rewrites the service chain and deletes the endpoint chains no longer used', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    const before = nat(e);
    const seps = before.split('\n').filter((l) => /^-N KUBE-SEP-/.test(l));
    e.scaleDeployment('nginx', 1);
    const ep = e.endpoints().find((x) => x.name === 'nginx')!.addresses[0]!.ip;
    const after = nat(e);
    const chain = svcChainName('default/nginx', 'tcp');
    expect(after.split('\n').filter((l) => l.startsWith(`-A ${chain} `))[1]).toBe(`-A ${chain} -m comment --comment "default/nginx -> ${ep}:80" -j ${sepChainName('default/nginx', 'tcp', `${ep}:80`)}`);
    expect(after.split('\n').filter((l) => /^-N KUBE-SEP-/.test(l))).toHaveLength(seps.length - 2);
  });

  it('deleting the service removes its chains', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    e.deleteService('nginx');
    expect(nat(e)).not.toContain('default/nginx');
    expect(nat(e)).not.toContain(svcChainName('default/nginx', 'tcp'));
  });

  it('a stopped kube-proxy keeps its rules; started again, it catches up', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    expect(e.applyFault({ kind: 'kube-proxy-stopped', node: M02 })).toEqual({ ok: true });
    const stale = nat(e, M02);
    e.scaleDeployment('nginx', 1);
    expect(nat(e, M02)).toBe(stale);
    expect(nat(e, CP)).not.toBe(stale);
    const pod = e.pods('kube-system').find((p) => p.node === M02 && p.name.startsWith('kube-proxy-'))!;
    expect(pod.containers[0]!.ready).toBe(false);
    e.setKubeProxyRunning(M02, true);
    expect(nat(e, M02)).toBe(nat(e, CP));
    expect(pod.containers[0]!.ready).toBe(true);
  });

  it('a new node gets kubelet and kube-proxy rules at once', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    const r = e.nodeAdd() as { node?: string };
    expect(nat(e, r.node!)).toBe(nat(e, CP));
    expect(filter(e, r.node!)).toBe(filter(e, CP));
  });

  it('replaying the log rebuilds the same tables, stopped kube-proxy included', () => {
    const e = demo();
    e.exposeService('deployment', 'nginx', { port: 80 });
    e.setKubeProxyRunning(M02, false);
    e.scaleDeployment('nginx', 2);
    const again = Engine.replay(e.state.origin, e.log);
    expect(again.state.iptables).toEqual(e.state.iptables);
    expect(again.state.kubeProxy).toEqual(e.state.kubeProxy);
  });
});

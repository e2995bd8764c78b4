import { describe, expect, it } from 'vitest';
import { at, demoCluster, N1, N2, N3 } from './helpers';

describe('the article demo on seed 0, whole outputs', () => {
  it('ip route on node 2 (FIDELITY.md, with the demo network)', () => {
    const e = demoCluster();
    expect(at.debug(e, N2).run('ip route')).toEqual({
      exitCode: 0,
      output:
        'default via 192.168.103.1 dev eth0 \n' +
        '10.244.0.0/24 via 192.168.103.2 dev eth0 \n' +
        `10.244.1.2 dev ${e.netns(N2)!.links.find((l) => l.name.startsWith('veth'))!.name} scope host \n` +
        '10.244.2.0/24 via 192.168.103.4 dev eth0 \n' +
        '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n' +
        '192.168.103.0/24 dev eth0 proto kernel scope link src 192.168.103.3 \n',
    });
  });

  it('ip route get 10.244.2.2 on node 1: uid 0 as root, uid 1000 over minikube ssh', () => {
    const e = demoCluster();
    expect(at.debug(e, N1).run('ip route get 10.244.2.2').output).toBe('10.244.2.2 via 192.168.103.4 dev eth0 src 192.168.103.2 uid 0 \n    cache \n');
    expect(at.ssh(e, N1).run('ip r g 10.244.2.2').output).toBe('10.244.2.2 via 192.168.103.4 dev eth0 src 192.168.103.2 uid 1000 \n    cache \n');
  });

  it("a pod's ip route and ip -4 addr show eth0", () => {
    const e = demoCluster();
    const s = at.pod(e, '10.244.0.3');
    expect(s.run('ip route').output).toBe(
      'default via 10.244.0.1 dev eth0 \n10.244.0.0/24 via 10.244.0.1 dev eth0 src 10.244.0.3 \n10.244.0.1 dev eth0 scope link src 10.244.0.3 \n',
    );
    expect(s.run('ip -4 addr show eth0').output).toMatch(
      /^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netnsid 0\n {4}inet 10\.244\.0\.3\/24 brd 10\.244\.0\.255 scope global eth0\n {7}valid_lft forever preferred_lft forever\n$/,
    );
  });

  it('iputils ping across nodes: TTL 62, summary, -c', () => {
    const e = demoCluster();
    const { output, exitCode } = at.pod(e, '10.244.0.3').run('ping -c 3 10.244.2.2');
    expect(exitCode).toBe(0);
    expect(output).toMatch(
      /^PING 10\.244\.2\.2 \(10\.244\.2\.2\) 56\(84\) bytes of data\.\n(64 bytes from 10\.244\.2\.2: icmp_seq=[123] ttl=62 time=0\.\d{3} ms\n){3}\n--- 10\.244\.2\.2 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 20\d\dms\nrtt min\/avg\/max\/mdev = 0\.\d{3}\/0\.\d{3}\/0\.\d{3}\/0\.\d{3} ms\n$/,
    );
  });

  it('ping without -c stops after 4 with ^C, as a learner pressing Ctrl-C', () => {
    const e = demoCluster();
    const { output } = at.pod(e, '10.244.0.3').run('ping 10.244.1.2');
    expect(output.split('\n').filter((l) => l.startsWith('64 bytes'))).toHaveLength(4);
    expect(output).toContain('icmp_seq=4 ttl=62');
    expect(output).toContain(' ms\n^C\n--- 10.244.1.2 ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 30');
  });

  it('busybox ping: 56 data bytes, seq= from 0, round-trip', () => {
    const e = demoCluster();
    const { output } = at.pod(e, '10.244.0.3', 'busybox').run('ping -c 2 10.244.2.2');
    expect(output).toMatch(
      /^PING 10\.244\.2\.2 \(10\.244\.2\.2\): 56 data bytes\n64 bytes from 10\.244\.2\.2: seq=0 ttl=62 time=0\.\d{3} ms\n64 bytes from 10\.244\.2\.2: seq=1 ttl=62 time=0\.\d{3} ms\n\n--- 10\.244\.2\.2 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = 0\.\d{3}\/0\.\d{3}\/0\.\d{3} ms\n$/,
    );
  });

  it('ping times are deterministic for a seed and sub-millisecond', () => {
    const a = at.pod(demoCluster(), '10.244.0.3').run('ping -c 4 10.244.2.2').output;
    const b = at.pod(demoCluster(), '10.244.0.3').run('ping -c 4 10.244.2.2').output;
    expect(a).toBe(b);
    const same = at.pod(demoCluster(), '10.244.0.3').run('ping -c 4 10.244.0.2').output;
    const avg = (o: string) => Number(/= [\d.]+\/([\d.]+)\//.exec(o)![1]);
    expect(avg(same)).toBeLessThan(avg(a));
    expect(avg(a)).toBeLessThan(1);
  });

  it('GNU traceroute across nodes: pod gateway, peer node, pod', () => {
    const e = demoCluster();
    const out = at.pod(e, '10.244.0.3').run('traceroute 10.244.2.2').output;
    expect(out).toMatch(
      /^traceroute to 10\.244\.2\.2 \(10\.244\.2\.2\), 30 hops max, 60 byte packets\n 1  10\.244\.0\.1 \(10\.244\.0\.1\)  0\.\d{3} ms  0\.\d{3} ms  0\.\d{3} ms\n 2  192\.168\.103\.4 \(192\.168\.103\.4\)( {2}0\.\d{3} ms){3}\n 3  10\.244\.2\.2 \(10\.244\.2\.2\)( {2}0\.\d{3} ms){3}\n$/,
    );
    const n = at.pod(e, '10.244.0.3').run('traceroute -n 10.244.0.2').output;
    expect(n).toMatch(/^traceroute to 10\.244\.0\.2 \(10\.244\.0\.2\), 30 hops max, 60 byte packets\n 1  10\.244\.0\.1( {2}0\.\d{3} ms){3}\n 2  10\.244\.0\.2( {2}0\.\d{3} ms){3}\n$/);
  });

  it('busybox traceroute: 46 byte packets', () => {
    const e = demoCluster();
    const out = at.pod(e, '10.244.0.3', 'busybox').run('traceroute -n 10.244.2.2').output;
    expect(out.split('\n')[0]).toBe('traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 46 byte packets');
    expect(out.split('\n')).toHaveLength(5);
  });

  it('route -n and route on a node (net-tools), busybox route in a pod', () => {
    const e = demoCluster();
    const veth = (ip: string) => e.netns(N1)!.links.find((l) => l.ifindex === e.netns(N1)!.routes.find((r) => r.dstLen === 32 && r.dev !== undefined && [10, 244, 0, Number(ip)].join('.') === [r.dst >>> 24, (r.dst >>> 16) & 255, (r.dst >>> 8) & 255, r.dst & 255].join('.'))!.dev)!.name;
    const table = (first: string) =>
      'Kernel IP routing table\n' +
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
      `${first.padEnd(15)} 192.168.103.1   0.0.0.0         UG    0      0        0 eth0\n` +
      `10.244.0.2      0.0.0.0         255.255.255.255 UH    0      0        0 ${veth('2')}\n` +
      `10.244.0.3      0.0.0.0         255.255.255.255 UH    0      0        0 ${veth('3')}\n` +
      '10.244.1.0      192.168.103.3   255.255.255.0   UG    0      0        0 eth0\n' +
      '10.244.2.0      192.168.103.4   255.255.255.0   UG    0      0        0 eth0\n' +
      '172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0\n' +
      '192.168.103.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n';
    const s = at.debug(e, N1);
    expect(s.run('route -n').output).toBe(table('0.0.0.0'));
    expect(s.run('route').output).toBe(table('default'));
    expect(at.pod(e, '10.244.0.3', 'busybox').run('route').output).toBe(
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        'default         10.244.0.1      0.0.0.0         UG    0      0        0 eth0\n' +
        '10.244.0.0      10.244.0.1      255.255.255.0   UG    0      0        0 eth0\n' +
        '10.244.0.1      *               255.255.255.255 UH    0      0        0 eth0\n',
    );
  });

  it('iptables -t nat -S and iptables-save -t nat show kindnet masquerade', () => {
    const e = demoCluster();
    const s = at.root(e, N3);
    const S = s.run('iptables -t nat -S').output;
    expect(S).toContain('-N KIND-MASQ-AGENT\n');
    expect(S).toContain('-A KIND-MASQ-AGENT -d 10.244.0.0/16 -m comment --comment "kind-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN\n');
    const save = s.run('iptables-save -t nat').output;
    expect(save).toMatch(/^# Generated by iptables-save v1\.8\.4 on \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n\*nat\n:PREROUTING ACCEPT \[0:0\]\n/);
    expect(save).toContain(':KIND-MASQ-AGENT - [0:0]\n');
    expect(save).toMatch(/COMMIT\n# Completed on .*\n$/);
    expect(s.run('iptables -t nat -L KIND-MASQ-AGENT').output).toBe(
      'Chain KIND-MASQ-AGENT (1 references)\n' +
        'target     prot opt source               destination         \n' +
        'RETURN     all  --  anywhere             10.244.0.0/16        /* kind-masq-agent: local traffic is not subject to MASQUERADE */\n' +
        'MASQUERADE  all  --  anywhere             anywhere             /* kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain) */\n',
    );
  });
});

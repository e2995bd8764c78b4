import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, demoCluster, N1 } from './helpers';

describe('exact errors and exit codes', () => {
  it.each([
    ['ip foo', 'Object "foo" is unknown, try "ip help".\n', 1],
    ['ip route foo', 'Command "foo" is unknown, try "ip route help".\n', 255],
    ['ip -x route', 'Option "-x" is unknown, try "ip -help".\n', 255],
    ['ip route add bogus via 1.2.3.4', 'Error: any valid prefix is expected rather than "bogus".\n', 1],
    ['ip route add 10.9.0.0/16 via foo', 'Error: inet address is expected rather than "foo".\n', 1],
    ['ip route add 10.9.0.0/16 dev eth9', 'Cannot find device "eth9"\n', 1],
    ['ip route add 10.9.0.0/16 10.8.0.0/16', 'Error: either "to" is duplicate, or "10.8.0.0/16" is a garbage.\n', 255],
    ['ip route add 10.244.1.0/24 via 192.168.103.3', 'RTNETLINK answers: File exists\n', 2],
    ['ip route del 10.99.0.0/16', 'RTNETLINK answers: No such process\n', 2],
    ['ip route add 10.9.0.0/16 via 10.1.1.1', 'Error: Nexthop has invalid gateway.\n', 2],
    ['ip route add 10.9.0.0/16 via 192.168.103.9 metric x', 'Error: argument "x" is wrong: "metric" value is invalid\n\n', 255],
    ['ip route add', expect.stringMatching(/^Usage: ip route \{ list \| flush \} SELECTOR\n/), 255],
    ['ip route flush', '"ip route flush" requires arguments.\n', 1],
    ['ip route get', 'need at least a destination address\n', 1],
    ['ip route get 10.244.2.2 oif eth9', 'Cannot find device "eth9"\n', 1],
    ['ip link show eth9', 'Device "eth9" does not exist.\n', 1],
    ['ip link set eth9 down', 'Cannot find device "eth9"\n', 1],
    ['ip addr add 10.1.1.1/24', 'Not enough information: "dev" argument is required.\n', 1],
    ['ip route add 10.9.0.0/16 via', 'Command line is not complete. Try option "help"\n', 255],
    ['ip help', expect.stringMatching(/^Usage: ip \[ OPTIONS \] OBJECT \{ COMMAND \| help \}\n/), 255],
    ['ping', 'ping: usage error: Destination address required\n', 1],
    ['ping foo', 'ping: foo: Name or service not known\n', 2],
    ['ping -c x 10.244.2.2', "ping: invalid argument: 'x'\n", 2],
    ['traceroute foo', "foo: Name or service not known\nCannot handle \"host\" cmdline arg `foo' on position 1 (argc 1)\n", 2],
    ['traceroute -m x 10.244.2.2', "Cannot handle `-m' option with arg `x' (argc 1)\n", 2],
    ['sysctl net.ipv4.foo', 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', 255],
    ['cat /run/flannel/subnet.env', 'cat: /run/flannel/subnet.env: No such file or directory\n', 1],
    ['ls /nope', "ls: cannot access '/nope': No such file or directory\n", 2],
    ['iptables -t bogus -L', "iptables v1.8.4 (legacy): can't initialize iptables table `bogus': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n", 3],
  ])('root on a node: %s', (line, output, exitCode) => {
    // kicbase has no traceroute: those lines run in the AKS debug image, the rest as root on the node.
    const where = line.startsWith('traceroute') ? at.debug : at.root;
    expect(where(demoCluster(), N1).run(line)).toEqual({ output, exitCode });
  });

  it.each([
    ['ip route del 10.244.2.0/24', 'RTNETLINK answers: Operation not permitted\n', 2],
    ['ip link set eth0 down', 'RTNETLINK answers: Operation not permitted\n', 2],
    ['ip addr add 10.1.1.1/24 dev eth0', 'RTNETLINK answers: Operation not permitted\n', 2],
    ['sysctl -w net.ipv4.ip_forward=0', 'sysctl: permission denied on key "net.ipv4.ip_forward"\n', 255],
    ['iptables -t nat -L', "iptables v1.8.4 (legacy): can't initialize iptables table `nat': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.\n", 3],
    ['route -n', 'bash: route: command not found\n', 127],
    ['traceroute 10.244.2.2', 'bash: traceroute: command not found\n', 127],
    ['whoami', 'docker\n', 0],
    ['id', 'uid=1000(docker) gid=997(docker) groups=997(docker),27(sudo),107(nerdctl),108(buildkit),109(podman)\n', 0],
    ['hostname', 'multinode-demo\n', 0],
  ])('the docker user over minikube ssh: %s', (line, output, exitCode) => {
    const e = demoCluster();
    const before = JSON.stringify(e.state.netns);
    expect(at.ssh(e, N1).run(line)).toEqual({ output, exitCode });
    expect(JSON.stringify(e.state.netns)).toBe(before);
  });

  it.each([
    ['ping foo', "ping: bad address 'foo'\n", 1],
    ['traceroute foo', "traceroute: bad address 'foo'\n", 1],
    ['iptables -L', 'sh: iptables: not found\n', 127],
    ['id', 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n', 0],
  ])('busybox in a pod: %s', (line, output, exitCode) => {
    expect(at.pod(demoCluster(), '10.244.0.3', 'busybox').run(line)).toEqual({ output, exitCode });
  });
});

describe('files by place', () => {
  it('a node has the kindnet conflist; a debug pod sees it under /host; a pod has none', () => {
    const e = demoCluster();
    expect(at.ssh(e, N1).run('ls /etc/cni/net.d').output).toBe('10-kindnet.conflist               87-podman-bridge.conflist.mk_disabled\n100-crio-bridge.conf.mk_disabled\n');
    expect(at.ssh(e, N1).run('cat /etc/cni/net.d/10-kindnet.conflist').output).toBe(e.file(N1, '/etc/cni/net.d/10-kindnet.conflist'));
    expect(at.debug(e, N1).run('cat /host/etc/cni/net.d/10-kindnet.conflist').exitCode).toBe(0);
    expect(at.debug(e, N1).run('cat /etc/cni/net.d/10-kindnet.conflist').exitCode).toBe(1);
    expect(at.pod(e, '10.244.0.3').run('cat /etc/resolv.conf').output).toBe('nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');
    expect(at.debug(e, N1).run('cat /proc/sys/net/ipv4/ip_forward').output).toBe('1\n');
  });
});

describe('kernel behaviour through the tools (FIDELITY.md)', () => {
  it('a deleted cross-node route: get follows the default route, pings get no reply', () => {
    const e = demoCluster();
    const node = at.root(e, N1);
    expect(node.run('ip route del 10.244.2.0/24')).toEqual({ output: '', exitCode: 0 });
    expect(node.run('ip route get 10.244.2.2').output).toBe('10.244.2.2 via 192.168.103.1 dev eth0 src 192.168.103.2 uid 0 \n    cache \n');
    const ping = at.pod(e, '10.244.0.3').run('ping -c 2 10.244.2.2');
    expect(ping.exitCode).toBe(1);
    expect(ping.output).toMatch(/^PING 10\.244\.2\.2 \(10\.244\.2\.2\) 56\(84\) bytes of data\.\n\n--- 10\.244\.2\.2 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 10\d\dms\n\n$/);
    const tr = at.pod(e, '10.244.0.3').run('traceroute -n -m 3 10.244.2.2').output.split('\n');
    expect(tr[2]).toBe(' 2  * * *');
  });

  it('no default route either: RTNETLINK Network is unreachable, connect error, Net Unreachable from the gateway', () => {
    const e = demoCluster();
    const node = at.root(e, N1);
    node.run('ip route del 10.244.2.0/24');
    node.run('ip route del default');
    expect(node.run('ip route get 10.244.2.2')).toEqual({ output: 'RTNETLINK answers: Network is unreachable\n', exitCode: 2 });
    expect(node.run('ping -c 1 10.244.2.2')).toEqual({ output: 'ping: connect: Network is unreachable\n', exitCode: 2 });
    const ping = at.pod(e, '10.244.0.3').run('ping -c 2 10.244.2.2');
    expect(ping.output).toContain('From 10.244.0.1 icmp_seq=1 Destination Net Unreachable\nFrom 10.244.0.1 icmp_seq=2 Destination Net Unreachable\n');
    expect(ping.output).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss');
    expect(at.pod(e, '10.244.0.3').run('traceroute -n 10.244.2.2').output).toMatch(/\n 1  10\.244\.0\.1 {2}0\.\d{3} ms !N {2}0\.\d{3} ms !N {2}0\.\d{3} ms !N\n$/);
  });

  it('ip_forward=0 on a node: forwarded traffic vanishes', () => {
    const e = demoCluster();
    expect(at.root(e, N1).run('sysctl -w net.ipv4.ip_forward=0').output).toBe('net.ipv4.ip_forward = 0\n');
    expect(at.root(e, N1).run('sysctl -n net.ipv4.ip_forward').output).toBe('0\n');
    expect(at.pod(e, '10.244.0.3').run('ping -c 1 10.244.2.2').exitCode).toBe(1);
  });

  it('ip route add / replace / flush change the table', () => {
    const e = demoCluster();
    const s = at.root(e, N1);
    expect(s.run('ip route add blackhole 10.99.0.0/16').exitCode).toBe(0);
    expect(s.run('ip route add 10.98.0.0/16 via 192.168.103.3 metric 5').exitCode).toBe(0);
    expect(s.run('ip route show 10.98.0.0/16').output).toBe('10.98.0.0/16 via 192.168.103.3 dev eth0 metric 5 \n');
    expect(s.run('ip route show type blackhole').output).toBe('blackhole 10.99.0.0/16 \n');
    expect(s.run('ip route flush 10.98.0.0/16').exitCode).toBe(0);
    expect(s.run('ip route show 10.98.0.0/16').output).toBe('');
    expect(s.run('ip link set eth0 down').exitCode).toBe(0);
    expect(s.run('ip -br link show eth0').output).toMatch(/^eth0@if\d+ +DOWN /);
  });
});

describe('bad input never breaks the lab', () => {
  const words = fc.oneof(
    fc.constantFrom('ip', 'route', 'ping', 'traceroute', 'sysctl', 'cat', 'ls', 'id', 'iptables', 'iptables-save', 'hostname'),
    fc.constantFrom('-4', '-6', '-j', '-br', '-o', '-n', '-c', '-w', '-W', '-i', '-m', '-q', '-I', '-t', 'nat', '-L', '-S', '-v', '-s', '-x', '--', '-'),
    fc.constantFrom('a', 'addr', 'r', 'route', 'link', 'neigh', 'add', 'del', 'replace', 'flush', 'get', 'show', 'set', 'up', 'down', 'help', 'via', 'dev', 'table', 'metric', 'scope', 'src', 'proto', 'onlink', 'from', 'iif', 'oif', 'default', 'blackhole', 'unreachable', 'all', 'main', 'local'),
    fc.constantFrom('10.244.2.2', '10.244.0.0/24', '192.168.103.1', '10.9.0.0/16', 'eth0', 'eth9', 'lo', '0', '3', '999999999999', 'net.ipv4.ip_forward', 'net.ipv4.ip_forward=0', '/etc/hosts', '/etc/cni/net.d'),
    fc.string({ maxLength: 12 }),
  );
  it('random argument lists: no throw, no internal error, the engine changes only on success', () => {
    const places = ['debug', 'ssh', 'pod', 'busybox'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.constantFrom('ip', 'route', 'ping', 'traceroute', 'sysctl', 'cat', 'ls', 'iptables', 'id'), fc.array(words, { maxLength: 8 }), (where, cmd, args) => {
        const e = demoCluster();
        const shell = where === 'debug' ? at.debug(e, N1) : where === 'ssh' ? at.ssh(e, N1) : at.pod(e, '10.244.0.3', where === 'busybox' ? 'busybox' : undefined);
        const before = JSON.stringify(e.state.netns);
        const quoted = [cmd, ...args].map((w) => `'${w.replace(/'/g, '')}'`).join(' ');
        const r = shell.run(quoted);
        expect(r.output).not.toContain('internal error');
        // sysctl applies its operands one by one: an earlier one may succeed before a later one fails.
        if (r.exitCode !== 0 && cmd !== 'sysctl') expect(JSON.stringify(e.state.netns)).toBe(before);
      }),
      { numRuns: 400 },
    );
  });
});

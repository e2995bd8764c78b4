/**
 * dig in pods and on nodes. The 9.18 outputs are BIND 9.18.49's, recorded in
 * a network namespace with a pod's resolv.conf against a responder answering
 * as CoreDNS does (this cluster's names and addresses put in); bin/dig is
 * identical from 9.18.41 to 9.18.50. The 9.16.1 differences come from its
 * source (bin/dig/dig.c, dighost.c at v9.16.1): the SERVER line without the
 * transport, an EDNS buffer of 4096, one "connection timed out" line.
 * The message id, the query time and the WHEN line are normalised away.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../sandbox/index';
import { AKS, at, demoCluster, N1 } from '../shell/tools/helpers';
import { scaleCoreDnsToZero, simulateServiceDnat } from './helpers';

const NETSHOOT = 'nicolaka/netshoot';

function cluster(): { e: Engine; nginx: string } {
  const e = simulateServiceDnat(demoCluster());
  e.exposeService('deployment', 'nginx', { port: 80 });
  return { e, nginx: e.services().find((s) => s.name === 'nginx')!.clusterIP };
}

const norm = (s: string) => s.replace(/id: \d+$/gm, 'id: ID').replace(/Query time: \d+ msec/g, 'Query time: N msec').replace(/^;; WHEN: .*$/gm, ';; WHEN: W')
  .replace(/(hostmaster\.cluster\.local\. )\d+ /g, '$1SERIAL ');

const dig918 = (e: Engine, line: string) => { const r = at.pod(e, '10.244.1.2', NETSHOOT).run(line); return { ...r, output: norm(r.output) }; };
const dig916 = (e: Engine, line: string) => { const r = at.pod(e, '10.244.1.2', AKS).run(line); return { ...r, output: norm(r.output) }; };

const MDNS = ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
const NORA = ';; WARNING: recursion requested but not available\n';

describe('dig 9.18', () => {
  it('an A record: header, flags (aa, no ra), the echoed OPT, question, answer, stats', () => {
    expect(dig918(cluster().e, 'dig kubernetes.default.svc.cluster.local')).toEqual({
      output: `\n; <<>> DiG 9.18.49 <<>> kubernetes.default.svc.cluster.local\n;; global options: +cmd\n;; Got answer:\n${MDNS}`
        + ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n'
        + `${NORA}\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;kubernetes.default.svc.cluster.local. IN A\n\n`
        + ';; ANSWER SECTION:\nkubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n\n'
        + ';; Query time: N msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: W\n;; MSG SIZE  rcvd: 117\n\n',
      exitCode: 0,
    });
  });

  it('NXDOMAIN: the SOA in the authority section, on tab stops', () => {
    expect(dig918(cluster().e, 'dig nosuch.default.svc.cluster.local')).toEqual({
      output: `\n; <<>> DiG 9.18.49 <<>> nosuch.default.svc.cluster.local\n;; global options: +cmd\n;; Got answer:\n${MDNS}`
        + ';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n'
        + `${NORA}\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;nosuch.default.svc.cluster.local. IN\tA\n\n`
        + ';; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. SERIAL 7200 1800 86400 30\n\n'
        + ';; Query time: N msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: W\n;; MSG SIZE  rcvd: 154\n\n',
      exitCode: 0,
    });
  });

  it('no search list by default: a short name goes out as is and the offline upstream answers SERVFAIL (no aa, no ra)', () => {
    expect(dig918(cluster().e, 'dig nginx')).toEqual({
      output: '\n; <<>> DiG 9.18.49 <<>> nginx\n;; global options: +cmd\n;; Got answer:\n'
        + ';; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: ID\n;; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n'
        + `${NORA}\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;nginx.\t\t\t\tIN\tA\n\n`
        + ';; Query time: N msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: W\n;; MSG SIZE  rcvd: 34\n\n',
      exitCode: 0,
    });
  });

  // MSG SIZE: 41 bytes of header and question, 79 of PTR, 11 of OPT; counted the same way, the recorded
  // `dig -x` of an address with two PTRs (44- and 42-byte targets) was 208.
  it('-x: the PTR of an endpoint', () => {
    expect(dig918(cluster().e, 'dig -x 10.244.2.2')).toEqual({
      output: '\n; <<>> DiG 9.18.49 <<>> -x 10.244.2.2\n;; global options: +cmd\n;; Got answer:\n'
        + ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n'
        + `${NORA}\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;2.2.244.10.in-addr.arpa.\tIN\tPTR\n\n`
        + ';; ANSWER SECTION:\n2.2.244.10.in-addr.arpa. 30\tIN\tPTR\t10-244-2-2.nginx.default.svc.cluster.local.\n\n'
        + ';; Query time: N msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: W\n;; MSG SIZE  rcvd: 131\n\n',
      exitCode: 0,
    });
  });

  it('NS of the zone, with the additional section', () => {
    const r = dig918(cluster().e, 'dig NS cluster.local');
    expect(r.output).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n');
    expect(r.output).toContain(';; QUESTION SECTION:\n;cluster.local.\t\t\tIN\tNS\n\n;; ANSWER SECTION:\ncluster.local.\t\t30\tIN\tNS\tkube-dns.kube-system.svc.cluster.local.\n\n;; ADDITIONAL SECTION:\nkube-dns.kube-system.svc.cluster.local.\t30 IN A\t10.96.0.10\n\n');
    expect(r.output).toContain(';; MSG SIZE  rcvd: 161\n');
  });

  it('+short, +search, @server (with "; (1 server found)" in the long form)', () => {
    const { e, nginx } = cluster();
    expect(dig918(e, 'dig +short nginx.default.svc.cluster.local')).toEqual({ output: `${nginx}\n`, exitCode: 0 });
    expect(dig918(e, 'dig +search nginx +short')).toEqual({ output: `${nginx}\n`, exitCode: 0 });
    expect(dig918(e, 'dig nginx +short')).toEqual({ output: '', exitCode: 0 });
    expect(dig918(e, 'dig SRV nginx.default.svc.cluster.local +short')).toEqual({ output: '0 100 80 nginx.default.svc.cluster.local.\n', exitCode: 0 });
    expect(dig918(e, 'dig TXT dns-version.cluster.local +short')).toEqual({ output: '"1.1.0"\n', exitCode: 0 });
    expect(dig918(e, 'dig @10.96.0.10 kubernetes.default.svc.cluster.local').output).toMatch(/^\n; <<>> DiG 9\.18\.49 <<>> @10\.96\.0\.10 kubernetes\.default\.svc\.cluster\.local\n; \(1 server found\)\n;; global options: \+cmd\n;; Got answer:\n/);
  });

  it('+noall +answer prints the records alone; +nocmd +nostats drops the command line and the stats', () => {
    const { e, nginx } = cluster();
    expect(dig918(e, 'dig +noall +answer nginx.default.svc.cluster.local')).toEqual({ output: `nginx.default.svc.cluster.local. 30 IN\tA\t${nginx}\n`, exitCode: 0 });
    expect(dig918(e, 'dig +nocmd +nostats nginx.default.svc.cluster.local A +noedns')).toEqual({
      output: `;; Got answer:\n${MDNS};; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n${NORA}\n`
        + `;; QUESTION SECTION:\n;nginx.default.svc.cluster.local. IN\tA\n\n;; ANSWER SECTION:\nnginx.default.svc.cluster.local. 30 IN\tA\t${nginx}\n\n`,
      exitCode: 0,
    });
  });

  it('several names: the command line once, one block each', () => {
    const r = dig918(cluster().e, 'dig nginx.default.svc.cluster.local kubernetes.default.svc.cluster.local');
    expect(r.output.match(/<<>> DiG/g)).toHaveLength(1);
    expect(r.output.match(/;; Got answer:/g)).toHaveLength(2);
    expect(r.output).toContain(';; MSG SIZE  rcvd: 107\n\n;; Got answer:\n');
  });

  it('no reply: one communications error per try, then the command line and "no servers could be reached", status 9', () => {
    const { e } = cluster();
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    expect(dig918(e, 'dig nginx.default.svc.cluster.local')).toEqual({
      output: ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + '\n; <<>> DiG 9.18.49 <<>> nginx.default.svc.cluster.local\n;; global options: +cmd\n;; no servers could be reached\n',
      exitCode: 9,
    });
    expect(dig918(e, 'dig +tries=1 +short nginx.default.svc.cluster.local')).toEqual({ output: ';; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n', exitCode: 9 });
  });

  it('port unreachable (CoreDNS gone): "connection refused" per try', () => {
    const { e } = cluster();
    scaleCoreDnsToZero(e);
    expect(dig918(e, 'dig nginx.default.svc.cluster.local')).toEqual({
      output: ';; communications error to 10.96.0.10#53: connection refused\n'.repeat(3) + '\n; <<>> DiG 9.18.49 <<>> nginx.default.svc.cluster.local\n;; global options: +cmd\n;; no servers could be reached\n',
      exitCode: 9,
    });
  });

  it.each([
    ['dig +foo x', 'Invalid option: +foo\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse "dig -h" (or "dig -h | more") for complete list of options\n', 1],
    ['dig -x', 'Invalid option: -x\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse "dig -h" (or "dig -h | more") for complete list of options\n', 1],
    ['dig a..b', "dig: 'a..b' is not a legal name (empty label)\n", 10],
    ['dig -v', 'DiG 9.18.49\n', 0],
    ['dig @nosuch x', "dig: couldn't get address for 'nosuch': failure\n", 1],
    ['dig -p 99999 x', "invalid port number '99999': out of range\ndig: Couldn't parse port number\n", 1],
  ])('%s', (line, output, exitCode) => {
    expect(dig918(cluster().e, line)).toEqual({ output, exitCode });
  });

  it('an invalid type is warned about and the query is for A', () => {
    const r = dig918(cluster().e, 'dig -t BOGUS kubernetes.default.svc.cluster.local');
    expect(r.output.startsWith(';; Warning, ignoring invalid type BOGUS\n\n; <<>> DiG 9.18.49 <<>> -t BOGUS kubernetes.default.svc.cluster.local\n')).toBe(true);
    expect(r.output).toContain(';kubernetes.default.svc.cluster.local. IN A\n');
  });
});

describe('dig 9.16.1 (Ubuntu 20.04)', () => {
  it('the same reply with its own version, EDNS buffer 4096 and no transport on the SERVER line', () => {
    const r = dig916(cluster().e, 'dig kubernetes.default.svc.cluster.local');
    expect(r.output.startsWith('\n; <<>> DiG 9.16.1-Ubuntu <<>> kubernetes.default.svc.cluster.local\n;; global options: +cmd\n')).toBe(true);
    expect(r.output).toContain('; EDNS: version: 0, flags:; udp: 4096\n');
    expect(r.output).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10)\n;; WHEN: W\n;; MSG SIZE  rcvd: 117\n\n');
  });

  it('no reply: the command line and one "connection timed out" line, status 9', () => {
    const { e } = cluster();
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    expect(dig916(e, 'dig nginx.default.svc.cluster.local')).toEqual({
      output: '\n; <<>> DiG 9.16.1-Ubuntu <<>> nginx.default.svc.cluster.local\n;; global options: +cmd\n;; connection timed out; no servers could be reached\n\n',
      exitCode: 9,
    });
  });
});

describe('dig on a node (docker\'s resolver at the network gateway)', () => {
  it('node names resolve (ra, no aa, TTL 600, no OPT record in docker\'s replies)', () => {
    const r = at.ssh(cluster().e, N1).run('dig multinode-demo-m02');
    expect(norm(r.output)).toBe('\n; <<>> DiG 9.16.1-Ubuntu <<>> multinode-demo-m02\n;; global options: +cmd\n;; Got answer:\n'
      + ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID\n;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n\n'
      + ';; QUESTION SECTION:\n;multinode-demo-m02.\t\tIN\tA\n\n;; ANSWER SECTION:\nmultinode-demo-m02.\t600\tIN\tA\t192.168.103.3\n\n'
      + ';; Query time: N msec\n;; SERVER: 192.168.103.1#53(192.168.103.1)\n;; WHEN: W\n;; MSG SIZE  rcvd: 70\n\n');
  });

  it('cluster names do not: the node\'s resolver knows nothing of cluster.local and has no upstream', () => {
    expect(at.ssh(cluster().e, N1).run('dig +short kubernetes.default.svc.cluster.local')).toEqual({ output: '', exitCode: 0 });
    expect(at.ssh(cluster().e, N1).run('dig kubernetes.default.svc.cluster.local').output).toContain('status: SERVFAIL');
  });
});

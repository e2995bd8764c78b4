/**
 * nslookup in a pod, busybox and BIND flavours. Expected outputs are the
 * real tools' (busybox 1.35.0 nslookup, whose nslookup.c is identical to
 * 1.36.1's; BIND 9.18.49 nslookup) recorded in a network namespace with a
 * pod's resolv.conf, querying a responder that answers as CoreDNS does, with
 * this cluster's names and addresses put in. BIND 9.16.1 differs where its
 * source does (bin/dig/dighost.c, nslookup.c at v9.16.1): no comment lines
 * for replies without recursion when there is one server, and one
 * "connection timed out" line instead of one error per try.
 *
 * Queries reach CoreDNS through a stand-in for kube-proxy's DNAT
 * (helpers.ts); transport.test.ts checks the real tracer.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../sandbox/index';
import { AKS, at, demoCluster } from '../shell/tools/helpers';
import { scaleCoreDnsToZero, simulateServiceDnat } from './helpers';

const NETSHOOT = 'nicolaka/netshoot';

function cluster(): { e: Engine; nginx: string } {
  const e = simulateServiceDnat(demoCluster());
  e.exposeService('deployment', 'nginx', { port: 80 });
  return { e, nginx: e.services().find((s) => s.name === 'nginx')!.clusterIP };
}

/** CoreDNS scaled to 0: kube-dns has no endpoints, and kube-proxy REJECTs its port with ICMP port unreachable. */
const withoutCoreDns = scaleCoreDnsToZero;

/** The asking pod's node (m02) loses its route to the control plane's pods, where CoreDNS runs: queries vanish. */
function brokenRoute(e: Engine): Engine {
  e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
  return e;
}

describe('busybox nslookup', () => {
  const run = (e: Engine, line: string) => at.pod(e, '10.244.1.2', 'busybox').run(line);

  it('a short name: each search domain, A and then AAAA, every reply printed; any NXDOMAIN makes the status 1', () => {
    const { e, nginx } = cluster();
    expect(run(e, 'nslookup nginx')).toEqual({
      output: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tnginx.default.svc.cluster.local\nAddress: ${nginx}\n\n`
        + "** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n** server can't find nginx.cluster.local: NXDOMAIN\n\n\n"
        + "** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n** server can't find nginx.cluster.local: NXDOMAIN\n\n",
      exitCode: 1,
    });
  });

  it('a full name: asked as is; the empty AAAA reply still prints its blank line', () => {
    expect(run(cluster().e, 'nslookup kubernetes.default.svc.cluster.local')).toEqual({
      output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n',
      exitCode: 0,
    });
  });

  it('a name with a dot gets no search domains: kubernetes.default goes out as is and the offline upstream answers SERVFAIL', () => {
    expect(run(cluster().e, 'nslookup kubernetes.default')).toEqual({
      output: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: SERVFAIL\n\n** server can't find kubernetes.default: SERVFAIL\n\n",
      exitCode: 1,
    });
  });

  it('an address is a PTR query (names without the final dot)', () => {
    expect(run(cluster().e, 'nslookup 10.244.2.2')).toEqual({
      output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n2.2.244.10.in-addr.arpa\tname = 10-244-2-2.nginx.default.svc.cluster.local\n\n',
      exitCode: 0,
    });
  });

  it('an answer CoreDNS forwarded is "Non-authoritative"', () => {
    expect(run(cluster().e, 'nslookup multinode-demo-m02.')).toEqual({
      output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nNon-authoritative answer:\nName:\tmultinode-demo-m02\nAddress: 192.168.103.3\n\nNon-authoritative answer:\n\n',
      exitCode: 0,
    });
  });

  it('a server on the command line: shown as given, and resolv.conf (its search list too) is not read', () => {
    expect(run(cluster().e, 'nslookup nginx 10.96.0.10')).toEqual({
      output: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nginx: SERVFAIL\n\n** server can't find nginx: SERVFAIL\n\n",
      exitCode: 1,
    });
  });

  it('-type=soa prints the SOA block', () => {
    const r = run(cluster().e, 'nslookup -type=soa cluster.local');
    expect(r.output).toMatch(/^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n\ncluster\.local\n\torigin = ns\.dns\.cluster\.local\n\tmail addr = hostmaster\.cluster\.local\n\tserial = \d+\n\trefresh = 7200\n\tretry = 1800\n\texpire = 86400\n\tminimum = 30\n\n$/);
    expect(r.exitCode).toBe(0);
  });

  it('no reply at all: busybox\'s own timeout text on stdout, status 1', () => {
    expect(run(brokenRoute(cluster().e), 'nslookup nginx')).toEqual({ output: ';; connection timed out; no servers could be reached\n\n', exitCode: 1 });
  });

  it('port unreachable (no CoreDNS behind the service): the next write fails, then the same timeout text', () => {
    expect(run(withoutCoreDns(cluster().e), 'nslookup nginx')).toEqual({ output: "nslookup: write to '10.96.0.10': Connection refused\n;; connection timed out; no servers could be reached\n\n", exitCode: 1 });
  });

  it.each([
    ['nslookup', 'BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n', 1],
    ['nslookup -type=bogus x', 'nslookup: invalid query type "bogus"\n', 1],
    ['nslookup -port=0 x', 'nslookup: number 0 is not in 1..65535 range\n', 1],
    ['nslookup -port=abc x', "nslookup: invalid number 'abc'\n", 1],
    // res_mkquery refuses the name, so the write fails.
    ['nslookup a..b', "nslookup: write to '10.96.0.10': Message too long\n;; connection timed out; no servers could be reached\n\n", 1],
  ])('%s', (line, output, exitCode) => {
    expect(run(cluster().e, line)).toEqual({ output, exitCode });
  });
});

describe('BIND nslookup 9.16.1 (Ubuntu 20.04 images)', () => {
  const run = (e: Engine, line: string) => at.pod(e, '10.244.1.2', AKS).run(line);

  it('the first search domain that answers; then AAAA for that name, which prints nothing', () => {
    const { e, nginx } = cluster();
    expect(run(e, 'nslookup nginx')).toEqual({ output: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tnginx.default.svc.cluster.local\nAddress: ${nginx}\n\n`, exitCode: 0 });
  });

  it('kubernetes.default is found through the search list (busybox does not find it)', () => {
    expect(run(cluster().e, 'nslookup kubernetes.default')).toEqual({ output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n', exitCode: 0 });
  });

  it('the last candidate\'s failure is reported: SERVFAIL for a short name, NXDOMAIN inside the zone', () => {
    const { e } = cluster();
    expect(run(e, 'nslookup nosuch')).toEqual({ output: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: SERVFAIL\n\n", exitCode: 1 });
    expect(run(e, 'nslookup nosuch.default.svc.cluster.local')).toEqual({ output: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n", exitCode: 1 });
  });

  it('a name without addresses: "No answer", status 0', () => {
    expect(run(cluster().e, 'nslookup default.svc.cluster.local')).toEqual({ output: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n*** Can't find default.svc.cluster.local: No answer\n\n", exitCode: 0 });
  });

  it('a reverse lookup has no Server lines and keeps the final dot', () => {
    expect(run(cluster().e, 'nslookup 10.244.2.2')).toEqual({ output: '2.2.244.10.in-addr.arpa\tname = 10-244-2-2.nginx.default.svc.cluster.local.\n\n', exitCode: 0 });
  });

  it('a forwarded reverse answer is followed by "Authoritative answers can be found from:"', () => {
    expect(run(cluster().e, 'nslookup 192.168.103.3')).toEqual({ output: '3.103.168.192.in-addr.arpa\tname = multinode-demo-m02.multinode-demo.\n\nAuthoritative answers can be found from:\n\n', exitCode: 0 });
  });

  it('a node name, found as is after the search domains, from docker\'s resolver: "Non-authoritative answer:"', () => {
    expect(run(cluster().e, 'nslookup multinode-demo-m02')).toEqual({ output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nNon-authoritative answer:\nName:\tmultinode-demo-m02\nAddress: 192.168.103.3\n\n', exitCode: 0 });
  });

  it('-type=srv and an unknown option', () => {
    const { e } = cluster();
    expect(run(e, 'nslookup -type=srv nginx')).toEqual({ output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nnginx.default.svc.cluster.local\tservice = 0 100 80 nginx.default.svc.cluster.local.\n\n', exitCode: 0 });
    expect(run(e, 'nslookup -foo kubernetes.default.svc.cluster.local')).toEqual({ output: '*** Invalid option: foo\nServer:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n', exitCode: 0 });
  });

  it('no reply: one "connection timed out" line, then nslookup\'s closing newline', () => {
    expect(run(brokenRoute(cluster().e), 'nslookup nginx')).toEqual({ output: ';; connection timed out; no servers could be reached\n\n\n', exitCode: 1 });
  });

  it.each([
    ['nslookup a b c', 'Usage:\n   nslookup [-opt ...]             # interactive mode using default server\n   nslookup [-opt ...] - server    # interactive mode using \'server\'\n   nslookup [-opt ...] host        # just look up \'host\' using default server\n   nslookup [-opt ...] host server # just look up \'host\' using \'server\'\n', 1],
    ['nslookup a..b', "nslookup: 'a..b' is not in legal name syntax (empty label)\n", 1],
    ['nslookup -ver', 'nslookup 9.16.1-Ubuntu\n', 0],
  ])('%s', (line, output, exitCode) => {
    expect(run(cluster().e, line)).toEqual({ output, exitCode });
  });
});

describe('BIND nslookup 9.18 (netshoot)', () => {
  const run = (e: Engine, line: string) => at.pod(e, '10.244.1.2', NETSHOOT).run(line);
  const NORA = ';; Got recursion not available from 10.96.0.10\n';

  it('comments on every reply without recursion available (CoreDNS never sets ra for its own zone)', () => {
    expect(run(cluster().e, 'nslookup kubernetes.default')).toEqual({
      output: `${NORA}${NORA}Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n${NORA}\n`,
      exitCode: 0,
    });
  });

  it('a SERVFAIL reply is commented too', () => {
    expect(run(cluster().e, 'nslookup nosuch')).toEqual({
      output: `${NORA}${NORA}${NORA};; Got SERVFAIL reply from 10.96.0.10\nServer:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: SERVFAIL\n\n`,
      exitCode: 1,
    });
  });

  it('with a server on the command line there are no such comments', () => {
    const { e, nginx } = cluster();
    expect(run(e, 'nslookup nginx 10.96.0.10')).toEqual({ output: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tnginx.default.svc.cluster.local\nAddress: ${nginx}\n\n`, exitCode: 0 });
  });

  it('no reply: one communications error per try (3), then "no servers could be reached"', () => {
    expect(run(brokenRoute(cluster().e), 'nslookup nginx')).toEqual({
      output: ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + ';; no servers could be reached\n\n',
      exitCode: 1,
    });
  });

  it('port unreachable: "connection refused" for each try', () => {
    expect(run(withoutCoreDns(cluster().e), 'nslookup nginx')).toEqual({
      output: ';; communications error to 10.96.0.10#53: connection refused\n'.repeat(3) + ';; no servers could be reached\n\n',
      exitCode: 1,
    });
  });
});

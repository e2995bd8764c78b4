/**
 * Names in ping, curl, wget and traceroute inside pods go through the
 * cluster DNS. iputils outputs were recorded with iputils 20221126 ping in a
 * network namespace with a pod's resolv.conf against a responder answering
 * as CoreDNS does: the PING line and the statistics name the canonical name,
 * replies are named by their PTR (just the address when there is none), and
 * glibc's errors are "Temporary failure in name resolution" (SERVFAIL or no
 * reply) and "No address associated with hostname" (the name exists without
 * an address); busybox says "bad address" whatever the cause.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../sandbox/index';
import { at, demoCluster } from '../shell/tools/helpers';
import { simulateServiceDnat } from './helpers';

function cluster(): { e: Engine; nginx: string } {
  const e = simulateServiceDnat(demoCluster());
  e.exposeService('deployment', 'nginx', { port: 80 });
  return { e, nginx: e.services().find((s) => s.name === 'nginx')!.clusterIP };
}

const ubuntu = (e: Engine) => at.pod(e, '10.244.1.2');
const busybox = (e: Engine) => at.pod(e, '10.244.1.2', 'busybox');

describe('iputils ping', () => {
  it('a service name: the canonical name on the PING line; a ClusterIP does not answer ICMP', () => {
    const { e, nginx } = cluster();
    const r = ubuntu(e).run('ping -c 1 nginx');
    expect(r.output.startsWith(`PING nginx.default.svc.cluster.local (${nginx}) 56(84) bytes of data.\n`)).toBe(true);
    expect(r.output).toContain('--- nginx.default.svc.cluster.local ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss');
  });

  it('an endpoint name: replies are named by the PTR of their source', () => {
    const r = ubuntu(cluster().e).run('ping -c 1 10-244-2-2.nginx');
    expect(r.output).toMatch(/^PING 10-244-2-2\.nginx\.default\.svc\.cluster\.local \(10\.244\.2\.2\) 56\(84\) bytes of data\.\n64 bytes from 10-244-2-2\.nginx\.default\.svc\.cluster\.local \(10\.244\.2\.2\): icmp_seq=1 ttl=62 time=[\d.]+ ms\n/);
    expect(r.exitCode).toBe(0);
  });

  it('an address given as such is printed as such', () => {
    expect(ubuntu(cluster().e).run('ping -c 1 10.244.2.2').output).toMatch(/^PING 10\.244\.2\.2 \(10\.244\.2\.2\) 56\(84\) bytes of data\.\n64 bytes from 10\.244\.2\.2: icmp_seq=1 /);
  });

  it.each([
    ['nosuch', 'ping: nosuch: Temporary failure in name resolution\n'],
    ['nosuch.default.svc.cluster.local', 'ping: nosuch.default.svc.cluster.local: Name or service not known\n'],
    ['default.svc.cluster.local', 'ping: default.svc.cluster.local: No address associated with hostname\n'],
  ])('%s', (name, output) => {
    expect(ubuntu(cluster().e).run(`ping -c 1 ${name}`)).toEqual({ output, exitCode: 2 });
  });

  it('no DNS reply: a temporary failure', () => {
    const { e } = cluster();
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    expect(ubuntu(e).run('ping -c 1 nginx')).toEqual({ output: 'ping: nginx: Temporary failure in name resolution\n', exitCode: 2 });
  });
});

describe('busybox (musl)', () => {
  it('ping prints the name as typed; musl walks the search list too', () => {
    const r = busybox(cluster().e).run('ping -c 1 10-244-2-2.nginx');
    expect(r.output).toMatch(/^PING 10-244-2-2\.nginx \(10\.244\.2\.2\): 56 data bytes\n64 bytes from 10\.244\.2\.2: seq=0 ttl=62 /);
  });

  it('every failure is "bad address"', () => {
    expect(busybox(cluster().e).run('ping -c 1 nosuch')).toEqual({ output: "ping: bad address 'nosuch'\n", exitCode: 1 });
    expect(busybox(cluster().e).run('wget -q -O - http://nosuch/')).toEqual({ output: "wget: bad address 'nosuch'\n", exitCode: 1 });
  });

  it('wget reaches a service by name', () => {
    const { e, nginx } = cluster();
    const r = busybox(e).run('wget -O - http://nginx/');
    expect(r.output.startsWith(`Connecting to nginx (${nginx}:80)\n`)).toBe(true);
    expect(r.exitCode).toBe(0);
  });
});

describe('curl and traceroute', () => {
  it('curl reaches a service by its short name, and cannot resolve what does not exist', () => {
    const { e } = cluster();
    expect(ubuntu(e).run('curl -s -o /dev/null -w "%{http_code}" http://nginx/')).toEqual({ output: '200', exitCode: 0 });
    expect(ubuntu(e).run('curl -sS http://nosuch/')).toEqual({ output: 'curl: (6) Could not resolve host: nosuch\n', exitCode: 6 });
  });

  it('GNU traceroute reports the resolver\'s error', () => {
    expect(ubuntu(cluster().e).run('traceroute nosuch')).toEqual({ output: "nosuch: Temporary failure in name resolution\nCannot handle \"host\" cmdline arg `nosuch' on position 1 (argc 1)\n", exitCode: 2 });
  });

  it('/etc/hosts comes first: the pod\'s own name needs no DNS', () => {
    const { e } = cluster();
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    const name = e.pods().find((p) => p.ip === '10.244.1.2')!.name;
    expect(ubuntu(e).run(`ping -c 1 ${name}`).output.startsWith(`PING ${name} (10.244.1.2) 56(84) bytes of data.\n64 bytes from ${name} (10.244.1.2): icmp_seq=1 `)).toBe(true);
  });
});

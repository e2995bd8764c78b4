/**
 * getent hosts/ahosts in a glibc pod. Formats are glibc 2.36's getent
 * (identical in 2.31), recorded in a network namespace with a pod's
 * resolv.conf and /etc/hosts against a responder answering as CoreDNS does:
 * `%-15s %s` plus aliases, IPv6 asked first (so localhost is ::1), exit
 * status 2 and no output for a name that cannot be found or a DNS that does
 * not answer.
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

const getent = (e: Engine, line: string) => at.pod(e, '10.244.1.2').run(line);
const podName = (e: Engine) => e.pods().find((p) => p.ip === '10.244.1.2')!.name;

describe('getent hosts', () => {
  it('a service: its ClusterIP and the name that answered (the first search domain)', () => {
    const { e, nginx } = cluster();
    expect(getent(e, 'getent hosts nginx')).toEqual({ output: `${nginx.padEnd(15)} nginx.default.svc.cluster.local\n`, exitCode: 0 });
    expect(getent(e, 'getent hosts kubernetes.default')).toEqual({ output: '10.96.0.1       kubernetes.default.svc.cluster.local\n', exitCode: 0 });
  });

  it('several keys, one line each', () => {
    const { e, nginx } = cluster();
    expect(getent(e, 'getent hosts nginx kubernetes')).toEqual({ output: `${nginx.padEnd(15)} nginx.default.svc.cluster.local\n10.96.0.1       kubernetes.default.svc.cluster.local\n`, exitCode: 0 });
  });

  it('/etc/hosts first: the pod\'s own name, and localhost (the ::1 line, since IPv6 is asked first)', () => {
    const { e } = cluster();
    expect(getent(e, `getent hosts ${podName(e)}`)).toEqual({ output: `10.244.1.2      ${podName(e)}\n`, exitCode: 0 });
    expect(getent(e, 'getent hosts localhost')).toEqual({ output: '::1             localhost ip6-localhost ip6-loopback\n', exitCode: 0 });
  });

  it('an address: its PTR', () => {
    expect(getent(cluster().e, 'getent hosts 10.244.2.2')).toEqual({ output: '10.244.2.2      10-244-2-2.nginx.default.svc.cluster.local\n', exitCode: 0 });
  });

  it('not found, an address without PTR, or no DNS at all: nothing printed, status 2', () => {
    const { e } = cluster();
    expect(getent(e, 'getent hosts nosuch')).toEqual({ output: '', exitCode: 2 });
    expect(getent(e, 'getent hosts 10.244.9.9')).toEqual({ output: '', exitCode: 2 });
    e.ipRouteDel('multinode-demo-m02', { dst: '10.244.0.0/24' });
    expect(getent(e, 'getent hosts nginx')).toEqual({ output: '', exitCode: 2 });
  });

  it('no key lists /etc/hosts (IPv4 lines; ::1 shows as 127.0.0.1)', () => {
    const { e } = cluster();
    expect(getent(e, 'getent hosts')).toEqual({ output: `127.0.0.1       localhost\n127.0.0.1       localhost ip6-localhost ip6-loopback\n10.244.1.2      ${podName(e)}\n`, exitCode: 0 });
  });

  it('ahostsv4: one line per socket type, the canonical name on the first', () => {
    const { e, nginx } = cluster();
    const ip = nginx.padEnd(15);
    expect(getent(e, 'getent ahostsv4 nginx')).toEqual({ output: `${ip} STREAM nginx.default.svc.cluster.local\n${ip} DGRAM  \n${ip} RAW    \n`, exitCode: 0 });
  });

  it.each([
    ['getent', "getent: wrong number of arguments\nTry `getent --help' or `getent --usage' for more information.\n", 1],
    ['getent foo x', "Unknown database: foo\nTry `getent --help' or `getent --usage' for more information.\n", 1],
    ['getent -x', "getent: invalid option -- 'x'\nTry `getent --help' or `getent --usage' for more information.\n", 64],
  ])('%s', (line, output, exitCode) => {
    expect(getent(cluster().e, line)).toEqual({ output, exitCode });
  });

  it('only glibc images have it', () => {
    expect(at.pod(cluster().e, '10.244.1.2', 'busybox').run('getent hosts nginx')).toEqual({ output: 'sh: getent: not found\n', exitCode: 127 });
  });
});

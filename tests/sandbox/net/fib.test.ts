import { describe, expect, it } from 'vitest';
import { formatIp } from '../../../sandbox/addr/ipv4';
import { addRoute } from '../../../sandbox/net/mutate';
import { routeGet } from '../../../sandbox/net/route-get';
import { routeInput } from '../../../sandbox/net/route-input';
import { routeOutput } from '../../../sandbox/net/route-output';
import { formatIpRoute, formatRouteGet } from '../../../sandbox/shell/format/iproute2-route';
import { ip, testNs, world } from './helpers';

describe('kernel routes created by address add', () => {
  it('puts local and broadcast routes in table local, the prefix route in main', () => {
    const ns = testNs();
    expect(formatIpRoute(world(ns), ns, 255)).toBe([
      'local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 ',
      'broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.2 linkdown ',
      'local 10.1.0.2 dev eth1 proto kernel scope host src 10.1.0.2 ',
      'broadcast 10.1.0.255 dev eth1 proto kernel scope link src 10.1.0.2 linkdown ',
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 ',
      'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 ',
      '',
    ].join('\n'));
    expect(formatIpRoute(world(ns), ns)).toBe(
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n10.1.0.0/24 dev eth1 proto kernel scope link src 10.1.0.2 linkdown \n',
    );
  });
});

describe('lookup rules', () => {
  const cases: Array<[string, Array<Parameters<typeof addRoute>[1]>, string, string]> = [
    ['local table before main', [{ dst: '10.0.0.2/32', via: '10.0.0.1' }], '10.0.0.2', 'local'],
    ['longest prefix wins', [{ dst: '10.9.0.0/16', via: '10.0.0.1' }, { dst: '10.9.9.0/24', via: '10.1.0.1' }], '10.9.9.9', 'via 10.1.0.1'],
    ['lower metric wins within a prefix', [{ dst: '10.9.0.0/16', via: '10.0.0.1', metric: 200 }, { dst: '10.9.0.0/16', via: '10.1.0.1', metric: 100 }], '10.9.1.1', 'via 10.1.0.1'],
    ['default catches the rest', [{ dst: 'default', via: '10.0.0.1' }], '8.8.8.8', 'via 10.0.0.1'],
  ];
  it.each(cases)('%s', (_name, routes, dst, expected) => {
    const ns = testNs();
    for (const r of routes) expect(addRoute(ns, r)).toEqual({ ok: true });
    const res = routeOutput(ns, { dst: ip(dst) });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(expected === 'local' ? res.type : `via ${formatIp(res.gateway!)}`).toBe(expected);
  });

  it.each([
    ['blackhole', 'EINVAL'],
    ['unreachable', 'EHOSTUNREACH'],
    ['prohibit', 'EACCES'],
  ])('a %s route fails the lookup with %s', (type, errno) => {
    const ns = testNs();
    addRoute(ns, { dst: 'default', via: '10.0.0.1' });
    expect(addRoute(ns, { type, dst: '192.0.2.0/24' })).toEqual({ ok: true });
    expect(routeOutput(ns, { dst: ip('192.0.2.1') })).toMatchObject({ ok: false, errno });
  });

  // Real kernel: `ip route add local 10.9.0.0/16 dev lo; ip route add 10.9.1.0/24 via GW` and
  // `ip route get 10.9.1.5` answers via GW: the longest prefix wins across the merged local/main table.
  it('a main route more specific than a local one wins (merged local/main table)', () => {
    const ns = testNs();
    expect(addRoute(ns, { type: 'local', dst: '10.9.0.0/16', dev: 'lo' })).toEqual({ ok: true });
    expect(addRoute(ns, { dst: '10.9.1.0/24', via: '10.0.0.1' })).toEqual({ ok: true });
    expect(routeOutput(ns, { dst: ip('10.9.1.5') })).toMatchObject({ ok: true, type: 'unicast', gateway: ip('10.0.0.1'), table: 254 });
    expect(routeOutput(ns, { dst: ip('10.9.2.5') })).toMatchObject({ ok: true, type: 'local', table: 254 });
  });

  it('a throw route falls through to the next rule, and then nothing matches', () => {
    const ns = testNs();
    addRoute(ns, { type: 'throw', dst: '192.0.2.0/24' });
    expect(routeOutput(ns, { dst: ip('192.0.2.1') })).toMatchObject({ ok: false, errno: 'ENETUNREACH' });
  });

  it('an oif with no route assumes the destination is on link', () => {
    const ns = testNs();
    expect(routeOutput(ns, { dst: ip('192.0.2.1'), oif: 3 })).toMatchObject({ ok: true, dev: 3, src: ip('10.1.0.2') });
  });
});

describe('preferred source', () => {
  it.each([
    ['prefsrc wins', { dst: '192.0.2.0/24', dev: 'eth0', src: '10.1.0.2' }, '10.1.0.2'],
    ['an address of the egress device in the gateway subnet', { dst: '192.0.2.0/24', via: '10.1.0.1' }, '10.1.0.2'],
    ['any global address when the device has none', { dst: '192.0.2.0/24', dev: 'lo' }, '10.0.0.2'],
  ])('%s', (_n, route, src) => {
    const ns = testNs();
    expect(addRoute(ns, route)).toEqual({ ok: true });
    const res = routeOutput(ns, { dst: ip('192.0.2.9') });
    expect(res.ok && formatIp(res.src)).toBe(src);
  });
});

describe('ip route get', () => {
  it('prints via, dev, src, uid and the cache line', () => {
    const ns = testNs();
    addRoute(ns, { dst: 'default', via: '10.0.0.1' });
    const a = routeGet(ns, { dst: ip('8.8.8.8') });
    expect(a.ok && formatRouteGet(a)).toBe('8.8.8.8 via 10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n    cache \n');
  });
  // Real kernel (6.x, and 4.15 on minikube alike): with no custom rules table local is merged into main,
  // so a local answer is reported from table main and `table local` is not printed.
  it('prints a local answer without a table (local and main are one merged table)', () => {
    const ns = testNs();
    const a = routeGet(ns, { dst: ip('10.0.0.2'), uid: 1000 });
    expect(a.ok && formatRouteGet(a)).toBe('local 10.0.0.2 dev lo src 10.0.0.2 uid 1000 \n    cache <local> \n');
  });
  it('prints a local forwarding answer without a table either', () => {
    const ns = testNs();
    const a = routeGet(ns, { dst: ip('10.0.0.2'), from: ip('10.1.0.9'), iif: 'eth1' });
    expect(a.ok && formatRouteGet(a)).toBe('local 10.0.0.2 from 10.1.0.9 dev lo \n    cache <local> iif eth1 \n');
  });
  it('answers Network is unreachable when nothing matches', () => {
    const ns = testNs();
    expect(routeGet(ns, { dst: ip('8.8.8.8') })).toMatchObject({ ok: false, message: 'RTNETLINK answers: Network is unreachable' });
  });
  it('answers No route to host for a forwarding lookup with ip_forward=0', () => {
    const ns = testNs();
    addRoute(ns, { dst: 'default', via: '10.0.0.1' });
    expect(routeGet(ns, { dst: ip('8.8.8.8'), from: ip('10.1.0.9'), iif: 'eth1' })).toMatchObject({ ok: false, message: 'RTNETLINK answers: No route to host' });
  });
  it('prints from and iif for a forwarding lookup, without uid', () => {
    const ns = testNs();
    ns.sysctls['net.ipv4.ip_forward'] = 1;
    addRoute(ns, { dst: 'default', via: '10.0.0.1' });
    const a = routeGet(ns, { dst: ip('8.8.8.8'), from: ip('10.1.0.9'), iif: 'eth1' });
    expect(a.ok && formatRouteGet(a)).toBe('8.8.8.8 from 10.1.0.9 via 10.0.0.1 dev eth0 \n    cache iif eth1 \n');
  });
  it('names an unknown device like iproute2', () => {
    expect(routeGet(testNs(), { dst: ip('1.1.1.1'), oif: 'eth9' })).toMatchObject({ message: 'Cannot find device "eth9"' });
  });
});

describe('forwarding errors (ip_error)', () => {
  it.each([
    [1, 'net-unreachable'],
    [0, undefined],
  ])('with ip_forward=%i and no route the ICMP is %s', (fwd, icmp) => {
    const ns = testNs();
    ns.sysctls['net.ipv4.ip_forward'] = fwd as 0 | 1;
    const r = routeInput(ns, { dst: ip('8.8.8.8'), src: ip('10.1.0.9'), iif: 3 });
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' ? r.icmp : 'x').toBe(icmp);
  });
});

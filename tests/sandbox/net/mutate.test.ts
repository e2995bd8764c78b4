import { describe, expect, it } from 'vitest';
import { addAddr, addRoute, delAddr, delRoute, flushRoutes, replaceRoute, setLink, setSysctl } from '../../../sandbox/net/mutate';
import { testNs } from './helpers';

describe('ip route add errors', () => {
  it.each([
    [{ dst: 'x', dev: 'eth0' }, 'Error: any valid prefix is expected rather than "x".'],
    [{ dst: '10.9.0.0/16', via: 'y' }, 'Error: inet address is expected rather than "y".'],
    [{ dst: '10.9.0.0/16', dev: 'eth9' }, 'Cannot find device "eth9"'],
    [{ dst: '10.9.0.0/16', via: '192.0.2.1' }, 'Error: Nexthop has invalid gateway.'],
    [{ dst: '10.0.0.0/24', dev: 'eth0' }, 'RTNETLINK answers: File exists'],
    [{ dst: '10.9.0.0/16', dev: 'eth0', src: '1.2.3.4' }, 'Error: Invalid prefsrc address.'],
  ])('%j -> %s', (args, message) => {
    expect(addRoute(testNs(), args)).toEqual({ error: message });
  });
});

it('route del of a missing route: No such process', () => {
  expect(delRoute(testNs(), { dst: 'default' })).toEqual({ error: 'RTNETLINK answers: No such process' });
});

it('replace swaps the route in the same slot', () => {
  const ns = testNs();
  addRoute(ns, { dst: 'default', via: '10.0.0.1' });
  expect(replaceRoute(ns, { dst: 'default', via: '10.1.0.1' })).toEqual({ ok: true });
  expect(ns.routes.filter((r) => r.dstLen === 0).map((r) => r.gateway)).toEqual([0x0a010001]);
});

it('flush needs arguments and then removes the matching routes', () => {
  const ns = testNs();
  expect(flushRoutes(ns, {})).toEqual({ error: 'Flush requires arguments.' });
  expect(flushRoutes(ns, { dev: 'eth0' })).toEqual({ ok: true });
  expect(ns.routes.some((r) => r.table === 254 && r.dev === 2)).toBe(false);
});

describe('ip addr', () => {
  it('add twice: File exists; del missing: Cannot assign requested address', () => {
    const ns = testNs();
    expect(addAddr(ns, { addr: '10.5.0.1/24', dev: 'eth0' })).toEqual({ ok: true });
    expect(addAddr(ns, { addr: '10.5.0.1/24', dev: 'eth0' })).toEqual({ error: 'RTNETLINK answers: File exists' });
    expect(delAddr(ns, { addr: '10.6.0.1/24', dev: 'eth0' })).toEqual({ error: 'RTNETLINK answers: Cannot assign requested address' });
  });
  it('del removes the kernel routes of the address', () => {
    const ns = testNs();
    delAddr(ns, { addr: '10.1.0.2/24', dev: 'eth1' });
    expect(ns.routes.some((r) => r.dev === 3)).toBe(false);
  });
});

it('link down flushes the device routes except host-scope ones; up restores kernel routes only', () => {
  const ns = testNs();
  addRoute(ns, { dst: '10.9.0.0/16', via: '10.0.0.1' });
  setLink(ns, 'eth0', 'down');
  expect(ns.routes.filter((r) => r.dev === 2).map((r) => r.type)).toEqual(['local']);
  setLink(ns, 'eth0', 'up');
  expect(ns.routes.filter((r) => r.dev === 2).length).toBe(3);
  expect(setLink(ns, 'eth7', 'up')).toEqual({ error: 'Cannot find device "eth7"' });
});

it.each([
  ['net.ipv4.ip_forward', '2', 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument'],
  ['net.ipv4.nope', '1', 'sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory'],
])('sysctl %s=%s -> %s', (k, v, msg) => {
  expect(setSysctl(testNs(), k, v)).toEqual({ error: msg });
});

// Real kernel: on a down device `ip route add 10.0.0.9 dev d0 scope host` succeeds (a host-scope
// nexthop is not checked), while the same route with scope link fails.
it('a host-scope route can be added on a down device, a link-scope one cannot', () => {
  const ns = testNs();
  expect(setLink(ns, 'eth1', 'down')).toEqual({ ok: true });
  expect(addRoute(ns, { dst: '10.1.0.9', dev: 'eth1', scope: 'host' })).toEqual({ ok: true });
  expect(addRoute(ns, { dst: '10.1.0.10', dev: 'eth1' })).toEqual({ error: 'Error: Device for nexthop is not up.' });
});

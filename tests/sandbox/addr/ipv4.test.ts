import { describe, expect, it } from 'vitest';
import { broadcastOf, formatIp, macFromIp, networkOf, nthHost, parseIp, parseIpLoose, parsePrefix, prefixContains } from '../../../sandbox/addr/ipv4';
import { createDraws, drawInt, drawString } from '../../../sandbox/model/draws';
import { nextU32, seedRng } from '../../../sandbox/model/rng';
import { advanceClock } from '../../../sandbox/model/clock';

describe.each([
  ['10.244.0.2', 0x0af40002],
  ['192.168.103.255', 0xc0a867ff],
  ['0.0.0.0', 0],
  ['255.255.255.255', 0xffffffff],
])('parseIp(%s)', (text, value) => {
  it('round-trips through uint32', () => {
    expect(parseIp(text)).toBe(value);
    expect(formatIp(value)).toBe(text);
  });
});

it.each(['1.2.3', '256.1.1.1', 'x', '1.2.3.4/24', ''])('rejects %j as an address', (t) => {
  expect(parseIp(t)).toBeNull();
});

it.each([
  ['10', '10.0.0.0'],
  ['10.1', '10.1.0.0'],
])('accepts iproute2 short form %s', (t, full) => {
  expect(parseIpLoose(t)).toBe(parseIp(full));
});

it.each([
  ['10.244.1.7/24', '10.244.1.0', '10.244.1.255'],
  ['172.17.0.1/16', '172.17.0.0', '172.17.255.255'],
  ['0.0.0.0/0', '0.0.0.0', '255.255.255.255'],
])('network and broadcast of %s', (cidr, net, brd) => {
  const p = parsePrefix(cidr)!;
  expect(formatIp(networkOf(p.ip, p.len))).toBe(net);
  expect(formatIp(broadcastOf(p.ip, p.len))).toBe(brd);
});

it('prefix containment and nth host', () => {
  const p = parsePrefix('10.244.1.0/24')!;
  expect(prefixContains(p.ip, p.len, parseIp('10.244.1.200')!)).toBe(true);
  expect(prefixContains(p.ip, p.len, parseIp('10.244.2.1')!)).toBe(false);
  expect(formatIp(nthHost(p.ip, p.len, 1))).toBe('10.244.1.1');
  expect(parsePrefix('10.0.0.0/33')).toBeNull();
});

it('derives docker MACs from the address', () => {
  expect(macFromIp(parseIp('192.168.103.2')!)).toBe('02:42:c0:a8:67:02');
});

describe('rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = seedRng(1), b = seedRng(1), c = seedRng(2);
    const xs = [nextU32(a), nextU32(a)];
    expect([nextU32(b), nextU32(b)]).toEqual(xs);
    expect(nextU32(c)).not.toBe(xs[0]);
  });
  it('returns fixture draws first, then the generator', () => {
    const d = createDraws(5, { names: ['abcde', 3] });
    expect(drawString(d, 'names', 'xyz', 5)).toBe('abcde');
    expect(drawInt(d, 'names', 10)).toBe(3);
    const plain = createDraws(5);
    expect(drawInt(d, 'names', 1000)).toBe(drawInt(plain, 'names', 1000));
  });
  it('drops a fixture that no longer fits and falls back to the seeded generator', () => {
    const fixed = createDraws(0, { sched: ['x', 1] });
    const plain = createDraws(0);
    expect(drawInt(fixed, 'sched', 2)).toBe(drawInt(plain, 'sched', 2));
    expect(fixed.fixture.sched).toEqual([]);
    const tooBig = createDraws(0, { sched: [5] });
    expect(drawInt(tooBig, 'sched', 2)).toBe(drawInt(createDraws(0), 'sched', 2));
  });
});

it('the clock only moves forward', () => {
  const c = { now: 5 };
  advanceClock(c, 10);
  expect(c.now).toBe(15);
  expect(() => advanceClock(c, -1)).toThrow();
});

import { describe, expect, it } from 'vitest';
import { parseChoice, parseClass, parsePath, parsePredict, parseRouteAnswer } from '../../../sandbox/grading';

describe('route answers: the same answer written many ways', () => {
  it.each([
    ['192.168.103.3'],
    ['via 192.168.103.3 dev eth0'],
    ['eth0 via 192.168.103.3'],
    ['  VIA   192.168.103.3   DEV  ETH0 '],
    ['10.244.0.3 via 192.168.103.3 dev eth0 src 192.168.103.2 uid 0 \n    cache '],
    ['next hop 192.168.103.3 on eth0'],
  ])('%j', (text) => {
    const r = parseRouteAnswer(text, ['via', 'dev']);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.via).toBe('192.168.103.3');
  });

  it.each([
    ['192.168.103.3 or 192.168.103.4', 'an address I cannot place (192.168.103.4)'],
    ['via 192.168.103.3 via 192.168.103.4', 'two different next hops'],
    ['via banana', 'I could not read "via banana"'],
    ['', 'empty'],
  ])('rejects %j', (text, msg) => {
    const r = parseRouteAnswer(text, ['via', 'dev']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(msg);
  });

  it('a pasted direct route has no next hop', () => {
    expect(parseRouteAnswer('10.244.1.2 dev veth1a2b3c4d src 10.244.1.1 uid 0\n    cache', ['via', 'dev'])).toEqual({ ok: true, value: { via: null, dev: 'veth1a2b3c4d', src: '10.244.1.1' } });
    expect(parseRouteAnswer('direct, dev eth0', ['via', 'dev'])).toEqual({ ok: true, value: { via: null, dev: 'eth0' } });
  });
});

describe('paths, predictions, classes, choices', () => {
  it('reads role words, names, addresses and devices', () => {
    const r = parsePath('pod eth0 -> node veth -> node eth0 -> peer node eth0 -> veth -> pod eth0');
    expect(r.ok && r.value.map((s) => [s.where, s.dev])).toEqual([
      [{ role: 'pod' }, 'eth0'], [{ role: 'node' }, 'veth'], [{ role: 'node' }, 'eth0'], [{ role: 'peer-node' }, 'eth0'], [undefined, 'veth'], [{ role: 'pod' }, 'eth0'],
    ]);
    expect(parsePath('10.244.0.1 → 192.168.49.3 → 10.244.1.2').ok).toBe(true);
    expect(parsePath('pod eth0 eth1')).toEqual({ ok: false, error: '"pod eth0 eth1" names two devices; write one step per device, separated by ->.' });
  });
  it.each([
    ['arrives: yes; source: 10.244.0.3; ttl: 62; hops: 3', { arrives: true, source: '10.244.0.3', ttl: 62, hops: 3 }],
    ['yes, 10.244.0.3, 62, 3', { arrives: true, source: '10.244.0.3', ttl: 62, hops: 3 }],
    ['ttl=62; arrives: 0% packet loss', { arrives: true, ttl: 62 }],
    ['no', { arrives: false }],
  ])('predict %j', (text, value) => {
    expect(parsePredict(text, ['arrives', 'source', 'ttl', 'hops'])).toEqual({ ok: true, value });
  });
  it.each([['ClusterIP', 'service'], ['the pod network', 'pod'], ['node network', 'node'], ['neither', 'none']])('class %j', (t, c) => {
    expect(parseClass(t)).toEqual({ ok: true, value: c });
  });
  it('a class answer naming two networks is refused', () => {
    expect(parseClass('pod or node')).toEqual({ ok: false, error: '"pod or node" names several networks (pod, node); pick one.' });
  });
  it('choices by id or text', () => {
    const opts = [{ id: 'a', text: 'Alpha' }, { id: 'b', text: 'Beta' }];
    expect(parseChoice('(B)', opts)).toEqual({ ok: true, value: ['b'] });
    expect(parseChoice('alpha', opts)).toEqual({ ok: true, value: ['a'] });
    expect(parseChoice('a, b', opts)).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseChoice('z', opts)).toEqual({ ok: false, error: 'No option "z": choose from a, b.' });
  });
});

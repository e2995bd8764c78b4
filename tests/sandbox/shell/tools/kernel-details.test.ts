import { describe, expect, it } from 'vitest';
import { at, demoCluster } from './helpers';

const N1 = 'multinode-demo';

describe('details the real-kernel conformance suite pinned', () => {
  it('ip route get fibmatch to a local address names no table (local is merged into main)', () => {
    const out = at.root(demoCluster(), N1).run('ip route get fibmatch 192.168.103.2').output;
    expect(out).toBe('local 192.168.103.2 dev eth0 proto kernel scope host src 192.168.103.2 \n');
  });

  it('ping over a prohibit route prints iputils\' broadcast hint and exits 2', () => {
    const e = demoCluster();
    const node = at.root(e, N1);
    expect(node.run('ip route add prohibit 10.244.2.0/25').exitCode).toBe(0);
    expect(node.run('ping -c 1 10.244.2.2')).toEqual({
      output: 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n',
      exitCode: 2,
    });
  });
});

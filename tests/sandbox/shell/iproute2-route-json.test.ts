import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';
import { ipRouteJson } from '../../../sandbox/shell/format/iproute2-route';

// Strings as `ip -j route show table all` printed them for the same seed-0 namespaces built in
// real network namespaces (iproute2 6.1): `type` first, `flags` last.
describe('ip -j route keeps iproute2 key order', () => {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  it('in a pod', () => {
    const ns = e.netns('nginx-5844775f89-4nnwf')!;
    expect(JSON.stringify(ipRouteJson(e.state, ns, 'all').slice(0, 4))).toBe(
      '[{"dst":"default","gateway":"10.244.0.1","dev":"eth0","flags":[]},' +
      '{"dst":"10.244.0.0/24","gateway":"10.244.0.1","dev":"eth0","prefsrc":"10.244.0.3","flags":[]},' +
      '{"dst":"10.244.0.1","dev":"eth0","scope":"link","prefsrc":"10.244.0.3","flags":[]},' +
      '{"type":"local","dst":"10.244.0.3","dev":"eth0","table":"local","protocol":"kernel","scope":"host","prefsrc":"10.244.0.3","flags":[]}]',
    );
  });
  it('in the docker host (a blackhole default)', () => {
    const ns = e.state.netns['docker-host']!;
    expect(JSON.stringify(ipRouteJson(e.state, ns).slice(0, 2))).toBe(
      '[{"type":"blackhole","dst":"default","flags":[]},' +
      '{"dst":"192.168.103.0/24","dev":"br-b1596424a931","protocol":"kernel","scope":"link","prefsrc":"192.168.103.1","flags":[]}]',
    );
  });
});

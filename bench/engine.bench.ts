/** Engine benchmarks: run with `npx vitest bench --run --config bench/vitest.bench.config.ts`. */
import { bench, describe } from 'vitest';
import { parseIp } from '../sandbox/addr/ipv4';
import { Engine } from '../sandbox/engine';

const demo = Engine.fromScenario('multinode-demo', 0)!;
demo.createDeployment('nginx', 'rancher/hello-world', 3);
const dst = parseIp('10.244.2.2')!;

const big = Engine.create({ seed: 1, profile: 'big', nodes: 100 });
big.createDeployment('w', 'nginx', 3000);
const bigPods = big.pods('default').filter((p) => p.ip);

describe('engine', () => {
  bench('3-node build (target < 5 ms)', () => {
    Engine.fromScenario('multinode-demo', 0);
  });
  bench('ip route get (target < 50 us)', () => {
    demo.routeGet('multinode-demo', { dst });
  });
  bench('cross-node trace (target < 100 us)', () => {
    demo.trace({ from: 'nginx-5844775f89-4nnwf', to: '10.244.2.2' });
  });
  bench('100 nodes x 30 pods build (target < 300 ms)', () => {
    const e = Engine.create({ seed: 2, profile: 'big', nodes: 100 });
    e.createDeployment('w', 'nginx', 3000);
  }, { iterations: 3 });
  bench('10,000 random pod-pair traces', () => {
    let x = 12345;
    for (let i = 0; i < 10_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const a = bigPods[x % bigPods.length]!;
      const b = bigPods[(x >>> 8) % bigPods.length]!;
      big.trace({ from: `${a.namespace}/${a.name}`, to: b.ip! });
    }
  }, { iterations: 1 });
});

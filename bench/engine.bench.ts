/** Engine benchmarks: run with `npx vitest bench --run --config bench/vitest.bench.config.ts`. `npm run bench` runs the same cases (engine.cases.ts) and writes RESULTS.md. */
import { bench, describe } from 'vitest';
import { bigCluster, demoBuild, demoCluster, demoTrace, pairTraces, routeGet, runningPods, serviceCluster, serviceTrace } from './engine.cases';

const demo = demoCluster();
const svc = serviceCluster();
const big = bigCluster(1);
const bigPods = runningPods(big);

describe('engine', () => {
  bench('3-node build (target < 5 ms)', () => {
    demoBuild();
  });
  bench('ip route get (target < 50 us)', () => {
    routeGet(demo);
  });
  bench('cross-node trace (target < 100 us)', () => {
    demoTrace(demo);
  });
  bench('pod -> ClusterIP -> pod trace (target < 100 us)', () => {
    serviceTrace(svc);
  });
  bench('100 nodes x 30 pods build (target < 300 ms)', () => {
    bigCluster(2);
  }, { iterations: 3 });
  bench('10,000 random pod-pair traces', () => {
    pairTraces(big, bigPods);
  }, { iterations: 1 });
});

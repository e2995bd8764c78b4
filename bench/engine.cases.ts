/**
 * The engine benchmark cases, shared by the vitest bench (engine.bench.ts) and
 * the `npm run bench` harness (engine.run.ts) so both measure the same work.
 */
import { parseIp } from '../sandbox/addr/ipv4';
import { Engine } from '../sandbox/engine';
import type { PodObj } from '../sandbox/model/cluster';

/** issue 3's targets, in milliseconds per operation. */
export const TARGETS_MS = {
  demoBuild: 5,
  routeGet: 0.05,
  demoTrace: 0.1,
  bigBuild: 300,
  pairTrace: 0.1,
  serviceTrace: 0.1,
} as const;

export const PAIR_TRACES = 10_000;

/** The article's three-node cluster with its nginx deployment. */
export function demoCluster(): Engine {
  const demo = Engine.fromScenario('multinode-demo', 0)!;
  demo.createDeployment('nginx', 'rancher/hello-world', 3);
  return demo;
}

export const demoBuild = (): unknown => Engine.fromScenario('multinode-demo', 0);

export const DEMO_DST = parseIp('10.244.2.2')!;
export const routeGet = (demo: Engine): unknown => demo.routeGet('multinode-demo', { dst: DEMO_DST });
export const demoTrace = (demo: Engine): unknown => demo.trace({ from: 'nginx-5844775f89-4nnwf', to: '10.244.2.2' });

/** The demo with nginx behind a ClusterIP service (kube-proxy's rules on every node). */
export function serviceCluster(): Engine {
  const e = demoCluster();
  e.exposeService('deployment', 'nginx', { port: 80 });
  return e;
}

/**
 * pod -> ClusterIP:80 -> pod, with the reply: nat PREROUTING's DNAT on the node, filter FORWARD,
 * POSTROUTING, the route to the endpoint and conntrack's way back. The source port is chosen so
 * the endpoint is on another node (seed 0: 10.244.1.2 on m02), as in the cross-node pod trace.
 */
export function serviceTrace(e: Engine): unknown {
  return e.trace({ from: 'nginx-5844775f89-4nnwf', to: e.state.services.find((s) => s.name === 'nginx')!.clusterIP, proto: 'tcp', port: 80, sport: SERVICE_SPORT });
}
export const SERVICE_SPORT = 40002;

/** 100 nodes, 3000 pods (30 a node). */
export function bigCluster(seed: number): Engine {
  const e = Engine.create({ seed, profile: 'big', nodes: 100 });
  e.createDeployment('w', 'nginx', 3000);
  return e;
}

export function runningPods(e: Engine): PodObj[] {
  return e.pods('default').filter((p) => p.ip);
}

/** `count` traces between pseudo-random pod pairs (a fixed LCG, so every run traces the same pairs). */
export function pairTraces(e: Engine, pods: PodObj[], count = PAIR_TRACES): void {
  let x = 12345;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const a = pods[x % pods.length]!;
    const b = pods[(x >>> 8) % pods.length]!;
    e.trace({ from: `${a.namespace}/${a.name}`, to: b.ip! });
  }
}

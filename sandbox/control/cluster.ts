/**
 * `minikube start --nodes N -p PROFILE` from nothing: the docker network, the
 * control plane, the workers joining one after another, kube-system pods,
 * the default services. Ends at "the demo moment": the time the learner looks.
 */
import { parseIp, formatIp } from '../addr/ipv4';
import type { ClusterState } from '../model/cluster';
import { createDraws, drawHex, drawInt } from '../model/draws';
import { fixtureFor } from '../scenario/article-fixture';
import { DOCKER_NETWORKS } from './constants';
import { createDockerHost } from './docker-net';
import { corednsAndProvisioner } from './kube-system';
import { advanceTo, joinNode } from './nodes';
import { createDefaultServices } from './services';

export interface CreateClusterOptions {
  seed?: number;
  profile?: string;
  nodes?: number;
  /** Clock at the start of `minikube start` (ms since the lab's epoch). */
  startAt?: number;
  /**
   * How long the cluster has run after the last node joined. By default a
   * seeded draw that lands on the article's moment (about ten minutes after
   * start); `minikube start` in the lab passes a short value, so the learner
   * meets a cluster that has just come up.
   */
  settleMs?: number;
}

export function createClusterState(opts: CreateClusterOptions = {}): ClusterState {
  const seed = opts.seed ?? 0;
  const profile = opts.profile ?? 'minikube';
  const count = opts.nodes ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`nodes must be >= 1, got ${count}`);
  const draws = createDraws(seed, fixtureFor(seed));
  const netBase = DOCKER_NETWORKS[drawInt(draws, 'bootstrap', DOCKER_NETWORKS.length)]!;
  const gap1 = 30_000 + drawInt(draws, 'bootstrap', 30_001);
  const gapN = 20_000 + drawInt(draws, 'bootstrap', 25_001);
  const drawnSettle = 480_000 + drawInt(draws, 'bootstrap', 80_001);
  const settle = opts.settleMs ?? drawnSettle;
  const base = parseIp(netBase)!;
  const state: ClusterState = {
    version: 1, origin: { seed, profile, nodes: count, startAt: opts.startAt ?? 0, ...(opts.settleMs === undefined ? {} : { settleMs: opts.settleMs }) }, seed, profile, clock: { now: opts.startAt ?? 0 }, draws,
    network: { name: profile, subnet: `${netBase}/24`, gateway: formatIp(base + 1), bridge: `br-${drawHex(draws, 'bootstrap', 6)}` },
    netns: {}, nodes: [], namespaces: [], deployments: [], replicaSets: [], pods: [], services: [], endpoints: [],
    ipam: {}, kindnet: {}, iptables: {}, files: {}, nextNodeIndex: 0, log: [],
  };
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) state.namespaces.push({ name: ns, createdAt: state.clock.now });
  createDockerHost(state);
  const cp = joinNode(state, profile, true);
  corednsAndProvisioner(state, cp);
  createDefaultServices(state, cp.internalIP);
  for (let i = 2; i <= count; i++) {
    advanceTo(state, state.clock.now + (i === 2 ? gap1 : gapN));
    joinNode(state, `${profile}-m${String(i).padStart(2, '0')}`, false);
  }
  advanceTo(state, state.clock.now + settle);
  return state;
}

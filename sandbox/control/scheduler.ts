/**
 * A scheduler reduced to what decides placement in the lab: feasible nodes are
 * Ready, running ones; the default PodTopologySpread (spread by hostname)
 * prefers the nodes with the fewest pods of the same owner; remaining ties are
 * broken by the seeded generator (kube-scheduler picks randomly among equal
 * scores too). Candidates are considered in join order.
 */
import type { ClusterState, PodObj } from '../model/cluster';
import { drawInt } from '../model/draws';

/** How many of `pod`'s siblings (same owner) each node already runs: one pass over the pods. */
export function siblingsPerNode(state: ClusterState, pod: PodObj): Map<string, number> {
  const perNode = new Map<string, number>();
  for (const p of state.pods) {
    if (p !== pod && p.node && p.owner && pod.owner && p.owner.kind === pod.owner.kind && p.owner.name === pod.owner.name) {
      perNode.set(p.node, (perNode.get(p.node) ?? 0) + 1);
    }
  }
  return perNode;
}

/**
 * The node for `pod`. `perNode` is siblingsPerNode(state, pod); a caller binding
 * many pods in a row may pass counts it keeps up to date itself.
 */
export function schedule(state: ClusterState, pod: PodObj, perNode: Map<string, number> = siblingsPerNode(state, pod)): string | null {
  const nodes = state.nodes.filter((n) => n.ready && n.container === 'running');
  if (nodes.length === 0) return null;
  const counts = nodes.map((n) => perNode.get(n.name) ?? 0);
  const min = Math.min(...counts);
  const best = nodes.filter((_, i) => counts[i] === min);
  const pick = best.length === 1 ? 0 : drawInt(state.draws, 'sched', best.length);
  return best[pick]!.name;
}

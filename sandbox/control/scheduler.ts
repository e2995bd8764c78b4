/**
 * A scheduler reduced to what decides placement in the lab: feasible nodes are
 * Ready, running ones; the default PodTopologySpread (spread by hostname)
 * prefers the nodes with the fewest pods of the same owner; remaining ties are
 * broken by the seeded generator (kube-scheduler picks randomly among equal
 * scores too). Candidates are considered in join order.
 */
import type { ClusterState, NodeObj, PodObj } from '../model/cluster';
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

/** Nodes a pod may be bound to: Ready and running, in join order. */
export function feasibleNodes(state: ClusterState): NodeObj[] {
  return state.nodes.filter((n) => n.ready && n.container === 'running');
}

/**
 * The node for `pod`. `perNode` is siblingsPerNode(state, pod) and `nodes`
 * feasibleNodes(state).
 */
export function schedule(
  state: ClusterState, pod: PodObj,
  perNode: Map<string, number> = siblingsPerNode(state, pod), nodes: NodeObj[] = feasibleNodes(state),
): string | null {
  const i = pickNode(state, nodes.map((n) => perNode.get(n.name) ?? 0));
  return i < 0 ? null : nodes[i]!.name;
}

/**
 * Index of the node to bind to, given each feasible node's sibling count (in
 * join order): one of the least loaded, the seeded generator breaking ties.
 * -1 when there is no node. Callers binding many pods keep `counts` themselves.
 */
export function pickNode(state: ClusterState, counts: ArrayLike<number>): number {
  if (counts.length === 0) return -1;
  let min = Infinity;
  let ties = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c < min) {
      min = c;
      ties = 1;
    } else if (c === min) ties++;
  }
  // The pick-th of the least loaded nodes, in join order.
  let pick = ties === 1 ? 0 : drawInt(state.draws, 'sched', ties);
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] !== min) continue;
    if (pick === 0) return i;
    pick--;
  }
  return -1;
}

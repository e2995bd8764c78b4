/**
 * Faults a scenario can apply, each expressed as the operations a learner
 * could have typed (so they log and replay like any other operation).
 */
export type Fault =
  /** `ip route del DST` on a node; comes back within 10 s unless kindnet is stopped there. */
  | { kind: 'route-deleted'; node: string; dst: string }
  /** The kindnet pod on the node is down: its routes are no longer reconciled. */
  | { kind: 'kindnet-stopped'; node: string }
  /** kube-proxy on the node is down: its iptables rules stay as they were, however services and endpoints change. */
  | { kind: 'kube-proxy-stopped'; node: string }
  | { kind: 'node-down'; node: string }
  | { kind: 'ip-forward-off'; node: string }
  | { kind: 'link-down'; netns: string; dev: string };

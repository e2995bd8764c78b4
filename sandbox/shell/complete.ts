/** Live names for Tab completion, read from the cluster and the current place. */
import type { CompletionContext } from './types';

/** Pod and node addresses, the usual targets of ping, traceroute and ip route get. */
export function clusterAddresses(ctx: CompletionContext): string[] {
  const e = ctx.cluster;
  if (!e) return [];
  return [...e.nodes().map((n) => n.internalIP), ...e.pods().filter((p) => p.ip).map((p) => p.ip as string)];
}

/** Interface names in the place's network namespace. */
export function devices(ctx: CompletionContext): string[] {
  const ns = ctx.place.netns && ctx.cluster ? ctx.cluster.netns(ctx.place.netns) : undefined;
  return ns ? ns.links.map((l) => l.name) : [];
}

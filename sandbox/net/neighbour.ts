/**
 * Neighbour (ARP) resolution: which namespace answers for `target` when a
 * frame leaves `link`. A veth pair is point to point: only the peer's
 * namespace can answer. A veth whose peer is a bridge port reaches the whole
 * segment: the bridge device itself and every other port's peer. With
 * arp_ignore=0 a namespace answers for any of its local addresses.
 */
import type { Link, Netns } from '../model/netns';
import { linkByIndex } from '../model/netns';
import { answersFor } from './local-index';
import { peerOf } from './links';
import type { World } from './world';

export interface L2Receiver {
  ns: Netns;
  link: Link;
}

function segmentMembers(world: World, bridgeNs: Netns, bridge: Link, except?: Link): L2Receiver[] {
  const out: L2Receiver[] = [];
  if (bridge.up) out.push({ ns: bridgeNs, link: bridge });
  for (const port of bridgeNs.links) {
    if (port.master !== bridge.ifindex || port === except || !port.up) continue;
    const p = peerOf(world, port);
    if (p && p.link.up) out.push(p);
  }
  return out;
}

/** Who is on the wire when sending out of `link`; empty when there is no carrier. */
export function wireReceivers(world: World, ns: Netns, link: Link): L2Receiver[] {
  if (!link.up) return [];
  if (link.kind === 'bridge') return segmentMembers(world, ns, link).filter((r) => r.link !== link);
  if (link.kind !== 'veth') return [];
  const p = peerOf(world, link);
  if (!p || !p.link.up) return [];
  if (p.link.master !== undefined) {
    const bridge = linkByIndex(p.ns, p.link.master);
    if (!bridge || !bridge.up) return [];
    return segmentMembers(world, p.ns, bridge, p.link);
  }
  return [p];
}

export function resolveNeighbour(world: World, ns: Netns, link: Link, target: number): L2Receiver | null {
  for (const r of wireReceivers(world, ns, link)) {
    // A configured address, or a local route (AnyIP setups): see local-index.ts.
    if (r.ns !== ns && answersFor(r.ns, target)) return r;
  }
  return null;
}

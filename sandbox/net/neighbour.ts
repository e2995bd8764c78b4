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

/**
 * The first of wireReceivers(world, ns, link), in that order, that answers ARP
 * for `target` (a configured address, or a local route for AnyIP setups: see
 * local-index.ts). Walks the segment lazily and stops at the answer: a
 * 100-node docker network has 100 ports.
 */
export function resolveNeighbour(world: World, ns: Netns, link: Link, target: number): L2Receiver | null {
  if (!link.up) return null;
  if (link.kind === 'bridge') return firstOnSegment(world, ns, link, undefined, false, ns, target);
  if (link.kind !== 'veth') return null;
  const p = peerOf(world, link);
  if (!p || !p.link.up) return null;
  if (p.link.master !== undefined) {
    const bridge = linkByIndex(p.ns, p.link.master);
    if (!bridge || !bridge.up) return null;
    return firstOnSegment(world, p.ns, bridge, p.link, true, ns, target);
  }
  return p.ns !== ns && answersFor(p.ns, target) ? p : null;
}

/** segmentMembers' walk (the bridge itself only with `withBridge`), stopping at the first that answers. */
function firstOnSegment(world: World, bridgeNs: Netns, bridge: Link, except: Link | undefined, withBridge: boolean, from: Netns, target: number): L2Receiver | null {
  if (withBridge && bridge.up && bridgeNs !== from && answersFor(bridgeNs, target)) return { ns: bridgeNs, link: bridge };
  for (const port of bridgeNs.links) {
    if (port.master !== bridge.ifindex || port === except || !port.up || !port.peer) continue;
    const peerNs = world.netns[port.peer.netns];
    const peer = peerNs && linkByIndex(peerNs, port.peer.ifindex);
    if (peer && peer.up && peerNs !== from && answersFor(peerNs, target)) return { ns: peerNs, link: peer };
  }
  return null;
}

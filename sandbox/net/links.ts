/**
 * Link state as the kernel derives it: carrier (IFF_RUNNING / LOWER_UP),
 * operstate, and the `linkdown` nexthop flag. A veth has carrier only when both
 * ends are up; a bridge only when one of its ports has carrier; lo always.
 */
import type { Link, Netns } from '../model/netns';
import { linkByIndex } from '../model/netns';
import type { World } from './world';

export function peerOf(world: World, link: Link): { ns: Netns; link: Link } | undefined {
  if (!link.peer) return undefined;
  const ns = world.netns[link.peer.netns];
  const l = ns && linkByIndex(ns, link.peer.ifindex);
  return ns && l ? { ns, link: l } : undefined;
}

export function hasCarrier(world: World, ns: Netns, link: Link): boolean {
  if (!link.up) return false;
  switch (link.kind) {
    case 'loopback':
      return true;
    case 'veth': {
      const p = peerOf(world, link);
      return !!p && p.link.up;
    }
    case 'bridge':
      return ns.links.some((l) => l.master === link.ifindex && hasCarrier(world, ns, l));
  }
}

export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';

export function operState(world: World, ns: Netns, link: Link): OperState {
  if (link.kind === 'loopback') return 'UNKNOWN';
  if (!link.up) return 'DOWN';
  if (hasCarrier(world, ns, link)) return 'UP';
  // A veth whose peer is down reports its lower layer down; a port-less bridge is just DOWN.
  return link.kind === 'veth' ? 'LOWERLAYERDOWN' : 'DOWN';
}

/** IFF_* names in the order iproute2's print_link_flags emits them. */
export function linkFlags(world: World, ns: Netns, link: Link): string[] {
  const flags: string[] = [];
  const carrier = hasCarrier(world, ns, link);
  if (link.up && !carrier) flags.push('NO-CARRIER');
  if (link.kind === 'loopback') flags.push('LOOPBACK');
  else flags.push('BROADCAST', 'MULTICAST');
  if (link.up) flags.push('UP');
  if (carrier) flags.push('LOWER_UP');
  return flags;
}

/**
 * host-local IPAM (containernetworking/plugins plugins/ipam/host-local):
 * the range runs from .1 to the last address before broadcast, the gateway
 * (.1 unless configured) is never handed out, and allocation continues after
 * the last reserved address (last_reserved_ip), wrapping around, so a released
 * address is not reused until the range has been walked through.
 */
import { broadcastOf, formatIp, networkOf, parseIp, parsePrefix } from '../addr/ipv4';
import type { HostLocalState } from '../model/cluster';
import { manyKeyRecord } from '../model/records';

export function newHostLocal(subnet: string): HostLocalState {
  return { subnet, allocated: manyKeyRecord<string>() }; // an address per pod
}

export interface Allocation {
  ip: string;
  prefixlen: number;
  gateway: string;
}

export function hostLocalGateway(subnet: string): string {
  const p = parsePrefix(subnet)!;
  return formatIp(networkOf(p.ip, p.len) + 1);
}

/** The owner line host-local writes, "containerId\nifname", as a flat string (fast to compare). */
function ownerOf(id: string, ifname: string): string {
  return [id, ifname].join('\n');
}

/**
 * Owner -> its addresses in the order `allocated` lists them, per allocated
 * map: the duplicate check without enumerating the map on every ADD. Built
 * from the map on first use, then kept by the functions below, which are the
 * only writers of `allocated`.
 */
const owners = new WeakMap<Record<string, string>, Map<string, string[]>>();

function ownersOf(allocated: Record<string, string>): Map<string, string[]> {
  let m = owners.get(allocated);
  if (!m) {
    m = new Map();
    for (const ip in allocated) {
      const o = allocated[ip]!;
      const list = m.get(o);
      if (list) list.push(ip);
      else m.set(o, [ip]);
    }
    owners.set(allocated, m);
  }
  return m;
}

interface Range {
  len: number;
  start: number;
  end: number;
  gateway: string;
}

/** Ranges by subnet text: every pod start on a node allocates from the same one. */
const ranges = new Map<string, Range>();

function rangeOf(subnet: string): Range {
  let r = ranges.get(subnet);
  if (!r) {
    const p = parsePrefix(subnet)!;
    const start = networkOf(p.ip, p.len) + 1;
    r = { len: p.len, start, end: broadcastOf(p.ip, p.len) - 1, gateway: formatIp(start) };
    if (ranges.size >= 1024) ranges.clear();
    ranges.set(subnet, r);
  }
  return r;
}

export function hostLocalAllocate(state: HostLocalState, id: string, ifname: string): Allocation | { error: string } {
  const { len, start, end, gateway } = rangeOf(state.subnet);
  const gw = start;
  const owner = ownerOf(id, ifname);
  const byOwner = ownersOf(state.allocated);
  const held = byOwner.get(owner);
  if (held) return { error: `${held[0]} has been allocated to ${id}, duplicate allocation is not allowed` };
  const last = state.lastReserved !== undefined ? parseIp(state.lastReserved) : null;
  const cur = last !== null && last >= start && last <= end ? last : null;
  const first = cur === null ? start : cur === end ? start : cur + 1;
  let candidate = first;
  for (let n = 0; n <= end - start; n++) {
    if (candidate !== gw) {
      const ip = formatIp(candidate);
      if (state.allocated[ip] === undefined) {
        state.allocated[ip] = owner;
        byOwner.set(owner, [ip]);
        state.lastReserved = ip;
        return { ip, prefixlen: len, gateway };
      }
    }
    candidate = candidate === end ? start : candidate + 1;
  }
  return { error: `no IP addresses available in range set: ${formatIp(start)}-${formatIp(end)}` };
}

/** ReleaseByID: frees the container's address; last_reserved_ip is left alone. */
export function hostLocalRelease(state: HostLocalState, id: string, ifname: string): void {
  const owner = ownerOf(id, ifname);
  const byOwner = ownersOf(state.allocated);
  for (const ip of byOwner.get(owner) ?? []) delete state.allocated[ip];
  byOwner.delete(owner);
}

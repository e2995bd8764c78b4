/**
 * Connection tracking for one traced connection: in each namespace where NAT
 * rewrote the first packet, the tuple it arrived with (original direction) and
 * the tuple its reply will carry (reply direction). A reply that matches an
 * entry's reply tuple is translated back: its destination before routing
 * (un-SNAT, as the kernel does in PREROUTING or OUTPUT), its source after
 * (un-DNAT, in POSTROUTING or INPUT). Per trace, not per cluster: the lab keeps
 * no connection table between commands.
 */

export interface Tuple {
  src: number;
  dst: number;
  sport?: number;
  dport?: number;
}

export interface CtEntry {
  proto: string;
  orig: Tuple;
  /** The reply as the far end sends it: from the (DNAT) destination to the (SNAT) source. */
  reply: Tuple;
  dnat: boolean;
  snat: boolean;
}

/** Entries by namespace name. */
export type ConntrackTable = Map<string, CtEntry[]>;

export function ctAdd(ct: ConntrackTable, netns: string, e: CtEntry): void {
  const list = ct.get(netns);
  if (list) list.push(e);
  else ct.set(netns, [e]);
}

/** The entry whose reply tuple this packet is, if any. */
export function ctReply(ct: ConntrackTable, netns: string, proto: string, p: Tuple): CtEntry | undefined {
  const list = ct.get(netns);
  if (!list) return undefined;
  for (const e of list) {
    if (e.proto !== proto || e.reply.src !== p.src || e.reply.dst !== p.dst) continue;
    if (e.reply.sport !== undefined && p.sport !== undefined && e.reply.sport !== p.sport) continue;
    if (e.reply.dport !== undefined && p.dport !== undefined && e.reply.dport !== p.dport) continue;
    return e;
  }
  return undefined;
}

/** The entry in `netns` that rewrote its packet's source to `src` (an ICMP error about it goes back to the original source). */
export function ctBySnatSource(ct: ConntrackTable, netns: string, src: number): CtEntry | undefined {
  return ct.get(netns)?.find((e) => e.snat && e.reply.dst === src);
}

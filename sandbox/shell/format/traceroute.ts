/**
 * traceroute hop lines: GNU traceroute 2.1 (print_header/print_probe:
 * "%2u " then " addr (addr)" when the address changes, "  %.3f ms" per
 * probe, " *" for silence, " !N"-style marks) and busybox (print "%2d",
 * "  addr (addr)", "  %u.%03u ms", "  *").
 */
export type HopProbe = { addr: string; rtt: number; mark?: string } | null;

export function formatHop(ttl: number, probes: HopProbe[], opts: { busybox: boolean; numeric: boolean }): string {
  let s = opts.busybox ? String(ttl).padStart(2) : `${String(ttl).padStart(2)} `;
  let last: string | undefined;
  for (const p of probes) {
    if (!p) {
      s += opts.busybox ? '  *' : ' *';
      continue;
    }
    if (p.addr !== last) {
      const name = opts.numeric ? p.addr : `${p.addr} (${p.addr})`;
      s += opts.busybox ? `  ${name}` : ` ${name}`;
      last = p.addr;
    }
    const v = Math.round(p.rtt);
    s += `  ${Math.floor(v / 1000)}.${String(v % 1000).padStart(3, '0')} ms`;
    if (p.mark) s += ` ${p.mark}`;
  }
  return `${s}\n`;
}

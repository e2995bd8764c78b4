/**
 * ping's lines as iputils (ping/ping_common.c, ping.c) and busybox
 * (networking/ping.c) print them. Times are integer microseconds.
 */

/** iputils' reply time: 3 decimals under 1 ms, 2 under 10 ms, 1 under 100 ms, then whole ms. */
export function iputilsTime(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(us).padStart(3, '0')}`;
}

/** "%ld.%03ld" of a microsecond value. */
export function ms3(us: number): string {
  const v = Math.round(us);
  return `${Math.floor(v / 1000)}.${String(v % 1000).padStart(3, '0')}`;
}

/** C's "%g" for a percentage (6 significant digits, no trailing zeros). */
export function percentG(x: number): string {
  if (x === 0) return '0';
  const s = x.toPrecision(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export interface PingStats {
  host: string;
  transmitted: number;
  received: number;
  errors: number;
  /** Elapsed ms from first send to the end. */
  timeMs: number;
  rtts: number[];
  /** iputils "pipe N" (probes outstanding at once), printed when > 1. */
  pipe?: number;
}

export function iputilsSummary(s: PingStats): string {
  let out = `\n--- ${s.host} ping statistics ---\n`;
  out += `${s.transmitted} packets transmitted, ${s.received} received`;
  if (s.errors) out += `, +${s.errors} errors`;
  if (s.transmitted) {
    out += `, ${percentG(((s.transmitted - s.received) * 100) / s.transmitted)}% packet loss`;
    out += `, time ${s.timeMs}ms`;
  }
  out += '\n';
  if (s.received && s.rtts.length) {
    const min = Math.min(...s.rtts);
    const max = Math.max(...s.rtts);
    const avg = s.rtts.reduce((a, b) => a + b, 0) / s.rtts.length;
    const avg2 = s.rtts.reduce((a, b) => a + b * b, 0) / s.rtts.length;
    const mdev = Math.sqrt(Math.max(0, avg2 - avg * avg));
    out += `rtt min/avg/max/mdev = ${ms3(min)}/${ms3(avg)}/${ms3(max)}/${ms3(mdev)} ms`;
  }
  if (s.pipe !== undefined && s.pipe > 1) out += `${s.received ? ', ' : ''}pipe ${s.pipe}`;
  return `${out}\n`;
}

export function busyboxSummary(s: PingStats): string {
  let out = `\n--- ${s.host} ping statistics ---\n`;
  out += `${s.transmitted} packets transmitted, ${s.received} packets received, `;
  out += `${s.transmitted ? Math.floor(((s.transmitted - s.received) * 100) / s.transmitted) : 0}% packet loss\n`;
  if (s.received && s.rtts.length) {
    const min = Math.min(...s.rtts);
    const max = Math.max(...s.rtts);
    const avg = Math.floor(s.rtts.reduce((a, b) => a + b, 0) / s.rtts.length);
    out += `round-trip min/avg/max = ${ms3(min)}/${ms3(avg)}/${ms3(max)} ms\n`;
  }
  return out;
}

export const ICMP_TEXT: Record<string, string> = {
  'net-unreachable': 'Destination Net Unreachable',
  'host-unreachable': 'Destination Host Unreachable',
  'admin-prohibited': 'Packet filtered',
  'time-exceeded': 'Time to live exceeded',
};

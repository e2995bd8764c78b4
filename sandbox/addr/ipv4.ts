/**
 * IPv4 helpers. Addresses live in the model as unsigned 32-bit numbers so that
 * routing lookups are two integer operations. Parsing accepts exactly what
 * ip-address's Address4 accepts for a bare dotted quad (four decimal octets
 * 0-255, no leading zeros); a property test checks the two agree. It is
 * hand-written because it runs on hot paths (NAT rules, kindnetd's reconcile
 * loop) where the library's regexes and BigInt cost more than the routing.
 */
export type Ip = number;

/** Parse a dotted quad ("10.244.0.2"); null if invalid. */
export function parseIp(text: string): Ip | null {
  if (text.length < 7 || text.length > 15) return null;
  return parseOctets(text, 4);
}

/**
 * iproute2's get_addr_ipv4 also accepts abbreviated forms ("10", "10.1"),
 * padding the missing octets with zeros: `ip route add 10/8 dev eth0` works.
 * (1 to 4 groups of 1-3 digits, padded, then parsed like parseIp.)
 */
export function parseIpLoose(text: string): Ip | null {
  return parseOctets(text, 1);
}

/** `minGroups` to 4 octets of 1-3 digits (no leading zeros, at most 255), missing ones zero. */
function parseOctets(text: string, minGroups: number): Ip | null {
  const n = text.length;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let groups = 1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || groups === 4) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      groups++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 3 || (digits === 1 && octet === 0)) return null; // too long, or a leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return null;
      digits++;
    } else {
      return null;
    }
  }
  if (digits === 0 || groups < minGroups) return null;
  value = value * 256 + octet;
  for (let g = groups; g < 4; g++) value *= 256;
  return value;
}

export function formatIp(ip: Ip): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** Netmask for a prefix length, as uint32 (0 for /0: JS shifts are mod 32). */
export function maskOf(prefixlen: number): number {
  return prefixlen === 0 ? 0 : (0xffffffff << (32 - prefixlen)) >>> 0;
}

export function networkOf(ip: Ip, prefixlen: number): Ip {
  return (ip & maskOf(prefixlen)) >>> 0;
}

export function broadcastOf(ip: Ip, prefixlen: number): Ip {
  return (networkOf(ip, prefixlen) | ~maskOf(prefixlen)) >>> 0;
}

export function prefixContains(net: Ip, prefixlen: number, ip: Ip): boolean {
  return ((ip & maskOf(prefixlen)) >>> 0) === networkOf(net, prefixlen);
}

/** The n-th address of a prefix: nthHost(10.244.1.0, 24, 1) = 10.244.1.1. */
export function nthHost(net: Ip, prefixlen: number, n: number): Ip {
  return (networkOf(net, prefixlen) + n) >>> 0;
}

export interface Prefix {
  ip: Ip;
  len: number;
}

/** "10.244.0.0/24" or a bare address (/32); null if invalid. */
export function parsePrefix(text: string, loose = false): Prefix | null {
  const slash = text.indexOf('/');
  const addrPart = slash < 0 ? text : text.slice(0, slash);
  const ip = loose ? parseIpLoose(addrPart) : parseIp(addrPart);
  if (ip === null) return null;
  if (slash < 0) return { ip, len: 32 };
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lenText)) return null;
  const len = Number(lenText);
  if (len > 32) return null;
  return { ip, len };
}

export function formatPrefix(p: Prefix): string {
  return `${formatIp(p.ip)}/${p.len}`;
}

export function inPrefix(p: Prefix, ip: Ip): boolean {
  return prefixContains(p.ip, p.len, ip);
}

export function macFromIp(ip: Ip): string {
  // Docker derives a container's MAC from its IPv4 address: 02:42 + the four bytes.
  const b = [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return ['02', '42', ...b.map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

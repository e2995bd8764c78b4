/**
 * Resource records as BIND's dig prints them: master-file text laid out on
 * tab stops (lib/dns/masterdump.c). dig's style puts the TTL at column 24,
 * the class at 32, the type at 40 and the data at 48 (bin/dig/dig.c
 * dns_master_stylecreate(..., 24, 32, 40, 48, 80, 8)); a question line has
 * only class and type. indent() moves to the column with tabs (8 wide) and
 * spaces, and always by at least one character, so a long name is followed
 * by a single space. Checked against dig 9.18 output.
 */
import type { DnsQuestion, RData, ResourceRecord } from '../../control/coredns';

const TAB = 8;

/** masterdump.c indent(): the whitespace that takes column `from` to `to` (at least one character). */
export function indent(from: number, to: number): string {
  const target = Math.max(to, from + 1);
  const tabs = Math.floor(target / TAB) - Math.floor(from / TAB);
  if (tabs > 0) return '\t'.repeat(tabs) + ' '.repeat(target - Math.floor(target / TAB) * TAB);
  return ' '.repeat(target - from);
}

/** Fields placed at the given columns, each after the previous one. */
function columns(first: string, rest: Array<[number, string]>): string {
  let line = first;
  let col = first.length;
  for (const [to, text] of rest) {
    const pad = indent(col, to);
    line += pad + text;
    col = Math.max(to, col + 1) + text.length;
  }
  return line;
}

/** An absolute name as dig writes it: with the final dot ("." for the root). */
export function absolute(name: string): string {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  return n === '' ? '.' : `${n}.`;
}

/** The record data in master-file form (what +short prints). */
export function rdataText(d: RData): string {
  switch (d.type) {
    case 'A': case 'AAAA': return d.address;
    case 'PTR': case 'NS': case 'CNAME': return absolute(d.target);
    case 'SOA': return `${absolute(d.mname)} ${absolute(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'SRV': return `${d.priority} ${d.weight} ${d.port} ${absolute(d.target)}`;
    case 'TXT': return `"${d.text}"`;
  }
}

export function recordLine(rr: ResourceRecord): string {
  return columns(absolute(rr.name), [[24, String(rr.ttl)], [32, 'IN'], [40, rr.data.type], [48, rdataText(rr.data)]]);
}

/** `;name.<tabs>IN<tab>A`: the name's column count leaves out the leading ";". */
export function questionLine(q: DnsQuestion): string {
  return `;${columns(absolute(q.name), [[32, 'IN'], [40, q.type]])}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * dig's WHEN line: strftime("%a %b %d %H:%M:%S %Z %Y") in the container's
 * zone (UTC). `rfc1123` is the clock as format/kube-time renders it
 * ("Mon, 24 Oct 2022 09:09:55 +0000").
 */
export function digWhen(rfc1123: string): string {
  const m = /^(\w{3}), (\d{2}) (\w{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) \+0000$/.exec(rfc1123);
  if (!m || !DAYS.includes(m[1]!)) return rfc1123;
  return `${m[1]} ${m[3]} ${m[2]} ${m[5]} UTC ${m[4]}`;
}

/**
 * Reading learners' answers: tolerant of the ways people write the same thing
 * (a bare address, `via X dev Y`, `Y via X`, a pasted `ip route get` line with
 * its `uid` and `cache` lines, any case and spacing), strict about what they
 * say: two different next hops, or words that are not part of any answer, are
 * reported, never guessed around.
 */
import { formatIp, parseIp } from '../addr/ipv4';
import type { NetworkClass, PredictPart, RoutePart } from './spec';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Normalised IPv4 text, or null. */
export function normIp(text: string): string | null {
  const ip = parseIp(text.replace(/[.,;:)]+$/, '').replace(/^\(/, ''));
  return ip === null ? null : formatIp(ip);
}

const DEVICE = /^(eth\d+|veth[0-9a-z]*|lo|docker\d+|br-[0-9a-f]+|ens\d+|enp\w+|cni\d+|tunl\d+|bridge\d*)(@if\d+)?$/;

export function normDev(token: string): string | null {
  const t = token.replace(/[.,;:]+$/, '').toLowerCase();
  return DEVICE.test(t) ? t.replace(/@if\d+$/, '') : null;
}

const ROUTE_WORDS = new Set(['the', 'a', 'an', 'is', 'it', 'uses', 'use', 'next', 'hop', 'nexthop', 'next-hop', 'gateway', 'gw',
  'device', 'interface', 'iface', 'out', 'of', 'through', 'and', 'with', 'address', 'source', 'goes', 'to', 'on', 'leaves', 'from', 'its']);
/** Keywords of `ip route` / `ip route get` lines whose value is not part of the answer. */
const SKIP_WITH_VALUE = new Set(['uid', 'proto', 'scope', 'metric', 'table', 'iif', 'oif', 'mtu', 'tos', 'expires']);
const SKIP = new Set(['cache', 'linkdown', 'onlink', 'local', 'unicast', 'broadcast', '<local>', '<local,brd>', 'default']);
const DIRECT = /\b(direct(ly)?( connected)?|no (gateway|next ?hop|via)|none|on-?link|connected)\b/;

export interface RouteAnswer {
  via?: string | null;
  dev?: string;
  src?: string;
}

/** A route fact in any of the usual spellings; `ask` decides what a bare address means. */
export function parseRouteAnswer(text: string, ask: RoutePart[]): Parsed<RouteAnswer> {
  const raw = text.trim().toLowerCase();
  if (raw === '') return { ok: false, error: 'The answer is empty.' };
  const tokens = raw.split(/[\s,;]+/).filter((t) => t !== '' && t !== '->' && t !== '=');
  const out: RouteAnswer = {};
  const conflicts: string[] = [];
  const set = (k: 'via' | 'dev' | 'src', v: string) => {
    const prev = out[k];
    if (prev !== undefined && prev !== v) conflicts.push(`two different ${k === 'via' ? 'next hops' : k === 'dev' ? 'devices' : 'source addresses'} (${prev ?? 'none'} and ${v})`);
    out[k] = v;
  };
  const bare: string[] = [];
  const unknown: string[] = [];
  // A pasted `ip route get` line starts with the destination (after an optional type).
  let i = 0;
  while (i < tokens.length && SKIP.has(tokens[i]!)) i++;
  const looksPasted = i + 1 < tokens.length && normIp(tokens[i]!) !== null && ['via', 'dev', 'from'].includes(tokens[i + 1]!);
  if (looksPasted) i++;
  else i = 0;
  let sawDevKeyword = false;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if ((t === 'via' || t === 'src' || t === 'from') && next !== undefined) {
      const ip = normIp(next);
      if (ip === null) { unknown.push(`${t} ${next}`); i++; continue; }
      if (t !== 'from') set(t, ip);
      i++;
      continue;
    }
    if (t === 'dev' && next !== undefined) { sawDevKeyword = true; set('dev', next.replace(/[.,;:]+$/, '').replace(/@if\d+$/, '')); i++; continue; }
    if (SKIP_WITH_VALUE.has(t)) { i++; continue; }
    if (SKIP.has(t) || ROUTE_WORDS.has(t) || /^<.*>$/.test(t)) continue;
    const ip = normIp(t);
    if (ip !== null) { bare.push(ip); continue; }
    const dev = normDev(t);
    if (dev !== null) { set('dev', dev); continue; }
    unknown.push(t);
  }
  if (DIRECT.test(raw)) {
    if (out.via) conflicts.push(`both a next hop (${out.via}) and "direct"`);
    out.via = null;
    unknown.splice(0, unknown.length, ...unknown.filter((u) => !/^(direct(ly)?|connected|no|gateway|next|hop|nexthop|via|none|on-?link)$/.test(u)));
  } else if (looksPasted && out.via === undefined && sawDevKeyword) {
    out.via = null; // `10.244.0.3 dev veth... src ...`: a pasted line without via is a direct route
  }
  for (const ip of bare) {
    if (ask.includes('via') && out.via === undefined) out.via = ip;
    else if (ask.includes('src') && out.src === undefined) out.src = ip;
    else if (out.via === ip || out.src === ip) continue;
    else conflicts.push(`an address I cannot place (${ip}): write "via ${ip}" or "src ${ip}"`);
  }
  if (conflicts.length) return { ok: false, error: `The answer gives ${conflicts.join('; ')}.` };
  if (unknown.length) return { ok: false, error: `I could not read ${unknown.map((u) => `"${u}"`).join(', ')}. Write for example "via 192.168.49.3 dev eth0".` };
  return { ok: true, value: out };
}

/** One segment of a path answer. */
export interface PathSegment {
  /** As written, for feedback. */
  text: string;
  /** Where: a name or an address as written, a role word, or nothing (same place as the segment before). */
  where?: { name: string } | { ip: string } | { role: 'pod' | 'src-pod' | 'dst-pod' | 'node' | 'peer-node' };
  /** A device, or `veth` for any veth. */
  dev?: string;
}

const ROLE_WORDS: Array<[RegExp, NonNullable<PathSegment['where']> & { role: string }]> = [
  [/^(source|src|client|sending|local|first) pod$/, { role: 'src-pod' }],
  [/^(destination|dst|dest|target|server|receiving|remote|peer|other|second) pod$/, { role: 'dst-pod' }],
  [/^pod$/, { role: 'pod' }],
  [/^(peer|other|remote|destination|dst|dest|target|second|next|receiving) (node|host)$|^peer$|^node ?2$/, { role: 'peer-node' }],
  [/^(source|src|local|sending|first|this|own|its)? ?(node|host)$|^node ?1$/, { role: 'node' }],
];

/** `pod eth0 -> node veth -> node eth0 -> peer node eth0 -> veth -> pod eth0`, or with names and addresses. */
export function parsePath(text: string): Parsed<PathSegment[]> {
  const parts = text.trim().split(/\s*(?:->|→|=>|⇒|-->|>|\n|,|;)\s*/).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return { ok: false, error: 'The answer is empty.' };
  const segs: PathSegment[] = [];
  for (const part of parts) {
    const words = part.toLowerCase().replace(/[()]/g, ' ').split(/\s+/).filter((w) => w !== '' && !['the', 'via', 'dev', 'on', 'of', 'in', 'at', "'s"].includes(w));
    const seg: PathSegment = { text: part };
    const rest: string[] = [];
    for (const w of words) {
      const dev = normDev(w);
      if (dev !== null) {
        if (seg.dev !== undefined) return { ok: false, error: `"${part}" names two devices; write one step per device, separated by ->.` };
        seg.dev = dev;
        continue;
      }
      const ip = normIp(w);
      if (ip !== null) { if (seg.where) return { ok: false, error: `"${part}" names two places.` }; seg.where = { ip }; continue; }
      rest.push(w);
    }
    if (rest.length) {
      const phrase = rest.join(' ');
      const role = ROLE_WORDS.find(([re]) => re.test(phrase));
      if (seg.where) return { ok: false, error: `"${part}" names two places.` };
      seg.where = role ? { ...role[1] } : { name: phrase };
    }
    if (!seg.where && !seg.dev) return { ok: false, error: `I could not read "${part}".` };
    segs.push(seg);
  }
  return { ok: true, value: segs };
}

const YES = /^(0% packet loss|yes|y|true|arrives?|it arrives|delivered|reaches|gets a reply|replies|reply|works|ok|succeeds)$/;
const NO = /^(no|n|false|does not arrive|doesn't arrive|dropped|lost|no reply|fails|unreachable|timeout|times out|100% packet loss)$/;

export type PredictAnswer = Partial<{ arrives: boolean; source: string; ttl: number; hops: number }>;

function predictValue(part: PredictPart, v: string): Parsed<boolean | string | number> {
  const t = v.trim().toLowerCase().replace(/[.!]+$/, '');
  switch (part) {
    case 'arrives':
      if (YES.test(t)) return { ok: true, value: true };
      if (NO.test(t)) return { ok: true, value: false };
      return { ok: false, error: `"${v}" is not yes or no` };
    case 'source': {
      const ip = normIp(t.replace(/^(from|src|source)\s+/, ''));
      return ip ? { ok: true, value: ip } : { ok: false, error: `"${v}" is not an IPv4 address` };
    }
    case 'ttl':
    case 'hops': {
      const m = /^(?:ttl\s*=?\s*)?(\d{1,3})(?:\s*hops?)?$/.exec(t);
      return m ? { ok: true, value: Number(m[1]) } : { ok: false, error: `"${v}" is not a number` };
    }
  }
}

/** Parts by key (`arrives: yes; source: 10.244.0.3`), by field (an object), or in the order asked. */
export function parsePredict(answer: string | Record<string, string>, ask: PredictPart[]): Parsed<PredictAnswer> {
  const byPart: Partial<Record<PredictPart, string>> = {};
  if (typeof answer === 'string') {
    const pieces = answer.split(/[;\n]|,(?!\d)/).map((p) => p.trim()).filter((p) => p !== '');
    pieces.forEach((p, idx) => {
      const m = /^(arrives?|reply|source|src|ttl|hops?)\s*[:=]\s*(.+)$/i.exec(p);
      if (m) {
        const k = m[1]!.toLowerCase();
        const part: PredictPart = k.startsWith('arriv') || k === 'reply' ? 'arrives' : k.startsWith('s') ? 'source' : k === 'ttl' ? 'ttl' : 'hops';
        byPart[part] = m[2]!;
      } else if (ask[idx] !== undefined) byPart[ask[idx]!] = p;
    });
  } else {
    for (const p of ask) if (answer[p] !== undefined) byPart[p] = answer[p];
  }
  const out: PredictAnswer = {};
  const errors: string[] = [];
  for (const p of ask) {
    const v = byPart[p];
    if (v === undefined || v.trim() === '') continue;
    const r = predictValue(p, v);
    if (!r.ok) errors.push(`${p}: ${r.error}`);
    else (out as Record<string, unknown>)[p] = r.value;
  }
  return errors.length ? { ok: false, error: `I could not read ${errors.join('; ')}.` } : { ok: true, value: out };
}

const CLASS_WORDS: Array<[NetworkClass, RegExp]> = [
  ['service', /\b(service|services|svc|cluster ?ip|clusterip)\b/],
  ['pod', /\b(pod|pods)\b/],
  ['node', /\b(node|nodes|host|docker)\b/],
  ['none', /\b(none|neither|other|external|internet|outside|no network|nothing)\b/],
];

export function parseClass(text: string): Parsed<NetworkClass> {
  const t = text.trim().toLowerCase();
  const hits = CLASS_WORDS.filter(([, re]) => re.test(t)).map(([c]) => c);
  if (hits.length === 1) return { ok: true, value: hits[0]! };
  if (hits.length === 0) return { ok: false, error: `"${text.trim()}" names no network: answer node, pod, service or none.` };
  return { ok: false, error: `"${text.trim()}" names several networks (${hits.join(', ')}); pick one.` };
}

/** Option ids (`b`, `(b)`, `a, c`) or an option's exact text. */
export function parseChoice(text: string, options: Array<{ id: string; text: string }>): Parsed<string[]> {
  const t = text.trim().toLowerCase();
  if (t === '') return { ok: false, error: 'No option chosen.' };
  const byText = options.find((o) => o.text.trim().toLowerCase() === t);
  if (byText) return { ok: true, value: [byText.id] };
  const ids = t.split(/[\s,;]+|\band\b/).map((x) => x.replace(/^\(|[).:]$/g, '')).filter((x) => x !== '' && x !== 'and');
  const known = new Set(options.map((o) => o.id.toLowerCase()));
  const bad = ids.filter((x) => !known.has(x));
  if (bad.length) return { ok: false, error: `No option ${bad.map((b) => `"${b}"`).join(', ')}: choose from ${options.map((o) => o.id).join(', ')}.` };
  const chosen = options.filter((o) => ids.includes(o.id.toLowerCase())).map((o) => o.id);
  return { ok: true, value: chosen };
}

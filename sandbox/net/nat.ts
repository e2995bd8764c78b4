/**
 * Netfilter's tables as the tracer evaluates them: a chain walk over rules in
 * iptables-save form (jumps, -g, RETURN, the built-in chain's policy), for the
 * first packet of a connection (conntrack state NEW; DNAT once the nat table
 * rewrote its destination).
 *
 * Matches: -s/-d, -i/-o (with + wildcards), -p, and the modules the lab's
 * rules use: tcp/udp (--sport/--dport, ranges), comment, addrtype
 * (--src-type/--dst-type), mark, conntrack/state (--ctstate), statistic
 * (--mode random --probability, nth). Any of them can be negated with "!".
 * Unknown modules and options do not restrict a rule.
 * Targets: ACCEPT, DROP, RETURN, REJECT, MARK (--set-xmark), DNAT, SNAT,
 * MASQUERADE and jumps to user chains; other targets (LOG...) fall through.
 *
 * statistic --mode random matches, as xt_statistic does, when a 31-bit random
 * number is below lround(p * 2^31); the number comes from the caller's `draw`,
 * which the tracer derives from the seed and the connection, so a connection
 * always takes the same path and many connections spread as the kernel's would.
 *
 * Rules compile once per table: the compiled form is keyed on the table's
 * `rules` array and its length, so a table whose rules are replaced (kube-proxy)
 * or appended to (kindnetd) compiles again; specs must not be edited in place.
 */
import { parseIp, parsePrefix, prefixContains } from '../addr/ipv4';
import type { IptablesRule, IptablesTable } from '../model/cluster';

export interface NfPacket {
  proto: 'tcp' | 'udp' | 'icmp';
  src: number;
  dst: number;
  sport?: number;
  dport?: number;
  /** Input device (PREROUTING, INPUT, FORWARD); absent for locally generated packets. */
  inDev?: string;
  /** Output device (OUTPUT, FORWARD, POSTROUTING). */
  outDev?: string;
  /** skb->mark; MARK targets change it. */
  mark: number;
  /** The nat table rewrote the destination (conntrack state DNAT). */
  dnat: boolean;
}

export interface NfEnv {
  /** addrtype LOCAL: an address of the namespace. */
  isLocal(ip: number): boolean;
  /** A uniform number in [0, 2^31) for the statistic rule at `chain`/`index` (same connection, same number). */
  draw(chain: string, index: number): number;
}

export type NfVerdict =
  | { kind: 'accept' }
  | { kind: 'drop'; chain: string; index: number }
  | { kind: 'reject'; with: string; chain: string; index: number }
  | { kind: 'dnat'; ip: number; port?: number; chain: string; index: number }
  | { kind: 'snat'; ip: number; port?: number; chain: string; index: number }
  | { kind: 'masquerade'; chain: string; index: number };

type Test = (p: NfPacket, env: NfEnv, chain: string, index: number) => boolean;

type Target =
  | { k: 'none' }
  | { k: 'accept' }
  | { k: 'drop' }
  | { k: 'return' }
  | { k: 'reject'; with: string }
  | { k: 'mark'; value: number; mask: number }
  | { k: 'dnat' | 'snat'; ip: number; port?: number }
  | { k: 'masq' }
  | { k: 'jump'; chain: string; goto: boolean };

interface CRule {
  tests: Test[];
  target: Target;
}

interface Compiled {
  rules: IptablesRule[];
  length: number;
  chainList: IptablesTable['chains'];
  chainCount: number;
  chains: Map<string, CRule[]>;
  policies: Map<string, 'ACCEPT' | 'DROP'>;
}

const cache = new WeakMap<IptablesTable, Compiled>();

const PASS_TARGETS = new Set(['LOG', 'NFLOG', 'TRACE', 'CT', 'NOTRACK', 'CONNMARK', 'TCPMSS', 'CHECKSUM']);
const PROTO_NUMBERS: Record<string, string> = { '0': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp' };

function prefixTest(text: string, field: 'src' | 'dst', inv: boolean): Test {
  const p = parsePrefix(text) ?? (parseIp(text) !== null ? { ip: parseIp(text)!, len: 32 } : null);
  if (!p) return () => false;
  const { ip, len } = p;
  return field === 'src' ? (pkt) => prefixContains(ip, len, pkt.src) !== inv : (pkt) => prefixContains(ip, len, pkt.dst) !== inv;
}

function ifaceTest(name: string, field: 'inDev' | 'outDev', inv: boolean): Test {
  const wild = name.endsWith('+');
  const stem = wild ? name.slice(0, -1) : name;
  return (pkt) => {
    const dev = pkt[field];
    if (dev === undefined) return inv;
    return (wild ? dev.startsWith(stem) : dev === name) !== inv;
  };
}

function portTest(value: string, field: 'sport' | 'dport', inv: boolean): Test {
  const [a = '', b] = value.split(':');
  const lo = a === '' ? 0 : Number(a);
  const hi = b === undefined ? lo : b === '' ? 65535 : Number(b);
  return (pkt) => {
    const port = pkt[field];
    if (port === undefined) return false;
    return (port >= lo && port <= hi) !== inv;
  };
}

function addrTypeTest(types: string, field: 'src' | 'dst', inv: boolean): Test {
  const list = types.split(',');
  return (pkt, env) => {
    const ip = pkt[field];
    let hit = false;
    for (const t of list) {
      if (t === 'LOCAL') hit ||= env.isLocal(ip);
      else if (t === 'UNICAST') hit ||= !env.isLocal(ip) && ip >>> 28 !== 0xe && ip !== 0xffffffff;
      else if (t === 'MULTICAST') hit ||= ip >>> 28 === 0xe;
      else if (t === 'BROADCAST') hit ||= ip === 0xffffffff;
    }
    return hit !== inv;
  };
}

function ctStateTest(states: string, inv: boolean): Test {
  const list = states.split(',');
  return (pkt) => list.some((s) => s === 'NEW' || (s === 'DNAT' && pkt.dnat)) !== inv;
}

function markValue(text: string): { value: number; mask: number } {
  const [v = '0', m] = text.split('/');
  return { value: Number(v) >>> 0, mask: m === undefined ? 0xffffffff : Number(m) >>> 0 };
}

function hostPort(text: string): { ip: number; port?: number } | null {
  const [ipText = '', portText] = text.split(':');
  const ip = parseIp(ipText.split('-')[0]!);
  if (ip === null) return null;
  const port = portText === undefined ? undefined : Number(portText.split('-')[0]);
  return port === undefined || Number.isNaN(port) ? { ip } : { ip, port };
}

function compileRule(spec: readonly string[]): CRule {
  const tests: Test[] = [];
  let target: Target = { k: 'none' };
  let module = '';
  for (let i = 0; i < spec.length; i++) {
    let inv = false;
    if (spec[i] === '!') {
      inv = true;
      i++;
    }
    const w = spec[i];
    const v = spec[i + 1] ?? '';
    if (w === '-j' || w === '-g') {
      const args = spec.slice(i + 2);
      const arg = (name: string) => {
        const k = args.indexOf(name);
        return k >= 0 ? args[k + 1] : undefined;
      };
      switch (v) {
        case 'ACCEPT': target = { k: 'accept' }; break;
        case 'DROP': target = { k: 'drop' }; break;
        case 'RETURN': target = { k: 'return' }; break;
        case 'REJECT': target = { k: 'reject', with: arg('--reject-with') ?? 'icmp-port-unreachable' }; break;
        case 'MASQUERADE': target = { k: 'masq' }; break;
        case 'MARK': {
          const x = arg('--set-xmark');
          const or = arg('--or-mark');
          const xor = arg('--xor-mark');
          const set = arg('--set-mark');
          if (x) target = { k: 'mark', ...markValue(x) };
          else if (or) target = { k: 'mark', value: Number(or) >>> 0, mask: Number(or) >>> 0 };
          else if (xor) target = { k: 'mark', value: Number(xor) >>> 0, mask: 0 };
          else if (set) {
            const m = markValue(set);
            target = { k: 'mark', value: m.value, mask: m.mask };
          }
          break;
        }
        case 'DNAT': case 'SNAT': {
          const to = hostPort(arg(v === 'DNAT' ? '--to-destination' : '--to-source') ?? '');
          if (to) target = { k: v === 'DNAT' ? 'dnat' : 'snat', ...to };
          break;
        }
        default:
          // Other extension targets go on to the next rule; anything else names a chain.
          target = PASS_TARGETS.has(v) ? { k: 'none' } : { k: 'jump', chain: v, goto: w === '-g' };
      }
      break;
    }
    switch (w) {
      case '-s': tests.push(prefixTest(v, 'src', inv)); i++; break;
      case '-d': tests.push(prefixTest(v, 'dst', inv)); i++; break;
      case '-i': tests.push(ifaceTest(v, 'inDev', inv)); i++; break;
      case '-o': tests.push(ifaceTest(v, 'outDev', inv)); i++; break;
      case '-p': {
        const proto = PROTO_NUMBERS[v] ?? v;
        if (proto !== 'all') tests.push((p) => (p.proto === proto) !== inv);
        else if (inv) tests.push(() => false);
        i++;
        break;
      }
      case '-m': module = v; i++; break;
      case '--sport': case '--source-port': tests.push(portTest(v, 'sport', inv)); i++; break;
      case '--dport': case '--destination-port': tests.push(portTest(v, 'dport', inv)); i++; break;
      case '--src-type': tests.push(addrTypeTest(v, 'src', inv)); i++; break;
      case '--dst-type': tests.push(addrTypeTest(v, 'dst', inv)); i++; break;
      case '--mark': {
        const { value, mask } = markValue(v);
        tests.push((p) => ((p.mark & mask) >>> 0 === (value & mask) >>> 0) !== inv);
        i++;
        break;
      }
      case '--ctstate': case '--state': tests.push(ctStateTest(v, inv)); i++; break;
      case '--probability': {
        const threshold = Math.round(0x80000000 * Number(v));
        tests.push((p, env, chain, index) => (env.draw(chain, index) < threshold) !== inv);
        i++;
        break;
      }
      case '--every': {
        // A connection's first packet is the nth counter's first: it matches when --packet is 0 (the default).
        const k = spec.indexOf('--packet', i);
        const packet = k >= 0 ? Number(spec[k + 1]) : 0;
        const every = Number(v);
        tests.push(() => (every === 1 || packet === 0) !== inv);
        i++;
        break;
      }
      case '--comment': case '--mode': case '--packet': i++; break;
      default:
        // Options of modules the lab does not model: one value unless it is a flag.
        if (module && v !== '' && !v.startsWith('-') && v !== '!') i++;
    }
  }
  return { tests, target };
}

function compile(t: IptablesTable): Compiled {
  const hit = cache.get(t);
  if (hit && hit.rules === t.rules && hit.length === t.rules.length && hit.chainList === t.chains && hit.chainCount === t.chains.length) return hit;
  const chains = new Map<string, CRule[]>();
  for (const c of t.chains) chains.set(c.name, []);
  for (const r of t.rules) {
    let list = chains.get(r.chain);
    if (!list) chains.set(r.chain, (list = []));
    list.push(compileRule(r.spec));
  }
  const policies = new Map<string, 'ACCEPT' | 'DROP'>();
  for (const c of t.chains) if (c.policy) policies.set(c.name, c.policy);
  const c: Compiled = { rules: t.rules, length: t.rules.length, chainList: t.chains, chainCount: t.chains.length, chains, policies };
  cache.set(t, c);
  return c;
}

const MAX_STEPS = 10_000;
const MAX_DEPTH = 64;
const ACCEPT: NfVerdict = { kind: 'accept' };

/* The walk's return stack, reused by every evaluation (evaluations never nest). */
const stackChains: string[] = [];
const stackRules: CRule[][] = [];
const stackPos: number[] = [];

/** Walks a built-in chain for one packet; MARK targets update `pkt.mark`. */
export function nfEvaluate(t: IptablesTable, builtin: string, pkt: NfPacket, env: NfEnv): NfVerdict {
  const c = compile(t);
  let depth = 0;
  let chain = builtin;
  let rules = c.chains.get(builtin);
  if (!rules) return ACCEPT;
  let i = 0;
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    if (i >= rules.length) {
      // The end of a user chain returns to its caller; the end of the built-in one applies its policy.
      if (depth === 0) return c.policies.get(builtin) === 'DROP' ? { kind: 'drop', chain: builtin, index: -1 } : ACCEPT;
      depth--;
      chain = stackChains[depth]!;
      rules = stackRules[depth]!;
      i = stackPos[depth]!;
      continue;
    }
    const index = i++;
    const r = rules[index]!;
    const tests = r.tests;
    let ok = true;
    for (let k = 0; k < tests.length; k++) {
      if (!tests[k]!(pkt, env, chain, index)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const tg = r.target;
    switch (tg.k) {
      case 'none': continue;
      case 'mark': pkt.mark = ((pkt.mark & ~tg.mask) ^ tg.value) >>> 0; continue;
      case 'accept': return ACCEPT;
      case 'drop': return { kind: 'drop', chain, index };
      case 'reject': return { kind: 'reject', with: tg.with, chain, index };
      case 'masq': return { kind: 'masquerade', chain, index };
      case 'dnat': case 'snat': return { kind: tg.k, ip: tg.ip, ...(tg.port !== undefined ? { port: tg.port } : {}), chain, index };
      case 'return':
        // RETURN is what running off the end of the chain does.
        i = rules.length;
        continue;
      case 'jump': {
        const next = c.chains.get(tg.chain);
        if (!next) continue;
        if (!tg.goto) {
          if (depth >= MAX_DEPTH) return ACCEPT;
          stackChains[depth] = chain;
          stackRules[depth] = rules;
          stackPos[depth] = i;
          depth++;
        }
        chain = tg.chain;
        rules = next;
        i = 0;
        continue;
      }
    }
  }
  return ACCEPT;
}

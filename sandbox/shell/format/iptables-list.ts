/**
 * `iptables -L` (iptables 1.8.4, iptables/iptables.c print_header and
 * print_firewall) over rules kept in iptables-save form. The columns: target
 * "%-9s ", the protocol with its inversion mark "%-5s", "-- " for the
 * fragment flags, with -v the in/out interfaces (" %-6s ", "%-6s "), then
 * source and destination "%-19s " each after a space or "!". Addresses with a
 * zero mask read "anywhere" unless -n; a /32 mask is not printed. Then each
 * match's own print function in rule order and the target's:
 *   comment       " /* TEXT *\/"
 *   tcp, udp      " tcp", " spt:P", " dpt:P" (" dpts:A:B"), a port by its
 *                 /etc/services name unless -n
 *   addrtype      " ADDRTYPE match dst-type LOCAL" (" dst-type !LOCAL")
 *   mark          " mark match 0x4000/0x4000" (" mark match ! 0x4000/0x4000")
 *   conntrack     " ctstate NEW" (" ! ctstate RELATED,ESTABLISHED,DNAT")
 *   statistic     " statistic mode random probability 0.50000000000"
 *   MARK          " MARK or 0x4000" / "xor" / "and" / "set" / "xset V/M"
 *   MASQUERADE    " random-fully", DNAT/SNAT " to:IP:PORT", REJECT " reject-with TYPE"
 * Counters are all zero in the lab.
 */
import { portName } from './iptables-services';

export interface ListOptions {
  numeric: boolean;
  verbose: boolean;
  /** -x: exact counters (no K/M/G and wider columns). */
  exact?: boolean;
  lineNumbers?: boolean;
  /** Reverse lookup for addresses when not numeric (the node's /etc/hosts); undefined keeps the number. */
  hostName?: (ip: string) => string | undefined;
}

interface Parsed {
  target: string;
  targetArgs: Array<[string, string | undefined]>;
  goto: boolean;
  prot: string;
  protInv: boolean;
  src: string;
  srcInv: boolean;
  dst: string;
  dstInv: boolean;
  inIf: string;
  inInv: boolean;
  outIf: string;
  outInv: boolean;
  /** Matches in order: module name and its options (name, value, inverted). */
  matches: Array<{ name: string; opts: Array<{ opt: string; value: string; inv: boolean }> }>;
}

/** Options that take no value (flags). */
const FLAGS = new Set(['--random-fully', '--random', '--persistent', '--set', '--rcheck', '--update', '--remove', '--rsource', '--rdest']);

export function parseSpec(spec: readonly string[]): Parsed {
  const p: Parsed = {
    target: '', targetArgs: [], goto: false, prot: 'all', protInv: false, src: '0.0.0.0/0', srcInv: false, dst: '0.0.0.0/0', dstInv: false,
    inIf: '', inInv: false, outIf: '', outInv: false, matches: [],
  };
  let inTarget = false;
  for (let i = 0; i < spec.length; i++) {
    let inv = false;
    if (spec[i] === '!') {
      inv = true;
      i++;
    }
    const w = spec[i] ?? '';
    if (inTarget) {
      const value = FLAGS.has(w) ? undefined : spec[++i];
      p.targetArgs.push([w, value]);
      continue;
    }
    const v = spec[i + 1] ?? '';
    switch (w) {
      case '-s': p.src = v; p.srcInv = inv; i++; break;
      case '-d': p.dst = v; p.dstInv = inv; i++; break;
      case '-i': p.inIf = v; p.inInv = inv; i++; break;
      case '-o': p.outIf = v; p.outInv = inv; i++; break;
      case '-p': p.prot = v; p.protInv = inv; i++; break;
      case '-m': p.matches.push({ name: v, opts: [] }); i++; break;
      case '-j': case '-g': p.target = v; p.goto = w === '-g'; inTarget = true; i++; break;
      default: {
        const m = p.matches[p.matches.length - 1];
        const value = FLAGS.has(w) ? '' : v;
        if (!FLAGS.has(w)) i++;
        if (m) m.opts.push({ opt: w, value, inv });
      }
    }
  }
  return p;
}

const PROTO_NAMES: Record<string, string> = { 0: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp', 132: 'sctp' };

function protoText(p: string): string {
  return PROTO_NAMES[p] ?? p;
}

/** xtables_ipmask_to_numeric: no suffix for /32. */
function address(prefix: string, o: ListOptions): string {
  const [ip = prefix, len = '32'] = prefix.split('/');
  if (len === '0' && !o.numeric) return 'anywhere';
  const mask = len === '32' ? '' : `/${len}`;
  if (o.numeric) return `${ip}${mask}`;
  const name = ip === '127.0.0.0' || ip === '127.0.0.1' ? 'localhost' : o.hostName?.(ip);
  return `${name ?? ip}${mask}`;
}

function ports(proto: string, name: string, value: string, inv: boolean, numeric: boolean): string {
  const one = (p: string) => (numeric ? p : portName(Number(p), proto) ?? p);
  const [a = value, b] = value.split(':');
  return b === undefined ? ` ${name}:${inv ? '!' : ''}${one(a)}` : ` ${name}s:${inv ? '!' : ''}${one(a)}:${one(b)}`;
}

function printMatch(m: Parsed['matches'][number], o: ListOptions): string {
  const get = (opt: string) => m.opts.find((x) => x.opt === opt);
  switch (m.name) {
    case 'comment': return ` /* ${get('--comment')?.value ?? ''} */`;
    case 'tcp': case 'udp': {
      let s = ` ${m.name}`;
      for (const x of m.opts) {
        if (x.opt === '--sport' || x.opt === '--source-port') s += ports(m.name, 'spt', x.value, x.inv, o.numeric);
        if (x.opt === '--dport' || x.opt === '--destination-port') s += ports(m.name, 'dpt', x.value, x.inv, o.numeric);
      }
      return s;
    }
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      for (const x of m.opts) {
        if (x.opt === '--src-type') s += ` src-type ${x.inv ? '!' : ''}${x.value}`;
        if (x.opt === '--dst-type') s += ` dst-type ${x.inv ? '!' : ''}${x.value}`;
      }
      return s;
    }
    case 'mark': {
      const x = get('--mark');
      if (!x) return ' mark match';
      const [value = '', mask] = x.value.split('/');
      return ` mark match${x.inv ? ' !' : ''} ${value}${mask !== undefined && mask !== '0xffffffff' ? `/${mask}` : ''}`;
    }
    case 'conntrack': {
      let s = '';
      for (const x of m.opts) if (x.opt === '--ctstate') s += `${x.inv ? ' !' : ''} ctstate ${x.value}`;
      return s;
    }
    case 'state': {
      const x = get('--state');
      return x ? `${x.inv ? ' !' : ''} state ${x.value}` : '';
    }
    case 'statistic': {
      const mode = get('--mode')?.value ?? 'random';
      if (mode === 'nth') return ` statistic mode nth every ${get('--every')?.value ?? '0'}${get('--packet') ? ` packet ${get('--packet')!.value}` : ''}`;
      return ` statistic mode random${get('--probability')?.inv ? ' !' : ''} probability ${get('--probability')?.value ?? ''}`;
    }
    default: return '';
  }
}

function printTarget(p: Parsed): string {
  const arg = (name: string) => p.targetArgs.find(([k]) => k === name)?.[1];
  const has = (name: string) => p.targetArgs.some(([k]) => k === name);
  switch (p.target) {
    case 'MARK': {
      const xmark = arg('--set-xmark');
      if (!xmark) return '';
      const [v = '0', m = '0xffffffff'] = xmark.split('/');
      const value = Number(v) >>> 0;
      const mask = Number(m) >>> 0;
      const hex = (n: number) => `0x${n.toString(16)}`;
      if (value === 0) return ` MARK and ${hex(~mask >>> 0)}`;
      if (value === mask) return ` MARK or ${hex(value)}`;
      if (mask === 0) return ` MARK xor ${hex(value)}`;
      if (mask === 0xffffffff) return ` MARK set ${hex(value)}`;
      return ` MARK xset ${hex(value)}/${hex(mask)}`;
    }
    case 'MASQUERADE': {
      let s = '';
      const ports = arg('--to-ports');
      if (ports) s += ` masq ports: ${ports.replace(':', '-')}`;
      if (has('--random')) s += ' random';
      if (has('--random-fully')) s += ' random-fully';
      return s;
    }
    case 'DNAT': return ` to:${arg('--to-destination') ?? ''}`;
    case 'SNAT': return ` to:${arg('--to-source') ?? ''}`;
    case 'REJECT': return ` reject-with ${arg('--reject-with') ?? 'icmp-port-unreachable'}`;
    default: return '';
  }
}

/** One rule's line (without its newline). */
export function listRule(spec: readonly string[], o: ListOptions, num?: number): string {
  const p = parseSpec(spec);
  let s = '';
  if (num !== undefined) s += `${String(num).padEnd(4)} `;
  if (o.verbose) s += o.exact ? `${'0'.padStart(8)} ${'0'.padStart(8)} ` : '    0     0 ';
  s += `${p.target.padEnd(9)} `;
  s += `${p.protInv ? '!' : ' '}${protoText(p.prot).padEnd(5)}`;
  s += '-- ';
  if (o.verbose) {
    const iface = (name: string, inv: boolean) => `${inv ? '!' : ''}${name || (o.numeric ? '*' : 'any')}`;
    s += ` ${iface(p.inIf, p.inInv).padEnd(6)} ${iface(p.outIf, p.outInv).padEnd(6)} `;
  }
  s += `${p.srcInv ? '!' : ' '}${address(p.src, o).padEnd(19)} `;
  s += `${p.dstInv ? '!' : ' '}${address(p.dst, o).padEnd(19)} `;
  if (p.goto) s += '[goto] ';
  for (const m of p.matches) s += printMatch(m, o);
  s += printTarget(p);
  return s;
}

export function listHeader(o: ListOptions): string {
  let s = '';
  if (o.lineNumbers) s += 'num  ';
  if (o.verbose) s += o.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  s += 'target     prot opt';
  if (o.verbose) s += ' in     out    ';
  s += ' source               destination         ';
  return s;
}

export interface ListChain {
  name: string;
  policy?: string;
  references: number;
  rules: ReadonlyArray<readonly string[]>;
}

/** `iptables -L` for the given chains: a blank line between chains, none after the last. */
export function formatList(chains: ListChain[], o: ListOptions): string {
  return chains.map((c) => {
    let s = `Chain ${c.name}`;
    s += c.policy ? ` (policy ${c.policy}${o.verbose ? ' 0 packets, 0 bytes' : ''})\n` : ` (${c.references} references)\n`;
    s += `${listHeader(o)}\n`;
    c.rules.forEach((r, i) => {
      s += `${listRule(r, o, o.lineNumbers ? i + 1 : undefined)}\n`;
    });
    return s;
  }).join('\n');
}

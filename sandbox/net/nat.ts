/**
 * The nat POSTROUTING evaluation the tracer needs: rules are the data that
 * `iptables-save -t nat` prints; supported matches are -s/-d (with !),
 * -o (with !), `-m addrtype [!] --dst-type LOCAL` and comments; targets
 * MASQUERADE, RETURN, ACCEPT and jumps to user chains.
 */
import { parsePrefix, prefixContains } from '../addr/ipv4';
import type { IptablesRule, IptablesTable } from '../model/cluster';

export interface NatPacket {
  src: number;
  dst: number;
  outDev: string;
  dstIsLocal: boolean;
}

function matches(rule: IptablesRule, pkt: NatPacket): boolean {
  const s = rule.spec;
  for (let i = 0; i < s.length; i++) {
    let neg = false;
    if (s[i] === '!') {
      neg = true;
      i++;
    }
    const opt = s[i];
    let ok = true;
    switch (opt) {
      case '-s':
      case '-d': {
        const p = parsePrefix(s[++i]!)!;
        ok = prefixContains(p.ip, p.len, opt === '-s' ? pkt.src : pkt.dst);
        break;
      }
      case '-o':
        ok = s[++i] === pkt.outDev;
        break;
      case '-i':
        i++;
        ok = false; // input-interface matches never apply in POSTROUTING
        break;
      case '-m':
        i++;
        continue;
      case '--comment':
        i++;
        continue;
      case '--dst-type':
        ok = (s[++i] === 'LOCAL') === pkt.dstIsLocal;
        break;
      case '-j':
        return true;
      default:
        if (s[i + 1] === '--dst-type') continue; // "! --dst-type": negation handled below
        continue;
    }
    if (neg ? ok : !ok) return false;
  }
  return true;
}

function target(rule: IptablesRule): string {
  const i = rule.spec.indexOf('-j');
  return i >= 0 ? rule.spec[i + 1]! : '';
}

/** 'MASQUERADE' if the packet is to be masqueraded, else null. */
export function postrouting(nat: IptablesTable, pkt: NatPacket, chain = 'POSTROUTING', depth = 0): 'MASQUERADE' | 'ACCEPT' | null {
  if (depth > 8) return null;
  for (const rule of nat.rules) {
    if (rule.chain !== chain || !matches(rule, pkt)) continue;
    const t = target(rule);
    if (t === 'MASQUERADE' || t === 'ACCEPT') return t;
    if (t === 'RETURN') return null;
    if (nat.chains.some((c) => c.name === t)) {
      const r = postrouting(nat, pkt, t, depth + 1);
      if (r) return r;
    }
  }
  return null;
}

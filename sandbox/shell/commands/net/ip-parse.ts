/**
 * iproute2's argument helpers (lib/utils.c, ip/ip_common.h): `matches`
 * prefix matching, NEXT_ARG, get_prefix/get_addr and their exact errors.
 * A parse failure is an exception carrying what ip prints and its exit code,
 * caught once in ip.ts, as iproute2 itself exits from deep inside its parsers.
 */
import { parseIp } from '../../../addr/ipv4';

export class IpExit {
  constructor(readonly status: number, readonly stderr: string) {}
}

/** iproute2's matches(): `word` is a non-empty prefix of `full` (an empty word matches anything). */
export function matches(word: string, full: string): boolean {
  return word.length <= full.length && full.startsWith(word);
}

export class Args {
  private i = 0;
  constructor(private readonly words: readonly string[]) {}
  get done(): boolean {
    return this.i >= this.words.length;
  }
  peek(): string | undefined {
    return this.words[this.i];
  }
  take(): string {
    return this.words[this.i++] as string;
  }
  /** NEXT_ARG(): the value after a keyword, or "Command line is not complete". */
  next(): string {
    if (this.i >= this.words.length) throw new IpExit(255, 'Command line is not complete. Try option "help"\n');
    return this.take();
  }
  rest(): string[] {
    return this.words.slice(this.i);
  }
}

export type Family = 'any' | 'inet' | 'inet6';

function familyName(f: Family): string {
  return f === 'any' ? 'any valid' : f;
}

/** get_prefix(): "default"/"all"/"any", A.B.C.D or A.B.C.D/N; inet_pton-strict. */
export function getPrefix(text: string, family: Family): { ip: number; len: number } {
  if (text === 'default' || text === 'all' || text === 'any') return { ip: 0, len: 0 };
  const m = /^([^/]*)(?:\/(.*))?$/.exec(text);
  const ip = m && m[1] !== undefined ? parseIp(m[1]) : null;
  let len = 32;
  if (ip !== null && m && m[2] !== undefined) {
    len = /^\d+$/.test(m[2]) ? Number(m[2]) : -1;
  }
  if (ip === null || len < 0 || len > 32 || family === 'inet6') {
    throw new IpExit(1, `Error: ${familyName(family)} prefix is expected rather than "${text}".\n`);
  }
  return { ip, len };
}

/** get_addr(): a single address. */
export function getAddr(text: string, family: Family): number {
  const ip = parseIp(text);
  if (ip === null || family === 'inet6') throw new IpExit(1, `Error: ${familyName(family)} address is expected rather than "${text}".\n`);
  return ip;
}

/** invarg(): most callers' messages carry their own "\n", hence the blank line after them. */
export function invarg(msg: string, arg: string): IpExit {
  return new IpExit(255, `Error: argument "${arg}" is wrong: ${msg}\n`);
}

export function duparg2(key: string, arg: string): IpExit {
  return new IpExit(255, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
}

export const RT_TYPES = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];
export const RT_TABLES: Record<string, number> = { default: 253, main: 254, local: 255 };
export const RT_SCOPES = ['global', 'universe', 'site', 'link', 'host', 'nowhere'];
export const RT_PROTOS = ['unspec', 'redirect', 'kernel', 'boot', 'static', 'gated', 'ra', 'mrt', 'zebra', 'bird', 'dnrouted', 'xorp', 'ntk', 'dhcp', 'keepalived', 'babel', 'openr', 'bgp', 'isis', 'ospf', 'rip', 'eigrp'];

/** get_unsigned / get_u32 with base 0 (decimal, 0x hex, 0 octal). */
export function parseU32(text: string): number | null {
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(text)) n = parseInt(text.slice(2), 16);
  else if (/^0[0-7]*$/.test(text)) n = parseInt(text, 8);
  else if (/^[1-9]\d*$/.test(text)) n = Number(text);
  else return null;
  return n <= 0xffffffff ? n : null;
}

export function tableId(text: string): number | null {
  if (text in RT_TABLES) return RT_TABLES[text] as number;
  return parseU32(text);
}

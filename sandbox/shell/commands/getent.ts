/**
 * getent (glibc's nss/getent.c; only glibc images have it). `getent hosts
 * NAME` asks gethostbyname2 for IPv6 first and then IPv4, each through
 * nsswitch's `files dns` (so /etc/hosts, then DNS with the search list), and
 * prints `%-15s %s` (address, canonical name) plus the aliases; an address
 * key is a reverse lookup. `ahosts`/`ahostsv4` print getaddrinfo's answer
 * with one line per socket type. A key that cannot be found makes no output
 * and exit status 2 (also when DNS timed out); `getent hosts` alone lists
 * /etc/hosts.
 */
import { parseIp } from '../../addr/ipv4';
import { formatIpv6 } from '../../control/coredns';
import type { CommandContext, CommandSpec } from '../types';
import { hostsFile } from './net/common';
import { gethostbyaddr, gethostbyname2, getaddrinfo, hostsByAddr, hostsEnumerate, resolverFor } from './net/dns';

const TRY = "Try `getent --help' or `getent --usage' for more information.\n";

const HELP = `Usage: getent [OPTION...] database [key ...]
Get entries from administrative database.

  -A, --no-addrconfig        do not filter out unsupported IPv4/IPv6 addresses
                             (with ahosts*)
  -i, --no-idn               disable IDN encoding
  -s, --service=CONFIG       Service configuration to be used
  -?, --help                 Give this help list
      --usage                Give a short usage message
  -V, --version              Print program version

Mandatory or optional arguments to long options are also mandatory or optional
for any corresponding short options.

Supported databases:
ahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups
netgroup networks passwd protocols rpc services shadow

For bug reporting instructions, please see:
`;

const USAGE = `Usage: getent [-Ai?V] [-s CONFIG] [--no-addrconfig] [--no-idn]
            [--service=CONFIG] [--help] [--usage] [--version]
            database [key ...]
`;

/** Ubuntu 20.04 (flavour glibc) or Debian bullseye (glibc-debian, the nginx image). */
function distro(flavor: string): { version: string; bugs: string } {
  return flavor === 'glibc-debian'
    ? { version: 'Debian GLIBC 2.31-13+deb11u5', bugs: '<http://www.debian.org/Bugs/>.' }
    : { version: 'Ubuntu GLIBC 2.31-0ubuntu9.9', bugs: '<https://bugs.launchpad.net/ubuntu/+source/glibc/+bugs>.' };
}

const DATABASES = ['ahosts', 'ahostsv4', 'ahostsv6', 'aliases', 'ethers', 'group', 'gshadow', 'hosts', 'initgroups', 'netgroup', 'networks', 'passwd', 'protocols', 'rpc', 'services', 'shadow'];

const line = (ip: string, name: string, aliases: string[]) => `${ip.padEnd(15)} ${[name, ...aliases].join(' ')}\n`;

function run(ctx: CommandContext): number {
  const { io } = ctx;
  const words: string[] = [];
  for (const a of ctx.args) {
    const d = distro(ctx.flavor);
    if (a === '--help' || a === '-?') {
      io.out(`${HELP}${d.bugs}\n`);
      return 0;
    }
    if (a === '--usage') {
      io.out(USAGE);
      return 0;
    }
    if (a === '-V' || a === '--version') {
      io.out(`getent (${d.version}) 2.31\nCopyright (C) 2020 Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\nWritten by Thorsten Kukuk.\n`);
      return 0;
    }
    if (a === '-A' || a === '--no-addrconfig' || a === '-i' || a === '--no-idn') continue;
    if (a.startsWith('--') && a.length > 2) {
      io.err(`getent: unrecognized option '${a}'\n${TRY}`);
      return 64;
    }
    if (a.startsWith('-') && a.length > 1) {
      io.err(`getent: invalid option -- '${a[1]}'\n${TRY}`);
      return 64;
    }
    words.push(a);
  }
  const db = words[0];
  if (db === undefined) {
    io.err(`getent: wrong number of arguments\n${TRY}`);
    return 1;
  }
  if (!DATABASES.includes(db)) {
    io.err(`Unknown database: ${db}\n${TRY}`);
    return 1;
  }
  const hosts = hostsFile(ctx);
  const keys = words.slice(1);
  if ((db === 'hosts' || db.startsWith('ahosts')) && keys.length === 0) {
    // gethostent: the ahosts databases enumerate the same way.
    io.out(hostsEnumerate(hosts).map((e) => line(e.ip, e.names[0]!, e.names.slice(1))).join(''));
    return 0;
  }
  if (!db.startsWith('ahosts') && db !== 'hosts') {
    io.err(`podlab: getent ${db} is not part of this lab; try getent hosts NAME\n`);
    return 1;
  }
  const r = resolverFor(ctx, hosts);
  let status = 0;
  for (const key of keys) {
    if (db === 'hosts') {
      if (parseIp(key) !== null || formatIpv6(key) !== null) {
        const v4 = parseIp(key) !== null;
        const name = v4 ? (r ? gethostbyaddr(r, key) : hostsByAddr(hosts, key)?.names[0] ?? null) : null;
        const h = v4 ? hostsByAddr(hosts, key) : undefined;
        if (name === null) {
          status = 2;
          continue;
        }
        io.out(line(key, name, h?.names.slice(1) ?? []));
        continue;
      }
      const found = r ? (gethostbyname2(r, key, 6) ?? gethostbyname2(r, key, 4)) : null;
      if (!found) {
        status = 2;
        continue;
      }
      io.out(found.addresses.map((ip) => line(ip, found.name, found.aliases)).join(''));
      continue;
    }
    // ahosts, ahostsv4: getaddrinfo (IPv4 only in the lab); ahostsv6 finds nothing.
    const ai = db !== 'ahostsv6' && r ? getaddrinfo(r, key) : null;
    if (!ai || !ai.ok) {
      status = 2;
      continue;
    }
    let s = '';
    ai.addresses.forEach((ip, i) => {
      s += `${ip.padEnd(15)} STREAM ${i === 0 ? ai.canonname : ''}\n${ip.padEnd(15)} DGRAM  \n${ip.padEnd(15)} RAW    \n`;
    });
    io.out(s);
  }
  return status;
}

export const getent: CommandSpec = {
  name: 'getent',
  summary: 'look names up as programs do: /etc/hosts, then DNS (glibc)',
  usage: 'getent hosts|ahosts|ahostsv4 [KEY...]',
  subcommands: ['hosts', 'ahosts', 'ahostsv4'],
  complete: (before, ctx) => {
    if (before.length === 0) return ['hosts', 'ahosts', 'ahostsv4'];
    const e = ctx.cluster;
    return e ? e.services().flatMap((s) => [s.name, `${s.name}.${s.namespace}`, `${s.name}.${s.namespace}.svc.cluster.local`]) : [];
  },
  run,
};

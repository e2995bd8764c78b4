/**
 * sysctl from procps-ng 3.3 (Ubuntu) or busybox: read `KEY`, `-n`, `-a`,
 * write `-w KEY=V` (procps also writes `KEY=V` without -w). Keys the lab
 * models are the engine's per-namespace sysctls.
 */
import type { CommandContext, CommandSpec } from '../types';
import { canAdministerNetwork } from '../places';
import { SYSCTL_KEYS } from '../../net/mutate';
import { netPlace, noNetns } from './net/common';

function run(ctx: CommandContext): number {
  const bb = ctx.flavor === 'busybox';
  const { io } = ctx;
  let write = false;
  let valuesOnly = false;
  let all = false;
  let quiet = false;
  const operands: string[] = [];
  for (const a of ctx.args) {
    if (a === '--write') write = true;
    else if (a === '--values') valuesOnly = true;
    else if (a === '--all') all = true;
    else if (a === '--quiet') quiet = true;
    else if (/^-[wnaqeAXN]+$/.test(a)) {
      if (a.includes('w')) write = true;
      if (a.includes('n')) valuesOnly = true;
      if (a.includes('a') || a.includes('A') || a.includes('X')) all = true;
      if (a.includes('q')) quiet = true;
    } else if (a.startsWith('-') && a.length > 1) {
      if (bb) io.err(`sysctl: invalid option -- '${a.charAt(1)}'\nBusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: sysctl [-enqw] { -a | -p [FILE] | [-p] VARIABLE[=VALUE]... }\n`);
      else io.err(`sysctl: invalid option -- '${a.charAt(1)}'\n\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n  -a, --all            display all variables\n  -A                   alias of -a\n  -X                   alias of -a\n      --deprecated     include deprecated parameters to listing\n  -b, --binary         print value without new line\n  -e, --ignore         ignore unknown variables errors\n  -N, --names          print variable names without values\n  -n, --values         print only values of the given variable(s)\n  -p, --load[=<file>]  read values from file\n  -f                   alias of -p\n      --system         read values from all system directories\n  -r, --pattern <expression>\n                       select setting that match expression\n  -q, --quiet          do not echo variable set\n  -w, --write          enable writing a value to variable\n  -o                   does nothing\n  -x                   does nothing\n  -d                   alias of -h\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see sysctl(8).\n`);
      return bb ? 1 : 1;
    } else operands.push(a);
  }
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'sysctl');
  const values = np.ns.sysctls as unknown as Record<string, number>;
  const show = (key: string) => io.out(valuesOnly ? `${values[key]}\n` : `${key} = ${values[key]}\n`);
  if (all) {
    for (const key of [...SYSCTL_KEYS].sort()) show(key);
    return 0;
  }
  if (operands.length === 0) {
    if (bb) io.err('BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: sysctl [-enqw] { -a | -p [FILE] | [-p] VARIABLE[=VALUE]... }\n');
    else io.err('\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n  -a, --all            display all variables\n  -n, --values         print only values of the given variable(s)\n  -w, --write          enable writing a value to variable\n\nFor more details see sysctl(8).\n');
    return bb ? 1 : 255;
  }
  let status = 0;
  for (const op of operands) {
    const eq = op.indexOf('=');
    const rawKey = (eq >= 0 ? op.slice(0, eq) : op).trim();
    const key = rawKey.replace(/\//g, '.');
    const path = `/proc/sys/${key.replace(/\./g, '/')}`;
    const known = (SYSCTL_KEYS as readonly string[]).includes(key);
    if (eq < 0 || (bb && !write)) {
      if (write && !bb) {
        io.err(`sysctl: "${op}" must be of the form name=value\n`);
        status = 255;
        continue;
      }
      if (!known) {
        io.err(bb ? `sysctl: can't open '${path}': No such file or directory\n` : `sysctl: cannot stat ${path}: No such file or directory\n`);
        status = bb ? 1 : 255;
        continue;
      }
      show(key);
      continue;
    }
    const value = op.slice(eq + 1);
    if (!known) {
      io.err(bb ? `sysctl: can't open '${path}': No such file or directory\n` : `sysctl: cannot stat ${path}: No such file or directory\n`);
      status = bb ? 1 : 255;
      continue;
    }
    if (ctx.place.uid !== 0) {
      io.err(bb ? `sysctl: can't open '${path}': Permission denied\n` : `sysctl: permission denied on key "${key}"\n`);
      status = bb ? 1 : 255;
      continue;
    }
    if (!canAdministerNetwork(ctx.place)) {
      // An unprivileged container (kubectl exec or debug) sees /proc/sys mounted read-only.
      io.err(bb ? `sysctl: error setting key '${key}': Read-only file system\n` : `sysctl: setting key "${key}": Read-only file system\n`);
      status = bb ? 1 : 255;
      continue;
    }
    const res = np.engine.sysctl(np.target, key, value);
    if ('error' in res) {
      io.err(bb ? `sysctl: error setting key '${key}': Invalid argument\n` : `${res.error}\n`);
      status = bb ? 1 : 255;
      continue;
    }
    if (!quiet) io.out(valuesOnly ? `${value.trim()}\n` : `${key} = ${value.trim()}\n`);
  }
  return status;
}

export const sysctl: CommandSpec = {
  name: 'sysctl',
  summary: 'read or set kernel parameters such as net.ipv4.ip_forward',
  usage: 'sysctl [-n] [-w] variable[=value] ...',
  run,
};

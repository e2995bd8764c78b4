/**
 * wget, busybox flavour (rancher/hello-world's Alpine base, busybox images).
 * Messages as busybox 1.3x prints them: `Connecting to HOST (IP:PORT)`,
 * `saving to 'index.html'`, the progress line (20-column name, the bar for an
 * 80-column terminal when the size is known, `--:--:-- ETA` for a chunked
 * body), `'index.html' saved`; `-O -` writes the body to stdout between
 * `writing to stdout` and `written to stdout`.
 *
 * The lab keeps no files: a download "saved" to disk is not kept, so a later
 * `cat index.html` answers No such file, as if it had been removed.
 */
import type { CommandContext, CommandSpec } from '../types';
import { clusterAddresses } from '../complete';
import { netPlace, noNetns, resolveHost } from './net/common';
import { getopt } from './net/getopt';
import { parseUrl, tcpConnect, type Response } from './net/http';
import { STRERROR } from '../../net/errno';

const USAGE = `BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	--no-check-certificate	Don't validate the server's certificate
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

function progressLine(name: string, total: number | null, size: number): string {
  const file = name.slice(0, 20).padEnd(20);
  const bar = total === null ? '' : `${'100'.padStart(4)}% |${'*'.repeat(32)}|`;
  const eta = total === null ? '  --:--:-- ETA' : '  0:00:00 ETA';
  return `${file}${bar}${String(size).padStart(total === null ? 7 : 6)}${eta}\n`;
}

function run(ctx: CommandContext): number {
  const { io } = ctx;
  const args = ctx.args.flatMap((a) => (a === '--no-check-certificate' || a === '--spider' ? [a === '--spider' ? '-s' : '-n'] : a.startsWith('--header') ? [] : [a]));
  const g = getopt(args, 'cqSsnO:o:P:T:U:Y:');
  if (g.error) {
    io.err(`wget: ${g.error.kind === 'invalid' ? 'invalid option' : 'option requires an argument'} -- '${g.error.opt}'\n${USAGE}`);
    return 1;
  }
  let quiet = false;
  let out: string | undefined;
  let timeout: number | undefined;
  let spider = false;
  for (const { opt, value = '' } of g.opts) {
    if (opt === 'q') quiet = true;
    else if (opt === 's') spider = true;
    else if (opt === 'O') out = value;
    else if (opt === 'T') {
      if (!/^\d+$/.test(value)) {
        io.err(`wget: invalid number '${value}'\n`);
        return 1;
      }
      timeout = Number(value);
    }
  }
  const target = g.operands[0];
  if (target === undefined) {
    io.err(USAGE);
    return 1;
  }
  const url = parseUrl(target);
  if ('error' in url) {
    io.err(`wget: not an http or ftp url: ${target}\n`);
    return 1;
  }
  const ip = resolveHost(ctx, url.host);
  if (ip === null) {
    io.err(`wget: bad address '${url.host}'\n`);
    return 1;
  }
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'wget');
  const say = (text: string) => {
    if (!quiet) io.err(text);
  };
  say(`Connecting to ${url.hostHeader} (${ip}:${url.port})\n`);
  const c = tcpConnect(np.engine, np.target, ip, url.port, ctx.shell.seed, [ctx.now]);
  if (c.kind === 'timeout') {
    // Without -T the kernel's SYN retries end connect() first (ETIMEDOUT after ~127 s).
    io.err(timeout !== undefined && timeout < 127 ? 'wget: download timed out\n' : `wget: can't connect to remote host (${ip}): Connection timed out\n`);
    return 1;
  }
  if (c.kind === 'error' || c.kind === 'refused') {
    io.err(`wget: can't connect to remote host (${ip}): ${c.kind === 'refused' ? 'Connection refused' : STRERROR[c.errno]}\n`);
    return 1;
  }
  if (url.scheme === 'https' && !c.listener.tls) {
    io.err('wget: error getting response: Connection reset by peer\n');
    return 1;
  }
  let res: Response;
  if (url.scheme === 'http' && c.listener.tls) {
    res = { version: 'HTTP/1.0', status: 400, reason: 'Bad Request', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n' };
  } else {
    const served = c.listener.serve({ method: 'GET', path: url.path, host: url.hostHeader, headers: [['User-Agent', 'Wget'], ['Connection', 'close']], now: ctx.now });
    if ('banner' in served) {
      io.err(`wget: server returned error: ${served.banner.trim()}\n`);
      return 1;
    }
    res = served;
  }
  // busybox speaks HTTP/1.1 only: an h2-capable server answers it in HTTP/1.1, with its reason phrase.
  const version = res.version === 'HTTP/2' ? 'HTTP/1.1' : res.version;
  const reason = res.reason || (res.status === 403 ? 'Forbidden' : '');
  if (res.status >= 400) {
    io.err(`wget: server returned error: ${version} ${res.status} ${reason}\n`);
    return 1;
  }
  if (spider) {
    say('remote file exists\n');
    return 0;
  }
  const known = res.headers.find(([k]) => k.toLowerCase() === 'content-length');
  const total = known && !res.chunked ? Number(known[1]) : null;
  const name = out ?? (url.path.split('?')[0]!.split('/').pop() || 'index.html');
  if (name === '-') {
    say('writing to stdout\n');
    io.out(res.body);
    say(progressLine('-', total, res.body.length));
    say('written to stdout\n');
  } else {
    say(`saving to '${name}'\n`);
    say(progressLine(name, total, res.body.length));
    say(`'${name}' saved\n`);
  }
  return 0;
}

export const wget: CommandSpec = {
  name: 'wget',
  summary: 'retrieve a URL (busybox wget)',
  usage: 'wget [-q] [-O FILE] [-T SEC] URL',
  complete: (before, ctx) => (/^-[a-zA-Z]*[OoPTUY]$/.test(before[before.length - 1] ?? '') ? [] : clusterAddresses(ctx).map((a) => `http://${a}/`)),
  run,
};

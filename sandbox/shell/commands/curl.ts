/**
 * curl: 7.68.0 as Ubuntu 20.04 ships it (kicbase nodes, the AKS debug image),
 * 7.74.0 in Debian bullseye images (nginx) and 7.83.1 in Alpine-based netshoot
 * (flavours `curl`, `curl-7.74`, `curl-7.83`). The SYN is an engine trace:
 * something listening answers (see net/http.ts), nothing listening resets
 * (exit 7, Connection refused), a silent drop waits for the kernel's SYN
 * retries (~127 s, before curl's own 300 s default) or for -m/--connect-timeout
 * (exit 28), an ICMP unreachable aborts connect() at once.
 *
 * Like real curl, header lines of -i/-I/-v end in CRLF, the progress meter
 * goes to stderr when the body does not go to the terminal, and -s hides
 * errors unless -S. `-o FILE` writes nowhere: the lab keeps no files.
 */
import type { CommandContext, CommandSpec } from '../types';
import { clusterAddresses } from '../complete';
import { netPlace, noNetns, resolveHost } from './net/common';
import { parseUrl, statusLine, tcpConnect, transferMicros, type Request, type Response } from './net/http';
import { STRERROR } from '../../net/errno';

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

interface Version {
  text: string;
  /** 7.78+ say how long connect() took: `Failed to connect to X port P after 3 ms: ...`. */
  afterMs: boolean;
  /** 7.68 still logs `* TCP_NODELAY set`. */
  nodelayLine: boolean;
  docsHost: string;
}

function version(flavor: string): Version {
  if (flavor === 'curl-7.83') return { text: '7.83.1', afterMs: true, nodelayLine: false, docsHost: 'curl.se' };
  if (flavor === 'curl-7.74') return { text: '7.74.0', afterMs: false, nodelayLine: false, docsHost: 'curl.se' };
  return { text: '7.68.0', afterMs: false, nodelayLine: true, docsHost: 'curl.haxx.se' };
}

interface Opts {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  insecure: boolean;
  output?: string;
  writeOut?: string;
  maxTime?: number;
  connectTimeout?: number;
  method?: string;
  userAgent?: string;
  headers: string[];
  url?: string;
}

const LONG: Record<string, { short: string; value: boolean }> = {
  silent: { short: 's', value: false }, 'show-error': { short: 'S', value: false }, verbose: { short: 'v', value: false },
  head: { short: 'I', value: false }, include: { short: 'i', value: false }, insecure: { short: 'k', value: false },
  output: { short: 'o', value: true }, 'write-out': { short: 'w', value: true }, 'max-time': { short: 'm', value: true },
  'connect-timeout': { short: '\u0001', value: true }, request: { short: 'X', value: true }, 'user-agent': { short: 'A', value: true },
  header: { short: 'H', value: true }, location: { short: 'L', value: false }, fail: { short: 'f', value: false },
  url: { short: '\u0002', value: true }, help: { short: 'h', value: false }, version: { short: 'V', value: false },
};
const SHORT_VALUE = new Set(['o', 'w', 'm', 'X', 'A', 'H']);
const SHORT_FLAG = new Set(['s', 'S', 'v', 'I', 'i', 'k', 'L', 'f', 'h', 'V', '4']);

type Parsed = { opts: Opts; fail?: boolean } | { error: string; code: number } | { print: string };

function parse(args: readonly string[], v: Version): Parsed {
  const opts: Opts = { silent: false, showError: false, verbose: false, head: false, include: false, insecure: false, headers: [] };
  const seconds = (name: string, text: string): number | string => {
    if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return `curl: option ${name}: expected a proper numerical parameter\n${TRY}`;
    return Number(text);
  };
  let fail = false;
  const apply = (c: string, name: string, value?: string): string | null | { print: string } => {
    switch (c) {
      case 's': opts.silent = true; break;
      case 'S': opts.showError = true; break;
      case 'v': opts.verbose = true; break;
      case 'I': opts.head = true; break;
      case 'i': opts.include = true; break;
      case 'k': opts.insecure = true; break;
      case 'L': case '4': break;
      case 'f': fail = true; break;
      case 'h': return { print: 'Usage: curl [options...] <url>\n -d, --data <data>          HTTP POST data\n -f, --fail                 Fail silently (no output at all) on HTTP errors\n -h, --help <category>      Get help for commands\n -i, --include              Include protocol response headers in the output\n -o, --output <file>        Write to file instead of stdout\n -O, --remote-name          Write output to a file named as the remote file\n -s, --silent               Silent mode\n -T, --upload-file <file>   Transfer local FILE to destination\n -u, --user <user:password> Server user and password\n -A, --user-agent <name>    Send User-Agent <name> to server\n -v, --verbose              Make the operation more talkative\n -V, --version              Show version number and quit\n\nThis is not the full help, this menu is stripped into categories.\nUse "--help category" to get an overview of all categories.\nFor all options use the manual or "--help all".\n' };
      case 'V': return { print: `curl ${v.text} (x86_64-pc-linux-gnu) libcurl/${v.text} OpenSSL/1.1.1f zlib/1.2.11 brotli/1.0.7 libidn2/2.2.0 libpsl/0.21.0 (+libidn2/2.2.0) libssh/0.9.3/openssl/zlib nghttp2/1.40.0 librtmp/2.3\nRelease-Date: 2020-01-08\nProtocols: dict file ftp ftps gopher http https imap imaps ldap ldaps pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp \nFeatures: AsynchDNS brotli GSS-API HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL TLS-SRP UnixSockets\n` };
      case 'o': opts.output = value!; break;
      case 'w': opts.writeOut = value!; break;
      case 'X': opts.method = value!; break;
      case 'A': opts.userAgent = value!; break;
      case 'H': opts.headers.push(value!); break;
      case 'm': { const n = seconds(name, value!); if (typeof n === 'string') return n; opts.maxTime = n; break; }
      case '\u0001': { const n = seconds(name, value!); if (typeof n === 'string') return n; opts.connectTimeout = n; break; }
      case '\u0002': opts.url = value!; break;
    }
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = a.slice(2);
      const spec = LONG[name];
      if (!spec || eq >= 0) return { error: `curl: option ${a}: is unknown\n${TRY}`, code: 2 };
      let value: string | undefined;
      if (spec.value) {
        if (i + 1 >= args.length) return { error: `curl: option ${a}: requires parameter\n${TRY}`, code: 2 };
        value = args[++i]!;
      }
      const r = apply(spec.short, a, value);
      if (typeof r === 'string') return { error: r, code: 2 };
      if (r) return r;
    } else if (a.startsWith('-') && a.length > 1 && a !== '--') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (SHORT_VALUE.has(c)) {
          let value = a.slice(j + 1);
          if (value === '') {
            if (i + 1 >= args.length) return { error: `curl: option -${c}: requires parameter\n${TRY}`, code: 2 };
            value = args[++i]!;
          }
          const r = apply(c, `-${c}`, value);
          if (typeof r === 'string') return { error: r, code: 2 };
          if (r) return r;
          break;
        }
        if (!SHORT_FLAG.has(c)) return { error: `curl: option ${a}: is unknown\n${TRY}`, code: 2 };
        const r = apply(c, `-${c}`);
        if (typeof r === 'string') return { error: r, code: 2 };
        if (r) return r;
      }
    } else if (opts.url === undefined) {
      opts.url = a;
    }
  }
  return { opts, fail };
}

/** curl's max5data: five characters for a byte count or speed. */
function max5(n: number): string {
  const K = 1024;
  const M = K * K;
  if (n < 100000) return String(Math.floor(n)).padStart(5);
  if (n < 10000 * K) return `${String(Math.floor(n / K)).padStart(4)}k`;
  if (n < 100 * M) return `${String(Math.floor(n / M)).padStart(2)}.${Math.floor((n % M) / (M / 10))}M`;
  return `${String(Math.floor(n / M)).padStart(4)}M`;
}

function time2str(seconds: number): string {
  if (seconds <= 0) return '--:--:--';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** The progress meter's last line: total (0 when unknown), received, speeds, times. */
function meterLine(total: number | null, received: number, micros: number): string {
  const speed = micros > 0 ? (received * 1e6) / micros : 0;
  const spent = Math.floor(micros / 1e6);
  const pctTotal = total === null ? (received > 0 ? 100 : 0) : total === 0 ? 0 : 100;
  const pctRecv = total === null ? 0 : total === 0 ? 0 : Math.floor((100 * received) / total);
  const tot = total === null ? received : total;
  return `${String(pctTotal).padStart(3)} ${max5(tot)}  ${String(pctRecv).padStart(3)} ${max5(received)}    0 ${max5(0)}  ${max5(speed)}  ${max5(0)} ${time2str(total !== null && spent > 0 ? spent : 0)} ${time2str(spent)} ${time2str(0)} ${max5(speed)}\n`;
}

function run(ctx: CommandContext): number {
  const v = version(ctx.flavor);
  const { io } = ctx;
  const p = parse(ctx.args, v);
  if ('print' in p) {
    io.out(p.print);
    return 0;
  }
  if ('error' in p) {
    io.err(p.error);
    return p.code;
  }
  const { opts } = p;
  if (opts.url === undefined) {
    io.err(TRY);
    return 2;
  }
  const showErrors = !opts.silent || opts.showError;
  const meter = !opts.silent && !opts.verbose && (opts.output !== undefined || !ctx.tty);
  let meterStarted = false;
  const startMeter = () => {
    if (meter && !meterStarted) io.err(METER_HEAD);
    meterStarted = true;
  };
  const verbose = (line: string) => {
    if (opts.verbose) io.err(`${line}\n`);
  };
  const writeOut = (code: number, res: Response | null, ip: string, port: number, size: number, micros: number) => {
    if (opts.writeOut === undefined) return;
    let text = '';
    const w = opts.writeOut;
    for (let i = 0; i < w.length; i++) {
      const c = w[i]!;
      if (c === '%' && w[i + 1] === '{') {
        const end = w.indexOf('}', i);
        if (end < 0) { text += w.slice(i); break; }
        const name = w.slice(i + 2, end);
        i = end;
        const vars: Record<string, string> = {
          http_code: String(res?.status ?? 0).padStart(3, '0'), response_code: String(res?.status ?? 0).padStart(3, '0'),
          remote_ip: ip, remote_port: port ? String(port) : '', size_download: String(size), size_header: '0',
          content_type: res?.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
          time_total: (micros / 1e6).toFixed(6), time_connect: (micros / 3e6).toFixed(6), url_effective: opts.url ?? '', exitcode: String(code),
          http_version: res ? (res.version === 'HTTP/2' ? '2' : '1.1') : '0', scheme: '', num_connects: res ? '1' : '0',
        };
        const value = vars[name];
        if (value === undefined) io.err(`curl: unknown --write-out variable: '${name}'\n`);
        else text += value;
      } else if (c === '%' && w[i + 1] === '%') {
        text += '%';
        i++;
      } else if (c === '\\' && i + 1 < w.length) {
        const n = w[i + 1]!;
        text += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : `\\${n}`;
        i++;
      } else text += c;
    }
    io.out(text);
  };
  const fail = (code: number, message: string, micros = 0, ip = '', port = 0): number => {
    if (meter) {
      startMeter();
      io.err(meterLine(0, 0, micros));
    }
    if (showErrors) io.err(`curl: (${code}) ${message}\n`);
    writeOut(code, null, ip, port, 0, micros);
    return code;
  };

  const url = parseUrl(opts.url);
  if ('error' in url) {
    if (url.error === 'scheme') {
      verbose(`* Protocol "${url.scheme}" not supported or disabled in libcurl`);
      verbose('* Closing connection -1');
      return fail(1, `Protocol "${url.scheme}" not supported or disabled in libcurl`);
    }
    return fail(3, 'URL using bad/illegal format or missing URL');
  }
  const ip = resolveHost(ctx, url.host);
  if (ip === null) {
    verbose(`* Could not resolve host: ${url.host}`);
    verbose('* Closing connection 0');
    return fail(6, `Could not resolve host: ${url.host}`);
  }
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'curl');
  startMeter();
  verbose(`*   Trying ${ip}:${url.port}...`);
  if (v.nodelayLine) verbose('* TCP_NODELAY set');
  const c = tcpConnect(np.engine, np.target, ip, url.port, ctx.shell.seed, [ctx.now]);
  const limit = Math.min(opts.maxTime ?? Infinity, opts.connectTimeout ?? Infinity);
  const hostPort = `${url.host} port ${url.port}`;
  const failConnect = (why: string, ms: number): number => {
    const text = v.afterMs ? `Failed to connect to ${hostPort} after ${ms} ms: ${why}` : `Failed to connect to ${hostPort}: ${why}`;
    verbose(`* connect to ${ip} port ${url.port} failed: ${why}`);
    verbose(`* ${text}`);
    verbose('* Closing connection 0');
    return fail(7, text, ms * 1000, '', 0);
  };
  if (c.kind === 'timeout') {
    if (limit < 127) {
      const ms = Math.floor(limit * 1000) + 1;
      verbose(`* Connection timed out after ${ms} milliseconds`);
      verbose('* Closing connection 0');
      return fail(28, `Connection timed out after ${ms} milliseconds`, ms * 1000);
    }
    // The kernel gives up after tcp_syn_retries=6: 1+2+4+8+16+32+64 s.
    return failConnect('Connection timed out', 127_000 + Math.floor((ctx.shell.seed % 97) * 3));
  }
  if (c.kind === 'error') return failConnect(STRERROR[c.errno], 0);
  if (c.kind === 'refused') return failConnect('Connection refused', Math.round(c.rttUs / 1000));
  verbose(`* Connected to ${url.host} (${ip}) port ${url.port} (#0)`);

  const ua = opts.userAgent ?? `curl/${v.text}`;
  const method = opts.method ?? (opts.head ? 'HEAD' : 'GET');
  const listener = c.listener;
  const h2 = url.scheme === 'https' && listener.tls;
  if (url.scheme === 'https') {
    if (!listener.tls) {
      verbose('* ALPN, offering h2');
      verbose('* ALPN, offering http/1.1');
      verbose('* TLSv1.3 (OUT), TLS handshake, Client hello (1):');
      verbose('* error:1408F10B:SSL routines:ssl3_get_record:wrong version number');
      verbose('* Closing connection 0');
      return fail(35, 'error:1408F10B:SSL routines:ssl3_get_record:wrong version number', c.rttUs, ip, url.port);
    }
    verbose('* ALPN, offering h2');
    verbose('* ALPN, offering http/1.1');
    verbose('* successfully set certificate verify locations:');
    verbose('*   CAfile: /etc/ssl/certs/ca-certificates.crt\n  CApath: /etc/ssl/certs');
    verbose('* TLSv1.3 (OUT), TLS handshake, Client hello (1):');
    verbose('* TLSv1.3 (IN), TLS handshake, Server hello (2):');
    verbose('* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):');
    verbose('* TLSv1.3 (IN), TLS handshake, Certificate (11):');
    if (!opts.insecure) {
      verbose('* TLSv1.3 (OUT), TLS alert, unknown CA (560):');
      verbose('* SSL certificate problem: unable to get local issuer certificate');
      verbose('* Closing connection 0');
      const hint = `\nMore details here: https://${v.docsHost}/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.`;
      return fail(60, `SSL certificate problem: unable to get local issuer certificate${hint}`, c.rttUs, ip, url.port);
    }
    verbose('* TLSv1.3 (IN), TLS handshake, CERT verify (15):');
    verbose('* TLSv1.3 (IN), TLS handshake, Finished (20):');
    verbose('* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):');
    verbose('* TLSv1.3 (OUT), TLS handshake, Finished (20):');
    verbose('* SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256');
    verbose(h2 ? '* ALPN, server accepted to use h2' : '* ALPN, server did not agree to a protocol');
    verbose('* Server certificate:');
    verbose('*  subject: O=system:masters; CN=minikube');
    verbose('*  issuer: CN=minikubeCA');
    verbose('*  SSL certificate verify result: unable to get local issuer certificate (20), continuing anyway.');
    if (h2) {
      verbose('* Using HTTP2, server supports multi-use');
      verbose('* Connection state changed (HTTP/2 confirmed)');
      verbose('* Copying HTTP/2 data in stream buffer to connection buffer after upgrade: len=0');
      verbose('* Using Stream ID: 1 (easy handle 0x55d5c8c1e8c0)');
    }
  }
  const reqHeaders: Array<[string, string]> = [[h2 ? 'user-agent' : 'User-Agent', ua], [h2 ? 'accept' : 'Accept', '*/*']];
  for (const h of opts.headers) {
    const m = /^([^:]+):\s*(.*)$/.exec(h);
    if (m) reqHeaders.push([m[1]!, m[2]!]);
  }
  const path = url.path;
  if (opts.verbose) {
    io.err(`> ${method} ${path} ${h2 ? 'HTTP/2' : 'HTTP/1.1'}\r\n> Host: ${url.hostHeader}\r\n`);
    for (const [k, val] of reqHeaders) io.err(`> ${k}: ${val}\r\n`);
    io.err('> \r\n');
  }
  const req: Request = { method: method === 'HEAD' ? 'HEAD' : 'GET', path, host: url.hostHeader, headers: reqHeaders.map(([k, val]) => [canonical(k), val]), now: ctx.now };
  let res: Response;
  if (url.scheme === 'http' && listener.tls) {
    // Go's TLS server answers a plain HTTP request on its port with this.
    res = { version: 'HTTP/1.0', status: 400, reason: 'Bad Request', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n' };
  } else {
    const served = listener.serve(req);
    if ('banner' in served) {
      verbose('* Received HTTP/0.9 when not allowed');
      verbose('');
      verbose('* Closing connection 0');
      return fail(1, 'Received HTTP/0.9 when not allowed', c.rttUs, ip, url.port);
    }
    res = served;
  }
  if (!h2 && opts.verbose) verbose('* Mark bundle as not supporting multiuse');
  const head = [statusLine(res), ...res.headers.map(([k, val]) => `${k}: ${val}`)];
  if (opts.verbose) io.err(head.map((l) => `< ${l}\r\n`).join('') + '< \r\n');
  const body = method === 'HEAD' ? '' : res.body;
  const micros = transferMicros(c.rttUs, body.length);
  let code = 0;
  if (p.fail && res.status >= 400) {
    code = 22;
  } else {
    let out = '';
    if (opts.include || opts.head) out += head.map((l) => `${l}\r\n`).join('') + '\r\n';
    out += body;
    if (opts.output === undefined) io.out(out);
  }
  if (meter) {
    const known = res.headers.find(([k]) => k.toLowerCase() === 'content-length');
    io.err(meterLine(known ? Number(known[1]) : null, body.length, micros));
  }
  if (opts.verbose) {
    if (opts.output !== undefined && body.length > 0) verbose(`{ [${body.length} bytes data]`);
    verbose(res.version === 'HTTP/1.0' ? '* Closing connection 0' : `* Connection #0 to host ${url.host} left intact`);
  }
  if (code === 22 && showErrors) io.err(`curl: (22) The requested URL returned error: ${res.status}${v.text === '7.68.0' ? ` ${res.reason}` : ''}\n`);
  writeOut(code, res, ip, url.port, body.length, micros);
  return code;
}

function canonical(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
}

export const curl: CommandSpec = {
  name: 'curl',
  summary: 'transfer a URL (HTTP and HTTPS over the simulated network)',
  usage: 'curl [-s] [-S] [-v] [-I] [-i] [-k] [-o FILE] [-w FORMAT] [-m SECS] [--connect-timeout SECS] URL',
  complete: (before, ctx) => (/^-[a-zA-Z]*[owmXAH]$/.test(before[before.length - 1] ?? '') ? [] : clusterAddresses(ctx).map((a) => `http://${a}/`)),
  run,
};


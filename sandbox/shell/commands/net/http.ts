/**
 * HTTP over engine traces, shared by curl and wget: what listens where (one
 * table, by image and by host-network component), the TCP handshake as an
 * engine trace (SYN there, SYN-ACK back), and the responses the real servers
 * send (rancher/hello-world's Go page, nginx's welcome page, CoreDNS's health
 * endpoints, the apiserver's anonymous 403, the kubelet's 401).
 *
 * Sources: rawmind0/web-test templates/hello-world.go and main.go (the page
 * rancher/hello-world:latest serves; its README points `latest` at that
 * Dockerfile); nginx 1.23 index.html and its header order; Go net/http's
 * extraHeader order (Date, Content-Length, Content-Type, Transfer-Encoding;
 * a handler writing more than 2048 bytes gets chunked); the apiserver's
 * Status object for system:anonymous.
 */
import type { Engine } from '../../../engine';
import { fnv1a } from '../../../model/rng';
import type { PodObj } from '../../../model/cluster';
import { rfc3339 } from '../../format/kube-time';
import { rttMicros } from './common';
import type { Errno } from '../../../net/errno';

// ---- what listens where ----------------------------------------------------

export type Scheme = 'http' | 'https';

export interface Request {
  method: 'GET' | 'HEAD';
  path: string;
  /** The Host header as sent. */
  host: string;
  /** Request headers in the order the client sends them (without Host). */
  headers: Array<[string, string]>;
  /** Virtual clock, for Date headers. */
  now: number;
}

export interface Response {
  /** `HTTP/1.1` or `HTTP/2` (ALPN h2 over TLS with curl). */
  version: string;
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: string;
  /** Chunked (no Content-Length): wget and curl's progress cannot know the size. */
  chunked?: boolean;
}

/** A listening TCP socket: plain HTTP, TLS-wrapped HTTP, or something that is not HTTP at all (sshd). */
export interface Listener {
  port: number;
  tls: boolean;
  /** Who answers: builds the response for a request, or a banner for non-HTTP servers. */
  serve: (req: Request) => Response | { banner: string };
}

/** Go's net/http: Date, then Content-Length when the handler wrote < 2048 bytes, Content-Type; else chunked. */
function goResponse(req: Request, status: number, reason: string, contentType: string, body: string, extra: Array<[string, string]> = []): Response {
  const headers: Array<[string, string]> = [...extra, ['Date', httpDate(req.now)]];
  const chunked = body.length >= 2048 && req.method !== 'HEAD';
  if (body.length < 2048) headers.push(['Content-Length', String(body.length)]);
  headers.push(['Content-Type', contentType]);
  if (chunked) headers.push(['Transfer-Encoding', 'chunked']);
  return { version: 'HTTP/1.1', status, reason, headers, body: req.method === 'HEAD' ? '' : body, ...(chunked ? { chunked: true } : {}) };
}

/** RFC 7231 IMF-fixdate from the virtual clock: `Mon, 24 Oct 2022 09:09:55 GMT`. */
export function httpDate(ms: number): string {
  const iso = rfc3339(ms); // 2022-10-24T09:09:55Z
  const [date, time] = iso.slice(0, -1).split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Zeller-free weekday: days since 1970-01-01 (a Thursday).
  const days = daysFromCivil(y, m, d);
  const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${DAYS[((days % 7) + 7) % 7]}, ${String(d).padStart(2, '0')} ${MONTHS[m - 1]} ${y} ${time} GMT`;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

// ---- rancher/hello-world (rawmind0/web-test) ----------------------------------

const WEB_HEAD = `<html>
  <head>
    <title>Rancher</title>
    <link rel="icon" href="img/favicon.png">
    <style>
      body {
        background-color: white;
        text-align: center;
        padding: 50px;
        font-family: "Open Sans","Helvetica Neue",Helvetica,Arial,sans-serif;
      }
      button {
          background-color: #0075a8; 
          border: none;
          color: white;
          padding: 15px 32px;
          text-align: center;
          text-decoration: none;
          display: inline-block;
          font-size: 16px;
      }

      #logo {
        margin-bottom: 40px;
      }
    </style>
  </head>
  <body>
    <img id="logo" src="img/rancher-logo.svg" alt="Rancher logo" width=400 />
    <h1>Hello world!</h1>
    <h3>My hostname is `;

const WEB_LINKS = `    <div id='rancherLinks' class="row social">
      <a class="p-a-xs" href="https://rancher.com/docs"><img src="img/favicon.png" alt="Docs" height="25" width="25"></a>
      <a class="p-a-xs" href="https://slack.rancher.io/"><img src="img/icon-slack.svg" alt="slack" height="25" width="25"></a>
      <a class="p-a-xs" href="https://github.com/rancher/rancher"><img src="img/icon-github.svg" alt="github" height="25" width="25"></a>
      <a class="p-a-xs" href="https://twitter.com/Rancher_Labs"><img src="img/icon-twitter.svg" alt="twitter" height="25" width="25"></a>
      <a class="p-a-xs" href="https://www.facebook.com/rancherlabs/"><img src="img/icon-facebook.svg" alt="facebook" height="25" width="25"></a>
      <a class="p-a-xs" href="https://www.linkedin.com/groups/6977008/profile"><img src="img/icon-linkedin.svg" height="25" alt="linkedin" width="25"></a>
    </div>
    <br />`;

const WEB_TAIL = `    <script>
      function myFunction() {
          var x = document.getElementById("reqInfo");
          if (x.style.display === "none") {
              x.style.display = "block";
          } else {
              x.style.display = "none";
          }
      }
    </script>
  </body>
</html>`;

/**
 * The Go template rendered as text/template does: `{{-` trims the newline
 * before the services block; maps range in key order; a header's values
 * print as a Go slice (`[curl/7.68.0]`).
 */
export function helloWorldPage(hostname: string, services: Record<string, string>, req: Request): string {
  const keys = Object.keys(services).sort();
  let s = `${WEB_HEAD}${hostname}</h3>`;
  if (keys.length > 0) {
    s += `\n    <div id='Services'>\n      <h3>k8s services found ${keys.length}</h3>\n    `;
    for (const k of keys) s += `\n      <b>${k}</b>${services[k]}<br />\n    `;
    s += `\n    </div>\n    <br />\n  `;
  }
  s += `\n${WEB_LINKS}\n`;
  s += `    <button class='button' onclick='myFunction()'>Show request details</button>\n    <div id='reqInfo' style='display:none'>\n      <h3>Request info</h3>\n      <b>Host:</b> ${req.host} <br />\n      <b>Pod:</b> ${hostname} </b><br />\n    `;
  // Go canonicalises header keys and groups repeated ones; http.Header ranges in key order.
  const headers = new Map<string, string[]>();
  for (const [k, v] of req.headers) headers.set(k, [...(headers.get(k) ?? []), v]);
  for (const k of [...headers.keys()].sort()) s += `\n      <b>${k}</b>[${headers.get(k)!.join(' ')}]<br />\n    `;
  s += `\n    </div>\n    <br />\n${WEB_TAIL}`;
  return s;
}

// ---- nginx 1.23 -------------------------------------------------------------

export const NGINX_VERSION = '1.23.2';
/** The image's /usr/share/nginx/html/index.html (615 bytes) and its mtime as nginx reports it. */
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
/** 2022-10-19T08:02:20Z, when the 1.23.2 image was built (unix seconds; ETag is mtime-size in hex). */
const NGINX_MTIME = 1666166540;
const NGINX_LAST_MODIFIED = 'Wed, 19 Oct 2022 08:02:20 GMT';

function nginxServe(req: Request): Response {
  const base: Array<[string, string]> = [['Server', `nginx/${NGINX_VERSION}`], ['Date', httpDate(req.now)]];
  if (req.path === '/' || req.path === '/index.html') {
    return {
      version: 'HTTP/1.1', status: 200, reason: 'OK',
      headers: [...base, ['Content-Type', 'text/html'], ['Content-Length', String(NGINX_INDEX.length)], ['Last-Modified', NGINX_LAST_MODIFIED],
        ['Connection', 'keep-alive'], ['ETag', `"${NGINX_MTIME.toString(16)}-${NGINX_INDEX.length.toString(16)}"`], ['Accept-Ranges', 'bytes']],
      body: req.method === 'HEAD' ? '' : NGINX_INDEX,
    };
  }
  const body = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
  return {
    version: 'HTTP/1.1', status: 404, reason: 'Not Found',
    headers: [...base, ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']],
    body: req.method === 'HEAD' ? '' : body,
  };
}

// ---- Kubernetes components --------------------------------------------------

function kubeStatus(req: Request, engine: Engine): Response {
  const path = req.path.split('?')[0] ?? '/';
  const body = `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
  const uid = (k: string) => uuid(`${engine.state.origin.seed ?? 0}|${k}`);
  // curl negotiates h2 with the apiserver over ALPN: HTTP/2 header names are lower case.
  return {
    version: 'HTTP/2', status: 403, reason: '',
    headers: [['audit-id', uid(`audit|${req.now}|${path}`)], ['cache-control', 'no-cache, private'], ['content-type', 'application/json'],
      ['x-content-type-options', 'nosniff'], ['x-kubernetes-pf-flowschema-uid', uid('fs-exempt')], ['x-kubernetes-pf-prioritylevel-uid', uid('pl-exempt')],
      ['content-length', String(body.length)], ['date', httpDate(req.now)]],
    body: req.method === 'HEAD' ? '' : body,
  };
}

function uuid(key: string): string {
  let hex = '';
  for (let i = 0; hex.length < 32; i++) hex += fnv1a(`${key}|${i}`).toString(16).padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const GO_TEXT = 'text/plain; charset=utf-8';

function coredns(port: number): Listener {
  return {
    port, tls: false,
    serve: (req) => {
      if (port === 8080) return req.path === '/health' ? goResponse(req, 200, 'OK', GO_TEXT, 'OK') : goResponse(req, 404, 'Not Found', GO_TEXT, '404 page not found\n', [['X-Content-Type-Options', 'nosniff']]);
      if (port === 8181) return req.path === '/ready' ? goResponse(req, 200, 'OK', GO_TEXT, 'OK') : goResponse(req, 404, 'Not Found', GO_TEXT, '404 page not found\n', [['X-Content-Type-Options', 'nosniff']]);
      if (req.path === '/metrics') {
        const body = '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.\n# TYPE coredns_build_info gauge\ncoredns_build_info{goversion="go1.18.2",revision="45b0a11",version="1.9.3"} 1\n';
        return goResponse(req, 200, 'OK', 'text/plain; version=0.0.4; charset=utf-8', body);
      }
      return goResponse(req, 404, 'Not Found', GO_TEXT, '404 page not found\n', [['X-Content-Type-Options', 'nosniff']]);
    },
  };
}

/** The ports each image's container listens on, in its pod's network namespace. */
function imageListeners(image: string, pod: PodObj, engine: Engine): Listener[] {
  const bare = image.replace(/^docker\.io\/(library\/)?/, '').replace(/@.*$/, '').replace(/:[^/]*$/, '');
  if (bare === 'rancher/hello-world') {
    return [{ port: 80, tls: false, serve: (req) => goResponse(req, 200, 'OK', 'text/html; charset=utf-8', helloWorldPage(pod.name, podServices(engine, pod), req)) }];
  }
  if (bare === 'nginx') return [{ port: 80, tls: false, serve: nginxServe }];
  if (bare.endsWith('coredns/coredns') || bare.endsWith('/coredns')) return [coredns(53), coredns(8080), coredns(8181), coredns(9153)];
  return [];
}

/** The `*_PORT=tcp://...` variables kubelet injects: services of the pod's namespace that existed when it started (plus kubernetes in default). */
function podServices(engine: Engine, pod: PodObj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of engine.services()) {
    if (s.namespace !== pod.namespace || s.clusterIP === 'None' || !s.ports[0]) continue;
    if (s.createdAt > pod.createdAt) continue;
    const p = s.ports[0];
    out[s.name.toUpperCase().replace(/-/g, '_')] = `${p.protocol.toLowerCase()}://${s.clusterIP}:${p.port}`;
  }
  return out;
}

/** Host-network sockets of a node: sshd, dockerd's TLS port, kubelet, and the control plane's static pods. */
function nodeListeners(engine: Engine, node: string): Listener[] {
  const tlsOnly = (port: number): Listener => ({ port, tls: true, serve: (req) => goResponse(req, 404, 'Not Found', GO_TEXT, '404 page not found\n', [['X-Content-Type-Options', 'nosniff']]) });
  const l: Listener[] = [
    { port: 22, tls: false, serve: () => ({ banner: 'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5\r\n' }) },
    tlsOnly(2376),
    { port: 10250, tls: true, serve: (req) => goResponse(req, 401, 'Unauthorized', GO_TEXT, 'Unauthorized') },
    { port: 10256, tls: false, serve: (req) => goResponse(req, 200, 'OK', 'application/json', `{"lastUpdated": "${rfc3339(req.now)}","currentTime": "${rfc3339(req.now)}"}`, [['X-Content-Type-Options', 'nosniff']]) },
  ];
  for (const p of engine.pods()) {
    if (!p.hostNetwork || p.node !== node || p.phase !== 'Running') continue;
    for (const c of p.containers) {
      if (c.name === 'kube-apiserver') l.push({ port: 8443, tls: true, serve: (req) => kubeStatus(req, engine) });
      if (c.name === 'etcd') l.push(tlsOnly(2379), tlsOnly(2380));
    }
  }
  return l;
}

/** Sockets listening in a network namespace (engine netns name), by port. */
export function listenersIn(engine: Engine, netns: string): Map<number, Listener> {
  const m = new Map<number, Listener>();
  const node = engine.nodes().find((n) => n.name === netns);
  if (node) {
    for (const l of nodeListeners(engine, node.name)) m.set(l.port, l);
    return m;
  }
  const pod = engine.pods().find((p) => p.netns === netns && p.phase === 'Running');
  if (pod) for (const c of pod.containers) for (const l of imageListeners(c.image, pod, engine)) m.set(l.port, l);
  return m;
}

// ---- the TCP handshake -----------------------------------------------------

export type Connect =
  | { kind: 'connected'; listener: Listener; rttUs: number }
  | { kind: 'refused'; rttUs: number }
  /** SYN or SYN-ACK lost: the client retries until its timeout. */
  | { kind: 'timeout' }
  /** An ICMP error aborted connect(), or the sender's own routing refused. */
  | { kind: 'error'; errno: Errno };

/**
 * connect() from `from` to dst:port. The SYN is a TCP trace; delivered where
 * something listens, the SYN-ACK must make it back (the trace's reply) or the
 * client sees nothing; delivered where nothing listens, the RST comes back
 * along the same reply path. ICMP unreachables abort connect() in SYN_SENT
 * (tcp_v4_err): net → ENETUNREACH, host and admin-prohibited → EHOSTUNREACH.
 */
export function tcpConnect(engine: Engine, from: string, dst: string, port: number, seed: number, key: Array<string | number>): Connect {
  // connect() binds an ephemeral port; kube-proxy picks a Service's endpoint per connection, so each call gets its own.
  const sport = 32768 + (fnv1a(['sport', seed, from, dst, port, ...key].join('|')) % 28232);
  const t = engine.trace({ from, to: dst, proto: 'tcp', port, sport });
  const v = t.verdict;
  if (v.kind === 'local-error') return { kind: 'error', errno: v.errno };
  if (v.kind === 'dropped') return { kind: 'timeout' };
  if (v.kind === 'icmp-error') {
    if (v.from === '0.0.0.0' || v.type === 'time-exceeded') return { kind: 'timeout' };
    // Port unreachable (kube-proxy's REJECT for a Service without endpoints): ECONNREFUSED, like a RST.
    if (v.type === 'port-unreachable') {
      const idx = t.hops.findIndex((h) => h.netns === v.netns);
      return { kind: 'refused', rttUs: rttMicros(seed, Math.max(1, idx + 1) * 2, 0, true, 'tcp', dst, port, ...key) };
    }
    return { kind: 'error', errno: v.type === 'net-unreachable' ? 'ENETUNREACH' : 'EHOSTUNREACH' };
  }
  if (!t.reply || t.reply.verdict.kind !== 'delivered') return { kind: 'timeout' };
  const hops = t.hops.length + t.reply.hops.length;
  const wire = t.hops.filter((h, i) => i > 0 && engine.nodes().some((n) => n.name === h.netns)).length;
  const rttUs = rttMicros(seed, hops, wire, true, 'tcp', dst, port, ...key);
  // After a Service's DNAT the SYN arrives on the endpoint's port.
  const listener = listenersIn(engine, v.netns).get(v.port ?? port);
  return listener ? { kind: 'connected', listener, rttUs } : { kind: 'refused', rttUs };
}

// ---- URLs ----------------------------------------------------------------

export interface Url {
  scheme: Scheme;
  host: string;
  port: number;
  /** Host header value: host[:port] as written. */
  hostHeader: string;
  path: string;
}

/** Parses what curl and wget accept: [scheme://]host[:port][/path]; null for a malformed URL, 'scheme' for an unsupported scheme. */
export function parseUrl(text: string, defaultScheme: Scheme = 'http'): Url | { error: 'malformed' } | { error: 'scheme'; scheme: string } {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)(.*)$/.exec(text);
  if (!m) return { error: 'malformed' };
  const scheme = (m[1] ?? defaultScheme).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { error: 'scheme', scheme: m[1] ?? scheme };
  const authority = (m[2] ?? '').replace(/^[^@]*@/, '');
  const hp = /^([A-Za-z0-9._~-]+)(?::(\d*))?$/.exec(authority);
  if (!hp || /[\s\x00-\x1f\x7f]/.test(text)) return { error: 'malformed' };
  const host = hp[1]!;
  const portText = hp[2];
  const port = portText === undefined || portText === '' ? (scheme === 'https' ? 443 : 80) : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: 'malformed' };
  let path = m[3] ?? '';
  path = path.replace(/#.*$/, '');
  if (path === '' || path.startsWith('?')) path = `/${path}`;
  return { scheme, host, port, hostHeader: portText ? `${host}:${portText}` : host, path };
}

/** Status line text as a client prints it: `HTTP/1.1 200 OK`, `HTTP/2 403 ` (h2 has no reason phrase; curl keeps the space). */
export function statusLine(r: Response): string {
  return `${r.version} ${r.status} ${r.reason}`;
}

/** A deterministic transfer time in microseconds: handshake, request, and the bytes at ~1 Gbit/s. */
export function transferMicros(rttUs: number, bytes: number): number {
  return Math.max(1, Math.round(rttUs * 2 + 300 + bytes / 125));
}

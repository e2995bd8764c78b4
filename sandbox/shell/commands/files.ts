/**
 * cat and ls over the few files that matter for pod networking. What exists
 * depends on the place: `minikube ssh` sees the node's own files; a
 * `kubectl debug node/...` pod sees its image's filesystem with the node's
 * root mounted at /host (as the real debug pod does); a pod sees its own
 * /etc/resolv.conf, /etc/hosts and /etc/hostname written by the kubelet.
 */
import type { CommandContext, CommandSpec, CompletionContext } from '../types';
import { nodeResolvConf } from '../../control/coredns';
import { hostsFile } from './net/common';
import { resolvConfText } from './net/dns';

const CNI_PLUGINS = ['bandwidth', 'bridge', 'dhcp', 'firewall', 'host-device', 'host-local', 'ipvlan', 'loopback', 'macvlan', 'portmap', 'ptp', 'sbr', 'static', 'tuning', 'vlan', 'vrf'];
const ELF = '\x7fELF\x02\x01\x01';

function nodeFiles(ctx: CompletionContext, node: string): Record<string, string> {
  const e = ctx.cluster;
  const files: Record<string, string> = {};
  const conf = e?.file(node, '/etc/cni/net.d/10-kindnet.conflist');
  if (conf !== undefined) {
    files['/etc/cni/net.d/10-kindnet.conflist'] = conf;
    // minikube renames the bridge configs kicbase ships so only kindnet's is used.
    files['/etc/cni/net.d/100-crio-bridge.conf.mk_disabled'] = '{\n    "cniVersion": "0.3.1",\n    "name": "crio",\n    "type": "bridge",\n    "bridge": "cni0",\n    "isGateway": true,\n    "ipMasq": true,\n    "hairpinMode": true,\n    "ipam": {\n        "type": "host-local",\n        "routes": [\n            { "dst": "0.0.0.0/0" },\n            { "dst": "1100:200::1/24" }\n        ],\n        "ranges": [\n            [{ "subnet": "10.85.0.0/16" }],\n            [{ "subnet": "1100:200::/24" }]\n        ]\n    }\n}\n';
    files['/etc/cni/net.d/87-podman-bridge.conflist.mk_disabled'] = '{\n  "cniVersion": "0.4.0",\n  "name": "podman",\n  "plugins": [\n    {\n      "type": "bridge",\n      "bridge": "cni-podman0",\n      "isGateway": true,\n      "ipMasq": true,\n      "hairpinMode": true,\n      "ipam": {\n        "type": "host-local",\n        "routes": [{ "dst": "0.0.0.0/0" }],\n        "ranges": [\n          [\n            {\n              "subnet": "10.88.0.0/16",\n              "gateway": "10.88.0.1"\n            }\n          ]\n        ]\n      }\n    },\n    {\n      "type": "portmap",\n      "capabilities": {\n        "portMappings": true\n      }\n    },\n    {\n      "type": "firewall"\n    },\n    {\n      "type": "tuning"\n    }\n  ]\n}\n';
  }
  for (const [path, text] of Object.entries(e?.state.files[node] ?? {})) files[path] = text;
  if (e?.state.nodes.some((n) => n.name === node)) {
    // kicbase's CNI plugin binaries (containernetworking/plugins v1.1.1); cat shows the start of an ELF file.
    for (const bin of CNI_PLUGINS) files[`/opt/cni/bin/${bin}`] = ELF;
    // host-local's state: one file per address in use (container id, then interface), and the last one handed out.
    for (const [net, st] of Object.entries(e.state.ipam[node] ?? {})) {
      const dir = `/run/cni-ipam-state/${net}`;
      files[`${dir}/lock`] = '';
      if (st.lastReserved) files[`${dir}/last_reserved_ip.0`] = st.lastReserved;
      for (const [ip, owner] of Object.entries(st.allocated)) files[`${dir}/${ip}`] = owner;
    }
  }
  files['/etc/hostname'] = `${node}\n`;
  // Docker's embedded DNS, reached at the network's gateway once kicbase's entrypoint has rewritten the file (control/coredns.ts).
  if (e) files['/etc/resolv.conf'] = nodeResolvConf(e.state);
  return files;
}

function procFiles(ctx: CompletionContext): Record<string, string> {
  const e = ctx.cluster;
  const ns = e && ctx.place.netns ? e.netns(ctx.place.netns) : undefined;
  if (!ns) return {};
  return {
    '/proc/sys/net/ipv4/ip_forward': `${ns.sysctls['net.ipv4.ip_forward']}\n`,
    '/proc/sys/net/ipv4/conf/all/rp_filter': `${ns.sysctls['net.ipv4.conf.all.rp_filter']}\n`,
  };
}

/** Every file this place can read, by absolute path. */
export function placeFiles(ctx: CompletionContext): Record<string, string> {
  const p = ctx.place;
  const files: Record<string, string> = { ...procFiles(ctx) };
  if (p.kind === 'node' && p.node) {
    const own = nodeFiles(ctx, p.node);
    if (p.image === undefined) Object.assign(files, own);
    else {
      for (const [path, text] of Object.entries(own)) files[`/host${path}`] = text;
      files['/etc/hostname'] = `${p.node}\n`;
      if (own['/etc/resolv.conf'] !== undefined) files['/etc/resolv.conf'] = own['/etc/resolv.conf'];
    }
    files['/etc/hosts'] = hostsFile(ctx);
  } else if (p.kind === 'pod' && p.pod) {
    files['/etc/hostname'] = `${p.pod.name}\n`;
    files['/etc/hosts'] = hostsFile(ctx);
    const resolv = resolvConfText(ctx);
    if (resolv !== undefined) files['/etc/resolv.conf'] = resolv;
  } else {
    files['/etc/hostname'] = `${p.host}\n`;
    files['/etc/hosts'] = hostsFile(ctx);
  }
  return files;
}

function absolute(ctx: CommandContext, path: string): string {
  const home = ctx.place.user === 'root' ? '/root' : `/home/${ctx.place.user}`;
  let cwd = ctx.place.cwd === '~' ? home : ctx.place.cwd;
  let p = path.startsWith('~') ? home + path.slice(1) : path;
  if (!p.startsWith('/')) p = `${cwd.replace(/\/$/, '')}/${p}`;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  cwd = `/${parts.join('/')}`;
  return cwd;
}

function isDir(files: Record<string, string>, path: string): boolean {
  const prefix = path === '/' ? '/' : `${path}/`;
  return path === '/' || Object.keys(files).some((f) => f.startsWith(prefix));
}

/** A file of this place by the name a command was given (relative to the cwd, ~ expanded), or why not. */
export function readPlaceFile(ctx: CommandContext, name: string): string | { dir: boolean } {
  const files = placeFiles(ctx);
  const path = absolute(ctx, name);
  return files[path] ?? { dir: isDir(files, path) };
}

export const cat: CommandSpec = {
  complete: (_before, ctx, word) => completePath(ctx, word),
  name: 'cat',
  summary: 'print files',
  usage: 'cat FILE...',
  run(ctx) {
    const files = placeFiles(ctx);
    let status = 0;
    const names = ctx.args.filter((a) => !(a.startsWith('-') && a !== '-'));
    // No file (or "-"): what the pipe brings.
    if (names.length === 0) names.push('-');
    for (const arg of names) {
      if (arg === '-') {
        ctx.io.out(ctx.stdin ?? '');
        continue;
      }
      const path = absolute(ctx, arg);
      const text = files[path];
      if (text !== undefined) ctx.io.out(text);
      else if (isDir(files, path)) {
        ctx.io.err(`cat: ${arg}: Is a directory\n`);
        status = 1;
      } else {
        ctx.io.err(`cat: ${arg}: No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
};

/** C-locale order, as ls sorts without a UTF-8 locale (minikube ssh, kubectl exec). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ls's column layout on an 80-column terminal: column-major, two spaces between columns. */
export function columns(names: string[], width = 80): string {
  if (names.length === 0) return '';
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, (c + 1) * rows);
      if (col.length === 0) break;
      widths.push(Math.max(...col.map((n) => n.length)));
    }
    const total = widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
    if (total <= width || cols === 1) {
      let s = '';
      for (let r = 0; r < rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < widths.length; c++) {
          const n = names[c * rows + r];
          if (n !== undefined) cells.push(n);
        }
        s += `${cells.map((n, i) => (i < cells.length - 1 ? n.padEnd((widths[i] as number) + 2) : n)).join('')}\n`;
      }
      return s;
    }
  }
  return '';
}

export const ls: CommandSpec = {
  complete: (_before, ctx, word) => completePath(ctx, word),
  name: 'ls',
  summary: 'list directory contents',
  usage: 'ls [-1] [PATH...]',
  run(ctx) {
    const files = placeFiles(ctx);
    const bb = ctx.flavor === 'busybox';
    const one = ctx.args.some((a) => /^-\w*1/.test(a));
    const long = ctx.args.some((a) => /^-\w*l/.test(a));
    const targets = ctx.args.filter((a) => !a.startsWith('-') || a === '-');
    if (targets.length === 0) targets.push('.');
    let status = 0;
    const plainFiles: string[] = [];
    const dirs: Array<{ arg: string; names: string[] }> = [];
    for (const arg of targets) {
      const path = absolute(ctx, arg);
      if (files[path] !== undefined) plainFiles.push(arg);
      else if (isDir(files, path) || path === '/' || path === absolute(ctx, '~') || path === absolute(ctx, '.')) {
        const prefix = path === '/' ? '/' : `${path}/`;
        const names = [...new Set(Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0] as string))].sort(cmp);
        dirs.push({ arg, names });
      } else {
        ctx.io.err(bb ? `ls: ${arg}: No such file or directory\n` : `ls: cannot access '${arg}': No such file or directory\n`);
        status = bb ? 1 : 2;
      }
    }
    const render = (names: string[], base?: string) => {
      if (long) {
        let s = base !== undefined ? `total ${names.length * 4}\n` : '';
        for (const n of names) {
          const full = base !== undefined ? absolute(ctx, `${base}/${n}`) : absolute(ctx, n);
          const dir = files[full] === undefined;
          const size = dir ? 4096 : (files[full] as string).length;
          s += `${dir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} root root ${String(size).padStart(4)} Oct 20  2022 ${n}\n`;
        }
        return s;
      }
      return one ? names.map((n) => `${n}\n`).join('') : columns(names);
    };
    let out = render(plainFiles.sort(cmp));
    for (const d of dirs) {
      if (targets.length > 1) out += `${out ? '\n' : ''}${d.arg}:\n`;
      out += render(d.names, d.arg);
    }
    ctx.io.out(out);
    return status;
  },
};

/**
 * Path completion as bash does it: the entries of the directory being typed,
 * directories with a trailing slash, so each Tab goes one level deeper.
 */
export function completePath(ctx: CompletionContext, word: string): string[] {
  const slash = word.lastIndexOf('/');
  const dir = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = dir.startsWith('/') ? dir : `/${dir}`;
  const out = new Set<string>();
  for (const path of Object.keys(placeFiles(ctx))) {
    if (!path.startsWith(base)) continue;
    const rest = path.slice(base.length);
    const cut = rest.indexOf('/');
    out.add(dir + (cut >= 0 ? rest.slice(0, cut + 1) : rest));
  }
  return [...out];
}

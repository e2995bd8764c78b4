/**
 * kindnet's CNI configuration: kindnetd renders /etc/cni/net.d/10-kindnet.conflist
 * from a Go text/template (images/kindnetd/cmd/kindnetd/cni.go in
 * kubernetes-sigs/kind); the function below reproduces that template's output
 * byte for byte for the single-stack case, including its blank lines.
 */
import type { CniNetConf } from './types';

export const CONFLIST_PATH = '/etc/cni/net.d/10-kindnet.conflist';

/** kindnetd rewrites the file on every pass (every 10 s per node): the text is built once per CIDR and MTU. */
const rendered = new Map<string, Map<number, string>>();

export function kindnetConflist(podCIDR: string, mtu: number): string {
  let byMtu = rendered.get(podCIDR);
  if (!byMtu) {
    if (rendered.size >= 1024) rendered.clear();
    byMtu = new Map();
    rendered.set(podCIDR, byMtu);
  }
  let text = byMtu.get(mtu);
  if (text === undefined) {
    text = renderConflist(podCIDR, mtu);
    byMtu.set(mtu, text);
  }
  return text;
}

function renderConflist(podCIDR: string, mtu: number): string {
  return [
    '',
    '{',
    '\t"cniVersion": "0.3.1",',
    '\t"name": "kindnet",',
    '\t"plugins": [',
    '\t{',
    '\t\t"type": "ptp",',
    '\t\t"ipMasq": false,',
    '\t\t"ipam": {',
    '\t\t\t"type": "host-local",',
    '\t\t\t"dataDir": "/run/cni-ipam-state",',
    '\t\t\t"routes": [',
    '\t\t\t\t',
    '\t\t\t\t',
    '\t\t\t\t{ "dst": "0.0.0.0/0" }',
    '\t\t\t],',
    '\t\t\t"ranges": [',
    '\t\t\t\t',
    '\t\t\t\t',
    `\t\t\t\t[ { "subnet": "${podCIDR}" } ]`,
    '\t\t\t]',
    '\t\t}',
    ...(mtu ? ['\t\t,', `\t\t"mtu": ${mtu}`, '\t\t'] : ['\t\t']),
    '\t},',
    '\t{',
    '\t\t"type": "portmap",',
    '\t\t"capabilities": {',
    '\t\t\t"portMappings": true',
    '\t\t}',
    '\t}',
    '\t]',
    '}',
    '',
  ].join('\n');
}

export interface ConfList {
  cniVersion: string;
  name: string;
  plugins: Array<Omit<CniNetConf, 'cniVersion' | 'name'>>;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** Parsed conflists by text: every pod start reads the same file. Entries are frozen, as a plugin only reads them. */
const parsedConfs = new Map<string, readonly CniNetConf[]>();

/** The plugin entries with the list's name and version, as libcni hands them to each plugin. */
export function pluginConfs(conflistText: string): CniNetConf[] {
  return frozenPluginConfs(conflistText).slice();
}

/** pluginConfs without the copy, for a caller that only walks the list in order (each pod start). */
export function frozenPluginConfs(conflistText: string): readonly CniNetConf[] {
  let confs = parsedConfs.get(conflistText);
  if (!confs) {
    const list = JSON.parse(conflistText) as ConfList;
    confs = deepFreeze(list.plugins.map((p) => ({ ...p, cniVersion: list.cniVersion, name: list.name }) as CniNetConf));
    if (parsedConfs.size >= 256) parsedConfs.clear();
    parsedConfs.set(conflistText, confs);
  }
  return confs;
}

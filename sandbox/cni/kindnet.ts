/**
 * kindnet's CNI configuration: kindnetd renders /etc/cni/net.d/10-kindnet.conflist
 * from a Go text/template (images/kindnetd/cmd/kindnetd/cni.go in
 * kubernetes-sigs/kind); the function below reproduces that template's output
 * byte for byte for the single-stack case, including its blank lines.
 */
import type { CniNetConf } from './types';

export const CONFLIST_PATH = '/etc/cni/net.d/10-kindnet.conflist';

export function kindnetConflist(podCIDR: string, mtu: number): string {
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

/** The plugin entries with the list's name and version, as libcni hands them to each plugin. */
export function pluginConfs(conflistText: string): CniNetConf[] {
  const list = JSON.parse(conflistText) as ConfList;
  return list.plugins.map((p) => ({ ...p, cniVersion: list.cniVersion, name: list.name }) as CniNetConf);
}

/** CNI plugin binaries by `type`, like /opt/cni/bin. */
import { ptpPlugin } from './ptp';
import type { CniPlugin } from './types';

/** portmap only acts on hostPort mappings, which the lab does not have: ADD passes through. */
const portmapPlugin: CniPlugin = {
  type: 'portmap',
  add: (_host, ctx) => ({ cniVersion: ctx.config.cniVersion, interfaces: [], ips: [], routes: [], dns: {} }),
  del: () => null,
  check: () => null,
};

const PLUGINS: Record<string, CniPlugin> = { ptp: ptpPlugin, portmap: portmapPlugin };

export function cniPlugin(type: string): CniPlugin {
  const p = PLUGINS[type];
  if (!p) throw new Error(`failed to find plugin "${type}" in path [/opt/cni/bin]`);
  return p;
}

export function registerCniPlugin(p: CniPlugin): void {
  PLUGINS[p.type] = p;
}

/**
 * The seam between the kubelet/runtime and a network plugin, shaped like the
 * CNI specification (ADD / DEL / CHECK with a netconf and a Result). The core
 * never knows which plugin laid the wires; flannel or Calico would be another
 * implementation of CniPlugin.
 */
import type { DrawsState } from '../model/draws';
import type { HostLocalState } from '../model/cluster';
import type { World } from '../net/world';

/** Services a plugin may use: namespaces, its IPAM store, and randomness for names/MACs. */
export interface CniHost {
  world: World;
  /** The runtime (node) namespace the plugin runs in. */
  hostNetns: string;
  ipamStore: Record<string, HostLocalState>;
  draws: DrawsState;
}

export interface CniContext {
  containerId: string;
  /** Name of the container's network namespace (already created by the runtime). */
  netns: string;
  ifName: string;
  args: Record<string, string>;
  /** One plugin's entry of the network configuration list. */
  config: CniNetConf;
}

export interface CniNetConf {
  cniVersion: string;
  name: string;
  type: string;
  mtu?: number;
  ipMasq?: boolean;
  ipam?: { type: string; dataDir?: string; routes?: Array<{ dst: string; gw?: string }>; ranges?: Array<Array<{ subnet: string; gateway?: string }>> };
  [key: string]: unknown;
}

export interface CniInterface {
  name: string;
  mac: string;
  sandbox?: string;
}

export interface CniIpConfig {
  interface?: number;
  address: string;
  gateway?: string;
}

export interface CniResult {
  cniVersion: string;
  interfaces: CniInterface[];
  ips: CniIpConfig[];
  routes: Array<{ dst: string; gw?: string }>;
  dns: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
}

export interface CniError {
  code: number;
  msg: string;
}

export interface CniPlugin {
  readonly type: string;
  add(host: CniHost, ctx: CniContext): CniResult | CniError;
  del(host: CniHost, ctx: CniContext): CniError | null;
  check(host: CniHost, ctx: CniContext): CniError | null;
}

export function isCniError(x: CniResult | CniError | null): x is CniError {
  return !!x && 'code' in x;
}

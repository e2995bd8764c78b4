/**
 * `ip link set DEV up|down` with its routing side effects (fib_netdev_event):
 * going down flushes every route whose nexthop uses the device, except
 * host-scope ones (their nexthop scope is RT_SCOPE_NOWHERE, which
 * fib_sync_down_dev leaves alone); coming up re-adds the kernel routes of each
 * address (fib_add_ifaddr). Static routes do not come back.
 */
import type { Link, Netns } from '../model/netns';
import { addKernelRoutes } from './addresses';
import { removeRoutesWhere } from './routes';

export function setLinkUp(ns: Netns, link: Link, up: boolean): void {
  if (link.up === up) return;
  link.up = up;
  if (!up) {
    removeRoutesWhere(ns, (r) => r.dev === link.ifindex && r.scope !== 'host');
    ns.neighbours = ns.neighbours.filter((n) => n.ifindex !== link.ifindex);
    return;
  }
  for (const a of ns.addresses) if (a.ifindex === link.ifindex && !a.secondary) addKernelRoutes(ns, a);
  for (const a of ns.addresses) if (a.ifindex === link.ifindex && a.secondary) addKernelRoutes(ns, a);
}

/** Unregister a device: everything that referenced it goes (routes of any scope, addresses). */
export function removeLink(ns: Netns, ifindex: number): void {
  ns.links = ns.links.filter((l) => l.ifindex !== ifindex);
  ns.addresses = ns.addresses.filter((a) => a.ifindex !== ifindex);
  removeRoutesWhere(ns, (r) => r.dev === ifindex);
  ns.neighbours = ns.neighbours.filter((n) => n.ifindex !== ifindex);
}

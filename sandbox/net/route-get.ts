/**
 * `ip route get DST [from SRC] [iif DEV] [oif DEV]` as the kernel answers it
 * (inet_rtm_getroute + rt_fill_info), as structured data for the printer.
 * With iif the lookup is an input (forwarding) lookup and carries no uid.
 */
import type { Netns, Route } from '../model/netns';
import { linkByName } from '../model/netns';
import { STRERROR, type Errno } from './errno';
import { routeInput } from './route-input';
import { routeOutput } from './route-output';

export interface RouteGetQuery {
  dst: number;
  from?: number;
  iif?: string;
  oif?: string;
  /** The caller's uid for locally generated lookups (root 0, `minikube ssh` user 1000). */
  uid?: number;
}

export interface RouteGetAnswer {
  ok: true;
  type: 'unicast' | 'local' | 'broadcast';
  dst: number;
  from?: number;
  gateway?: number;
  dev: string;
  /** Table printed when not main. */
  table?: number;
  /** RTA_PREFSRC: only for output lookups, and only when it differs from `from`. */
  prefsrc?: number;
  uid?: number;
  iif?: string;
  /** RTCF_* cache flags as iproute2 names them: local, brd. */
  cache: string[];
  route?: Route;
}

export interface RouteGetError {
  ok: false;
  errno: Errno | 'ENODEV';
  /** What `ip` prints on stderr. */
  message: string;
}

export function routeGet(ns: Netns, q: RouteGetQuery): RouteGetAnswer | RouteGetError {
  const devName = (i: number) => ns.links.find((l) => l.ifindex === i)?.name ?? `if${i}`;
  for (const name of [q.iif, q.oif]) {
    if (name !== undefined && !linkByName(ns, name)) return { ok: false, errno: 'ENODEV', message: `Cannot find device "${name}"` };
  }
  const fail = (errno: Errno): RouteGetError => ({ ok: false, errno, message: `RTNETLINK answers: ${STRERROR[errno]}` });
  if (q.iif !== undefined) {
    const iif = linkByName(ns, q.iif)!;
    const res = routeInput(ns, { dst: q.dst, src: q.from ?? 0, iif: iif.ifindex });
    if (res.kind === 'drop') return fail('EINVAL');
    if (res.kind === 'error') return fail(res.errno);
    const ans: RouteGetAnswer = {
      ok: true,
      type: res.kind === 'local' ? (res.broadcast ? 'broadcast' : 'local') : 'unicast',
      dst: q.dst,
      dev: res.kind === 'local' ? 'lo' : devName(res.dev),
      cache: res.kind === 'local' ? (res.broadcast ? ['local', 'brd'] : ['local']) : [],
      iif: q.iif,
      route: res.route,
    };
    if (q.from !== undefined) ans.from = q.from;
    if (res.kind === 'forward' && res.gateway !== undefined) ans.gateway = res.gateway;
    // A local answer comes from the merged local/main table, reported as main (see fib.ts).
    if (res.kind === 'forward' && res.table !== 254) ans.table = res.table;
    return ans;
  }
  const oif = q.oif !== undefined ? linkByName(ns, q.oif)!.ifindex : undefined;
  const res = routeOutput(ns, { dst: q.dst, ...(q.from !== undefined ? { src: q.from } : {}), ...(oif !== undefined ? { oif } : {}) });
  if (!res.ok) return fail(res.errno);
  const ans: RouteGetAnswer = {
    ok: true,
    type: res.type,
    dst: q.dst,
    dev: devName(res.dev),
    uid: q.uid ?? 0,
    cache: res.type === 'local' ? ['local'] : res.type === 'broadcast' ? ['local', 'brd'] : [],
  };
  if (res.route) ans.route = res.route;
  if (q.from !== undefined) ans.from = q.from;
  if (res.gateway !== undefined) ans.gateway = res.gateway;
  if (res.table !== undefined && res.table !== 254) ans.table = res.table;
  if (res.src !== 0 && res.src !== q.from) ans.prefsrc = res.src;
  return ans;
}

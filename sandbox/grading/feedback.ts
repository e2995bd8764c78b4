/**
 * Explanations drawn from the learner's cluster: the routing table with the
 * route that matched marked and why it beats the others, the first hop where
 * a path parts from the real one, where a packet is dropped now. Plain text;
 * the UI renders it.
 */
import { formatIp, parseIp, prefixContains } from '../addr/ipv4';
import type { Engine, Trace } from '../engine';
import type { Route } from '../model/netns';
import { formatRouteLine, routeFields } from '../shell/format/iproute2-route';
import type { Resolved } from './resolve';
import type { PathPoint } from './truth';

function sameRoute(a: Route, b: Route): boolean {
  return a.table === b.table && a.dst === b.dst && a.dstLen === b.dstLen && a.metric === b.metric && a.gateway === b.gateway && a.dev === b.dev && a.type === b.type;
}

/**
 * `ip route` of the namespace with the route used for `dst` marked `=>`, and
 * for every other route why it lost (shorter prefix, higher metric) or that
 * it does not cover the destination.
 */
export function explainRouteChoice(engine: Engine, netns: string, who: string, dst: string, used?: Route): string {
  const ns = engine.netns(netns);
  const ip = parseIp(dst);
  if (!ns || ip === null) return '';
  const routes = ns.routes.filter((r) => r.table === 254);
  const lines = [`The routing table of ${who} (ip route), for destination ${dst}:`];
  for (const r of routes) {
    const text = formatRouteLine(routeFields(engine.state, ns, r)).trimEnd();
    const covers = prefixContains(r.dst, r.dstLen, ip);
    let why: string;
    if (used && sameRoute(r, used)) why = `<= used: the longest prefix (/${r.dstLen}) that covers ${dst}`;
    else if (!covers) why = `does not cover ${dst}`;
    else if (used && r.dstLen < used.dstLen) why = `covers ${dst} but /${r.dstLen} is shorter than /${used.dstLen}`;
    else if (used && r.dstLen === used.dstLen && r.metric > used.metric) why = `covers ${dst} with the same prefix but a higher metric (${r.metric} > ${used.metric})`;
    else why = `covers ${dst} but loses`;
    lines.push(`  ${used && sameRoute(r, used) ? '=>' : '  '} ${text}    # ${why}`);
  }
  if (used && used.table !== 254) lines.push(`  The route used comes from table ${used.table === 255 ? 'local' : used.table} (looked up before main): ${dst} is an address of ${who} itself.`);
  if (!used) lines.push(`  No route covers ${dst}.`);
  return lines.join('\n');
}

/** How to call a point of a path in prose. */
export function pointText(p: PathPoint): string {
  return `${p.nsKind === 'pod' ? 'pod' : 'node'} ${p.label} ${p.dev}`;
}

export function pathText(points: PathPoint[]): string {
  return points.map(pointText).join(' -> ');
}

/** Where a traced packet ends, in words. */
export function traceEnd(engine: Engine, t: Trace): string {
  const who = (netns: string) => {
    const pod = netns.includes('/') ? engine.findPod(netns) : undefined;
    return pod ? `pod ${pod.name}` : `node ${netns}`;
  };
  const v = t.verdict;
  const last = t.hops[t.hops.length - 1];
  switch (v.kind) {
    case 'delivered':
      if (t.reply && t.reply.verdict.kind !== 'delivered') return `The packet reaches ${who(v.netns)}, but the reply does not come back: ${traceEnd(engine, t.reply)}`;
      return `The packet reaches ${who(v.netns)}${t.reply ? ' and the reply comes back' : ''}.`;
    case 'dropped': {
      const reasons: Record<string, string> = {
        'forwarding-disabled': 'forwarding is off there (net.ipv4.ip_forward=0)',
        blackhole: 'a blackhole route matched',
        'rp-filter': 'reverse-path filtering refused it',
        'martian-source': 'its source address is impossible there (martian)',
        'hop-limit': 'it went round in a loop',
        'icmp-error-lost': 'it was refused, and the error never made it back',
      };
      const route = last && last.netns === v.netns && last.route ? ` (route used: ${formatRouteLine(routeFields(engine.state, engine.state.netns[v.netns]!, last.route)).trim()})` : '';
      return `The packet is dropped at ${who(v.netns)}: ${reasons[v.reason] ?? v.reason}${route}.`;
    }
    case 'icmp-error': return `${who(v.netns)} answers with ICMP ${v.type} (from ${v.from}).`;
    case 'local-error': return `${who(v.netns)} cannot send it at all (${v.errno}).`;
  }
}

/**
 * The hop where a packet that should reach `dst` goes astray: the first
 * namespace whose route sends it somewhere other than towards dst.
 */
export function whereItGoesWrong(engine: Engine, t: Trace, dst: Resolved): string {
  const lines = [traceEnd(engine, t)];
  for (const h of t.hops) {
    if (!h.nexthop || !h.egress) continue;
    const ns = engine.state.netns[h.netns];
    if (!ns || !h.route) continue;
    if (h.route.dstLen === 0 && dst.kind !== 'address') {
      const pod = h.netns.includes('/') ? engine.findPod(h.netns) : undefined;
      const name = pod ? `pod ${pod.name}` : `node ${h.netns}`;
      lines.push(`At ${name} the packet for ${dst.ip} follows the default route (via ${h.nexthop}): no more specific route covers it.`);
      lines.push(explainRouteChoice(engine, h.netns, name, t.dst, h.route));
      break;
    }
  }
  return lines.join('\n');
}

/** Mutations in the log after the exercise's setup. */
export function learnerChanges(engine: Engine, baseline: number | undefined): string[] {
  if (baseline === undefined) return [];
  return engine.log.slice(baseline).filter((e) => e.op !== 'advance').map((e) => `${e.op} ${e.args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
}

export { formatIp };

/**
 * Structures the engine keeps beside its plain-data state to build big
 * clusters fast: destination counts and bisection in route tables (routes.ts),
 * links by name (model/netns.ts), the first-peer netnsid path, kindnetd's memo
 * within an advanceTo span, and a few helpers that replace slower equivalents.
 * Each is checked against the plain scan or computation it stands in for,
 * through every way the underlying data can change.
 */
import { describe, expect, it } from 'vitest';
import { formatIp, maskOf } from '../../../sandbox/addr/ipv4';
import { ensureMasqRules, kindnetSyncRoutes } from '../../../sandbox/cni/kindnetd';
import { Engine } from '../../../sandbox/engine';
import type { IptablesTable } from '../../../sandbox/model/cluster';
import { createDraws, drawHex } from '../../../sandbox/model/draws';
import { createNetns, linkByIndex, linkByName, netnsIdFor, releaseNetnsId, type Link, type Netns, type Route } from '../../../sandbox/model/netns';
import { manyKeyRecord } from '../../../sandbox/model/records';
import { nextInt } from '../../../sandbox/model/rng';
import { addRoute, addRouteVia } from '../../../sandbox/net/mutate';
import {
  insertRoute, insertRouteUnique, makeRoute, mayHaveRouteTo, removeRouteAt, removeRoutesWhere, replaceRouteAt, sameRoute,
  type RouteSpec,
} from '../../../sandbox/net/routes';
import { ip, testNs } from './helpers';

/** A fixed LCG, so every run makes the same choices. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

/** The kernel's storage order as routes.ts defines it, and the insertions it made before counts and bisection. */
function before(a: Route, b: Route): boolean {
  if (a.table !== b.table) return a.table > b.table;
  if (a.dst !== b.dst) return a.dst < b.dst;
  if (a.dstLen !== b.dstLen) return a.dstLen > b.dstLen;
  return a.metric < b.metric;
}
function refInsert(routes: Route[], r: Route): void {
  let i = routes.length;
  while (i > 0 && before(r, routes[i - 1]!)) i--;
  routes.splice(i, 0, r);
}

const DSTS = ['10.0.0.0', '10.244.1.0', '10.244.2.0', '10.244.2.1', '127.0.0.1', '172.17.0.0', '192.168.49.2', '0.0.0.0'].map(ip);

function randomSpec(pick: (n: number) => number): RouteSpec {
  const dstLen = [0, 8, 16, 24, 32][pick(5)]!;
  return {
    table: [254, 255][pick(2)]!,
    type: (['unicast', 'local', 'broadcast'] as const)[pick(3)]!,
    dst: DSTS[pick(DSTS.length)]!,
    dstLen,
    dev: [undefined, 1, 2, 3, 40][pick(5)],
    gateway: pick(3) === 0 ? ip('10.0.0.1') : undefined,
    prefsrc: pick(3) === 0 ? ip('10.0.0.2') : undefined,
    protocol: ['kernel', 'boot'][pick(2)]!,
    scope: (['host', 'link', 'global'] as const)[pick(3)]!,
    metric: [0, 100][pick(2)],
  };
}

describe('route tables: counts and bisection stay in step with the table', () => {
  it.each([1, 2, 3, 4, 5])('a random mix of changes (seed %i) leaves the same table as plain scans', (seed) => {
    const pick = rng(seed);
    const ns = createNetns('t', 'node');
    const ref: Route[] = [];
    // Big enough for counts to be kept (small tables are scanned).
    for (let i = 0; i < 40; i++) {
      const r = makeRoute(randomSpec(pick));
      insertRoute(ns, r);
      refInsert(ref, r);
    }
    for (let step = 0; step < 600; step++) {
      const op = pick(10);
      if (op <= 2) {
        // insertRouteUnique: sometimes an exact copy of a route already there.
        const copy = ref.length > 0 && pick(2) === 0 ? ref[pick(ref.length)]! : undefined;
        const r = copy ? makeRoute({ ...copy }) : makeRoute(randomSpec(pick));
        insertRouteUnique(ns, r);
        if (!ref.some((x) => sameRoute(x, r))) refInsert(ref, r);
      } else if (op === 3) {
        const r = makeRoute(randomSpec(pick));
        insertRoute(ns, r);
        refInsert(ref, r);
      } else if (op === 4 && ref.length > 0) {
        const i = pick(ref.length);
        removeRouteAt(ns, i);
        ref.splice(i, 1);
      } else if (op === 5 && ref.length > 0) {
        // Same slot (as replaceRoute does), or not.
        const i = pick(ref.length);
        const old = ref[i]!;
        const r = makeRoute(pick(2) === 0 ? { ...randomSpec(pick), table: old.table, dst: old.dst, dstLen: old.dstLen, metric: old.metric } : randomSpec(pick));
        replaceRouteAt(ns, i, r);
        ref[i] = r;
      } else if (op === 6) {
        const dev = [1, 2, 3][pick(3)];
        removeRoutesWhere(ns, (r) => r.dev === dev && r.table === 255);
        for (let i = ref.length - 1; i >= 0; i--) if (ref[i]!.dev === dev && ref[i]!.table === 255) ref.splice(i, 1);
      } else if (op === 7) {
        // Changes made outside routes.ts: a new array, an append out of order, a shuffle.
        const how = pick(3);
        if (how === 0) ns.routes = ns.routes.slice();
        else if (how === 1) {
          const r = makeRoute(randomSpec(pick));
          ns.routes.push(r);
          ref.push(r);
        } else {
          const shuffled = ns.routes.slice().reverse();
          ns.routes = shuffled;
          ref.reverse();
        }
      } else if (op === 8) {
        const dst = DSTS[pick(DSTS.length)]!;
        if (ref.some((r) => r.dst === dst)) expect(mayHaveRouteTo(ns, dst)).toBe(true);
      } else {
        // addRoute's "File exists" check for a slot taken or free.
        const spec = randomSpec(pick);
        const taken = ref.some((r) => r.table === 254 && r.dst === spec.dst && r.dstLen === 32 && r.metric === 0);
        const res = addRoute(ns, { type: 'blackhole', dst: `${formatIp(spec.dst)}/32` });
        if (taken) expect(res).toEqual({ error: 'RTNETLINK answers: File exists' });
        else {
          expect(res).toEqual({ ok: true });
          refInsert(ref, ns.routes.find((r) => r.type === 'blackhole' && r.dst === spec.dst && r.dstLen === 32 && !ref.includes(r))!);
        }
      }
      expect(ns.routes.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) if (ns.routes[i] !== ref[i]) expect.fail(`step ${step} (op ${op}): route ${i} differs`);
    }
  });

  it('a table left out of order by hand gets new routes where the walk back from the end puts them', () => {
    const ns = createNetns('t', 'node');
    const specs = Array.from({ length: 30 }, (_, i) => ({ table: 254, type: 'unicast' as const, dst: ip(`10.1.${i}.0`), dstLen: 24, dev: 1, protocol: 'boot', scope: 'link' as const }));
    ns.routes = specs.map((s) => makeRoute(s)).reverse(); // descending: not the kernel's order
    const ref = ns.routes.slice();
    insertRouteUnique(ns, makeRoute({ ...specs[0]!, dev: 2 })); // counts are made now
    refInsert(ref, ns.routes.find((r) => r.dev === 2)!);
    const r = makeRoute({ ...specs[15]!, dst: ip('10.1.15.128'), dstLen: 25 });
    insertRoute(ns, r);
    refInsert(ref, r);
    expect(ns.routes).toEqual(ref);
    expect(ns.routes.indexOf(r)).toBe(ref.indexOf(r));
  });

  it('routes have one set of keys; the absent ones do not reach JSON', () => {
    const r = makeRoute({ table: 254, type: 'unicast', dst: ip('10.1.2.0'), dstLen: 24, dev: 2, protocol: 'kernel', scope: 'link' });
    expect(Object.keys(r)).toEqual(['table', 'type', 'dst', 'dstLen', 'protocol', 'scope', 'metric', 'onlink', 'net', 'mask', 'gateway', 'dev', 'prefsrc']);
    expect(JSON.stringify(r)).toBe(`{"table":254,"type":"unicast","dst":${ip('10.1.2.0')},"dstLen":24,"protocol":"kernel","scope":"link","metric":0,"onlink":false,"net":${ip('10.1.2.0')},"mask":${0xffffff00},"dev":2}`);
  });

  it('masks are maskOf(dstLen) for any length, in range or not', () => {
    for (const dstLen of [0, 1, 8, 24, 31, 32, 33, -1, 1.5, 40]) {
      const r = makeRoute({ table: 254, type: 'unicast', dst: ip('192.168.49.77'), dstLen, protocol: 'boot', scope: 'link' });
      expect(r.mask).toBe(maskOf(dstLen));
      expect(r.dst).toBe((ip('192.168.49.77') & maskOf(dstLen)) >>> 0);
    }
  });

  it('addRouteVia answers as addRoute with the same addresses as text', () => {
    const cases: Array<[string, number]> = [['10.9.0.0', 16], ['10.9.0.1', 16], ['10.0.0.0', 24], ['0.0.0.0', 0]];
    for (const gw of ['10.0.0.1', '10.1.0.1', '10.0.0.2', '192.0.2.1']) {
      for (const [dst, len] of cases) {
        const a = testNs();
        const b = testNs();
        expect(addRouteVia(b, ip(dst), len, ip(gw))).toEqual(addRoute(a, { dst: `${dst}/${len}`, via: gw }));
        expect(JSON.stringify(b.routes)).toBe(JSON.stringify(a.routes));
      }
    }
  });
});

describe('links by name and by ifindex', () => {
  const mk = (ifindex: number, name: string): Link => ({ ifindex, name, kind: 'veth', mac: '02:00:00:00:00:01', mtu: 1500, up: true, qdisc: 'noqueue', group: 'default', qlen: 0 });
  const check = (ns: Netns) => {
    for (let i = 0; i < 40; i++) {
      expect(linkByIndex(ns, i)).toBe(ns.links.find((l) => l.ifindex === i));
      expect(linkByName(ns, `v${i}`)).toBe(ns.links.find((l) => l.name === `v${i}`));
    }
  };

  it('follow appends, replaced arrays, duplicates and an array edited in place', () => {
    const ns = createNetns('t', 'node');
    for (let i = 1; i <= 12; i++) ns.links.push(mk(i, `v${i}`));
    check(ns);
    ns.links.push(mk(13, 'v13'), mk(5, 'v5'), mk(14, 'v3')); // duplicates: the first one counts
    check(ns);
    ns.links = ns.links.filter((l) => l.ifindex % 2 === 0);
    check(ns);
    ns.links[ns.links.length - 1] = mk(30, 'v30'); // in place, last element
    check(ns);
    ns.links.push(mk(31, 'v31'));
    check(ns);
    ns.links.length = 3;
    check(ns);
  });
});

describe('netnsids', () => {
  it('the lowest free id, through first peers, releases and snapshots', () => {
    const pick = rng(7);
    for (const kind of ['pod', 'node'] as const) {
      let ns = createNetns('t', kind);
      const ref = new Map<string, number>();
      for (let step = 0; step < 400; step++) {
        const peer = `p${pick(12)}`;
        if (pick(3) === 0) {
          releaseNetnsId(ns, peer);
          ref.delete(peer);
        } else {
          let want = ref.get(peer);
          if (want === undefined) {
            want = 0;
            while ([...ref.values()].includes(want)) want++;
            ref.set(peer, want);
          }
          expect(netnsIdFor(ns, peer)).toBe(want);
        }
        if (step % 50 === 49) ns = JSON.parse(JSON.stringify(ns)) as Netns; // as Engine.fromJSON gives it
        expect(ns.nsids).toEqual(Object.fromEntries(ref));
      }
    }
  });
});

describe('kindnetd within an advanceTo span', () => {
  it('a node list edited in place between spans is seen', () => {
    const e = Engine.create({ seed: 3, profile: 'lab', nodes: 4 });
    const st = e.state;
    const self = st.nodes[0]!;
    const ns = st.netns[self.name]!;
    const span = {};
    expect(kindnetSyncRoutes(ns, self, st.nodes, span)).toEqual([]);
    expect(kindnetSyncRoutes(ns, self, st.nodes, span)).toEqual([]);
    st.nodes[2] = { ...st.nodes[2]!, podCIDR: '10.244.77.0/24' };
    expect(kindnetSyncRoutes(ns, self, st.nodes, {})).toEqual(['10.244.77.0/24']);
    st.nodes[3] = { ...st.nodes[3]!, podCIDR: '10.244.78.0/24' };
    expect(kindnetSyncRoutes(ns, self, st.nodes)).toEqual(['10.244.78.0/24']);
  });
});

describe('kindnetd masquerade rules', () => {
  it('are found wherever they are in each table, and added where missing', () => {
    const e = Engine.create({ seed: 3, profile: 'lab', nodes: 3 });
    const tables = e.nodes().map((n) => e.iptables(n.name)!.nat);
    const settled = JSON.stringify(tables[0]);
    const copy = (t: IptablesTable): IptablesTable => JSON.parse(JSON.stringify(t)) as IptablesTable;
    // kindnetd's rules among the others (docker's, kubelet's, kube-proxy's): its chain's and the jump to it.
    const isKindnet = (r: IptablesTable['rules'][number]) => r.chain === 'KIND-MASQ-AGENT' || r.spec.includes('KIND-MASQ-AGENT');
    const kind = tables[0]!.rules.flatMap((r, i) => (isKindnet(r) ? [i] : []));
    const variants: IptablesTable[] = [];
    const reordered = copy(tables[0]!);
    reordered.rules.reverse();
    reordered.chains.reverse();
    variants.push(reordered);
    const missing = copy(tables[0]!);
    missing.rules.splice(kind[1]!, 1);
    missing.chains = missing.chains.filter((c) => c.name !== 'KIND-MASQ-AGENT');
    variants.push(missing);
    const edited = copy(tables[0]!);
    edited.rules[kind[2]!]!.spec[0] = '-x'; // a rule changed in place is not the wanted one any more
    variants.push(edited);
    variants.push({ chains: [], rules: [] });
    for (const t of [...variants, ...variants.map(copy).reverse()]) {
      ensureMasqRules(copy(tables[1]!), '10.244.0.0/16'); // last found where a settled table has them
      const before = copy(t);
      ensureMasqRules(t, '10.244.0.0/16');
      // The plain rule: a chain or rule is added unless one equal to it is there.
      const want = copy(before);
      for (const c of JSON.parse(settled).chains as IptablesTable['chains']) {
        if (c.name === 'KIND-MASQ-AGENT' && !want.chains.some((x) => x.name === c.name)) want.chains.push({ name: c.name });
      }
      for (const r of (JSON.parse(settled) as IptablesTable).rules.filter(isKindnet)) {
        if (!want.rules.some((x) => x.chain === r.chain && JSON.stringify(x.spec) === JSON.stringify(r.spec))) want.rules.push(r);
      }
      expect(t).toEqual(want);
    }
    for (const t of tables) {
      ensureMasqRules(t, '10.244.0.0/16');
      expect(JSON.stringify(t)).toBe(settled);
    }
  });
});

describe('helpers', () => {
  it('drawHex draws and spells the bytes as nextInt(256) and a join did', () => {
    for (const bytes of [1, 4, 6, 16, 32, 64, 65, 0, 2.5]) {
      const a = createDraws(11);
      const b = createDraws(11);
      for (let n = 0; n < 5; n++) {
        const parts: string[] = [];
        for (let i = 0; i < bytes; i++) parts.push(nextInt(b.streams.net, 256).toString(16).padStart(2, '0'));
        expect(drawHex(a, 'net', bytes)).toBe(parts.join(''));
      }
      expect(a.streams.net).toEqual(b.streams.net);
    }
  });

  it('manyKeyRecord is an ordinary empty object', () => {
    const r = manyKeyRecord<number>();
    const o: Record<string, number> = {};
    for (const k of ['10.244.0.3', 'b', '7', 'a', '10.244.0.2']) {
      r[k] = k.length;
      o[k] = k.length;
    }
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.keys(r)).toEqual(Object.keys(o));
    expect(JSON.stringify(r)).toBe(JSON.stringify(o));
    expect(JSON.stringify(manyKeyRecord())).toBe('{}');
  });
});
